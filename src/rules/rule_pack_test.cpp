#include "rules/rule_pack.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace mw {
namespace {

std::string source_dir() {
  const char* d = std::getenv("MW_SOURCE_DIR");
  return d != nullptr ? d : ".";
}

// The default pack's text with `from` (which must occur once) replaced by `to`.
std::string edited(std::string_view from, std::string_view to) {
  std::string text(default_rule_pack_text());
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "not unique: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle` in `text`.
int line_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::string error_of(const std::string& text) {
  const Result<RulePack> r = parse_rule_pack(text, "test.toml");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

void expect_value(const Sourced<Decimal>& s, std::string_view want) {
  EXPECT_TRUE(s.value.same_value(parse_decimal(want).value()))
      << format_decimal(s.value) << " != " << want;
  EXPECT_FALSE(s.source.empty());
}

constexpr std::string_view kCoLimit =
    R"x(limit_ppm = { value = 24, source = "煤矿安全规程 第135条 (CO 最高允许浓度 0.0024%)", status = "V" })x";

TEST(DefaultRulePack, CompiledTextIsRulesCoalToml) {
  std::ifstream in(source_dir() + "/rules/coal.toml", std::ios::binary);
  ASSERT_TRUE(in) << "run from the source tree or set MW_SOURCE_DIR";
  std::ostringstream buf;
  buf << in.rdbuf();
  // Not EXPECT_EQ: a mismatch would print the whole pack twice.
  EXPECT_TRUE(buf.str() == default_rule_pack_text())
      << "the compiled-in pack differs from rules/coal.toml: re-run cmake";
}

TEST(DefaultRulePack, MethaneTableOfRulesA1) {
  const RulePack& p = default_rule_pack();
  EXPECT_EQ(p.name, "coal");
  EXPECT_NE(p.edition.find("煤矿安全规程"), std::string::npos);
  struct Row {
    LocationClass cls;
    const char* alarm;
    const char* cut;  // nullptr: alarm only
    const char* restore;
  };
  const Row rows[] = {
      {LocationClass::kCoalFaceCorner, "1.0", "1.5", "1.0"},
      {LocationClass::kCoalFace, "1.0", "1.5", "1.0"},
      {LocationClass::kCoalFaceReturn, "1.0", "1.0", "1.0"},
      {LocationClass::kCoalFaceReturnMid, "1.0", "1.0", "1.0"},
      {LocationClass::kCoalFaceIntake, "0.5", "0.5", "0.5"},
      {LocationClass::kShearer, "1.0", "1.5", "1.0"},
      {LocationClass::kHeading, "1.0", "1.5", "1.0"},
      {LocationClass::kHeadingReturn, "1.0", "1.0", "1.0"},
      {LocationClass::kHeadingIntake, "0.5", "0.5", "0.5"},
      {LocationClass::kHeadingMachine, "1.0", "1.5", "1.0"},
      {LocationClass::kDistrictReturn, "1.0", "1.0", "1.0"},
      {LocationClass::kMainReturn, "0.70", nullptr, nullptr},
      {LocationClass::kTrolleyHaulage, "0.5", "0.5", "0.5"},
      {LocationClass::kCoalBunker, "1.5", "1.5", "1.5"},
      {LocationClass::kBeltShaftReturn, "0.5", "0.7", "0.7"},
      {LocationClass::kDrainageStation, "1.0", "1.0", "1.0"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(location_class_name(r.cls)));
    const MethaneClassRule& m = p.methane_rule(r.cls, GasGrade::kLow);
    EXPECT_EQ(m.cls, r.cls);
    expect_value(m.alarm, r.alarm);
    ASSERT_EQ(m.cut.has_value(), r.cut != nullptr);
    ASSERT_EQ(m.restore.has_value(), r.restore != nullptr);
    if (r.cut != nullptr) expect_value(*m.cut, r.cut);
    if (r.restore != nullptr) expect_value(*m.restore, r.restore);
    EXPECT_EQ(m.power_cut_relation, r.cut != nullptr);
    EXPECT_FALSE(m.cut_range.empty());
    EXPECT_FALSE(m.location.empty());
  }
  // rules.md marks these [I]: the pack says so.
  EXPECT_TRUE(p.methane_rule(LocationClass::kMainReturn, GasGrade::kLow).alarm.inferred);
  EXPECT_FALSE(p.methane_rule(LocationClass::kCoalFace, GasGrade::kLow).alarm.inferred);
}

TEST(DefaultRulePack, CoalFaceOutburstVariantInheritsThresholds) {
  const RulePack& p = default_rule_pack();
  const MethaneClassRule& o = p.methane_rule(LocationClass::kCoalFace, GasGrade::kOutburst);
  const MethaneClassRule& low = p.methane_rule(LocationClass::kCoalFace, GasGrade::kLow);
  expect_value(o.cut.value(), "1.5");
  EXPECT_EQ(o.cut->source, low.cut->source);
  EXPECT_NE(o.cut_range, low.cut_range);
  EXPECT_NE(o.cut_range.find("进、回风巷"), std::string::npos);
  EXPECT_EQ(&p.methane_rule(LocationClass::kHeading, GasGrade::kOutburst),
            &p.methane_rule(LocationClass::kHeading, GasGrade::kLow));
}

TEST(DefaultRulePack, AlarmDefaultsOfRulesPartB) {
  const RulePack& p = default_rule_pack();
  expect_value(p.co.limit_ppm, "24");
  expect_value(p.co.red_factor, "2");
  EXPECT_NE(p.co.limit_ppm.source.find("第135条"), std::string::npos);
  EXPECT_EQ(p.power_cut.check_window.value, Seconds{60});
  EXPECT_EQ(p.fault.min_duration.value, Seconds{10 * 60});
  EXPECT_EQ(p.flatline.min_duration.value, Seconds{240 * 60});
  EXPECT_EQ(p.flatline.min_samples.value, 20);
  EXPECT_EQ(p.flatline.min_people.value, 5);
  EXPECT_EQ(p.flatline.classes,
            (std::vector<LocationClass>{LocationClass::kCoalFaceCorner, LocationClass::kCoalFace,
                                        LocationClass::kCoalFaceReturn, LocationClass::kHeading,
                                        LocationClass::kHeadingReturn}));
  EXPECT_EQ(p.calibration.max_time.value, Seconds{60 * 60});
  EXPECT_EQ(p.calibration.max_episodes.value, 2);
  EXPECT_EQ(p.calibration.window.value, Seconds{24 * 3600});
  EXPECT_EQ(p.upload_gap.gap.value, Seconds{5 * 60});
  EXPECT_EQ(p.upload_gap.orange_after.value, Seconds{60 * 60});
  EXPECT_EQ(p.closed_mine.maintenance_allowance.value, 10);
  expect_value(p.area_over_limit.red_factor, "1.2");
  EXPECT_NE(p.area_over_limit.red_factor.source.find("4号"), std::string::npos);
  expect_value(p.overtime.default_hours, "10");
  EXPECT_EQ(p.leader_absent.default_shifts.value, (std::vector<int>{0, 480, 960}));
  EXPECT_EQ(p.leader_absent.min_people.value, 5);
  expect_value(p.leader_absent.min_fraction, "0.5");
  EXPECT_EQ(p.flap.merge_window.value, Seconds{5 * 60});
  EXPECT_EQ(p.fabrication.min_window.value, Seconds{3600});
  EXPECT_EQ(p.methane_rule_id(LocationClass::kCoalFace), "coal.ch4.coal_face");
}

TEST(DefaultRulePack, EverySourceNamesARecognisedAuthority) {
  // Each source cites the regulation, a 4号令 item, AQ 1029-2019 or says minewatch chose it.
  const auto cited = [](const std::string& s) {
    for (std::string_view a :
         {"煤矿安全规程", "应急管理部令第4号", "AQ 1029-2019", "minewatch default"}) {
      if (s.find(a) != std::string::npos) return true;
    }
    return false;
  };
  const RulePack& p = default_rule_pack();
  for (LocationClass c : all_location_classes()) {
    const MethaneClassRule& m = p.methane_rule(c, GasGrade::kLow);
    EXPECT_TRUE(cited(m.alarm.source)) << m.alarm.source;
    if (m.cut) {
      EXPECT_TRUE(cited(m.cut->source)) << m.cut->source;
    }
    if (m.restore) {
      EXPECT_TRUE(cited(m.restore->source)) << m.restore->source;
    }
  }
  for (const std::string* s : {&p.co.limit_ppm.source,
                               &p.co.red_factor.source,
                               &p.power_cut.check_window.source,
                               &p.fault.min_duration.source,
                               &p.flatline.min_duration.source,
                               &p.flatline.min_samples.source,
                               &p.flatline.min_people.source,
                               &p.calibration.max_time.source,
                               &p.calibration.max_episodes.source,
                               &p.calibration.window.source,
                               &p.upload_gap.gap.source,
                               &p.upload_gap.orange_after.source,
                               &p.closed_mine.maintenance_allowance.source,
                               &p.area_over_limit.red_factor.source,
                               &p.overtime.default_hours.source,
                               &p.leader_absent.default_shifts.source,
                               &p.leader_absent.min_people.source,
                               &p.leader_absent.min_fraction.source,
                               &p.flap.merge_window.source,
                               &p.fabrication.min_window.source}) {
    EXPECT_TRUE(cited(*s)) << *s;
  }
}

TEST(DefaultRulePack, DocsListEveryClassAndRule) {
  std::ifstream in(source_dir() + "/docs/rules.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/rules.md";
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string doc = buf.str();
  for (LocationClass c : all_location_classes()) {
    EXPECT_NE(doc.find("| `" + std::string(location_class_name(c)) + "` |"), std::string::npos)
        << location_class_name(c);
  }
  for (const LocationRule& r : default_rule_pack().classifier.config().rules) {
    EXPECT_NE(doc.find("| `" + r.id + "` | `" + std::string(location_class_name(r.cls)) + "` |"),
              std::string::npos)
        << "docs/rules.md lacks rule " << r.id;
  }
}

TEST(ParseRulePack, RefusesANumberWithoutASource) {
  const std::string text = edited(kCoLimit, "limit_ppm = 24");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("gas.co_alarm.limit_ppm"), std::string::npos) << e;
  EXPECT_NE(e.find("source"), std::string::npos) << e;
  EXPECT_NE(e.find("line " + std::to_string(line_of(text, "limit_ppm = 24"))), std::string::npos)
      << e;
}

TEST(ParseRulePack, RefusesAnEmptyOrMissingSource) {
  EXPECT_NE(error_of(edited(kCoLimit, R"x(limit_ppm = { value = 24, source = "  " })x"))
                .find("gas.co_alarm.limit_ppm"),
            std::string::npos);
  EXPECT_NE(error_of(edited(kCoLimit, R"x(limit_ppm = { value = 24 })x")).find("needs a source"),
            std::string::npos);
  // Values that are not numbers (the shift list) need a source too.
  const std::string shifts = error_of(edited(
      R"x(default_shifts = { value = ["00:00", "08:00", "16:00"], source = "minewatch default (三八制; contracts.md mines.csv shifts)" })x",
      R"x(default_shifts = { value = ["00:00", "08:00", "16:00"] })x"));
  EXPECT_NE(shifts.find("personnel.leader_absent.default_shifts.value has no source"),
            std::string::npos)
      << shifts;
}

TEST(ParseRulePack, RefusesANumberHiddenInAnyKey) {
  const std::string e =
      error_of(edited("[sensor.fault]\n", "[sensor.fault]\nnote = { weight = 3 }\n"));
  EXPECT_NE(e.find("sensor.fault.note.weight"), std::string::npos) << e;
}

TEST(ParseRulePack, UnknownKeyIsNamedWithItsLine) {
  const std::string text = edited("[sensor.fault]\n", "[sensor.fault]\ncolour = \"red\"\n");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("unknown key 'sensor.fault.colour'"), std::string::npos) << e;
  EXPECT_NE(e.find("line " + std::to_string(line_of(text, "colour ="))), std::string::npos) << e;
}

TEST(ParseRulePack, UnknownKeysInsideValuesAndSectionsAndRoot) {
  EXPECT_NE(
      error_of(edited(kCoLimit, R"x(limit_ppm = { value = 24, source = "x", unit = "ppm" })x"))
          .find("unknown key 'gas.co_alarm.limit_ppm.unit'"),
      std::string::npos);
  EXPECT_NE(error_of(edited("[alarms.flap]", "[alarms.flapping]")).find("alarms.flapping"),
            std::string::npos);
  EXPECT_NE(
      error_of(edited("name = \"coal\"", "name = \"coal\"\nversion = \"2\"")).find("'version'"),
      std::string::npos);
}

TEST(ParseRulePack, EveryClassIsRequiredAndOnlyKnownClasses) {
  const std::string missing = error_of(edited("[methane.drainage_station]", "[methane.drainage]"));
  EXPECT_NE(missing.find("methane.drainage"), std::string::npos) << missing;
  const std::string text(default_rule_pack_text());
  const std::size_t at = text.find("[methane.drainage_station]");
  const std::size_t end = text.find("# ----", at);
  std::string removed = text;
  removed.erase(at, end - at);
  EXPECT_NE(error_of(removed).find("missing [methane.drainage_station]"), std::string::npos);
}

TEST(ParseRulePack, RefusesInconsistentThresholds) {
  const std::string e = error_of(edited(
      R"x(cut = { value = 1.5, source = "煤矿安全规程 第498条 表19 (采煤机)", status = "V" })x",
      R"x(cut = { value = 0.5, source = "煤矿安全规程 第498条 表19 (采煤机)", status = "V" })x"));
  EXPECT_NE(e.find("methane.shearer"), std::string::npos) << e;
  EXPECT_NE(error_of(edited("power_cut_relation = false", "power_cut_relation = true"))
                .find("needs a cut"),
            std::string::npos);
  EXPECT_NE(
      error_of(edited(kCoLimit, R"x(limit_ppm = { value = -24, source = "x" })x")).find("positive"),
      std::string::npos);
  EXPECT_NE(
      error_of(edited(kCoLimit, R"x(limit_ppm = { value = 24, source = "x", status = "maybe" })x"))
          .find("status"),
      std::string::npos);
}

TEST(ParseRulePack, RefusesBadDurationsCountsAndShifts) {
  EXPECT_NE(
      error_of(edited(R"x(min_samples = { value = 20,)x", R"x(min_samples = { value = 2.5,)x"))
          .find("sensor.flatline.min_samples"),
      std::string::npos);
  EXPECT_NE(error_of(edited(R"x(["00:00", "08:00", "16:00"])x", R"x(["00:00", "16:00", "08:00"])x"))
                .find("ascend"),
            std::string::npos);
  EXPECT_NE(error_of(edited(R"x(["00:00", "08:00", "16:00"])x", R"x(["0:00"])x")).find("HH:MM"),
            std::string::npos);
  EXPECT_NE(error_of(edited(R"x(classes = ["coal_face_corner",)x", R"x(classes = ["corner",)x"))
                .find("'corner'"),
            std::string::npos);
}

TEST(ParseRulePack, ClassifierErrors) {
  EXPECT_NE(error_of(edited("id = \"shearer\"\nclass = \"shearer\"",
                            "id = \"shearer\"\nclass = \"miner\""))
                .find("unknown class 'miner'"),
            std::string::npos);
  EXPECT_NE(error_of(edited("id = \"shearer\"\n", "id = \"corner\"\n")).find("used twice"),
            std::string::npos);
  EXPECT_NE(error_of(edited("class = \"shearer\"\nany = [\"采煤机\", \"煤机机载\", \"煤机上\"]",
                            "class = \"shearer\""))
                .find("needs 'any' or 'all'"),
            std::string::npos);
  EXPECT_NE(
      error_of(edited("[classifier.overrides]", "[classifier.overrides]\n\"X1\" = \"nowhere\""))
          .find("'X1'"),
      std::string::npos);
}

TEST(ParseRulePack, SyntaxErrorNamesTheLine) {
  const std::string text = edited("[sensor.fault]\n", "[sensor.fault\n");
  const std::string e = error_of(text);
  EXPECT_NE(e.find("test.toml"), std::string::npos) << e;
  EXPECT_NE(e.find("line " + std::to_string(line_of(text, "[sensor.fault\n"))), std::string::npos)
      << e;
}

TEST(ParseRulePack, OverridesFromThePackReachTheClassifier) {
  const Result<RulePack> p = parse_rule_pack(
      edited("[classifier.overrides]",
             "[classifier.overrides]\n\"140421000111MN0002\" = \"coal_face_return_mid\""),
      "test.toml");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->classifier.classify("140421000111MN0002", "3105回风巷").cls,
            LocationClass::kCoalFaceReturnMid);
  EXPECT_EQ(p->classifier.classify("140421000111MN0009", "3105回风巷").cls,
            LocationClass::kCoalFaceReturn);
}

TEST(ParseRulePack, KeywordsAreNormalisedLikeText) {
  // A keyword written in a synonym's long form still matches normalised text.
  const Result<RulePack> p =
      parse_rule_pack(edited("any = [\"采煤机\", \"煤机机载\", \"煤机上\"]",
                             "any = [\"采煤机\", \"煤机机载\", \"煤机上\", \"Ｘ回风顺槽\"]"),
                      "test.toml");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->classifier.classify("", "x回风巷").cls, LocationClass::kShearer);
}

