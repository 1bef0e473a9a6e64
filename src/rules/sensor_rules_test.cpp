// sensor.threshold_misconfigured, sensor.fault, sensor.flatline,
// sensor.calibration_suspicious at their exact edges (rules.md part B), and the state budget.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/point_rules.hpp"
#include "rules/point_rules_fixture.hpp"

namespace mw::rules {
namespace {

using testing::at;
using testing::Harness;
using testing::kCh4;
using testing::kCo;
using testing::kFeed;
using testing::methane_def;

using Edge = Finding::Edge;

TEST(SensorRules, ThresholdMisconfiguredAtTheCddyTime) {
  struct Case {
    const char* name;
    PointDef def;
    bool want;
  };
  const Case cases[] = {
      {"compliant", methane_def(), false},
      {"stricter", methane_def("1201采煤工作面", "0.80", "1.20", "0.80"), false},
      {"alarm looser", methane_def("1201采煤工作面", "1.01", "1.50", "1.00"), true},
      {"cut looser", methane_def("1201采煤工作面", "1.00", "1.60", "1.00"), true},
      {"restore looser", methane_def("1201采煤工作面", "1.00", "1.50", "1.20"), true},
      {"restore missing is only advisory", methane_def("1201采煤工作面", "1.00", "1.50", nullptr),
       false},
      {"no D relation", methane_def("1201采煤工作面", "1.00", "1.50", "1.00", false), true},
      {"unclassified is never judged", methane_def("地面机房", "3.00", "4.00", "3.00", false),
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Harness h({c.def, testing::switch_def(kFeed, 1011)});
    const auto raised = h.sink.of(AlarmKind::kSensorThresholdMisconfigured);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, c.def.time);
    EXPECT_EQ(raised[0].severity, Severity::kOrange);
    EXPECT_EQ(raised[0].rule, "coal.ch4.coal_face");
    EXPECT_FALSE(raised[0].evidence.empty());
  }
}

TEST(SensorRules, ThresholdMisconfiguredRaisedOnceAndClearedWhenFixed) {
  Harness h(
      {methane_def("1201采煤工作面", "1.20", "1.50", "1.00"), testing::switch_def(kFeed, 1011)});
  std::vector<PointDef> again = {methane_def("1201采煤工作面", "1.20", "1.50", "1.00"),
                                 testing::switch_def(kFeed, 1011)};
  h.rules.on_point_defs(again, at(0));
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorThresholdMisconfigured).size(), 1u);
  std::vector<PointDef> fixed = {methane_def(), testing::switch_def(kFeed, 1011)};
  fixed[0].time = at(30);
  h.rules.on_point_defs(fixed, at(30));
  const auto cleared = h.sink.of(AlarmKind::kSensorThresholdMisconfigured, Edge::kClear);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].time, at(30));
}

TEST(SensorRules, FaultNeedsTenMinutesOfFaultySamples) {
  struct Case {
    int last_faulty_minute;
    std::uint16_t status;
    bool want;
  };
  const Case cases[] = {
      {9, kStatusSensorFault, false},     {10, kStatusSensorFault, true},
      {10, kStatusOutstationFault, true}, {10, kStatusOverRange, true},
      {10, kStatusCalibrating, false},    {10, kStatusNotPolled, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.last_faulty_minute) + " min, status " + std::to_string(c.status));
    Harness h;
    h.minutes(kCo, 0, c.last_faulty_minute, "0", c.status);
    h.sample(kCo, at(c.last_faulty_minute + 1), "3");
    const auto raised = h.sink.of(AlarmKind::kSensorFault);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, at(0));
    EXPECT_EQ(raised[0].time, at(10));
    EXPECT_EQ(raised[0].severity, Severity::kYellow);
    EXPECT_EQ(raised[0].rule, "coal.sensor.fault");
    const auto cleared = h.sink.of(AlarmKind::kSensorFault, Edge::kClear);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].time, at(c.last_faulty_minute + 1));
  }
}

