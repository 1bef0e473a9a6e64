#include <gtest/gtest.h>

#include <optional>

#include "rules/mine_rules_fixture.hpp"

namespace mw::rules {
namespace {

using namespace mine_testing;
using Edge = Finding::Edge;

TEST(AreaOverLimit, EdgesOfApprovedAndTwentyPercent) {
  struct Case {
    std::uint32_t approved;
    int people;
    std::optional<Severity> expected;  // nullopt: no finding
  };
  const Case cases[] = {
      {5, 5, std::nullopt},                                 // exactly approved: fine
      {5, 6, Severity::kOrange},                            // over approved
      {5, 7, Severity::kRed},                               // 7 > 1.2 × 5 = 6
      {10, 12, Severity::kOrange},                          // 12 is not > 1.2 × 10
      {10, 13, Severity::kRed},    {0, 100, std::nullopt},  // no approved headcount set
      {1, 2, Severity::kRed},                               // 2 > 1.2
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.approved) + " approved, " + std::to_string(c.people) + " in");
    Recorder sink;
    MineRules rules(default_rule_pack(), mine(), sink);
    const Area areas[] = {area(1, c.approved), area(2, 50)};
    rules.on_areas(areas, local(7, 0));
    auto snap = crowd(1, c.people, 1, local(7, 30));
    const auto others = crowd(500, 3, 2, local(7, 30));  // another area, within its limit
    snap.insert(snap.end(), others.begin(), others.end());
    rules.on_presence_snapshot(local(9, 0), snap);

    const auto raised = sink.of(AlarmKind::kPersonnelAreaOverLimit);
    if (!c.expected) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    const Finding& f = raised[0];
    EXPECT_EQ(f.severity, *c.expected);
    EXPECT_EQ(f.subject, area_code(1));
    EXPECT_EQ(f.mine, kMineCode);
    EXPECT_EQ(f.start, local(9, 0));
    EXPECT_EQ(f.rule, "coal.personnel.area_over_limit");
    EXPECT_EQ(f.peak, std::optional<double>(c.people));
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence[0].value, std::to_string(c.people));
    EXPECT_EQ(f.evidence.size(), 1u + static_cast<std::size_t>(c.people));  // count + cards
  }
}

TEST(AreaOverLimit, EscalatesOnceKeepsStartAndClearsAtOrUnderApproved) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Area areas[] = {area(1, 5)};
  rules.on_areas(areas, local(7, 0));
  rules.on_presence_snapshot(local(9, 0), crowd(1, 6, 1, local(8, 0)));
  rules.on_presence_snapshot(local(9, 5), crowd(1, 7, 1, local(8, 0)));
  rules.on_presence_snapshot(local(9, 10), crowd(1, 7, 1, local(8, 0)));  // nothing new
  rules.on_presence_snapshot(local(9, 15), crowd(1, 6, 1, local(8, 0)));  // still over
  rules.on_presence_snapshot(local(9, 20), crowd(1, 5, 1, local(8, 0)));

  const auto raised = sink.of(AlarmKind::kPersonnelAreaOverLimit);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].severity, Severity::kOrange);
  EXPECT_EQ(raised[1].severity, Severity::kRed);
  EXPECT_EQ(raised[1].start, local(9, 0));
  EXPECT_EQ(raised[1].time, local(9, 5));
  const auto cleared = sink.of(AlarmKind::kPersonnelAreaOverLimit, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(9, 20));
}

TEST(AreaOverLimit, EvidenceListsAtMostTwentyCards) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Area areas[] = {area(1, 5)};
  rules.on_areas(areas, local(7, 0));
  rules.on_presence_snapshot(local(9, 0), crowd(1, 30, 1, local(8, 0)));
  const auto raised = sink.of(AlarmKind::kPersonnelAreaOverLimit);
  ASSERT_EQ(raised.size(), 1u);
  const auto& ev = raised[0].evidence;
  ASSERT_EQ(ev.size(), 1u + 20u + 1u);  // count, 20 cards, "10 more"
  EXPECT_EQ(ev[1].subject, card(1));
  EXPECT_EQ(ev.back().value, "10");
}

TEST(AreaOverLimit, AreaDroppedFromDefinitionsClosesItsEpisode) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Area before[] = {area(1, 5), area(2, 5)};
  rules.on_areas(before, local(7, 0));
  rules.on_presence_snapshot(local(9, 0), crowd(1, 6, 1, local(8, 0)));
  const Area after[] = {area(2, 5)};
  rules.on_areas(after, local(9, 2));
  const auto cleared = sink.of(AlarmKind::kPersonnelAreaOverLimit, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].subject, area_code(1));
  EXPECT_EQ(cleared[0].time, local(9, 2));
}

