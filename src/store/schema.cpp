// The store's schema, one migration per change (docs/storage.md "Schema").
// DO NOT edit a migration once committed: databases in the field have run it. Add one.

#include "store/migrations.hpp"
#include "store/schema_parts.hpp"

namespace mw::store {

namespace {

// Catalog: mines (mines.csv), point definitions with their CDDY history, areas, stations
// and people. Every table is keyed by mine code first (architecture.md §5). Decimals are
// canonical text ("0.50"), times Unix seconds, enums their names.
constexpr std::string_view kCatalog = R"sql(
CREATE TABLE mines (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  gas_grade TEXT NOT NULL,
  province TEXT NOT NULL,
  shifts TEXT NOT NULL,
  overtime_hours TEXT NOT NULL,
  maintenance_allowance BIGINT NOT NULL,
  approved_total BIGINT,
  lat TEXT,
  lon TEXT
);
CREATE INDEX mines_province ON mines (province);

CREATE TABLE point_versions (
  mine TEXT NOT NULL,
  code TEXT NOT NULL,
  valid_from BIGINT NOT NULL,
  system_code TEXT NOT NULL,
  outstation TEXT NOT NULL,
  sensor_type BIGINT NOT NULL,
  value_kind TEXT NOT NULL,
  unit TEXT NOT NULL,
  range_high TEXT,
  range_low TEXT,
  high_alarm TEXT,
  high_alarm_release TEXT,
  low_alarm TEXT,
  low_alarm_release TEXT,
  high_cut TEXT,
  high_restore TEXT,
  low_cut TEXT,
  low_restore TEXT,
  text_on TEXT NOT NULL,
  text_off TEXT NOT NULL,
  location TEXT NOT NULL,
  x TEXT,
  y TEXT,
  z TEXT,
  data_time BIGINT NOT NULL,
  PRIMARY KEY (mine, code, valid_from)
);

CREATE TABLE point_relations (
  mine TEXT NOT NULL,
  code TEXT NOT NULL,
  valid_from BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  from_point TEXT NOT NULL,
  name TEXT NOT NULL,
  target_point TEXT NOT NULL,
  PRIMARY KEY (mine, code, valid_from, seq),
  FOREIGN KEY (mine, code, valid_from) REFERENCES point_versions (mine, code, valid_from)
    ON DELETE CASCADE
);
CREATE INDEX point_relations_target ON point_relations (mine, target_point);

CREATE TABLE areas (
  mine TEXT NOT NULL,
  code TEXT NOT NULL,
  type TEXT NOT NULL,
  approved BIGINT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (mine, code)
);

CREATE TABLE stations (
  mine TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  x TEXT,
  y TEXT,
  z TEXT,
  description TEXT NOT NULL,
  PRIMARY KEY (mine, code)
);

CREATE TABLE people (
  mine TEXT NOT NULL,
  card TEXT NOT NULL,
  name TEXT NOT NULL,
  job TEXT NOT NULL,
  post TEXT NOT NULL,
  team TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  education TEXT NOT NULL,
  leader BIGINT NOT NULL,
  special BIGINT NOT NULL,
  PRIMARY KEY (mine, card)
);
)sql";

const Migration kMigrations[] = {
    {1, "catalog", kCatalog},
    {2, "alarms", kAlarmsSql},
    {3, "personnel_history", kPersonnelHistorySql},
    {4, "accounts", kAccountsSql},
    {5, "alarm_workflow", kAlarmWorkflowSql},
};

}  // namespace

std::span<const Migration> store_migrations() noexcept { return kMigrations; }

}  // namespace mw::store