TEST(SensorRules, FaultRunIsNotCarriedAcrossAnUploadGap) {
  Harness h;
  h.minutes(kCo, 0, 5, "0", kStatusSensorFault);
  h.rules.set_upload_gap(true, at(10));
  h.rules.set_upload_gap(false, at(30));
  h.minutes(kCo, 31, 40, "0", kStatusSensorFault);  // 9 min since the gap
  EXPECT_TRUE(h.sink.of(AlarmKind::kSensorFault).empty());
  h.minutes(kCo, 41, 41, "0", kStatusSensorFault);
  ASSERT_EQ(h.sink.of(AlarmKind::kSensorFault).size(), 1u);
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorFault)[0].start, at(31));
}

TEST(SensorRules, CalibrationOverSixtyMinutesIsSuspicious) {
  struct Case {
    int flagged_minutes;  // flagged samples at minutes 0 .. n−1, normal at n
    bool want;
  };
  for (const Case c : {Case{60, false}, Case{61, true}}) {
    SCOPED_TRACE(c.flagged_minutes);
    Harness h;
    h.minutes(kCh4, 0, c.flagged_minutes - 1, "0.00", kStatusCalibrating);
    h.minutes(kCh4, c.flagged_minutes, c.flagged_minutes + 2, "0.10");
    EXPECT_TRUE(h.sink.of(AlarmKind::kGasAlarm).empty());
    const auto raised = h.sink.of(AlarmKind::kSensorCalibrationSuspicious);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, at(0));
    EXPECT_EQ(raised[0].severity, Severity::kOrange);
    EXPECT_EQ(h.sink.of(AlarmKind::kSensorCalibrationSuspicious, Edge::kClear).size(), 1u);
  }
}

TEST(SensorRules, CalibrationTimeAddsUpWithin24Hours) {
  Harness h;
  h.minutes(kCh4, 0, 39, "0.00", kStatusCalibrating);  // 40 min
  h.minutes(kCh4, 40, 40, "0.10");
  h.minutes(kCh4, 600, 620, "0.00", kStatusCalibrating);  // 21 min: 61 in all
  EXPECT_TRUE(h.sink.of(AlarmKind::kSensorCalibrationSuspicious).empty());
  h.minutes(kCh4, 621, 621, "0.10");
  const auto raised = h.sink.of(AlarmKind::kSensorCalibrationSuspicious);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].start, at(600));
  EXPECT_EQ(raised[0].evidence.size(), 2u);
}

TEST(SensorRules, ThirdCalibrationWithin24HoursIsSuspicious) {
  struct Case {
    int third_start;  // minutes; the first two start at 0 and 120 (5 min each)
    bool want;
  };
  for (const Case c : {Case{300, true}, Case{24 * 60 + 6, false}}) {
    SCOPED_TRACE(c.third_start);
    Harness h;
    for (const int start : {0, 120, c.third_start}) {
      h.minutes(kCh4, start, start + 4, "0.00", kStatusCalibrating);
      h.minutes(kCh4, start + 5, start + 5, "0.10");
    }
    const auto raised = h.sink.of(AlarmKind::kSensorCalibrationSuspicious);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, at(c.third_start));
    EXPECT_EQ(raised[0].time, at(c.third_start));
    const auto cleared = h.sink.of(AlarmKind::kSensorCalibrationSuspicious, Edge::kClear);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].time, at(c.third_start + 5));
  }
}

