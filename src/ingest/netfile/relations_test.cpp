#include "ingest/netfile/relations.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mw::netfile {
namespace {

TEST(Relations, ParsesAllSevenCodes) {
  const std::string text =
      "B-P1-甲烷:D-P2◇G-P3-风门:G-P4◇K-P5-控制:K-P6◇H-P7-保护:H-P8◇Z-P9-主备:Z-P10◇"
      "D-P11-断电:D-P12◇T-P13-调节:T-P14";
  const ParsedRelations r = parse_relations(text, RelationForm::kFull);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.relations.size(), 7u);
  const std::vector<RelationKind> kinds = {RelationKind::kInterlock,  RelationKind::kLinkedDoor,
                                           RelationKind::kControl,    RelationKind::kProtect,
                                           RelationKind::kMainBackup, RelationKind::kPowerCut,
                                           RelationKind::kRegulate};
  for (std::size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(r.relations[i].kind, kinds[i]) << i;
  EXPECT_EQ(r.relations[0].point, "P1");
  EXPECT_EQ(r.relations[0].name, "甲烷");
  EXPECT_EQ(r.relations[0].target, "P2");
  EXPECT_EQ(r.relations[0].target_code, 'D');
  EXPECT_EQ(r.relations[6].target, "P14");
}

TEST(Relations, CodeTableRoundTrips) {
  for (char c : std::string("BGKHZDT")) {
    const auto k = relation_kind_from_code(c);
    ASSERT_TRUE(k.has_value()) << c;
    EXPECT_EQ(relation_code(*k), c);
  }
  EXPECT_FALSE(relation_kind_from_code('X').has_value());
  EXPECT_EQ(relation_kind_name(RelationKind::kPowerCut), "power_cut");
}

TEST(Relations, MalformedGroupsAreReportedNotFatal) {
  const ParsedRelations r =
      parse_relations("X-P1-a:D-P2◇◇D-P3◇D-P4-name:Q-P5◇D-P6-ok:D-P7◇D-:◇", RelationForm::kFull);
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_EQ(r.relations[0].point, "P6");
  EXPECT_EQ(r.problems.size(), 6u);  // bad code, empty, no name, bad target, "D-:", trailing
}

TEST(Relations, IdOnlyForm) {
  const ParsedRelations r = parse_relations("D-1011◇D-1015◇D-1-x:D-2", RelationForm::kIdOnly);
  ASSERT_EQ(r.relations.size(), 2u);
  EXPECT_EQ(r.relations[1].point, "1015");
  EXPECT_EQ(r.relations[1].kind, RelationKind::kPowerCut);
  EXPECT_EQ(r.problems.size(), 1u);
}

TEST(Relations, NeverCrashesOnGarbage) {
  for (std::string_view s : {"-", "◇", "\xE2\x97", "D", "D-", ":", "D-a:b", "\xE2\x97\x87\xE2"}) {
    const ParsedRelations r = parse_relations(s, RelationForm::kFull);
    EXPECT_TRUE(r.relations.empty()) << s;
    EXPECT_FALSE(r.problems.empty()) << s;
  }
}

TEST(Track, IteratesPairsWithoutAllocating) {
  std::vector<std::string> stations;
  const int bad = for_each_track_point(
      "S1&2026-09-23 08:01:00,S2&2026-09-23 09:30:00", [&](const TrackPoint& p) {
        stations.emplace_back(p.station);
        if (stations.size() == 2) {
          EXPECT_EQ(p.time, *parse_china_time("2026-09-23 09:30:00"));
        }
      });
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(stations, (std::vector<std::string>{"S1", "S2"}));
}

TEST(Track, CountsMalformedPairs) {
  int good = 0;
  auto count = [&](const TrackPoint&) { ++good; };
  EXPECT_EQ(for_each_track_point("", count), 0);
  EXPECT_EQ(for_each_track_point("S1", count), 1);
  EXPECT_EQ(for_each_track_point("&2026-09-23 08:01:00", count), 1);
  EXPECT_EQ(for_each_track_point("S1&2026-13-23 08:01:00", count), 1);
  EXPECT_EQ(for_each_track_point("S1&2026-09-23 08:01:00,", count), 1);
  EXPECT_EQ(for_each_track_point("S1&2026-09-23 08:01:00,,S2&x", count), 2);
  EXPECT_EQ(good, 2);
}

}  // namespace
}  // namespace mw::netfile
