// gas.alarm, gas.co_alarm, gas.power_cut_failed at their exact edges (rules.md part B).

#include <gtest/gtest.h>

#include <optional>

#include "rules/point_rules.hpp"
#include "rules/point_rules_fixture.hpp"

namespace mw::rules {
namespace {

using testing::at;
using testing::Harness;
using testing::kBreaker;
using testing::kCh4;
using testing::kCo;
using testing::kFeed;
using testing::kMine;
using testing::methane_def;

using Edge = Finding::Edge;

struct LevelCase {
  const char* point;
  const char* value;
  std::uint16_t status;
  std::optional<Severity> want;  // nullopt: no alarm
};

TEST(GasRules, OpensAtTheExactThresholds) {
  const LevelCase cases[] = {
      // Methane at a coal face: alarm ≥ 1.0, cut (red) ≥ 1.5 (规程第498条 表19).
      {kCh4, "0.99", 0, std::nullopt},
      {kCh4, "1.00", 0, Severity::kOrange},
      {kCh4, "1.49", 0, Severity::kOrange},
      {kCh4, "1.50", 0, Severity::kRed},
      {kCh4, "2.00", kStatusCalibrating, std::nullopt},
      {kCh4, "2.00", kStatusSensorFault, std::nullopt},
      {kCh4, "1.20", kStatusAlarm, Severity::kOrange},
      // CO: 24 ppm (规程第135条), red at 2 × 24.
      {kCo, "23", 0, std::nullopt},
      {kCo, "23.9", 0, std::nullopt},
      {kCo, "24", 0, Severity::kOrange},
      {kCo, "47", 0, Severity::kOrange},
      {kCo, "48", 0, Severity::kRed},
      {kCo, "60", kStatusCalibrating, std::nullopt},
  };
  for (const LevelCase& c : cases) {
    SCOPED_TRACE(std::string(c.point) + " " + c.value + " status " + std::to_string(c.status));
    Harness h;
    h.sample(c.point, at(0), c.value, c.status);
    const AlarmKind kind = c.point == kCo ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm;
    const auto raised = h.sink.of(kind);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].severity, *c.want);
    EXPECT_EQ(raised[0].start, at(0));
    EXPECT_EQ(raised[0].subject, c.point);
    EXPECT_EQ(raised[0].mine, kMine);
    EXPECT_DOUBLE_EQ(raised[0].peak.value(), testing::dec(c.value).to_double());
  }
}

TEST(GasRules, RuleIdAndEvidenceNameTheClassAndItsSource) {
  Harness h;
  h.sample(kCh4, at(0), "1.02");
  const auto raised = h.sink.of(AlarmKind::kGasAlarm);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].rule, "coal.ch4.coal_face");
  ASSERT_EQ(raised[0].evidence.size(), 2u);
  EXPECT_EQ(raised[0].evidence[0].value, "1.02");
  EXPECT_EQ(raised[0].evidence[0].time, at(0));
  EXPECT_EQ(raised[0].evidence[1].value, "1.00");
  EXPECT_NE(raised[0].evidence[1].note.find("第498条"), std::string::npos)
      << raised[0].evidence[1].note;
}

TEST(GasRules, StricterMineThresholdWinsAndIsNamedAsTheSource) {
  Harness h({methane_def("1201采煤工作面", "0.80", "1.20", "0.80")});
  h.sample(kCh4, at(0), "0.79");
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm).empty());
  h.sample(kCh4, at(1), "0.80");
  const auto raised = h.sink.of(AlarmKind::kGasAlarm);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_NE(raised[0].evidence[1].note.find("CDDY"), std::string::npos);
  h.sample(kCh4, at(2), "1.20");
  ASSERT_EQ(h.sink.of(AlarmKind::kGasAlarm).size(), 2u);
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm)[1].severity, Severity::kRed);
}

TEST(GasRules, EscalatesOnceKeepsStartAndClearsUnderTheThreshold) {
  Harness h;
  h.sample(kCh4, at(0), "1.10");
  h.sample(kCh4, at(1), "1.30");  // new peak: an update
  h.sample(kCh4, at(2), "1.62");  // escalation
  h.sample(kCh4, at(3), "1.70");  // new peak
  h.sample(kCh4, at(4), "1.55");
  h.sample(kCh4, at(5), "1.00");  // still ≥ the clear level 1.00
  h.sample(kCh4, at(6), "0.99");  // under: the episode ends
  const auto raised = h.sink.of(AlarmKind::kGasAlarm);
  ASSERT_EQ(raised.size(), 4u);
  EXPECT_EQ(raised[0].severity, Severity::kOrange);
  EXPECT_EQ(raised[2].severity, Severity::kRed);
  EXPECT_EQ(raised[2].time, at(2));
  EXPECT_EQ(raised[2].evidence[0].value, "1.62");
  EXPECT_EQ(raised[2].evidence[1].value, "1.50");
  for (const Finding& f : raised) EXPECT_EQ(f.start, at(0));
  EXPECT_DOUBLE_EQ(raised[3].peak.value(), 1.70);
  const auto cleared = h.sink.of(AlarmKind::kGasAlarm, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, at(6));
  EXPECT_DOUBLE_EQ(cleared[0].peak.value(), 1.70);
  // A new excursion is a new raise (the alarms module merges flaps).
  h.sample(kCh4, at(7), "1.01");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm).size(), 5u);
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm)[4].start, at(7));
}

