// The alarm handling state machine, its permission matrix and escalation timing.
#include "workflow/alarm_workflow.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "store/test_backends.hpp"

namespace mw::workflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Role = Actor::Role;

constexpr std::string_view kMine = "620823009203";
constexpr std::string_view kOtherProvinceMine = "140421000111";

Time at(int hour, int minute = 0, int second = 0) {
  return *china_civil_time(2026, 9, 23, hour, minute, second);
}

Actor actor(Role role, std::string scope, std::string name = "someone") {
  return Actor{std::move(name), role, std::move(scope)};
}
const Actor kDispatcher = actor(Role::kMine, std::string(kMine), "dispatcher");
const Actor kCity = actor(Role::kCity, "6208", "city-officer");
const Actor kProvince = actor(Role::kProvince, "62", "province-officer");

AlarmFacts red_alarm(std::int64_t id = 7, std::optional<Time> end = std::nullopt) {
  AlarmFacts a;
  a.id = id;
  a.mine = std::string(kMine);
  a.severity = Severity::kRed;
  a.start = at(10);
  a.end = end;
  return a;
}

Disposition good_disposition() {
  Disposition d;
  d.cause = "回风隅角瓦斯积聚";
  d.measures = "加强通风, 撤出人员, 检查断电";
  return d;
}

class AlarmWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = backend_.open();
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    const Status s = store::migrate(**db, clock_);
    ASSERT_TRUE(s.ok()) << s.to_string();
    WorkflowOptions options;
    options.on_escalation = [this](const EscalationEvent& e) { heard_.push_back(e); };
    workflow_.emplace(std::move(*db), clock_, std::move(options));
    clock_.set(at(11));
  }
  void TearDown() override {
    workflow_.reset();
    backend_.teardown();
  }

  // The audit chain as another connection reads it: (action, target) per record.
  std::vector<std::pair<std::string, std::string>> audit_trail() {
    auto db = backend_.open();
    EXPECT_TRUE(db.ok());
    if (!db.ok()) return {};
    AuditLog log(**db, clock_);
    auto records = log.list();
    EXPECT_TRUE(records.ok()) << records.status().to_string();
    std::vector<std::pair<std::string, std::string>> out;
    if (records.ok()) {
      for (const AuditRecord& r : *records) out.emplace_back(r.entry.action, r.entry.target);
    }
    return out;
  }

  std::vector<WorkflowAction> actions(std::int64_t id) {
    auto h = workflow_->history(id);
    EXPECT_TRUE(h.ok()) << h.status().to_string();
    std::vector<WorkflowAction> out;
    if (h.ok()) {
      for (const AlarmAction& a : *h) out.push_back(a.action);
    }
    return out;
  }

  WorkflowState state(std::int64_t id) {
    auto h = workflow_->handling(id, kMine);
    EXPECT_TRUE(h.ok()) << h.status().to_string();
    return h.ok() ? h->state : WorkflowState::kNew;
  }

  std::vector<WorkflowLevel> escalate_at(Time now, const AlarmFacts& alarm) {
    clock_.set(now);
    auto events = workflow_->escalate_due(std::span<const AlarmFacts>(&alarm, 1));
    EXPECT_TRUE(events.ok()) << events.status().to_string();
    std::vector<WorkflowLevel> out;
    if (events.ok()) {
      for (const EscalationEvent& e : *events) out.push_back(e.level);
    }
    return out;
  }

  store::testing::SqliteBackend backend_;
  ManualClock clock_;
  std::optional<AlarmWorkflow> workflow_;
  std::vector<EscalationEvent> heard_;
};

