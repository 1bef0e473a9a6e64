#include "sim/presence_truth.hpp"

#include <gtest/gtest.h>

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
  Roster roster;
  int key = -1, road = -1, leader = -1;
  std::vector<int> crew;
  World() {
    mine.code = "140421000111";
    Rng rng(4);
    layout = make_layout(mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
    roster = make_roster(mine, layout, rng);
    key = layout.workplaces.front().key_area;
    road = layout.main_road_area;
    leader = roster.leaders.front();
    for (std::size_t i = 0; i < roster.workers.size() && crew.size() < 60; ++i) {
      if (!roster.workers[i].person.leader) crew.push_back(static_cast<int>(i));
    }
  }
};

const Time kMidnight = *china_civil_time(2026, 9, 23, 0, 0, 0);
const Time kEntry = kMidnight - Seconds{1800};

// One snapshot every 5 minutes from `from` for `count` snapshots: `people` crew members in
// area `area`, and the leader (if `led`) on the main road.
void snapshots(PresenceTruth& p, const World& w, Time from, int count, int people, int area,
               bool led) {
  ASSERT_LE(static_cast<std::size_t>(people), w.crew.size());
  for (int k = 0; k < count; ++k) {
    p.begin_snapshot(from + Seconds{300 * k});
    for (int i = 0; i < people; ++i)
      p.person(w.crew[static_cast<std::size_t>(i)], true, area, kEntry, kEntry);
    if (led) p.person(w.leader, true, w.road, kEntry, kEntry);
    p.end_snapshot();
  }
}

std::vector<Alarm> of_kind(const std::vector<Alarm>& all, AlarmKind k) {
  std::vector<Alarm> out;
  for (const Alarm& a : all) {
    if (a.kind == k) out.push_back(a);
  }
  return out;
}

TEST(PresenceTruth, AnUnledWorkedShiftIsFoundAtItsStartALedOneIsNot) {
  for (const bool led : {true, false}) {
    const World w;
    PresenceTruth p(w.mine, w.layout, w.roster, kMidnight);
    snapshots(p, w, kMidnight, 96, 8, w.road, led);                       // 00:00–08:00, 8 people
    snapshots(p, w, kMidnight + Seconds{8 * 3600}, 1, 0, w.road, false);  // judged here
    const auto found = of_kind(p.alarms(), AlarmKind::kPersonnelLeaderAbsent);
    ASSERT_EQ(found.size(), led ? 0u : 1u);
    if (!led) {
      EXPECT_EQ(found[0].start, kMidnight);
      EXPECT_EQ(found[0].subject, w.mine.code);
    }
  }
}

TEST(PresenceTruth, TheLastWindowIsJudgedWhenTheRunEndsWithIt) {
  for (const int hours : {8, 7}) {
    const World w;
    PresenceTruth p(w.mine, w.layout, w.roster, kMidnight);
    snapshots(p, w, kMidnight, 96, 8, w.road, false);  // 00:00–07:55, unled
    p.run_ended(kMidnight + Seconds{hours * 3600});
    EXPECT_EQ(of_kind(p.alarms(), AlarmKind::kPersonnelLeaderAbsent).size(), hours == 8 ? 1u : 0u);
  }
}

TEST(PresenceTruth, FewerThanFivePeopleIsNotAWorkedShiftAndAPartialWindowIsNotJudged) {
  const World w;
  PresenceTruth p(w.mine, w.layout, w.roster, kMidnight + Seconds{3600});
  snapshots(p, w, kMidnight + Seconds{3600}, 84, 8, w.road, false);  // starts after 00:00
  snapshots(p, w, kMidnight + Seconds{8 * 3600}, 97, 4, w.road, false);
  EXPECT_TRUE(of_kind(p.alarms(), AlarmKind::kPersonnelLeaderAbsent).empty());
}

TEST(PresenceTruth, AnAreaOverItsApprovedCountOpensAtTheFirstSnapshotOver) {
  const World w;
  const int approved = static_cast<int>(w.layout.areas[static_cast<std::size_t>(w.key)].approved);
  PresenceTruth p(w.mine, w.layout, w.roster, kMidnight);
  const Time t = kMidnight + Seconds{3600};
  snapshots(p, w, t, 2, approved, w.key, true);  // exactly at the approved count: no alarm
  snapshots(p, w, t + Seconds{600}, 2, approved + 1, w.key, true);
  snapshots(p, w, t + Seconds{1200}, 1, approved, w.key, true);
  snapshots(p, w, t + Seconds{1500}, 1, approved * 13 / 10 + 1, w.key, true);  // within 5 min: same
  const auto found = of_kind(p.alarms(), AlarmKind::kPersonnelAreaOverLimit);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].start, t + Seconds{600});
  EXPECT_EQ(found[0].severity, Severity::kRed);
}

TEST(PresenceTruth, OvertimeStartsAtEntryPlusTheLimitRestrictedAtTheAreaEntry) {
  const World w;
  PresenceTruth p(w.mine, w.layout, w.roster, kMidnight);
  const Time entry = kMidnight;
  const Time in_restricted = kMidnight + Seconds{7200};
  for (int k = 0; k < 3; ++k) {
    const Time t = kMidnight + Seconds{10 * 3600 - 300 + 300 * k};  // 9:55, 10:00, 10:05
    p.begin_snapshot(t);
    p.person(w.crew[0], true, w.road, entry, entry);
    p.person(w.crew[1], true, w.layout.restricted_area, entry, in_restricted);
    p.end_snapshot();
  }
  const auto over = of_kind(p.alarms(), AlarmKind::kPersonnelOvertime);
  ASSERT_EQ(over.size(), 2u);  // both are underground past 10 h at 10:05
  EXPECT_EQ(over[0].start, entry + Seconds{36000});
  const auto restricted = of_kind(p.alarms(), AlarmKind::kPersonnelRestrictedArea);
  ASSERT_EQ(restricted.size(), 1u);
  EXPECT_EQ(restricted[0].start, in_restricted);
  EXPECT_EQ(restricted[0].subject,
            w.roster.workers[static_cast<std::size_t>(w.crew[1])].person.card);
}

TEST(PresenceTruth, AClosedMineWithAnyoneUndergroundIsActivity) {
  World w;
  w.mine.status = MineStatus::kClosed;
  PresenceTruth p(w.mine, w.layout, w.roster, kMidnight);
  snapshots(p, w, kMidnight, 2, 0, w.road, false);
  snapshots(p, w, kMidnight + Seconds{600}, 3, 1, w.road, false);
  const auto found = of_kind(p.alarms(), AlarmKind::kMineActivityWhileClosed);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].start, kMidnight + Seconds{600});
  EXPECT_EQ(found[0].severity, Severity::kRed);
}

}  // namespace
}  // namespace mw::sim
