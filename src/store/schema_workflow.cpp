// Migration part: alarm handling: acknowledgement, disposition, verification, escalation.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kAlarmWorkflowSql = R"sql(
SELECT 1;
)sql";

}  // namespace mw::store
