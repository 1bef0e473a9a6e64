// Migration part: alarm handling: acknowledgement, disposition, verification, escalation.
// Alarms are brief C's episodes (alarms_* tables), referenced by their numeric id; no
// foreign key, so this part migrates whatever order the parts' owners land in.
#include "store/schema_parts.hpp"

namespace mw::store {

// workflow_alarm_actions: every action on an alarm, in order (seq 1, 2, …), never updated.
// workflow_alarm_state: the state those actions lead to, one row per handled alarm, written
// in the same transaction as the action (so lists and the escalation scan need no replay).
const std::string_view kAlarmWorkflowSql = R"sql(
CREATE TABLE workflow_alarm_actions (
  alarm_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  mine TEXT NOT NULL,
  time BIGINT NOT NULL,
  actor TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  action TEXT NOT NULL,
  level TEXT,
  cause TEXT,
  measures TEXT,
  released_at BIGINT,
  early_reason TEXT,
  verdict TEXT,
  remark TEXT,
  PRIMARY KEY (alarm_id, seq)
);
CREATE INDEX workflow_alarm_actions_mine ON workflow_alarm_actions (mine, time);

CREATE TABLE workflow_alarm_state (
  alarm_id BIGINT PRIMARY KEY,
  mine TEXT NOT NULL,
  state TEXT NOT NULL,
  level TEXT NOT NULL,
  last_seq BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workflow_alarm_state_mine ON workflow_alarm_state (mine, state);
)sql";

}  // namespace mw::store