TEST_F(AlarmWorkflowTest, ClosedLoopAckDisposeVerifyIsStoredAndAudited) {
  const AlarmFacts alarm = red_alarm(7, at(10, 20));
  auto ack = workflow_->acknowledge(kDispatcher, alarm, "值班员已通知");
  ASSERT_TRUE(ack.ok()) << ack.status().to_string();
  EXPECT_EQ(ack->time, at(11));
  EXPECT_EQ(ack->actor, "dispatcher");
  EXPECT_EQ(ack->actor_role, "mine");
  clock_.set(at(11, 30));
  auto d = workflow_->dispose(kDispatcher, alarm, good_disposition());
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->released_at, at(10, 20));  // defaults to the alarm's end
  EXPECT_EQ(state(7), WorkflowState::kDisposed);
  auto v = workflow_->verify(kCity, alarm, Verdict::kAccepted);
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(state(7), WorkflowState::kVerified);

  EXPECT_THAT(actions(7), ElementsAre(WorkflowAction::kAcknowledge, WorkflowAction::kDisposition,
                                      WorkflowAction::kVerify));
  auto h = workflow_->history(7);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ((*h)[1].cause, "回风隅角瓦斯积聚");
  EXPECT_EQ((*h)[2].actor, "city-officer");
  EXPECT_THAT(audit_trail(),
              ElementsAre(std::pair<std::string, std::string>{"alarm.ack", "7"},
                          std::pair<std::string, std::string>{"alarm.disposition", "7"},
                          std::pair<std::string, std::string>{"alarm.verify", "7"}));
}

TEST_F(AlarmWorkflowTest, RejectionReturnsToTheMineAndReopenAfterVerification) {
  const AlarmFacts alarm = red_alarm(7, at(10, 20));
  ASSERT_TRUE(workflow_->acknowledge(kCity, alarm).ok());
  ASSERT_TRUE(workflow_->dispose(kDispatcher, alarm, good_disposition()).ok());
  EXPECT_EQ(workflow_->verify(kProvince, alarm, Verdict::kRejected, "").status().code(),
            StatusCode::kInvalidArgument);  // a rejection must say why
  ASSERT_TRUE(workflow_->verify(kProvince, alarm, Verdict::kRejected, "措施不具体").ok());
  EXPECT_EQ(state(7), WorkflowState::kReturned);
  ASSERT_TRUE(workflow_->dispose(kDispatcher, alarm, good_disposition()).ok());
  ASSERT_TRUE(workflow_->verify(kProvince, alarm, Verdict::kAccepted).ok());
  ASSERT_TRUE(workflow_->reopen(kCity, alarm, "复查发现隐患未消除").ok());
  EXPECT_EQ(state(7), WorkflowState::kReturned);
  EXPECT_THAT(actions(7), ElementsAre(WorkflowAction::kAcknowledge, WorkflowAction::kDisposition,
                                      WorkflowAction::kVerify, WorkflowAction::kDisposition,
                                      WorkflowAction::kVerify, WorkflowAction::kReopen));
}

TEST_F(AlarmWorkflowTest, ActionsOutOfOrderAreRefusedAndWriteNothing) {
  const AlarmFacts alarm = red_alarm(7, at(10, 20));
  const auto refused = [](const Result<AlarmAction>& r) {
    return r.status().code() == StatusCode::kFailedPrecondition;
  };
  EXPECT_TRUE(refused(workflow_->dispose(kDispatcher, alarm, good_disposition())));  // not acked
  EXPECT_TRUE(refused(workflow_->dispose(kDispatcher, alarm, Disposition{})));  // state said first
  EXPECT_TRUE(refused(workflow_->verify(kCity, alarm, Verdict::kAccepted)));    // not disposed
  EXPECT_TRUE(refused(workflow_->reopen(kCity, alarm, "why")));                 // not verified
  ASSERT_TRUE(workflow_->acknowledge(kCity, alarm).ok());
  auto twice = workflow_->acknowledge(kProvince, alarm);
  EXPECT_TRUE(refused(twice));
  EXPECT_THAT(twice.status().message(), HasSubstr("is acknowledged"));
  EXPECT_THAT(actions(7), ElementsAre(WorkflowAction::kAcknowledge));
  EXPECT_EQ(audit_trail().size(), 1U);
}

TEST_F(AlarmWorkflowTest, DispositionOfAnActiveAlarmNeedsAReason) {
  const AlarmFacts active = red_alarm(7);
  ASSERT_TRUE(workflow_->acknowledge(kDispatcher, active).ok());
  auto no_reason = workflow_->dispose(kDispatcher, active, good_disposition());
  EXPECT_EQ(no_reason.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(no_reason.status().message(), HasSubstr("early_reason"));
  Disposition d = good_disposition();
  d.early_reason = "传感器故障已更换, 报警将随数据恢复而结束";
  d.released_at = at(10, 50);
  auto ok = workflow_->dispose(kDispatcher, active, d);
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->early_reason, d.early_reason);
  EXPECT_EQ(ok->released_at, at(10, 50));
}

