#include <gtest/gtest.h>

#include "rules/mine_rules_fixture.hpp"

namespace mw::rules {
namespace {

using namespace mine_testing;
using Edge = Finding::Edge;

constexpr int kLeaderCard = 900;
constexpr int kSecondLeaderCard = 901;
constexpr Seconds kSnapshotEvery{300};  // RYSS about every 5 min (netfile.md §3)

struct ShiftPlan {
  int snapshots = 96;         // 08:00 … 15:55
  int worked_snapshots = 96;  // the first ones have `workers` people underground, then 2
  int workers = 5;
  int leader_snapshots = 0;         // the first ones list kLeaderCard (counted in `workers`)
  int second_leader_snapshots = 0;  // the last ones list kSecondLeaderCard (extra person)
};

// Feeds one day-shift window (08:00–16:00) and the clock at its end; returns the findings.
Recorder run_day_shift(const ShiftPlan& plan, Mine m = mine()) {
  Recorder sink;
  MineRules rules(default_rule_pack(), m, sink);
  const Time entry = local(7, 40);
  for (int i = 0; i < plan.snapshots; ++i) {
    const int n = i < plan.worked_snapshots ? plan.workers : 2;
    std::vector<Presence> snap = crowd(1, n, 1, entry);
    if (i < plan.leader_snapshots) {
      snap.back() = underground(kLeaderCard, 1, entry, /*leader=*/true);
    }
    if (i >= plan.snapshots - plan.second_leader_snapshots) {
      snap.push_back(underground(kSecondLeaderCard, 1, entry, /*leader=*/true));
    }
    rules.on_presence_snapshot(local(8, 0) + i * kSnapshotEvery, snap);
    rules.advance(local(8, 0) + i * kSnapshotEvery);
  }
  rules.advance(local(16, 0));
  return sink;
}

TEST(LeaderAbsent, WorkedAndLeaderPresenceAtHalfTheSnapshots) {
  struct Case {
    const char* what;
    ShiftPlan plan;
    bool expected;
  };
  const Case cases[] = {
      {"5 people, no leader", {96, 96, 5, 0, 0}, true},
      {"4 people, no leader: not worked", {96, 96, 4, 0, 0}, false},
      {"leader in 47 of 96", {96, 96, 5, 47, 0}, true},
      {"leader in exactly half", {96, 96, 5, 48, 0}, false},
      {"leader in 49 of 96", {96, 96, 5, 49, 0}, false},
      {"worked in 47 of 96", {96, 47, 5, 0, 0}, false},
      {"worked in exactly half", {96, 48, 5, 0, 0}, true},
      {"two leaders of 40 each: no single card led", {96, 96, 5, 40, 40}, true},
      {"a second leader for the second half", {96, 96, 5, 0, 48}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Recorder sink = run_day_shift(c.plan);
    const auto raised = sink.of(AlarmKind::kPersonnelLeaderAbsent);
    if (!c.expected) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].subject, kMineCode);
    EXPECT_EQ(raised[0].start, local(8, 0));
    EXPECT_EQ(raised[0].time, local(16, 0));
    EXPECT_EQ(raised[0].severity, Severity::kOrange);
    EXPECT_EQ(raised[0].rule, "coal.personnel.leader_absent");
    const auto cleared = sink.of(AlarmKind::kPersonnelLeaderAbsent, Edge::kClear);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].time, local(16, 0));
  }
}

TEST(LeaderAbsent, EvidenceNamesTheLeadersSeen) {
  const Recorder sink = run_day_shift({96, 96, 5, 47, 0});
  const auto raised = sink.of(AlarmKind::kPersonnelLeaderAbsent);
  ASSERT_EQ(raised.size(), 1u);
  const auto& ev = raised[0].evidence;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].value, "96/96");
  EXPECT_EQ(ev[1].subject, card(kLeaderCard));
  EXPECT_EQ(ev[1].value, "47/96");
}

TEST(LeaderAbsent, JudgedOnlyWhenTheWindowEnds) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  for (int i = 0; i < 96; ++i) {
    rules.on_presence_snapshot(local(8, 0) + i * kSnapshotEvery, crowd(1, 6, 1, local(7, 40)));
  }
  rules.advance(local(15, 59, 59));
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelLeaderAbsent).empty());
  // The next window's first snapshot ends this one without the clock having moved.
  rules.on_presence_snapshot(local(16, 0), crowd(1, 6, 1, local(7, 40)));
  EXPECT_EQ(sink.of(AlarmKind::kPersonnelLeaderAbsent).size(), 1u);
}