TEST(SensorRules, FlatlineAt240MinutesWithPeopleUnderground) {
  struct Case {
    const char* location;
    int last_minute;  // the same value at minutes 0 .. last (one sample a minute)
    std::uint32_t people;
    bool want;
  };
  const Case cases[] = {
      {"1201采煤工作面", 239, 5, false}, {"1201采煤工作面", 240, 5, true},
      {"1201采煤工作面", 240, 4, false}, {"1201掘进工作面", 240, 5, true},
      {"东翼总回风巷", 240, 50, false},  // main_return: not a flatline class
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.location) + " " + std::to_string(c.last_minute) + " min " +
                 std::to_string(c.people) + " people");
    Harness h({methane_def(c.location), testing::switch_def(kFeed, 1011)});
    h.rules.set_people_underground(c.people, at(0));
    h.minutes(kCh4, 0, c.last_minute, "0.12");
    const auto raised = h.sink.of(AlarmKind::kSensorFlatline);
    if (!c.want) {
      EXPECT_TRUE(raised.empty());
      continue;
    }
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].start, at(0));
    EXPECT_EQ(raised[0].time, at(240));
    EXPECT_EQ(raised[0].severity, Severity::kOrange);
    ASSERT_EQ(raised[0].evidence.size(), 3u);
    EXPECT_EQ(raised[0].evidence[2].value, std::to_string(c.people));
    h.sample(kCh4, at(c.last_minute + 1), "0.13");
    EXPECT_EQ(h.sink.of(AlarmKind::kSensorFlatline, Edge::kClear).size(), 1u);
  }
}

TEST(SensorRules, FlatlineNeedsTwentySamples) {
  Harness h;
  h.rules.set_people_underground(30, at(0));
  for (int m = 0; m <= 240; m += 13) h.sample(kCh4, at(m), "0.12");  // 19 samples by 234
  h.sample(kCh4, at(241), "0.12");                                   // the 20th
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorFlatline).size(), 1u);
  Harness few;
  few.rules.set_people_underground(30, at(0));
  for (int m = 0; m <= 270; m += 15) few.sample(kCh4, at(m), "0.12");  // 19 samples, 270 min
  EXPECT_TRUE(few.sink.of(AlarmKind::kSensorFlatline).empty());
}

TEST(SensorRules, FlatlineRunBrokenByAChangeOrAFault) {
  Harness h;
  h.rules.set_people_underground(30, at(0));
  h.minutes(kCh4, 0, 100, "0.12");
  h.minutes(kCh4, 101, 101, "0.12", kStatusSensorFault);
  h.minutes(kCh4, 102, 300, "0.12");  // a new run from 102: 198 min
  EXPECT_TRUE(h.sink.of(AlarmKind::kSensorFlatline).empty());
  h.minutes(kCh4, 301, 342, "0.12");
  ASSERT_EQ(h.sink.of(AlarmKind::kSensorFlatline).size(), 1u);
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorFlatline)[0].start, at(102));
}

TEST(SensorRules, FlatlineRunIsNotCarriedAcrossAnUploadGap) {
  Harness h;
  h.rules.set_people_underground(30, at(0));
  h.minutes(kCh4, 0, 100, "0.12");
  h.rules.set_upload_gap(true, at(105));
  h.rules.set_upload_gap(false, at(150));
  h.minutes(kCh4, 151, 300, "0.12");  // 300 min since the first, 149 since the gap
  EXPECT_TRUE(h.sink.of(AlarmKind::kSensorFlatline).empty());
  h.minutes(kCh4, 301, 391, "0.12");
  ASSERT_EQ(h.sink.of(AlarmKind::kSensorFlatline).size(), 1u);
  EXPECT_EQ(h.sink.of(AlarmKind::kSensorFlatline)[0].start, at(151));
}

TEST(SensorRules, StateStaysWithin256BytesPerPoint) {
  std::vector<PointDef> defs;
  for (int i = 0; i < 1000; ++i) {
    PointDef d = methane_def();
    d.code = "140421000111MN" + std::to_string(1000 + i);
    d.relations[0].point = d.code;
    defs.push_back(std::move(d));
  }
  defs.push_back(testing::switch_def(kFeed, 1011));
  Harness h(defs);
  const std::size_t per_point = h.rules.state_bytes() / h.rules.point_count();
  RecordProperty("state_bytes_per_point", std::to_string(per_point));
  std::printf("PointRules state: %zu bytes for %zu points (%zu B/point), PointState %zu B\n",
              h.rules.state_bytes(), h.rules.point_count(), per_point,
              sizeof(PointRules::PointState));
  EXPECT_LE(per_point, 256u);
  EXPECT_GT(per_point, sizeof(PointRules::PointState));
}

}  // namespace
}  // namespace mw::rules