TEST(GasRules, CalibratingOrFaultySamplesNeitherRaiseNorClear) {
  Harness h;
  h.sample(kCh4, at(0), "1.20");
  h.sample(kCh4, at(1), "0.00", kStatusCalibrating);
  h.sample(kCh4, at(2), "0.10", kStatusSensorFault);
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).empty());
  h.sample(kCh4, at(3), "0.50");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).size(), 1u);
}

TEST(GasRules, StaleSamplesAreIgnored) {
  Harness h;
  h.sample(kCh4, at(5), "0.20");
  h.sample(kCh4, at(4), "1.20");  // older than the latest: not applied
  h.sample(kCh4, at(5), "1.20");  // same time again: not applied
  EXPECT_TRUE(h.sink.findings.empty());
}

TEST(GasRules, CoUsesTheMinesStricterThreshold) {
  Harness h({testing::co_def("20")});
  h.sample(kCo, at(0), "19");
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasCoAlarm).empty());
  h.sample(kCo, at(1), "20");
  ASSERT_EQ(h.sink.of(AlarmKind::kGasCoAlarm).size(), 1u);
  h.sample(kCo, at(2), "40");  // red at 2 × the effective limit
  EXPECT_EQ(h.sink.of(AlarmKind::kGasCoAlarm).back().severity, Severity::kRed);
  h.sample(kCo, at(3), "19");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasCoAlarm, Edge::kClear).size(), 1u);
}

struct FeedCase {
  const char* name;
  const char* feed;  // which linked point reports
  int feed_second;   // seconds after the cut sample
  const char* feed_value;
  bool want;
};

TEST(GasRules, PowerCutFailedWhenALinkedFeedStillShowsPowerWithin60s) {
  const FeedCase cases[] = {
      {"feed on 30 s later", kFeed, 30, "1", true},
      {"feed on at exactly 60 s", kFeed, 60, "1", true},
      {"feed cut to 0 within 60 s", kFeed, 30, "0", false},
      {"feed on only before the cut", kFeed, -10, "1", false},
      {"feed on at the cut sample's second", kFeed, 0, "1", true},
      {"only at 61 s: outside the window", kFeed, 61, "1", false},
      {"breaker not in the D relation", kBreaker, 30, "1", false},
  };
  for (const FeedCase& c : cases) {
    SCOPED_TRACE(c.name);
    Harness h;
    h.sample(kCh4, at(0), "1.40");
    h.sample(c.feed, at(0, -20), "1");  // before the cut: not evidence
    h.sample(kCh4, at(1), "1.60");      // first ≥ cut at t = at(1)
    h.sample(c.feed, at(1, c.feed_second), c.feed_value);
    h.rules.on_realtime_file_end(at(1, c.feed_second));
    h.rules.advance(at(2, 30));
    const auto raised = h.sink.of(AlarmKind::kGasPowerCutFailed);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, at(1));
    EXPECT_EQ(raised[0].severity, Severity::kRed);
    EXPECT_EQ(raised[0].rule, "coal.gas.power_cut_failed");
    ASSERT_EQ(raised[0].evidence.size(), 3u);
    EXPECT_EQ(raised[0].evidence[0].value, "1.60");
    EXPECT_EQ(raised[0].evidence[1].value, "1.50");
    EXPECT_EQ(raised[0].evidence[2].subject, kFeed);
    EXPECT_EQ(raised[0].evidence[2].time, at(1, c.feed_second));
  }
}

TEST(GasRules, PowerCutCheckWaitsForTheWindowAndUsesTheLatestSampleInIt) {
  Harness h;
  h.sample(kCh4, at(0), "1.60");
  h.sample(kFeed, at(0, 20), "1");
  h.rules.advance(at(1));  // the window [t, t + 60 s] has not ended
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasPowerCutFailed).empty());
  h.sample(kFeed, at(0, 50), "0");  // the latest in the window shows the cut
  h.sample(kFeed, at(1, 10), "1");  // after the window: decided before this applies
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasPowerCutFailed).empty());
}

