#include <gtest/gtest.h>

#include <optional>

#include "rules/mine_rules_fixture.hpp"

namespace mw::rules {
namespace {

using namespace mine_testing;
using Edge = Finding::Edge;

constexpr const char* kCounter = "140421000111MN0301";

Sample counter_sample(Time t, const char* value, std::uint16_t status = 0) {
  return Sample{t, parse_decimal(value).value(), status};
}

TEST(ActivityWhileClosed, PeopleAgainstTheRegistryStatus) {
  struct Case {
    MineStatus status;
    std::uint32_t allowance;
    int people;
    bool expected;
  };
  const Case cases[] = {
      {MineStatus::kStopped, 10, 10, false},  // the maintenance crew is allowed
      {MineStatus::kStopped, 10, 11, true},
      {MineStatus::kStopped, 3, 4, true},  // the mine's own allowance
      {MineStatus::kClosed, 10, 0, false},
      {MineStatus::kClosed, 10, 1, true},  // nobody may be in a closed mine
      {MineStatus::kProducing, 10, 100, false},
      {MineStatus::kConstruction, 10, 100, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(mine_status_name(c.status)) + ", " + std::to_string(c.people));
    Recorder sink;
    Mine m = mine(c.status);
    m.maintenance_allowance = c.allowance;
    MineRules rules(default_rule_pack(), m, sink);
    rules.on_presence_snapshot(local(1, 0), crowd(1, c.people, 1, local(0, 30)));
    const auto raised = sink.of(AlarmKind::kMineActivityWhileClosed);
    if (!c.expected) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].subject, kMineCode);
    EXPECT_EQ(raised[0].start, local(1, 0));
    EXPECT_EQ(raised[0].severity, Severity::kRed);
    EXPECT_EQ(raised[0].peak, std::optional<double>(c.people));
    EXPECT_EQ(raised[0].rule, "coal.mine.activity_while_closed");
    EXPECT_EQ(raised[0].evidence[0].value, std::to_string(c.people));
  }
}

TEST(ActivityWhileClosed, OneEpisodeUpdatedOnANewPeakClearedWhenEmpty) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(MineStatus::kClosed), sink);
  rules.on_presence_snapshot(local(1, 0), crowd(1, 12, 1, local(0, 30)));
  rules.on_presence_snapshot(local(1, 5), crowd(1, 12, 1, local(0, 30)));
  rules.on_presence_snapshot(local(1, 10), crowd(1, 77, 1, local(0, 30)));
  rules.on_presence_snapshot(local(1, 15), crowd(1, 0, 1, local(0, 30)));
  const auto raised = sink.of(AlarmKind::kMineActivityWhileClosed);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[1].start, local(1, 0));
  EXPECT_EQ(raised[1].peak, std::optional<double>(77));
  const auto cleared = sink.of(AlarmKind::kMineActivityWhileClosed, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(1, 15));
}

TEST(ActivityWhileClosed, RisingOutputCounter) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(MineStatus::kStopped), sink);
  rules.on_output_counter(kCounter, counter_sample(local(2, 0), "1520.5"));
  rules.on_output_counter(kCounter, counter_sample(local(2, 1), "1520.5"));  // flat
  rules.on_output_counter(kCounter, counter_sample(local(2, 2), "1600.0", kStatusCalibrating));
  EXPECT_TRUE(sink.findings.empty());
  rules.on_output_counter(kCounter, counter_sample(local(2, 3), "1521.0"));
  rules.on_output_counter(kCounter, counter_sample(local(2, 4), "1522.0"));  // same episode
  const auto raised = sink.of(AlarmKind::kMineActivityWhileClosed);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].start, local(2, 3));
  EXPECT_EQ(raised[0].evidence[0].subject, kCounter);
  EXPECT_EQ(raised[0].evidence[0].value, "1521.0");
  rules.on_output_counter(kCounter, counter_sample(local(2, 5), "1522.0"));
  const auto cleared = sink.of(AlarmKind::kMineActivityWhileClosed, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(2, 5));
}

TEST(ActivityWhileClosed, CounterOfAProducingMineIsIgnored) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  rules.on_output_counter(kCounter, counter_sample(local(2, 0), "10"));
  rules.on_output_counter(kCounter, counter_sample(local(2, 1), "20"));
  EXPECT_TRUE(sink.findings.empty());
}

TEST(UploadGap, EdgesOfFiveAndSixtyMinutes) {
  struct Case {
    Seconds silence;
    std::optional<Severity> expected;
  };
  const Case cases[] = {
      {Seconds(300), std::nullopt},
      {Seconds(301), Severity::kYellow},
      {Seconds(3600), Severity::kYellow},
      {Seconds(3601), Severity::kOrange},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.silence.count());
    Recorder sink;
    MineRules rules(default_rule_pack(), mine(), sink);
    rules.on_realtime_file(local(10, 0));
    rules.advance(local(10, 0) + c.silence);
    EXPECT_EQ(rules.in_upload_gap(), c.expected.has_value());
    const auto raised = sink.of(AlarmKind::kMineUploadGap);
    if (!c.expected) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].subject, kMineCode);
    EXPECT_EQ(raised[0].start, local(10, 5));
    EXPECT_EQ(raised[0].severity, *c.expected);
    EXPECT_EQ(raised[0].rule, "coal.mine.upload_gap");
  }
}

TEST(UploadGap, EscalatesOnceAndTheNextFileClearsIt) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  rules.advance(local(9, 0));  // nothing received yet: no gap to measure
  rules.on_realtime_file(local(10, 0));
  for (int m = 1; m <= 70; ++m) rules.advance(local(10, m));
  rules.on_realtime_file(local(11, 12));
  EXPECT_FALSE(rules.in_upload_gap());
  rules.advance(local(11, 13));

  const auto raised = sink.of(AlarmKind::kMineUploadGap);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].severity, Severity::kYellow);
  EXPECT_EQ(raised[0].time, local(10, 6));
  EXPECT_EQ(raised[1].severity, Severity::kOrange);
  EXPECT_EQ(raised[1].time, local(11, 1));
  EXPECT_EQ(raised[1].start, local(10, 5));
  const auto cleared = sink.of(AlarmKind::kMineUploadGap, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, local(11, 12));
}

TEST(UploadGap, AStaleFileNeitherClearsNorMovesTheClockBack) {
  Recorder sink;
  MineRules rules(default_rule_pack(), mine(), sink);
  rules.on_realtime_file(local(10, 0));
  rules.advance(local(10, 10));
  rules.on_realtime_file(local(9, 50));
  EXPECT_TRUE(rules.in_upload_gap());
  EXPECT_TRUE(sink.of(AlarmKind::kMineUploadGap, Edge::kClear).empty());
}

}  // namespace
}  // namespace mw::rules
