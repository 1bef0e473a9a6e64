// The alarm workflow repository, run against both backends.
#include "store/workflow_repo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MigratedTest;
using ::testing::ElementsAre;

constexpr std::string_view kMine = "620823009203";

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

AlarmAction ack(std::int64_t alarm, Time t, std::string mine = std::string(kMine)) {
  AlarmAction a;
  a.alarm_id = alarm;
  a.mine = std::move(mine);
  a.time = t;
  a.actor = "zhang";
  a.actor_role = "city";
  a.action = WorkflowAction::kAcknowledge;
  return a;
}

AlarmAction disposition(std::int64_t alarm, Time t) {
  AlarmAction a;
  a.alarm_id = alarm;
  a.mine = std::string(kMine);
  a.time = t;
  a.actor = "dispatcher";
  a.actor_role = "mine";
  a.action = WorkflowAction::kDisposition;
  a.cause = "回风隅角瓦斯积聚";
  a.measures = "加强通风, 撤出人员";
  a.released_at = at(10, 40);
  a.early_reason = "";
  a.remark = "班长已到现场";
  return a;
}

template <class B>
class WorkflowRepoTest : public MigratedTest<B> {
 protected:
  void SetUp() override {
    MigratedTest<B>::SetUp();
    if (this->HasFatalFailure()) return;
    repo_.emplace(this->db());
  }
  WorkflowRepo& repo() { return *repo_; }

  std::optional<WorkflowRepo> repo_;
};
TYPED_TEST_SUITE(WorkflowRepoTest, Backends, BackendNames);

TYPED_TEST(WorkflowRepoTest, UnhandledAlarmHasNoStateAndNoHistory) {
  auto h = this->repo().handling(7);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_FALSE(h->has_value());
  auto hist = this->repo().history(7);
  ASSERT_TRUE(hist.ok()) << hist.status().to_string();
  EXPECT_TRUE(hist->empty());
}

TYPED_TEST(WorkflowRepoTest, ActionsRoundTripEveryFieldInSeqOrder) {
  auto a1 = this->repo().append(ack(7, at(10, 15)), WorkflowState::kAcknowledged,
                                WorkflowLevel::kMine, 0);
  ASSERT_TRUE(a1.ok()) << a1.status().to_string();
  EXPECT_EQ(a1->seq, 1);
  auto a2 = this->repo().append(disposition(7, at(10, 50)), WorkflowState::kDisposed,
                                WorkflowLevel::kMine, 1);
  ASSERT_TRUE(a2.ok()) << a2.status().to_string();
  EXPECT_EQ(a2->seq, 2);
  AlarmAction verify = ack(7, at(11, 5));
  verify.action = WorkflowAction::kVerify;
  verify.verdict = Verdict::kRejected;
  verify.remark = "措施不具体";
  ASSERT_TRUE(this->repo().append(verify, WorkflowState::kReturned, WorkflowLevel::kMine, 2).ok());

  // A second connection sees what was committed.
  std::unique_ptr<Db> other = this->reopen();
  ASSERT_NE(other, nullptr);
  WorkflowRepo reader(*other);
  auto hist = reader.history(7);
  ASSERT_TRUE(hist.ok()) << hist.status().to_string();
  ASSERT_EQ(hist->size(), 3U);
  AlarmAction want1 = ack(7, at(10, 15));
  want1.seq = 1;
  EXPECT_EQ((*hist)[0], want1);
  AlarmAction want2 = disposition(7, at(10, 50));
  want2.seq = 2;
  EXPECT_EQ((*hist)[1], want2);
  EXPECT_EQ((*hist)[1].cause, "回风隅角瓦斯积聚");
  EXPECT_EQ((*hist)[2].verdict, Verdict::kRejected);
  EXPECT_EQ((*hist)[2].seq, 3);

  auto h = reader.handling(7);
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ(**h, (AlarmHandling{7, std::string(kMine), WorkflowState::kReturned,
                                WorkflowLevel::kMine, 3, at(11, 5)}));
}

TYPED_TEST(WorkflowRepoTest, EscalationLevelIsStoredWithTheActionAndTheState) {
  AlarmAction esc = ack(9, at(10, 30));
  esc.action = WorkflowAction::kEscalate;
  esc.actor = "system";
  esc.actor_role = "system";
  esc.level = WorkflowLevel::kCity;
  ASSERT_TRUE(this->repo().append(esc, WorkflowState::kNew, WorkflowLevel::kCity, 0).ok());
  auto hist = this->repo().history(9);
  ASSERT_TRUE(hist.ok()) << hist.status().to_string();
  ASSERT_EQ(hist->size(), 1U);
  EXPECT_EQ((*hist)[0].level, WorkflowLevel::kCity);
  auto h = this->repo().handling(9);
  ASSERT_TRUE(h.ok() && h->has_value());
  EXPECT_EQ((*h)->level, WorkflowLevel::kCity);
  EXPECT_EQ((*h)->state, WorkflowState::kNew);
}

