#pragma once
// The SQL of the store's later migrations, one file per part of the schema (schema.cpp
// lists them in order). Until a part's tables exist its migration only records the version.

#include <string_view>

namespace mw::store {

extern const std::string_view kAlarmsSql;             // 2: schema_alarms.cpp
extern const std::string_view kPersonnelHistorySql;   // 3: schema_personnel.cpp
extern const std::string_view kAccountsSql;           // 4: schema_accounts.cpp
extern const std::string_view kAlarmWorkflowSql;      // 5: schema_workflow.cpp

}  // namespace mw::store