TEST(LeaderAbsent, ALateSnapshotDoesNotReopenAJudgedWindow) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  for (int i = 0; i < 95; ++i) {
    rules.on_presence_snapshot(local(8, 0) + i * kSnapshotEvery, crowd(1, 6, 1, local(7, 40)));
  }
  rules.advance(local(16, 0));  // the pipeline clock, moved by another mine's files
  rules.on_presence_snapshot(local(15, 55), crowd(1, 6, 1, local(7, 40)));
  rules.advance(local(16, 5));
  EXPECT_EQ(sink.of(AlarmKind::kPersonnelLeaderAbsent).size(), 1u);
}

TEST(LeaderAbsent, RosterLeaderCountsEvenWhenTheSnapshotFlagIsZero) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  Person boss;
  boss.card = card(5);
  boss.name = "矿长";
  boss.leader = true;
  const Person roster[] = {boss};
  rules.on_people(roster, local(7, 0));
  for (int i = 0; i < 96; ++i) {
    rules.on_presence_snapshot(local(8, 0) + i * kSnapshotEvery, crowd(1, 6, 1, local(7, 40)));
  }
  rules.advance(local(16, 0));
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelLeaderAbsent).empty());
}

TEST(LeaderAbsent, NightShiftAcrossMidnight) {
  Mine m = mine();
  m.shifts = {6 * 60, 14 * 60, 22 * 60};  // 06:00, 14:00, 22:00
  Recorder sink;
  MineRules rules(default_rule_pack(), m, sink);
  const Time start = local(22, 0);
  for (int i = 0; i < 96; ++i) {  // 22:00 … 05:55 the next day
    rules.on_presence_snapshot(start + i * kSnapshotEvery, crowd(1, 8, 1, local(21, 40)));
    rules.advance(start + i * kSnapshotEvery);
  }
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelLeaderAbsent).empty());
  rules.advance(local(6, 0, 0, 1));
  const auto raised = sink.of(AlarmKind::kPersonnelLeaderAbsent);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].start, local(22, 0));
  EXPECT_EQ(raised[0].time, local(6, 0, 0, 1));
}

TEST(LeaderAbsent, SnapshotsAfterMidnightBelongToTheNightWindow) {
  // Default 三八制: the window 16:00–24:00 ends at the next day's 00:00.
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  for (int i = 0; i < 96; ++i) {
    rules.on_presence_snapshot(local(16, 0) + i * kSnapshotEvery, crowd(1, 6, 1, local(15, 40)));
  }
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelLeaderAbsent).empty());
  rules.on_presence_snapshot(local(0, 0, 0, 1), crowd(1, 6, 1, local(15, 40)));
  const auto raised = sink.of(AlarmKind::kPersonnelLeaderAbsent);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].start, local(16, 0));
}

TEST(LeaderAbsent, AWindowJoinedInTheMiddleIsNotJudged) {
  struct Case {
    Seconds first_snapshot_after_start;
    bool expected;
  };
  const Case cases[] = {{Seconds(0), true},
                        {Seconds(300), true},
                        {Seconds(301), false},
                        {std::chrono::hours(2), false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.first_snapshot_after_start.count());
    Recorder sink;
    MineRules rules(default_rule_pack(), mine(), sink);
    for (Time t = local(8, 0) + c.first_snapshot_after_start; t < local(16, 0);
         t += kSnapshotEvery) {
      rules.on_presence_snapshot(t, crowd(1, 6, 1, local(7, 40)));
    }
    rules.advance(local(16, 0));
    EXPECT_EQ(sink.of(AlarmKind::kPersonnelLeaderAbsent).size(), c.expected ? 1u : 0u);
  }
}

TEST(LeaderAbsent, ConsecutiveLeaderlessShiftsAreSeparateFindings) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  for (Time t = local(0, 0); t < local(16, 0); t += kSnapshotEvery) {
    rules.on_presence_snapshot(t, crowd(1, 6, 1, local(0, 0)));
    rules.advance(t);
  }
  rules.advance(local(16, 0));
  const auto raised = sink.of(AlarmKind::kPersonnelLeaderAbsent);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].start, local(0, 0));
  EXPECT_EQ(raised[1].start, local(8, 0));
}

}  // namespace
}  // namespace mw::rules
