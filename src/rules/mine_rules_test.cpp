#include <gtest/gtest.h>

#include "rules/mine_rules_fixture.hpp"

namespace mw::rules {
namespace {

using namespace mine_testing;

TEST(MineRules, CountsDistinctCardsUndergroundOnly) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  std::vector<Presence> snap = crowd(1, 4, 1, local(8, 0));
  snap.push_back(snap[0]);  // listed twice
  Presence up = underground(9, 1, local(8, 0));
  up.flag = UndergroundFlag::kSurfaced;
  snap.push_back(up);
  up.card = card(10);
  up.flag = UndergroundFlag::kSurfacedZero;
  snap.push_back(up);
  rules.on_presence_snapshot(local(9, 0), snap);
  EXPECT_EQ(rules.people_underground(), 4u);
  EXPECT_EQ(rules.people_tracked(), 4u);
  rules.on_presence_snapshot(local(9, 5), {});  // an empty snapshot: nobody underground
  EXPECT_EQ(rules.people_underground(), 0u);
  EXPECT_EQ(rules.people_tracked(), 0u);
}

TEST(MineRules, DuplicateCardCountsOnceTowardsAnArea) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Area areas[] = {area(1, 5)};
  rules.on_areas(areas, local(7, 0));
  std::vector<Presence> snap = crowd(1, 5, 1, local(8, 0));
  snap.push_back(snap[2]);
  rules.on_presence_snapshot(local(9, 0), snap);
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelAreaOverLimit).empty());
}

TEST(MineRules, StaleSnapshotIsIgnored) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  rules.on_presence_snapshot(local(9, 5), crowd(1, 3, 1, local(8, 0)));
  rules.on_presence_snapshot(local(9, 0), crowd(1, 9, 1, local(8, 0)));
  rules.on_presence_snapshot(local(9, 5), crowd(1, 9, 1, local(8, 0)));
  EXPECT_EQ(rules.people_underground(), 3u);
  EXPECT_EQ(rules.stale_snapshots(), 2u);
}

TEST(MineRules, CardTooLongToTrackStillCountsAsAHead) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(MineStatus::kClosed), sink);
  Presence p = underground(1, 1, local(8, 0));
  p.card = std::string(40, '9');
  const Presence snap[] = {p};
  rules.on_presence_snapshot(local(9, 0), snap);
  EXPECT_EQ(rules.people_underground(), 1u);
  EXPECT_EQ(rules.untracked_cards(), 1u);
  EXPECT_EQ(sink.of(AlarmKind::kMineActivityWhileClosed).size(), 1u);
}

// Issue 4 budget: ≤ 64 bytes of rule state per person tracked, at any headcount (vector
// growth must not leave twice the records allocated) and after a shift has gone up.
TEST(MineRules, StateBytesPerPersonTracked) {
  struct Case {
    int peak;  // people during the shift change
    int kept;  // people still underground after it
  };
  const Case cases[] = {{2048, 2048}, {1100, 1100}, {1500, 1030}, {600, 70}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.peak) + " → " + std::to_string(c.kept));
    Recorder sink;
    MineRules rules(default_rule_pack(), mine(), sink);
    const Area areas[] = {area(1, 5000), area(2, 5000)};
    rules.on_areas(areas, local(7, 0));
    rules.on_presence_snapshot(local(8, 0), crowd(1, 2, 1, local(7, 30)));
    const std::size_t base = rules.state_bytes();
    // People arrive over a few snapshots, as a shift does, then some go up.
    for (int step = 1; step <= 8; ++step) {
      rules.on_presence_snapshot(local(8, step), crowd(1, c.peak * step / 8, 2, local(7, 30)));
    }
    rules.on_presence_snapshot(local(8, 10), crowd(1, c.kept, 2, local(7, 30)));
    ASSERT_EQ(rules.people_tracked(), static_cast<std::size_t>(c.kept));
    const double per_person =
        static_cast<double>(rules.state_bytes() - base) / static_cast<double>(c.kept - 2);
    std::printf("MineRules state: %.1f bytes per person tracked (%d people, peak %d)\n", per_person,
                c.kept, c.peak);
    EXPECT_LE(per_person, 64.0);
  }
}

}  // namespace
}  // namespace mw::rules