TEST(ParseLocationOverrides, ReadsPointClassPairsAndNamesBadLines) {
  const auto o = parse_location_overrides(
      "# mine 140421000111\n\"140421000111MN0002\" = \"coal_face_return_mid\"\n"
      "\"140421000111MN0031\" = \"unclassified\"\n",
      "overrides.toml");
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  ASSERT_EQ(o->size(), 2U);
  EXPECT_EQ(o->at("140421000111MN0002"), LocationClass::kCoalFaceReturnMid);
  EXPECT_EQ(o->at("140421000111MN0031"), LocationClass::kUnclassified);

  const auto bad = parse_location_overrides("\"A\" = \"coal_face\"\n\"B\" = \"face\"\n", "o.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("'B'"), std::string::npos);
  const auto number = parse_location_overrides("\"A\" = 3\n", "o.toml");
  EXPECT_FALSE(number.ok());
  const auto syntax = parse_location_overrides("\"A\" = \n", "o.toml");
  EXPECT_FALSE(syntax.ok());
}

TEST(LoadRulePack, ReadsAFileAndReportsAMissingOne) {
  const Result<RulePack> p = load_rule_pack(source_dir() + "/rules/coal.toml");
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->origin, source_dir() + "/rules/coal.toml");
  const Result<RulePack> missing = load_rule_pack(source_dir() + "/rules/no-such-pack.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find("no-such-pack.toml"), std::string::npos);
}

// Issue 4c: the pack's registry defaults reach mines.csv rows that leave them out.
TEST(DefaultRulePack, MineDefaultsComeFromThePack) {
  std::string text(default_rule_pack_text());
  const auto swap = [&](std::string_view from, std::string_view to) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  const RulePack& builtin = default_rule_pack();
  const MineDefaults d0 = mine_defaults(builtin);
  EXPECT_EQ(format_decimal(d0.overtime_hours),
            format_decimal(builtin.overtime.default_hours.value));
  EXPECT_EQ(d0.maintenance_allowance,
            static_cast<std::uint32_t>(builtin.closed_mine.maintenance_allowance.value));
  EXPECT_EQ(d0.shifts, builtin.leader_absent.default_shifts.value);
  // A pack that says otherwise is followed.
  const auto hours_at = text.find("default_hours = { value = ");
  ASSERT_NE(hours_at, std::string::npos);
  swap(text.substr(hours_at, 28), "default_hours = { value = 8");
  const auto allowance_at = text.find("maintenance_allowance = { value = ");
  ASSERT_NE(allowance_at, std::string::npos);
  swap(text.substr(allowance_at, 36), "maintenance_allowance = { value = 3");
  auto pack = parse_rule_pack(text, "test");
  ASSERT_TRUE(pack.ok()) << pack.status().to_string();
  const MineDefaults d = mine_defaults(*pack);
  EXPECT_EQ(format_decimal(d.overtime_hours), "8");
  EXPECT_EQ(d.maintenance_allowance, 3u);
}

// Issue 4d: a pack value keeps the decimals it was written with ("1.0", "0.70"), so
// messages quote the pack as it reads.
TEST(DefaultRulePack, DecimalsKeepTheirWrittenPlaces) {
  const RulePack& p = default_rule_pack();
  EXPECT_EQ(format_decimal(p.methane_rule(LocationClass::kCoalFace, GasGrade::kLow).alarm.value),
            "1.0");
  EXPECT_EQ(format_decimal(p.methane_rule(LocationClass::kMainReturn, GasGrade::kLow).alarm.value),
            "0.70");
  EXPECT_EQ(format_decimal(p.co.limit_ppm.value), "24");
}

}  // namespace
}  // namespace mw
