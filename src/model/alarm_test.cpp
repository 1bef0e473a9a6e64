#include "model/alarm.hpp"

#include <gtest/gtest.h>

#include <set>

namespace mw {
namespace {

TEST(Severity, OrderedAndNamed) {
  EXPECT_LT(Severity::kBlue, Severity::kYellow);
  EXPECT_LT(Severity::kYellow, Severity::kOrange);
  EXPECT_LT(Severity::kOrange, Severity::kRed);
  const auto f = [](std::string_view name, Severity s) {
    EXPECT_EQ(severity_name(s), name);
    EXPECT_EQ(parse_severity(name), s) << name;
  };
  f("blue", Severity::kBlue);
  f("yellow", Severity::kYellow);
  f("orange", Severity::kOrange);
  f("red", Severity::kRed);
  for (std::string_view bad : {"", "Red", "green", "红"}) {
    EXPECT_FALSE(parse_severity(bad).has_value()) << bad;
  }
}

TEST(AlarmKind, EveryKindOfRulesPartBWithItsSubject) {
  // rules.md part B table, typed from the spec.
  const auto f = [](std::string_view name, AlarmKind kind, std::string_view subject) {
    EXPECT_EQ(alarm_kind_name(kind), name);
    EXPECT_EQ(parse_alarm_kind(name), kind) << name;
    EXPECT_EQ(alarm_subject_name(alarm_subject(kind)), subject) << name;
  };
  f("gas.alarm", AlarmKind::kGasAlarm, "point");
  f("gas.power_cut_failed", AlarmKind::kGasPowerCutFailed, "point");
  f("gas.co_alarm", AlarmKind::kGasCoAlarm, "point");
  f("sensor.threshold_misconfigured", AlarmKind::kSensorThresholdMisconfigured, "point");
  f("sensor.fault", AlarmKind::kSensorFault, "point");
  f("sensor.flatline", AlarmKind::kSensorFlatline, "point");
  f("sensor.calibration_suspicious", AlarmKind::kSensorCalibrationSuspicious, "point");
  f("mine.upload_gap", AlarmKind::kMineUploadGap, "mine");
  f("personnel.area_over_limit", AlarmKind::kPersonnelAreaOverLimit, "area");
  f("personnel.overtime", AlarmKind::kPersonnelOvertime, "card");
  f("personnel.restricted_area", AlarmKind::kPersonnelRestrictedArea, "card");
  f("personnel.sos", AlarmKind::kPersonnelSos, "card");
  f("personnel.leader_absent", AlarmKind::kPersonnelLeaderAbsent, "mine");
  f("mine.activity_while_closed", AlarmKind::kMineActivityWhileClosed, "mine");
  f("data.suspected_fabrication", AlarmKind::kDataSuspectedFabrication, "mine");
  EXPECT_EQ(all_alarm_kinds().size(), 15u);
}

TEST(AlarmKind, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  for (AlarmKind k : all_alarm_kinds()) {
    EXPECT_TRUE(names.insert(alarm_kind_name(k)).second) << alarm_kind_name(k);
    EXPECT_EQ(parse_alarm_kind(alarm_kind_name(k)), k);
  }
  for (std::string_view bad : {"", "gas", "gas.alarm ", "GAS.ALARM", "unknown"}) {
    EXPECT_FALSE(parse_alarm_kind(bad).has_value()) << bad;
  }
}

TEST(AlarmKind, ValuesAreStable) {
  // Stored values: a renumbering must fail here.
  EXPECT_EQ(static_cast<int>(AlarmKind::kGasAlarm), 1);
  EXPECT_EQ(static_cast<int>(AlarmKind::kMineUploadGap), 8);
  EXPECT_EQ(static_cast<int>(AlarmKind::kDataSuspectedFabrication), 15);
}

TEST(AlarmJson, ClosedAlarmMatchesTheReplayContract) {
  Alarm a;
  a.mine = "620823009203";
  a.kind = AlarmKind::kGasAlarm;
  a.subject = "620823009203MN0001";
  a.severity = Severity::kRed;
  a.start = *parse_china_time("2026-09-23 10:13:19");
  a.end = *parse_china_time("2026-09-23 10:21:49");
  a.peak = 1.62;
  a.rule = "coal.ch4.coal_face";
  a.message = "回风巷甲烷超限 \"1.62%\"";
  std::string out = "x";
  append_alarm_json(out, a);
  EXPECT_EQ(out,
            "x{\"mine\":\"620823009203\",\"kind\":\"gas.alarm\",\"subject\":\"620823009203MN0001\","
            "\"severity\":\"red\",\"start\":\"2026-09-23T10:13:19+08:00\","
            "\"end\":\"2026-09-23T10:21:49+08:00\",\"peak\":1.62,\"rule\":\"coal.ch4.coal_face\","
            "\"message\":\"回风巷甲烷超限 \\\"1.62%\\\"\"}");
}

TEST(AlarmJson, OpenAlarmWithoutPeakWritesNulls) {
  Alarm a;
  a.mine = "620823009203";
  a.kind = AlarmKind::kPersonnelLeaderAbsent;
  a.subject = "620823009203";
  a.severity = Severity::kOrange;
  a.start = *parse_china_time("2026-09-23 00:00:00");
  a.rule = "coal.personnel.leader";
  a.message = "本班无矿领导带班";
  std::string out;
  append_alarm_json(out, a);
  EXPECT_EQ(out,
            "{\"mine\":\"620823009203\",\"kind\":\"personnel.leader_absent\","
            "\"subject\":\"620823009203\",\"severity\":\"orange\","
            "\"start\":\"2026-09-23T00:00:00+08:00\",\"end\":null,\"peak\":null,"
            "\"rule\":\"coal.personnel.leader\",\"message\":\"本班无矿领导带班\"}");
}

TEST(AlarmJson, AppendsLinesBackToBack) {
  Alarm a;
  a.mine = "620823009203";
  a.subject = "p";
  a.peak = 3.0;
  std::string out;
  append_alarm_json(out, a);
  out.push_back('\n');
  append_alarm_json(out, a);
  EXPECT_EQ(out.find('\n'), out.size() / 2);
  EXPECT_NE(out.find("\"peak\":3,"), std::string::npos);
  EXPECT_NE(out.back(), '\n');
}

}  // namespace
}  // namespace mw