TEST(GasRules, PowerCutFailedClearsWithTheGasEpisode) {
  Harness h;
  h.sample(kCh4, at(0), "1.60");
  h.sample(kFeed, at(0, 30), "1");
  h.sample(kCh4, at(1, 1), "1.55");  // past the deadline: the check is decided first
  ASSERT_EQ(h.sink.of(AlarmKind::kGasPowerCutFailed).size(), 1u);
  h.sample(kCh4, at(2), "0.40");
  const auto cleared = h.sink.of(AlarmKind::kGasPowerCutFailed, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, at(2));
}

TEST(GasRules, PowerCutFailedAfterTheGasEpisodeEndedClosesAtTheWindowEnd) {
  Harness h;
  h.sample(kCh4, at(0), "1.60");
  h.sample(kFeed, at(0, 20), "1");
  h.sample(kCh4, at(0, 40), "0.50");  // the gas episode ends inside the check window
  h.rules.advance(at(2));
  ASSERT_EQ(h.sink.of(AlarmKind::kGasPowerCutFailed).size(), 1u);
  const auto cleared = h.sink.of(AlarmKind::kGasPowerCutFailed, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, at(1));
}

TEST(GasRules, ResentDefinitionsKeepAnOpenEpisode) {
  Harness h;
  h.sample(kCh4, at(0), "1.20");
  const std::vector<PointDef> same = {methane_def(), testing::co_def(),
                                      testing::switch_def(kFeed, 1011)};
  h.rules.on_point_defs(same, at(1));
  h.sample(kCh4, at(2), "1.10");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm).size(), 1u);  // no second opening
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).empty());
  h.sample(kCh4, at(3), "0.90");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).size(), 1u);
}

TEST(GasRules, NoPowerCutCheckWithoutARelation) {
  Harness h({methane_def("1201采煤工作面", "1.00", "1.50", "1.00", false),
             testing::switch_def(kFeed, 1011)});
  h.sample(kCh4, at(0), "1.60");
  h.sample(kFeed, at(0, 30), "1");
  h.rules.advance(at(5));
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasPowerCutFailed).empty());
  // The missing relation is a configuration finding instead.
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorThresholdMisconfigured).size(), 1u);
}

TEST(GasRules, UnclassifiedPointUsesItsOwnThresholds) {
  Harness h({methane_def("地面机房", "0.80", "1.10", "0.70")});
  EXPECT_EQ(h.rules.unclassified_count(), 1u);
  h.sample(kCh4, at(0), "0.80");
  const auto raised = h.sink.of(AlarmKind::kGasAlarm);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].rule, "coal.ch4.unclassified");
  h.sample(kCh4, at(1), "0.75");  // under the alarm, over the restore 0.70: still open
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).empty());
  h.sample(kCh4, at(2), "0.69");
  EXPECT_EQ(h.sink.of(AlarmKind::kGasAlarm, Edge::kClear).size(), 1u);
}

TEST(GasRules, RemovedPointEndsItsEpisodes) {
  Harness h;
  h.sample(kCh4, at(0), "1.20");
  const std::vector<PointDef> without = {testing::co_def()};
  h.rules.on_point_defs(without, at(10));
  const auto cleared = h.sink.of(AlarmKind::kGasAlarm, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, at(10));
  EXPECT_EQ(h.rules.point_count(), 1u);
}

// rules.md part B inhibition: a backlog uploaded after an upload gap, dated inside it, raises
// nothing; the gap runs from its start (not from when it was noticed) to the gap time before
// the file that ended it, so that file's own freshly polled samples still count.
TEST(GasRules, SamplesDatedInsideAnUploadGapRaiseNothing) {
  Harness h;
  h.minutes(kCh4, 0, 5, "0.30");
  h.rules.set_upload_gap(true, at(10));   // last file 10:05 + 5 min, noticed later
  h.rules.set_upload_gap(false, at(40));  // the file of 10:40 ends it
  h.sample(kCh4, at(10), "1.80");         // backlog from the gap's first second
  h.sample(kCh4, at(34, 59), "1.80");     // and its last one
  EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm).empty());
  h.sample(kCh4, at(35), "1.20");  // polled within the gap time before the resuming file
  const auto raised = h.sink.of(AlarmKind::kGasAlarm);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].start, at(35));
}

TEST(GasRules, SamplesBeforeAnUploadGapStartStillRaise) {
  Harness h;
  h.rules.set_upload_gap(true, at(10));
  h.rules.set_upload_gap(false, at(40));
  h.sample(kCh4, at(9, 59), "1.20");  // late, but dated before the gap began
  ASSERT_EQ(h.sink.of(AlarmKind::kGasAlarm).size(), 1u);
}

}  // namespace
}  // namespace mw::rules