TEST(Overtime, EdgeAtTheMinesLimit) {
  struct Case {
    int limit_hours;
    Seconds underground;
    bool expected;
  };
  const Case cases[] = {
      {10, std::chrono::hours(9) + std::chrono::minutes(59), false},
      {10, std::chrono::hours(10), true},
      {10, std::chrono::hours(10) + std::chrono::minutes(3), true},
      {8, std::chrono::hours(7) + std::chrono::minutes(59) + Seconds(59), false},
      {8, std::chrono::hours(8), true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.limit_hours) + " h limit, " +
                 std::to_string(c.underground.count()) + " s underground");
    Recorder sink;
    Mine m = mine();
    m.overtime_hours = Decimal{c.limit_hours, 0};
    MineRules rules(default_rule_pack(), m, sink);
    const Time entry = local(6, 10);
    const Presence people[] = {underground(7, 1, entry), underground(8, 1, entry + Seconds(3600))};
    rules.on_presence_snapshot(entry + c.underground, people);
    const auto raised = sink.of(AlarmKind::kPersonnelOvertime);
    if (!c.expected) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);  // card 8 entered an hour later
    EXPECT_EQ(raised[0].subject, card(7));
    EXPECT_EQ(raised[0].start, entry + std::chrono::hours(c.limit_hours));
    EXPECT_EQ(raised[0].severity, Severity::kYellow);
    EXPECT_EQ(raised[0].rule, "coal.personnel.overtime");
  }
}

TEST(Overtime, OneEpisodePerStayClearedWhenThePersonSurfaces) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Time entry = local(6, 0);
  const Presence p = underground(7, 1, entry);
  for (int m = 0; m <= 20; m += 5) {
    const Presence snap[] = {p};
    rules.on_presence_snapshot(local(16, m), snap);
  }
  Presence up = p;
  up.flag = UndergroundFlag::kSurfaced;  // stays listed with flag 2 after coming up
  const Presence last[] = {up};
  rules.on_presence_snapshot(local(16, 25), last);

  ASSERT_EQ(sink.of(AlarmKind::kPersonnelOvertime).size(), 1u);
  const auto cleared = sink.of(AlarmKind::kPersonnelOvertime, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].subject, card(7));
  EXPECT_EQ(cleared[0].time, local(16, 25));
  EXPECT_EQ(rules.people_underground(), 0u);
}

TEST(RestrictedArea, StartsWhenEnteringAndEndsWhenLeaving) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Area areas[] = {area(1, 50), area(9, 0, AreaType::kRestricted)};
  rules.on_areas(areas, local(7, 0));
  Presence p = underground(7, 1, local(8, 0));
  const Presence s1[] = {p};
  rules.on_presence_snapshot(local(9, 0), s1);
  p.area = area_code(9);
  p.area_entry_time = local(9, 2, 30);
  const Presence s2[] = {p};
  rules.on_presence_snapshot(local(9, 5), s2);
  rules.on_presence_snapshot(local(9, 10), s2);  // still there: no duplicate
  p.area = area_code(1);
  p.area_entry_time = local(9, 12);
  const Presence s3[] = {p};
  rules.on_presence_snapshot(local(9, 15), s3);

  const auto raised = sink.of(AlarmKind::kPersonnelRestrictedArea);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].subject, card(7));
  EXPECT_EQ(raised[0].start, local(9, 2, 30));
  EXPECT_EQ(raised[0].time, local(9, 5));
  EXPECT_EQ(raised[0].severity, Severity::kOrange);
  const auto cleared = sink.of(AlarmKind::kPersonnelRestrictedArea, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(9, 15));
}

TEST(RestrictedArea, AreaTypeWrittenInsteadOfCodeAndOnlyRestrictedTypes) {
  struct Case {
    const char* area_field;
    bool expected;
  };
  const Case cases[] = {{"限制区域", true}, {"重点区域", false}, {"其它区域", false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.area_field);
    Recorder sink;
    MineRules rules(default_rule_pack(), mine(), sink);
    Presence p = underground(7, 1, local(8, 0));
    p.area = c.area_field;  // n-variant RYSS (netfile.md §3)
    const Presence snap[] = {p};
    rules.on_presence_snapshot(local(9, 0), snap);
    EXPECT_EQ(sink.of(AlarmKind::kPersonnelRestrictedArea).size(), c.expected ? 1u : 0u);
  }
}

TEST(Sos, RedAtItsStartOnceAndClosedByItsEnd) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Presence p = underground(7, 1, local(8, 0));
  rules.on_sos(p, local(9, 1));
  rules.on_sos(p, local(9, 1));  // the next RYQJ file repeats it
  rules.on_sos(p, local(9, 1), local(9, 4));
  rules.on_sos(p, local(9, 1), local(9, 4));  // resent after the end: not a new SOS

  const auto raised = sink.of(AlarmKind::kPersonnelSos);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].subject, card(7));
  EXPECT_EQ(raised[0].start, local(9, 1));
  EXPECT_EQ(raised[0].severity, Severity::kRed);
  EXPECT_EQ(raised[0].rule, "coal.personnel.sos");
  const auto cleared = sink.of(AlarmKind::kPersonnelSos, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(9, 4));

  rules.on_sos(p, local(11, 0));  // a later, new SOS of the same person
  EXPECT_EQ(sink.of(AlarmKind::kPersonnelSos).size(), 2u);
}

TEST(Sos, WithoutAnEndClosesWhenThePersonIsNoLongerUnderground) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  const Presence p = underground(7, 1, local(8, 0));
  const Presence with[] = {p, underground(8, 1, local(8, 0))};
  const Presence without[] = {underground(8, 1, local(8, 0))};
  rules.on_presence_snapshot(local(9, 0), with);
  rules.on_sos(p, local(9, 2));
  rules.on_presence_snapshot(local(9, 5), with);
  EXPECT_TRUE(sink.of(AlarmKind::kPersonnelSos, Edge::kClear).empty());
  rules.on_presence_snapshot(local(9, 10), without);
  const auto cleared = sink.of(AlarmKind::kPersonnelSos, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(9, 10));
}

}  // namespace
}  // namespace mw::rules
