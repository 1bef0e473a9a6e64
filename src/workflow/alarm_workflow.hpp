#pragma once
// AlarmWorkflow: driving an alarm to closure (issue 6 item 5). The state machine per alarm:
//
//   new ──acknowledge──▶ acknowledged ──disposition──▶ disposed ──verify accepted──▶ verified
//                              ▲                          │                            │
//                              └──── returned ◀──verify rejected / reopen ─────────────┘
//                                   (a new disposition moves it on again)
//
// Who may do what: anyone who acts (not a viewer) and can see the mine acknowledges; only
// the mine's own users write its disposition (原因分析 cause, 处置措施 measures, 解除 release
// time) — once the alarm has ended, or earlier with a stated reason; city, province and
// national supervisors verify (accept / reject) and reopen within their scope.
// Escalation: an active red alarm nobody acknowledged within `escalation_after` of turning red
// is handed to the next level up (mine → city → province → national), one level per period;
// each step is recorded as an action and reported to the listener. Every action is appended
// to the audit log in the same transaction as the action itself.
//
// Thread safety: every public method may be called from any thread at once. The workflow
// owns one store::Db and uses it only under its own mutex (actions are rare: a few a minute).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"
#include "store/db.hpp"
#include "store/workflow_repo.hpp"
#include "workflow/audit.hpp"

namespace mw::workflow {

using store::AlarmAction;
using store::AlarmHandling;
using store::Verdict;
using store::WorkflowAction;
using store::WorkflowLevel;
using store::WorkflowState;

// The caller, as the workflow needs to know them (the server maps its Principal to this; the
// roles mirror server::Role, which this module cannot see from below).
struct Actor {
  enum class Role : std::uint8_t { kNational, kProvince, kCity, kMine, kViewer };
  std::string name;
  Role role = Role::kViewer;
  std::string scope;  // region-code prefix, or the mine code for kMine

  bool can_see(std::string_view mine) const noexcept {
    if (role == Role::kMine) return mine == scope;
    return mine.substr(0, scope.size()) == scope;
  }
};
std::string_view actor_role_name(Actor::Role role) noexcept;  // "national" ... "viewer"

// What the workflow needs to know about an alarm (from the alarm store, brief C).
struct AlarmFacts {
  std::int64_t id = 0;
  std::string mine;
  Severity severity = Severity::kBlue;
  Time start{};
  std::optional<Time> end;        // empty while active
  std::optional<Time> red_since;  // when it first reached red, if it did
};

// The mine's 处置反馈.
struct Disposition {
  std::string cause;                // 原因分析
  std::string measures;             // 处置措施
  std::optional<Time> released_at;  // 解除: default the alarm's end
  std::string early_reason;         // required while the alarm is still active
  std::string remark;
};

struct EscalationEvent {
  std::int64_t alarm_id = 0;
  std::string mine;
  WorkflowLevel level = WorkflowLevel::kCity;  // handed to
  std::string scope;                           // region prefix of that level ("" national)
  Time time{};
};

struct WorkflowOptions {
  // Issue 6 item 5: "a red alarm is not acknowledged within a configurable time (default
  // 15 min)".
  Seconds escalation_after{15 * 60};
  // Longest cause / measures / remark accepted (bytes): a form field, not a document.
  std::size_t max_text_bytes = 4000;
  // Hears each escalation after it is stored (the live bus). Called with no lock held.
  std::function<void(const EscalationEvent&)> on_escalation;
};

// The region prefix supervising `mine` at `level`: city the first 4 digits, province 2,
// national "", mine the whole code (GB/T 2260: a mine code starts with its county code).
std::string level_scope(std::string_view mine, WorkflowLevel level);

class AlarmWorkflow {
 public:
  // `db` must be migrated; `clock` outlives the workflow.
  AlarmWorkflow(std::unique_ptr<store::Db> db, const Clock& clock, WorkflowOptions options = {});

  // Whether `actor` may take `action` on an alarm of `mine` at all (states aside): the
  // permission matrix in the header comment. False as well when the mine is out of scope.
  static bool permitted(const Actor& actor, WorkflowAction action, std::string_view mine);

  // Each returns the stored action. Errors: FailedPrecondition when not permitted (check
  // permitted() first to answer 403) or when the alarm's state does not allow the action
  // (409); InvalidArgument for missing or oversized fields; FailedPrecondition (409) also
  // when someone else acted on it at the same moment (reload and retry); store errors as
  // they come (Unavailable: busy or disconnected, 503).
  Result<AlarmAction> acknowledge(const Actor& actor, const AlarmFacts& alarm,
                                  std::string remark = {});
  Result<AlarmAction> dispose(const Actor& actor, const AlarmFacts& alarm, Disposition d);
  Result<AlarmAction> verify(const Actor& actor, const AlarmFacts& alarm, Verdict verdict,
                             std::string remark = {});
  Result<AlarmAction> reopen(const Actor& actor, const AlarmFacts& alarm, std::string remark);

  // The alarm's handling (state new at level mine when nobody has acted on it).
  Result<AlarmHandling> handling(std::int64_t alarm_id, std::string_view mine);
  Result<std::vector<AlarmAction>> history(std::int64_t alarm_id);
  Result<std::vector<AlarmHandling>> in_state(std::string_view mine_prefix, WorkflowState state);

  // When the alarm is next due to escalate, given its handling; nullopt when it never will
  // (not red, ended, acknowledged, or already at national level).
  std::optional<Time> next_escalation(const AlarmFacts& alarm, const AlarmHandling& h) const;
  // Escalates every alarm of `alarms` whose escalation is due at clock.now() (one level per
  // elapsed period, so an alarm found 35 min late climbs two levels) and returns the steps
  // taken. An alarm that fails to escalate does not stop the others; the first error is
  // returned only when no step could be stored.
  Result<std::vector<EscalationEvent>> escalate_due(std::span<const AlarmFacts> alarms);

  const WorkflowOptions& options() const noexcept { return options_; }

 private:
  // Appends `action` (+ audit record) if handling is in one of `from` and `check` (the
  // action's own fields) passes; under mu_.
  Result<AlarmAction> act(const AlarmFacts& alarm, AlarmAction action,
                          std::initializer_list<WorkflowState> from, WorkflowState to,
                          std::optional<WorkflowLevel> level,
                          const std::function<Status(const AlarmAction&)>& check = {});
  Result<AlarmHandling> handling_locked(std::int64_t alarm_id, std::string_view mine);

  std::mutex mu_;
  std::unique_ptr<store::Db> db_;  // guarded by mu_
  store::WorkflowRepo repo_;       // over *db_, guarded by mu_
  AuditLog audit_;                 // over *db_, guarded by mu_
  const Clock& clock_;
  WorkflowOptions options_;
};

}  // namespace mw::workflow
