// WorkflowRepo: alarm actions and the handling state they lead to (migration 5).
#include "store/workflow_repo.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace mw::store {

namespace {

template <class E, std::size_t N>
std::optional<E> parse_name(std::string_view name,
                            const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(E e, const std::array<std::pair<E, std::string_view>, N>& table) {
  for (const auto& [v, n] : table) {
    if (v == e) return n;
  }
  return "?";
}

constexpr std::array<std::pair<WorkflowAction, std::string_view>, 5> kActions{{
    {WorkflowAction::kAcknowledge, "acknowledge"},
    {WorkflowAction::kDisposition, "disposition"},
    {WorkflowAction::kVerify, "verify"},
    {WorkflowAction::kReopen, "reopen"},
    {WorkflowAction::kEscalate, "escalate"},
}};
constexpr std::array<std::pair<WorkflowState, std::string_view>, 5> kStates{{
    {WorkflowState::kNew, "new"},
    {WorkflowState::kAcknowledged, "acknowledged"},
    {WorkflowState::kDisposed, "disposed"},
    {WorkflowState::kVerified, "verified"},
    {WorkflowState::kReturned, "returned"},
}};
constexpr std::array<std::pair<WorkflowLevel, std::string_view>, 4> kLevels{{
    {WorkflowLevel::kMine, "mine"},
    {WorkflowLevel::kCity, "city"},
    {WorkflowLevel::kProvince, "province"},
    {WorkflowLevel::kNational, "national"},
}};
constexpr std::array<std::pair<Verdict, std::string_view>, 2> kVerdicts{{
    {Verdict::kAccepted, "accepted"},
    {Verdict::kRejected, "rejected"},
}};

constexpr std::string_view kActionColumns =
    "alarm_id, seq, mine, time, actor, actor_role, action, level, cause, measures, "
    "released_at, early_reason, verdict, remark";

AlarmAction read_action(Row& row) {
  AlarmAction a;
  a.alarm_id = row.int64(0);
  a.seq = row.int64(1);
  a.mine = row.str(2);
  a.time = row.time(3);
  a.actor = row.str(4);
  a.actor_role = row.str(5);
  row.parse_into(6, a.action, parse_workflow_action, "unknown workflow action");
  if (!row.is_null(7)) {
    row.parse_into(7, a.level, parse_workflow_level, "unknown workflow level");
  }
  a.cause = row.str(8);
  a.measures = row.str(9);
  if (auto t = row.opt_int64(10)) a.released_at = Time{Seconds{*t}};
  a.early_reason = row.str(11);
  if (!row.is_null(12)) {
    row.parse_into(12, a.verdict, parse_verdict, "unknown verdict");
  }
  a.remark = row.str(13);
  return a;
}

constexpr std::string_view kHandlingColumns = "alarm_id, mine, state, level, last_seq, updated_at";

AlarmHandling read_handling(Row& row) {
  AlarmHandling h;
  h.alarm_id = row.int64(0);
  h.mine = row.str(1);
  row.parse_into(2, h.state, parse_workflow_state, "unknown workflow state");
  row.parse_into(3, h.level, parse_workflow_level, "unknown workflow level");
  h.last_seq = row.int64(4);
  h.updated_at = row.time(5);
  return h;
}

// Empty text is stored as NULL so optional fields read back the same on both backends.
Value text_or_null(const std::string& s) { return s.empty() ? Value() : Value(s); }

}  // namespace

std::string_view workflow_action_name(WorkflowAction a) noexcept { return name_of(a, kActions); }
std::optional<WorkflowAction> parse_workflow_action(std::string_view name) noexcept {
  return parse_name(name, kActions);
}
std::string_view workflow_state_name(WorkflowState s) noexcept { return name_of(s, kStates); }
std::optional<WorkflowState> parse_workflow_state(std::string_view name) noexcept {
  return parse_name(name, kStates);
}
std::string_view workflow_level_name(WorkflowLevel l) noexcept { return name_of(l, kLevels); }
std::optional<WorkflowLevel> parse_workflow_level(std::string_view name) noexcept {
  return parse_name(name, kLevels);
}
std::string_view verdict_name(Verdict v) noexcept { return name_of(v, kVerdicts); }
std::optional<Verdict> parse_verdict(std::string_view name) noexcept {
  return parse_name(name, kVerdicts);
}

Result<AlarmAction> WorkflowRepo::append(AlarmAction action, WorkflowState state,
                                         WorkflowLevel level, std::int64_t expected_last_seq) {
  action.seq = expected_last_seq + 1;
  const Status s = in_transaction(db_, [&]() -> Status {
    // The state row is the lock: only the writer that saw expected_last_seq may move it.
    Result<std::int64_t> changed =
        expected_last_seq == 0
            ? db_.exec(
                  "INSERT INTO workflow_alarm_state "
                  "(alarm_id, mine, state, level, last_seq, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alarm_id) DO NOTHING",
                  {action.alarm_id, action.mine, workflow_state_name(state),
                   workflow_level_name(level), action.seq, action.time})
            : db_.exec(
                  "UPDATE workflow_alarm_state SET state = ?, level = ?, last_seq = ?, "
                  "updated_at = ? WHERE alarm_id = ? AND last_seq = ?",
                  {workflow_state_name(state), workflow_level_name(level), action.seq, action.time,
                   action.alarm_id, expected_last_seq});
    if (!changed.ok()) return changed.status();
    if (*changed != 1) {
      return Status::failed_precondition(
          "alarm " + std::to_string(action.alarm_id) +
          " was changed by someone else meanwhile; reload and retry");
    }
    const std::string sql = "INSERT INTO workflow_alarm_actions (" + std::string(kActionColumns) +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    return exec_status(
        db_.exec(sql, {action.alarm_id, action.seq, action.mine, action.time, action.actor,
                       action.actor_role, workflow_action_name(action.action),
                       action.level ? Value(workflow_level_name(*action.level)) : Value(),
                       text_or_null(action.cause), text_or_null(action.measures),
                       action.released_at, text_or_null(action.early_reason),
                       action.verdict ? Value(verdict_name(*action.verdict)) : Value(),
                       text_or_null(action.remark)}));
  });
  if (!s.ok()) return s;
  return action;
}

Result<std::optional<AlarmHandling>> WorkflowRepo::handling(std::int64_t alarm_id) {
  const std::string sql =
      "SELECT " + std::string(kHandlingColumns) + " FROM workflow_alarm_state WHERE alarm_id = ?";
  auto rows = query_all<AlarmHandling>(db_, sql, {alarm_id}, read_handling);
  if (!rows.ok()) return std::move(rows).take_status();
  if (rows->empty()) return std::optional<AlarmHandling>();
  return std::optional<AlarmHandling>(std::move(rows->front()));
}

Result<std::vector<AlarmAction>> WorkflowRepo::history(std::int64_t alarm_id) {
  const std::string sql = "SELECT " + std::string(kActionColumns) +
                          " FROM workflow_alarm_actions WHERE alarm_id = ? ORDER BY seq";
  return query_all<AlarmAction>(db_, sql, {alarm_id}, read_action);
}

Result<std::vector<AlarmHandling>> WorkflowRepo::in_state(std::string_view mine_prefix,
                                                          WorkflowState state) {
  for (const char c : mine_prefix) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      return Status::invalid_argument("mine prefix '" + std::string(mine_prefix) +
                                      "' may hold only letters and digits");
    }
  }
  // substr rather than LIKE: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
  const std::string sql = "SELECT " + std::string(kHandlingColumns) +
                          " FROM workflow_alarm_state WHERE substr(mine, 1, " +
                          std::to_string(mine_prefix.size()) +
                          ") = ? AND state = ? ORDER BY alarm_id";
  return query_all<AlarmHandling>(db_, sql, {mine_prefix, workflow_state_name(state)},
                                  read_handling);
}

}  // namespace mw::store
