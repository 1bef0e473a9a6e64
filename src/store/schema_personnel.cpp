// Migration part: personnel history: trips and area presence intervals (docs/storage.md
// "Personnel history"). Rows are keyed by mine first (architecture.md §5); times are Unix
// seconds; an open trip or interval has a NULL end.
#include "store/schema_parts.hpp"

namespace mw::store {

// The partial "_long" indexes hold open rows and rows longer than a day (86400 s, the
// window PersonnelRepo scans back from t, personnel_repo.cpp kSpan): with them "who was
// there at t" reads one day of rows, not a year.
const std::string_view kPersonnelHistorySql = R"sql(
CREATE TABLE personnel_trips (
  mine TEXT NOT NULL,
  card TEXT NOT NULL,
  entry_time BIGINT NOT NULL,
  exit_time BIGINT,
  PRIMARY KEY (mine, card, entry_time)
);
CREATE INDEX personnel_trips_entry ON personnel_trips (mine, entry_time);
CREATE INDEX personnel_trips_long ON personnel_trips (mine, entry_time)
  WHERE exit_time IS NULL OR exit_time - entry_time > 86400;
CREATE INDEX personnel_trips_end ON personnel_trips (exit_time);

CREATE TABLE personnel_intervals (
  mine TEXT NOT NULL,
  card TEXT NOT NULL,
  area TEXT NOT NULL,
  from_time BIGINT NOT NULL,
  to_time BIGINT,
  PRIMARY KEY (mine, card, from_time, area)
);
CREATE INDEX personnel_intervals_area ON personnel_intervals (mine, area, from_time);
CREATE INDEX personnel_intervals_long ON personnel_intervals (mine, area, from_time)
  WHERE to_time IS NULL OR to_time - from_time > 86400;
CREATE INDEX personnel_intervals_end ON personnel_intervals (to_time);

CREATE TABLE personnel_snapshots (
  mine TEXT PRIMARY KEY,
  last_snapshot BIGINT NOT NULL
);
)sql";

}  // namespace mw::store
