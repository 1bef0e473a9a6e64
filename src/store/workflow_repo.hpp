#pragma once
// WorkflowRepo: what people did about an alarm (acknowledge, the mine's disposition 处置反馈,
// the regulator's verification, reopen, escalation) and the state it led to — migration 5,
// tables workflow_alarm_actions / workflow_alarm_state. Alarms are referenced by the id of
// brief C's alarm store. The rules of who may do what live in src/workflow/alarm_workflow.
//
// Thread safety: as the Db it is given (one owner thread). Holds no state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "store/db.hpp"

namespace mw::store {

// DO NOT rename: the names are stored.
enum class WorkflowAction : std::uint8_t {
  kAcknowledge,  // "acknowledge": someone responsible has seen it
  kDisposition,  // "disposition": the mine's 原因分析 + 处置措施 + 解除
  kVerify,       // "verify": a regulator accepts or rejects the disposition
  kReopen,       // "reopen": a regulator sends a verified alarm back to the mine
  kEscalate,     // "escalate": unacknowledged red alarm handed to the next level up
};
std::string_view workflow_action_name(WorkflowAction a) noexcept;
std::optional<WorkflowAction> parse_workflow_action(std::string_view name) noexcept;

// Where an alarm is in its handling. DO NOT rename: stored.
enum class WorkflowState : std::uint8_t {
  kNew,           // "new": nobody has acknowledged it
  kAcknowledged,  // "acknowledged": awaiting the mine's disposition
  kDisposed,      // "disposed": awaiting the regulator's verification
  kVerified,      // "verified": closed loop, accepted
  kReturned,      // "returned": rejected or reopened; awaiting a new disposition
};
std::string_view workflow_state_name(WorkflowState s) noexcept;
std::optional<WorkflowState> parse_workflow_state(std::string_view name) noexcept;

// Who answers for an alarm: the mine, then (escalated) its city, province, the nation.
enum class WorkflowLevel : std::uint8_t { kMine, kCity, kProvince, kNational };
std::string_view workflow_level_name(WorkflowLevel l) noexcept;  // "mine" | "city" | ...
std::optional<WorkflowLevel> parse_workflow_level(std::string_view name) noexcept;

enum class Verdict : std::uint8_t { kAccepted, kRejected };
std::string_view verdict_name(Verdict v) noexcept;  // "accepted" | "rejected"
std::optional<Verdict> parse_verdict(std::string_view name) noexcept;

// One row of workflow_alarm_actions. Fields not used by `action` stay empty.
struct AlarmAction {
  std::int64_t alarm_id = 0;
  std::int64_t seq = 0;  // 1, 2, … per alarm; assigned by append()
  std::string mine;
  Time time{};
  std::string actor;       // user name; "system" for escalations
  std::string actor_role;  // "national" | "province" | "city" | "mine" | "system"
  WorkflowAction action = WorkflowAction::kAcknowledge;
  std::optional<WorkflowLevel> level;  // escalate: the level handed to
  std::string cause;                   // disposition: 原因分析
  std::string measures;                // disposition: 处置措施
  std::optional<Time> released_at;     // disposition: 解除 time
  std::string early_reason;            // disposition while the alarm is still open: why
  std::optional<Verdict> verdict;      // verify
  std::string remark;                  // any action: free text

  friend bool operator==(const AlarmAction&, const AlarmAction&) = default;
};

// One row of workflow_alarm_state.
struct AlarmHandling {
  std::int64_t alarm_id = 0;
  std::string mine;
  WorkflowState state = WorkflowState::kNew;
  WorkflowLevel level = WorkflowLevel::kMine;
  std::int64_t last_seq = 0;
  Time updated_at{};

  friend bool operator==(const AlarmHandling&, const AlarmHandling&) = default;
};

class WorkflowRepo {
 public:
  explicit WorkflowRepo(Db& db) : db_(db) {}

  // Appends `action` as seq expected_last_seq + 1 and records the state it leads to, in
  // one transaction (or the caller's). `expected_last_seq` is the last_seq the caller
  // decided on (0: none yet); if another writer got there first the append fails with
  // FailedPrecondition and nothing is written, so two people cannot both act on one state.
  Result<AlarmAction> append(AlarmAction action, WorkflowState state, WorkflowLevel level,
                             std::int64_t expected_last_seq);

  // nullopt: nobody has acted on the alarm yet (state new, level mine).
  Result<std::optional<AlarmHandling>> handling(std::int64_t alarm_id);
  // Every action on the alarm, by seq.
  Result<std::vector<AlarmAction>> history(std::int64_t alarm_id);
  // Handling rows of the mines whose code starts with `mine_prefix` in state `state`,
  // by alarm id (e.g. the alarms a province still has to verify).
  Result<std::vector<AlarmHandling>> in_state(std::string_view mine_prefix, WorkflowState state);

 private:
  Db& db_;
};

}  // namespace mw::store