TYPED_TEST(WorkflowRepoTest, StaleExpectedSeqIsRefusedAndWritesNothing) {
  ASSERT_TRUE(this->repo()
                  .append(ack(7, at(10, 15)), WorkflowState::kAcknowledged, WorkflowLevel::kMine, 0)
                  .ok());
  // A second person who also saw "nobody acted yet".
  auto again = this->repo().append(ack(7, at(10, 16)), WorkflowState::kAcknowledged,
                                   WorkflowLevel::kMine, 0);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  // And one whose view is ahead of the store.
  auto ahead = this->repo().append(disposition(7, at(10, 50)), WorkflowState::kDisposed,
                                   WorkflowLevel::kMine, 5);
  EXPECT_EQ(ahead.status().code(), StatusCode::kFailedPrecondition);
  auto hist = this->repo().history(7);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 1U);
  EXPECT_EQ((*hist)[0].time, at(10, 15));
  auto h = this->repo().handling(7);
  ASSERT_TRUE(h.ok() && h->has_value());
  EXPECT_EQ((*h)->last_seq, 1);
  EXPECT_EQ((*h)->state, WorkflowState::kAcknowledged);
}

TYPED_TEST(WorkflowRepoTest, InStateFiltersByMinePrefixAndState) {
  ASSERT_TRUE(this->repo()
                  .append(ack(3, at(9), "620823000001"), WorkflowState::kAcknowledged,
                          WorkflowLevel::kMine, 0)
                  .ok());
  ASSERT_TRUE(this->repo()
                  .append(ack(1, at(9), "620100000001"), WorkflowState::kAcknowledged,
                          WorkflowLevel::kMine, 0)
                  .ok());
  ASSERT_TRUE(this->repo()
                  .append(ack(2, at(9), "140421000111"), WorkflowState::kAcknowledged,
                          WorkflowLevel::kMine, 0)
                  .ok());
  ASSERT_TRUE(this->repo()
                  .append(disposition(4, at(9)), WorkflowState::kDisposed, WorkflowLevel::kMine, 0)
                  .ok());
  const auto ids = [&](std::string_view prefix, WorkflowState s) {
    std::vector<std::int64_t> out;
    auto rows = this->repo().in_state(prefix, s);
    EXPECT_TRUE(rows.ok()) << rows.status().to_string();
    if (rows.ok()) {
      for (const AlarmHandling& h : *rows) out.push_back(h.alarm_id);
    }
    return out;
  };
  EXPECT_THAT(ids("62", WorkflowState::kAcknowledged), ElementsAre(1, 3));
  EXPECT_THAT(ids("", WorkflowState::kAcknowledged), ElementsAre(1, 2, 3));
  EXPECT_THAT(ids("6208", WorkflowState::kDisposed), ElementsAre(4));
  EXPECT_THAT(ids("14", WorkflowState::kDisposed), ElementsAre());
  EXPECT_EQ(this->repo().in_state("62%", WorkflowState::kNew).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(WorkflowNames, RoundTripAndRejectUnknown) {
  for (const auto a :
       {WorkflowAction::kAcknowledge, WorkflowAction::kDisposition, WorkflowAction::kVerify,
        WorkflowAction::kReopen, WorkflowAction::kEscalate}) {
    EXPECT_EQ(parse_workflow_action(workflow_action_name(a)), a);
  }
  for (const auto s : {WorkflowState::kNew, WorkflowState::kAcknowledged, WorkflowState::kDisposed,
                       WorkflowState::kVerified, WorkflowState::kReturned}) {
    EXPECT_EQ(parse_workflow_state(workflow_state_name(s)), s);
  }
  for (const auto l : {WorkflowLevel::kMine, WorkflowLevel::kCity, WorkflowLevel::kProvince,
                       WorkflowLevel::kNational}) {
    EXPECT_EQ(parse_workflow_level(workflow_level_name(l)), l);
  }
  EXPECT_EQ(workflow_action_name(WorkflowAction::kDisposition), "disposition");
  EXPECT_EQ(workflow_state_name(WorkflowState::kReturned), "returned");
  EXPECT_EQ(parse_verdict("accepted"), Verdict::kAccepted);
  EXPECT_FALSE(parse_workflow_action("ack").has_value());
  EXPECT_FALSE(parse_workflow_state("").has_value());
}

}  // namespace
}  // namespace mw::store