TEST_F(AlarmWorkflowTest, DispositionFieldsAreChecked) {
  const AlarmFacts alarm = red_alarm(7, at(10, 20));
  ASSERT_TRUE(workflow_->acknowledge(kDispatcher, alarm).ok());
  const auto code = [&](Disposition d) {
    return workflow_->dispose(kDispatcher, alarm, std::move(d)).status().code();
  };
  Disposition no_cause = good_disposition();
  no_cause.cause = "  ";
  EXPECT_EQ(code(no_cause), StatusCode::kInvalidArgument);
  Disposition no_measures = good_disposition();
  no_measures.measures.clear();
  EXPECT_EQ(code(no_measures), StatusCode::kInvalidArgument);
  Disposition before_start = good_disposition();
  before_start.released_at = at(9, 59, 59);
  EXPECT_EQ(code(before_start), StatusCode::kInvalidArgument);
  Disposition in_future = good_disposition();
  in_future.released_at = at(11, 0, 1);  // the clock says 11:00:00
  EXPECT_EQ(code(in_future), StatusCode::kInvalidArgument);
  Disposition huge = good_disposition();
  huge.measures.assign(4001, 'x');
  EXPECT_EQ(code(huge), StatusCode::kInvalidArgument);
  EXPECT_EQ(state(7), WorkflowState::kAcknowledged);
  Disposition at_limit = good_disposition();
  at_limit.measures.assign(4000, 'x');
  EXPECT_EQ(code(at_limit), StatusCode::kOk);
}

TEST(AlarmWorkflowPermissions, Matrix) {
  const std::string mine(kMine);
  struct Case {
    Actor who;
    std::string_view mine;
    bool ack, dispose, verify;
  };
  const Case cases[] = {
      {actor(Role::kNational, ""), kMine, true, false, true},
      {actor(Role::kProvince, "62"), kMine, true, false, true},
      {actor(Role::kProvince, "14"), kMine, false, false, false},
      {actor(Role::kCity, "6208"), kMine, true, false, true},
      {actor(Role::kCity, "6201"), kMine, false, false, false},
      {actor(Role::kMine, mine), kMine, true, true, false},
      {actor(Role::kMine, mine), kOtherProvinceMine, false, false, false},
      {actor(Role::kMine, "620823009204"), kMine, false, false, false},
      {actor(Role::kViewer, ""), kMine, false, false, false},
      {actor(Role::kViewer, "62"), kMine, false, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(actor_role_name(c.who.role)) + " " + c.who.scope + " on " +
                 std::string(c.mine));
    EXPECT_EQ(AlarmWorkflow::permitted(c.who, WorkflowAction::kAcknowledge, c.mine), c.ack);
    EXPECT_EQ(AlarmWorkflow::permitted(c.who, WorkflowAction::kDisposition, c.mine), c.dispose);
    EXPECT_EQ(AlarmWorkflow::permitted(c.who, WorkflowAction::kVerify, c.mine), c.verify);
    EXPECT_EQ(AlarmWorkflow::permitted(c.who, WorkflowAction::kReopen, c.mine), c.verify);
    EXPECT_FALSE(AlarmWorkflow::permitted(c.who, WorkflowAction::kEscalate, c.mine));
  }
}

