// AlarmWorkflow: the alarm handling state machine, its permissions and escalation.
#include "workflow/alarm_workflow.hpp"

#include <algorithm>
#include <utility>

#include "base/json.hpp"

namespace mw::workflow {

namespace {

using store::AlarmAction;

bool is_supervisor(Actor::Role r) noexcept {
  return r == Actor::Role::kNational || r == Actor::Role::kProvince || r == Actor::Role::kCity;
}

bool blank(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string states_text(std::initializer_list<WorkflowState> states) {
  std::string out;
  for (const WorkflowState s : states) {
    if (!out.empty()) out += " or ";
    out += store::workflow_state_name(s);
  }
  return out;
}

std::string_view audit_verb(WorkflowAction a) noexcept {
  switch (a) {
    case WorkflowAction::kAcknowledge: return "alarm.ack";
    case WorkflowAction::kDisposition: return "alarm.disposition";
    case WorkflowAction::kVerify: return "alarm.verify";
    case WorkflowAction::kReopen: return "alarm.reopen";
    case WorkflowAction::kEscalate: return "alarm.escalate";
  }
  return "alarm.?";
}

// The audit record's detail: what the action said, so the chain alone tells the story.
std::string audit_detail(const AlarmAction& a) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("mine").value(a.mine);
  w.key("seq").value(a.seq);
  if (a.level) w.key("level").value(store::workflow_level_name(*a.level));
  if (!a.cause.empty()) w.key("cause").value(a.cause);
  if (!a.measures.empty()) w.key("measures").value(a.measures);
  if (a.released_at) w.key("released_at").time_value(*a.released_at);
  if (!a.early_reason.empty()) w.key("early_reason").value(a.early_reason);
  if (a.verdict) w.key("verdict").value(store::verdict_name(*a.verdict));
  if (!a.remark.empty()) w.key("remark").value(a.remark);
  w.end_object();
  return out;
}

AlarmAction base_action(const Actor& actor, const AlarmFacts& alarm, WorkflowAction what) {
  AlarmAction a;
  a.alarm_id = alarm.id;
  a.mine = alarm.mine;
  a.actor = actor.name;
  a.actor_role = std::string(actor_role_name(actor.role));
  a.action = what;
  return a;
}

WorkflowLevel next_level(WorkflowLevel l) noexcept {
  return static_cast<WorkflowLevel>(
      std::min<int>(static_cast<int>(l) + 1, static_cast<int>(WorkflowLevel::kNational)));
}

}  // namespace

std::string_view actor_role_name(Actor::Role role) noexcept {
  switch (role) {
    case Actor::Role::kNational: return "national";
    case Actor::Role::kProvince: return "province";
    case Actor::Role::kCity: return "city";
    case Actor::Role::kMine: return "mine";
    case Actor::Role::kViewer: return "viewer";
  }
  return "?";
}

std::string level_scope(std::string_view mine, WorkflowLevel level) {
  switch (level) {
    case WorkflowLevel::kMine: return std::string(mine);
    case WorkflowLevel::kCity: return std::string(mine.substr(0, 4));
    case WorkflowLevel::kProvince: return std::string(mine.substr(0, 2));
    case WorkflowLevel::kNational: return {};
  }
  return {};
}

AlarmWorkflow::AlarmWorkflow(std::unique_ptr<store::Db> db, const Clock& clock,
                             WorkflowOptions options)
    : db_(std::move(db)),
      repo_(*db_),
      audit_(*db_, clock),
      clock_(clock),
      options_(std::move(options)) {}

bool AlarmWorkflow::permitted(const Actor& actor, WorkflowAction action, std::string_view mine) {
  if (actor.role == Actor::Role::kViewer || !actor.can_see(mine)) return false;
  switch (action) {
    case WorkflowAction::kAcknowledge: return true;
    case WorkflowAction::kDisposition: return actor.role == Actor::Role::kMine;
    case WorkflowAction::kVerify:
    case WorkflowAction::kReopen: return is_supervisor(actor.role);
    case WorkflowAction::kEscalate: return false;  // the clock's, never a person's
  }
  return false;
}

Result<AlarmHandling> AlarmWorkflow::handling_locked(std::int64_t alarm_id, std::string_view mine) {
  auto h = repo_.handling(alarm_id);
  if (!h.ok()) return std::move(h).take_status();
  if (h->has_value()) return std::move(**h);
  AlarmHandling fresh;
  fresh.alarm_id = alarm_id;
  fresh.mine = std::string(mine);
  return fresh;
}

Result<AlarmHandling> AlarmWorkflow::handling(std::int64_t alarm_id, std::string_view mine) {
  const std::lock_guard lock(mu_);
  return handling_locked(alarm_id, mine);
}

Result<std::vector<AlarmAction>> AlarmWorkflow::history(std::int64_t alarm_id) {
  const std::lock_guard lock(mu_);
  return repo_.history(alarm_id);
}

Result<std::vector<AlarmHandling>> AlarmWorkflow::in_state(std::string_view mine_prefix,
                                                           WorkflowState state) {
  const std::lock_guard lock(mu_);
  return repo_.in_state(mine_prefix, state);
}

Result<AlarmAction> AlarmWorkflow::act(const AlarmFacts& alarm, AlarmAction action,
                                       std::initializer_list<WorkflowState> from, WorkflowState to,
                                       std::optional<WorkflowLevel> level,
                                       const std::function<Status(const AlarmAction&)>& check) {
  const std::lock_guard lock(mu_);
  auto h = handling_locked(alarm.id, alarm.mine);
  if (!h.ok()) return std::move(h).take_status();
  if (std::find(from.begin(), from.end(), h->state) == from.end()) {
    return Status::failed_precondition("alarm " + std::to_string(alarm.id) + " is " +
                                       std::string(store::workflow_state_name(h->state)) + "; " +
                                       std::string(store::workflow_action_name(action.action)) +
                                       " needs it " + states_text(from));
  }
  // Fields are checked after the state, so "not yet acknowledged" is said first.
  if (action.remark.size() > options_.max_text_bytes) {
    return Status::invalid_argument("remark is longer than " +
                                    std::to_string(options_.max_text_bytes) + " bytes");
  }
  if (check) MW_RETURN_IF_ERROR(check(action));
  action.time = clock_.now();
  std::optional<AlarmAction> stored;
  const Status s = store::in_transaction(*db_, [&]() -> Status {
    auto r = repo_.append(action, to, level.value_or(h->level), h->last_seq);
    if (!r.ok()) return r.status();
    stored = std::move(*r);
    return audit_.append({stored->actor, std::string(audit_verb(stored->action)),
                          std::to_string(stored->alarm_id), audit_detail(*stored)});
  });
  if (!s.ok()) return s;
  return std::move(*stored);
}

Result<AlarmAction> AlarmWorkflow::acknowledge(const Actor& actor, const AlarmFacts& alarm,
                                               std::string remark) {
  if (!permitted(actor, WorkflowAction::kAcknowledge, alarm.mine)) {
    return Status::failed_precondition(actor.name + " may not acknowledge alarms of mine " +
                                       alarm.mine);
  }
  AlarmAction a = base_action(actor, alarm, WorkflowAction::kAcknowledge);
  a.remark = std::move(remark);
  return act(alarm, std::move(a), {WorkflowState::kNew}, WorkflowState::kAcknowledged,
             std::nullopt);
}

Result<AlarmAction> AlarmWorkflow::dispose(const Actor& actor, const AlarmFacts& alarm,
                                           Disposition d) {
  if (!permitted(actor, WorkflowAction::kDisposition, alarm.mine)) {
    return Status::failed_precondition("only users of mine " + alarm.mine +
                                       " write its disposition");
  }
  AlarmAction a = base_action(actor, alarm, WorkflowAction::kDisposition);
  a.cause = std::move(d.cause);
  a.measures = std::move(d.measures);
  a.released_at = d.released_at ? d.released_at : alarm.end;
  if (!alarm.end) a.early_reason = std::move(d.early_reason);
  a.remark = std::move(d.remark);
  const Time now = clock_.now();
  const auto check = [&](const AlarmAction& x) -> Status {
    for (const std::string* text : {&x.cause, &x.measures, &x.early_reason}) {
      if (text->size() > options_.max_text_bytes) {
        return Status::invalid_argument(
            "cause, measures, early_reason and remark may hold at "
            "most " +
            std::to_string(options_.max_text_bytes) + " bytes each");
      }
    }
    if (blank(x.cause)) return Status::invalid_argument("cause (原因分析) is required");
    if (blank(x.measures)) return Status::invalid_argument("measures (处置措施) is required");
    if (!alarm.end && blank(x.early_reason)) {
      return Status::invalid_argument(
          "the alarm is still active: give early_reason to dispose of it before it ends");
    }
    if (x.released_at && (*x.released_at < alarm.start || *x.released_at > now)) {
      return Status::invalid_argument("released_at must lie between the alarm's start and now");
    }
    return {};
  };
  return act(alarm, std::move(a), {WorkflowState::kAcknowledged, WorkflowState::kReturned},
             WorkflowState::kDisposed, std::nullopt, check);
}

Result<AlarmAction> AlarmWorkflow::verify(const Actor& actor, const AlarmFacts& alarm,
                                          Verdict verdict, std::string remark) {
  if (!permitted(actor, WorkflowAction::kVerify, alarm.mine)) {
    return Status::failed_precondition(actor.name + " may not verify alarms of mine " + alarm.mine);
  }
  AlarmAction a = base_action(actor, alarm, WorkflowAction::kVerify);
  a.verdict = verdict;
  a.remark = std::move(remark);
  return act(alarm, std::move(a), {WorkflowState::kDisposed},
             verdict == Verdict::kAccepted ? WorkflowState::kVerified : WorkflowState::kReturned,
             std::nullopt, [](const AlarmAction& x) -> Status {
               if (x.verdict == Verdict::kRejected && blank(x.remark)) {
                 return Status::invalid_argument(
                     "a rejection needs a remark saying what the mine must redo");
               }
               return {};
             });
}

Result<AlarmAction> AlarmWorkflow::reopen(const Actor& actor, const AlarmFacts& alarm,
                                          std::string remark) {
  if (!permitted(actor, WorkflowAction::kReopen, alarm.mine)) {
    return Status::failed_precondition(actor.name + " may not reopen alarms of mine " + alarm.mine);
  }
  AlarmAction a = base_action(actor, alarm, WorkflowAction::kReopen);
  a.remark = std::move(remark);
  return act(alarm, std::move(a), {WorkflowState::kVerified}, WorkflowState::kReturned,
             std::nullopt, [](const AlarmAction& x) -> Status {
               if (blank(x.remark)) {
                 return Status::invalid_argument("reopening needs a remark saying why");
               }
               return {};
             });
}

std::optional<Time> AlarmWorkflow::next_escalation(const AlarmFacts& alarm,
                                                   const AlarmHandling& h) const {
  if (alarm.severity != Severity::kRed || alarm.end || h.state != WorkflowState::kNew ||
      h.level == WorkflowLevel::kNational) {
    return std::nullopt;
  }
  const Time red = alarm.red_since.value_or(alarm.start);
  return red + options_.escalation_after * (static_cast<int>(h.level) + 1);
}

Result<std::vector<EscalationEvent>> AlarmWorkflow::escalate_due(
    std::span<const AlarmFacts> alarms) {
  std::vector<EscalationEvent> events;
  Status first_error;
  {
    const std::lock_guard lock(mu_);
    const Time now = clock_.now();
    for (const AlarmFacts& alarm : alarms) {
      auto h = handling_locked(alarm.id, alarm.mine);
      if (!h.ok()) {
        if (first_error.ok()) first_error = h.status();
        continue;
      }
      for (std::optional<Time> due = next_escalation(alarm, *h); due && *due <= now;
           due = next_escalation(alarm, *h)) {
        const WorkflowLevel to = next_level(h->level);
        AlarmAction a;
        a.alarm_id = alarm.id;
        a.mine = alarm.mine;
        a.time = now;
        a.actor = "system";
        a.actor_role = "system";
        a.action = WorkflowAction::kEscalate;
        a.level = to;
        a.remark = "red alarm not acknowledged within " +
                   std::to_string(options_.escalation_after.count() / 60) + " min";
        std::optional<AlarmAction> stored;
        const Status s = store::in_transaction(*db_, [&]() -> Status {
          auto r = repo_.append(a, h->state, to, h->last_seq);
          if (!r.ok()) return r.status();
          stored = std::move(*r);
          return audit_.append({"system", std::string(audit_verb(a.action)),
                                std::to_string(a.alarm_id), audit_detail(*stored)});
        });
        if (!s.ok()) {
          if (first_error.ok()) first_error = s;
          break;
        }
        h->level = to;
        h->last_seq = stored->seq;
        h->updated_at = now;
        events.push_back({alarm.id, alarm.mine, to, level_scope(alarm.mine, to), now});
      }
    }
  }
  if (options_.on_escalation) {
    for (const EscalationEvent& e : events) options_.on_escalation(e);
  }
  if (events.empty() && !first_error.ok()) return first_error;
  return events;
}

}  // namespace mw::workflow
