// Migration part: personnel history: trips and area presence intervals.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kPersonnelHistorySql = R"sql(
SELECT 1;
)sql";

}  // namespace mw::store