TEST_F(AlarmWorkflowTest, ForbiddenCallersAreRefusedEvenWhenCalledDirectly) {
  const AlarmFacts alarm = red_alarm(7, at(10, 20));
  EXPECT_EQ(workflow_->acknowledge(actor(Role::kViewer, ""), alarm).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(workflow_->acknowledge(actor(Role::kProvince, "14"), alarm).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(workflow_->acknowledge(kCity, alarm).ok());
  EXPECT_EQ(workflow_->dispose(kCity, alarm, good_disposition()).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(workflow_->dispose(kDispatcher, alarm, good_disposition()).ok());
  EXPECT_EQ(workflow_->verify(kDispatcher, alarm, Verdict::kAccepted).status().code(),
            StatusCode::kFailedPrecondition);  // a mine does not verify itself
  EXPECT_EQ(state(7), WorkflowState::kDisposed);
}

TEST_F(AlarmWorkflowTest, RedAlarmEscalatesAtFifteenMinutesNotBefore) {
  const AlarmFacts alarm = red_alarm();  // red since 10:00
  EXPECT_THAT(escalate_at(at(10, 14, 59), alarm), ElementsAre());
  EXPECT_THAT(escalate_at(at(10, 15, 0), alarm), ElementsAre(WorkflowLevel::kCity));
  EXPECT_THAT(escalate_at(at(10, 15, 30), alarm), ElementsAre());  // once per level
  EXPECT_THAT(escalate_at(at(10, 29, 59), alarm), ElementsAre());
  EXPECT_THAT(escalate_at(at(10, 30, 0), alarm), ElementsAre(WorkflowLevel::kProvince));
  EXPECT_THAT(escalate_at(at(10, 45, 0), alarm), ElementsAre(WorkflowLevel::kNational));
  EXPECT_THAT(escalate_at(at(12, 0, 0), alarm), ElementsAre());  // nowhere further
  ASSERT_EQ(heard_.size(), 3U);
  EXPECT_EQ(heard_[0].scope, "6208");
  EXPECT_EQ(heard_[0].time, at(10, 15));
  EXPECT_EQ(heard_[1].scope, "62");
  EXPECT_EQ(heard_[2].scope, "");
  auto h = workflow_->handling(7, kMine);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->level, WorkflowLevel::kNational);
  EXPECT_EQ(h->state, WorkflowState::kNew);  // escalation is not an acknowledgement
  EXPECT_EQ(audit_trail().size(), 3U);
  // Acknowledging still works at any level.
  EXPECT_TRUE(workflow_->acknowledge(kDispatcher, alarm).ok());
}

TEST_F(AlarmWorkflowTest, EscalationCountsFromTurningRed) {
  AlarmFacts alarm = red_alarm();
  alarm.red_since = at(10, 5);  // orange at 10:00, red at 10:05
  EXPECT_THAT(escalate_at(at(10, 19, 59), alarm), ElementsAre());
  EXPECT_THAT(escalate_at(at(10, 20, 0), alarm), ElementsAre(WorkflowLevel::kCity));
}

TEST_F(AlarmWorkflowTest, LateScanClimbsOneLevelPerElapsedPeriod) {
  const AlarmFacts alarm = red_alarm();
  EXPECT_THAT(escalate_at(at(10, 35), alarm),
              ElementsAre(WorkflowLevel::kCity, WorkflowLevel::kProvince));
  EXPECT_THAT(actions(7), ElementsAre(WorkflowAction::kEscalate, WorkflowAction::kEscalate));
}

TEST_F(AlarmWorkflowTest, AcknowledgedOrangeOrEndedAlarmsDoNotEscalate) {
  const AlarmFacts acked = red_alarm(1);
  clock_.set(at(10, 14));
  ASSERT_TRUE(workflow_->acknowledge(kDispatcher, acked).ok());
  AlarmFacts orange = red_alarm(2);
  orange.severity = Severity::kOrange;
  const AlarmFacts ended = red_alarm(3, at(10, 10));
  const AlarmFacts overdue = red_alarm(4);
  const AlarmFacts all[] = {acked, orange, ended, overdue};
  clock_.set(at(10, 16));
  auto events = workflow_->escalate_due(all);
  ASSERT_TRUE(events.ok()) << events.status().to_string();
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].alarm_id, 4);
  EXPECT_EQ((*events)[0].mine, kMine);
}

TEST(AlarmWorkflowLevels, ScopeOfEachLevel) {
  EXPECT_EQ(level_scope(kMine, WorkflowLevel::kMine), kMine);
  EXPECT_EQ(level_scope(kMine, WorkflowLevel::kCity), "6208");
  EXPECT_EQ(level_scope(kMine, WorkflowLevel::kProvince), "62");
  EXPECT_EQ(level_scope(kMine, WorkflowLevel::kNational), "");
}

}  // namespace
}  // namespace mw::workflow
