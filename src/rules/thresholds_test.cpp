#include "rules/thresholds.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "rules/rule_pack.hpp"

namespace mw {
namespace {

Decimal dec(std::string_view s) { return parse_decimal(s).value(); }

// A methane point as a mine writes it: alarm / cut / restore and a D relation.
PointDef methane_point(const char* alarm, const char* cut, const char* restore,
                       bool with_relation = true) {
  PointDef p;
  p.code = "140421000111MN0001";
  p.sensor_type = 1;
  p.unit = "%CH4";
  if (alarm != nullptr) p.thresholds.high_alarm = dec(alarm);
  if (cut != nullptr) p.thresholds.high_cut = dec(cut);
  if (restore != nullptr) p.thresholds.high_restore = dec(restore);
  if (with_relation) {
    p.relations.push_back(
        {RelationKind::kPowerCut, "140421000111KG0003", "断电器", "140421000111KG0004"});
  }
  return p;
}

EffectiveThresholds eff(const PointDef& p, LocationClass c, GasGrade g = GasGrade::kLow) {
  Result<EffectiveThresholds> r = effective_thresholds(p, c, g, default_rule_pack());
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? std::move(r).value() : EffectiveThresholds{};
}

void expect_value(const std::optional<Decimal>& got, std::string_view want) {
  ASSERT_TRUE(got.has_value()) << "want " << want;
  EXPECT_TRUE(got->same_value(dec(want))) << format_decimal(*got) << " != " << want;
}

TEST(Thresholds, CompliantPointKeepsItsValuesWithoutFindings) {
  const EffectiveThresholds e =
      eff(methane_point("1.00", "1.50", "1.00"), LocationClass::kCoalFace);
  expect_value(e.alarm, "1.0");
  expect_value(e.cut, "1.5");
  expect_value(e.restore, "1.0");
  EXPECT_FALSE(e.misconfigured());
  EXPECT_EQ(e.rule, "coal.ch4.coal_face");
  EXPECT_TRUE(e.power_cut_relation_required);
  EXPECT_FALSE(e.outburst_variant);
}

TEST(Thresholds, StricterCddyWins) {
  const EffectiveThresholds e =
      eff(methane_point("0.80", "1.20", "0.60"), LocationClass::kCoalFaceCorner);
  expect_value(e.alarm, "0.80");
  expect_value(e.cut, "1.20");
  expect_value(e.restore, "0.60");
  EXPECT_TRUE(e.findings.empty());
}

TEST(Thresholds, LooserCddyIsReplacedAndReportedWithTheExcess) {
  const EffectiveThresholds e =
      eff(methane_point("1.20", "2.00", "1.00"), LocationClass::kCoalFaceReturn);
  expect_value(e.alarm, "1.0");
  expect_value(e.cut, "1.0");
  expect_value(e.restore, "1.0");
  ASSERT_EQ(e.findings.size(), 2U);
  const ThresholdFinding& a = e.findings[0];
  EXPECT_EQ(a.kind, FindingKind::kLooser);
  EXPECT_EQ(a.threshold, ThresholdName::kAlarm);
  expect_value(a.configured, "1.20");
  expect_value(a.regulation, "1.0");
  expect_value(a.excess, "0.20");
  EXPECT_NE(a.source.find("第498条"), std::string::npos);
  EXPECT_NE(a.message.find("报警门限 1.20"), std::string::npos) << a.message;
  EXPECT_EQ(e.findings[1].threshold, ThresholdName::kCut);
  expect_value(e.findings[1].excess, "1.00");
}

TEST(Thresholds, LooserRestoreIsAFinding) {
  const EffectiveThresholds e = eff(methane_point("1.0", "1.5", "1.5"), LocationClass::kHeading);
  ASSERT_EQ(e.findings.size(), 1U);
  EXPECT_EQ(e.findings[0].threshold, ThresholdName::kRestore);
  expect_value(e.restore, "1.0");
}

TEST(Thresholds, MissingAndZeroThresholdsAreFindings) {
  const EffectiveThresholds e = eff(methane_point("0.00", nullptr, "1.0"), LocationClass::kShearer);
  expect_value(e.alarm, "1.0");
  expect_value(e.cut, "1.5");
  ASSERT_EQ(e.findings.size(), 2U);
  EXPECT_EQ(e.findings[0].kind, FindingKind::kMissing);
  EXPECT_EQ(e.findings[0].threshold, ThresholdName::kAlarm);
  EXPECT_FALSE(e.findings[0].configured.has_value());
  EXPECT_EQ(e.findings[1].kind, FindingKind::kMissing);
  EXPECT_EQ(e.findings[1].threshold, ThresholdName::kCut);
}

TEST(Thresholds, MissingRestoreOnlyAdvises) {
  const EffectiveThresholds e = eff(methane_point("1.0", "1.5", nullptr), LocationClass::kHeading);
  expect_value(e.restore, "1.0");
  ASSERT_EQ(e.findings.size(), 1U);
  EXPECT_EQ(e.findings[0].kind, FindingKind::kMissing);
  EXPECT_EQ(e.findings[0].threshold, ThresholdName::kRestore);
  EXPECT_TRUE(e.findings[0].advisory);
  EXPECT_FALSE(e.misconfigured());
  // A missing cut is not advisory: the sensor cannot cut power (4号令 四(二)).
  const EffectiveThresholds c = eff(methane_point("1.0", nullptr, "1.0"), LocationClass::kHeading);
  ASSERT_EQ(c.findings.size(), 1U);
  EXPECT_FALSE(c.findings[0].advisory);
  EXPECT_TRUE(c.misconfigured());
}

TEST(Thresholds, MissingPowerCutRelationWhereTheClassCuts) {
  const EffectiveThresholds e =
      eff(methane_point("1.0", "1.5", "1.0", false), LocationClass::kCoalFaceCorner);
  ASSERT_EQ(e.findings.size(), 1U);
  EXPECT_EQ(e.findings[0].kind, FindingKind::kNoPowerCutRelation);
  EXPECT_NE(e.findings[0].message.find("断电"), std::string::npos);
  // A relation of another kind does not count as D.
  PointDef p = methane_point("1.0", "1.5", "1.0", false);
  p.relations.push_back({RelationKind::kInterlock, p.code, "局部通风机", "140421000111KG0001"});
  EXPECT_EQ(eff(p, LocationClass::kCoalFaceCorner).findings.size(), 1U);
}

TEST(Thresholds, MainReturnAlarmsOnlyAndKeepsTheMinesOwnCut) {
  const EffectiveThresholds e =
      eff(methane_point("0.70", "1.00", nullptr, false), LocationClass::kMainReturn);
  expect_value(e.alarm, "0.70");
  expect_value(e.cut, "1.00");
  EXPECT_FALSE(e.restore.has_value());
  EXPECT_FALSE(e.power_cut_relation_required);
  EXPECT_TRUE(e.findings.empty());
  const EffectiveThresholds loose =
      eff(methane_point("0.75", nullptr, nullptr, false), LocationClass::kMainReturn);
  ASSERT_EQ(loose.findings.size(), 1U);
  expect_value(loose.findings[0].excess, "0.05");
}

TEST(Thresholds, RestoreNeverAboveTheEffectiveCut) {
  const EffectiveThresholds e = eff(methane_point("0.8", "0.8", nullptr), LocationClass::kCoalFace);
  expect_value(e.cut, "0.8");
  expect_value(e.restore, "0.8");  // regulation restore 1.0 capped at the stricter cut
}

TEST(Thresholds, OutburstMineUsesTheCoalFaceVariant) {
  const PointDef p = methane_point("1.0", "1.5", "1.0");
  const EffectiveThresholds o = eff(p, LocationClass::kCoalFace, GasGrade::kOutburst);
  const EffectiveThresholds h = eff(p, LocationClass::kCoalFace, GasGrade::kHigh);
  EXPECT_TRUE(o.outburst_variant);
  EXPECT_FALSE(h.outburst_variant);
  EXPECT_NE(o.cut_range.find("进"), std::string::npos) << o.cut_range;
  EXPECT_EQ(h.cut_range.find("进"), std::string::npos) << h.cut_range;
  expect_value(o.cut, "1.5");
  // Classes without a variant are the same in every grade.
  EXPECT_FALSE(eff(p, LocationClass::kHeading, GasGrade::kOutburst).outburst_variant);
}

TEST(Thresholds, UnclassifiedUsesTheMinesThresholdsAndIsFlagged) {
  const EffectiveThresholds e =
      eff(methane_point("2.00", "3.00", "0.00", false), LocationClass::kUnclassified);
  EXPECT_TRUE(e.unclassified());
  expect_value(e.alarm, "2.00");
  expect_value(e.cut, "3.00");
  EXPECT_FALSE(e.restore.has_value());  // 0 means not configured
  EXPECT_TRUE(e.findings.empty());
  EXPECT_EQ(e.rule, "coal.ch4.unclassified");
}

TEST(Thresholds, RefusesANonMethanePoint) {
  PointDef p = methane_point("24", nullptr, nullptr);
  p.sensor_type = 4;  // CO
  const Result<EffectiveThresholds> r =
      effective_thresholds(p, LocationClass::kCoalFace, GasGrade::kLow, default_rule_pack());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("0004"), std::string::npos);
}

TEST(Thresholds, LaserAndHighLowMethaneTypesCount) {
  for (const std::uint16_t type : {std::uint16_t{11}, std::uint16_t{43}}) {
    PointDef p = methane_point("1.2", "1.5", "1.0");
    p.sensor_type = type;
    EXPECT_EQ(eff(p, LocationClass::kHeading).findings.size(), 1U) << type;
  }
}

TEST(DecimalDifference, AlignsScales) {
  EXPECT_EQ(format_decimal(decimal_difference(dec("1.20"), dec("1.0"))), "0.20");
  EXPECT_EQ(format_decimal(decimal_difference(dec("2"), dec("0.75"))), "1.25");
  EXPECT_EQ(format_decimal(decimal_difference(dec("0.5"), dec("0.70"))), "-0.20");
}

}  // namespace
}  // namespace mw
