// Migration part: alarm episodes as detected, with their evidence (docs/storage.md "Schema
// (version 2: alarms)"); and the durable pipeline's own bookkeeping (durable_*): which files
// were applied (a file sent twice is applied once, across restarts) and how far the store has
// caught up with the journal.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kAlarmsSql = R"sql(
CREATE TABLE alarms_episodes (
  id {id},
  mine TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  severity TEXT NOT NULL,
  peak {real},
  rule TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (mine, kind, subject, start_time)
);
CREATE INDEX alarms_episodes_start ON alarms_episodes (mine, start_time);

CREATE TABLE durable_files (
  mine TEXT NOT NULL,
  type TEXT NOT NULL,
  file_time BIGINT NOT NULL,
  digest TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (mine, type, file_time, digest)
);

CREATE TABLE durable_state (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
)sql";

}  // namespace mw::store
