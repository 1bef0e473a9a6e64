#include "sim/layout.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "model/codes.hpp"
#include "model/sensor_type.hpp"
#include "sim/registry.hpp"

namespace mw::sim {
namespace {

Time t0() { return *china_civil_time(2026, 9, 23, 0, 0, 0); }

MineLayout layout_for(GasGrade grade, std::uint64_t seed = 5) {
  Mine m;
  m.code = "140421000111";
  m.name = "山西长治鑫源煤业有限公司";
  m.gas_grade = grade;
  Rng rng(seed);
  return make_layout(m, t0(), rng);
}

std::string fmt(const std::optional<Decimal>& d) { return d ? format_decimal(*d) : "-"; }

// rules.md A1, written out independently of thresholds.cpp: 安装位置 suffix → alarm, cut,
// restore ("-" = none, alarm only).
struct Expected {
  const char* suffix;
  const char* alarm;
  const char* cut;
  const char* restore;
};
constexpr Expected kA1[] = {
    {"回风隅角", "1.00", "1.50", "1.00"},   {"采煤工作面", "1.00", "1.50", "1.00"},
    {"进风巷", "0.50", "0.50", "0.50"},     {"掘进回风流", "1.00", "1.00", "1.00"},
    {"掘进工作面", "1.00", "1.50", "1.00"}, {"采区回风巷", "1.00", "1.00", "1.00"},
    {"总回风巷", "0.70", "-", "-"},         {"回风巷", "1.00", "1.00", "1.00"},
};

TEST(Layout, MethaneThresholdsFollowTheRegulationTablePerLocation) {
  for (GasGrade g : {GasGrade::kLow, GasGrade::kHigh, GasGrade::kOutburst}) {
    const MineLayout L = layout_for(g);
    int checked = 0;
    for (const SimPoint& p : L.points) {
      if (!is_methane(p.def.sensor_type)) continue;
      const Expected* e = nullptr;
      for (const Expected& x : kA1) {
        if (p.def.location.ends_with(x.suffix)) {
          e = &x;
          break;
        }
      }
      ASSERT_NE(e, nullptr) << "unclassifiable methane location " << p.def.location;
      EXPECT_EQ(fmt(p.def.thresholds.high_alarm), e->alarm) << p.def.location;
      EXPECT_EQ(fmt(p.def.thresholds.high_cut), e->cut) << p.def.location;
      EXPECT_EQ(fmt(p.def.thresholds.high_restore), e->restore) << p.def.location;
      // Every class that cuts power needs a D relation (rules.md threshold_misconfigured).
      EXPECT_EQ(p.def.power_cut_targets().empty(), std::string(e->cut) == "-") << p.def.location;
      ++checked;
    }
    EXPECT_GE(checked, 5);
  }
}

TEST(Layout, EveryPowerCutRelationPointsToAnExistingFeedThroughAnExistingBreaker) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const MineLayout L = layout_for(GasGrade::kOutburst, seed);
    for (const SimPoint& p : L.points) {
      for (const Relation& r : p.def.relations) {
        const int target = L.find_point(r.target_point);
        ASSERT_GE(target, 0) << r.target_point;
        if (r.kind != RelationKind::kPowerCut) continue;
        EXPECT_TRUE(is_power_feed(L.points[static_cast<std::size_t>(target)].def.sensor_type));
        const int breaker = L.find_point(r.point);
        ASSERT_GE(breaker, 0) << r.point;
        EXPECT_TRUE(is_breaker(L.points[static_cast<std::size_t>(breaker)].def.sensor_type));
      }
    }
  }
}

TEST(Layout, FacesAndHeadingsCarryTheSensorsTheRegulationAsksFor) {
  const MineLayout L = layout_for(GasGrade::kOutburst);
  for (std::size_t w = 0; w < L.workplaces.size(); ++w) {
    std::multiset<std::uint16_t> types;
    std::set<MethaneClass> classes;
    for (const SimPoint& p : L.points) {
      if (p.workplace != static_cast<int>(w)) continue;
      types.insert(p.def.sensor_type);
      if (p.methane_class) classes.insert(*p.methane_class);
    }
    if (L.workplaces[w].kind == Workplace::Kind::kFace) {
      EXPECT_EQ(classes, (std::set<MethaneClass>{
                             MethaneClass::kCoalFaceCorner, MethaneClass::kCoalFace,
                             MethaneClass::kCoalFaceReturn, MethaneClass::kCoalFaceIntake}));
      EXPECT_EQ(types.count(4), 1u);  // CO
      EXPECT_EQ(types.count(2), 1u);  // wind
      EXPECT_EQ(types.count(3), 1u);  // temperature
    } else {
      EXPECT_EQ(classes,
                (std::set<MethaneClass>{MethaneClass::kHeading, MethaneClass::kHeadingReturn}));
      EXPECT_EQ(types.count(1001), 2u);  // main + standby local fan in a gassy mine
      EXPECT_EQ(types.count(1003), 1u);
    }
    EXPECT_GE(types.count(1011), 1u);
  }
  std::multiset<std::uint16_t> all;
  for (const SimPoint& p : L.points) all.insert(p.def.sensor_type);
  EXPECT_GE(all.count(1010), 1u);
  EXPECT_EQ(all.count(3001), 1u);
}

TEST(Layout, OutburstFaceT1CutsFaceAndIntakeLowGasFaceT1OnlyTheFace) {
  for (auto [grade, cuts] : {std::pair{GasGrade::kOutburst, 2u}, std::pair{GasGrade::kLow, 1u}}) {
    const MineLayout L = layout_for(grade);
    for (const SimPoint& p : L.points) {
      if (p.methane_class == MethaneClass::kCoalFace) {
        EXPECT_EQ(p.def.power_cut_targets().size(), cuts);
      }
    }
  }
}

TEST(Layout, PointCodesAreUniqueMineSystemKindSerial) {
  const MineLayout L = layout_for(GasGrade::kHigh);
  std::set<std::string> codes;
  for (const SimPoint& p : L.points) {
    EXPECT_TRUE(codes.insert(p.def.code).second) << p.def.code;
    ASSERT_EQ(p.def.code.size(), 12u + 2 + 2 + 4);
    EXPECT_EQ(p.def.code.substr(0, 14), "14042100011101");
    EXPECT_EQ(p.def.code.substr(14, 2), value_kind_code(p.def.value_kind));
    EXPECT_FALSE(p.type_name.empty());
    bool known_outstation = false;
    for (const Outstation& o : L.outstations) known_outstation |= o.code == p.def.outstation;
    EXPECT_TRUE(known_outstation);
  }
}

TEST(Layout, AreasAndStationsFollowTheCodeRulesAndTypes) {
  const std::string mine = "140421000111";
  const MineLayout L = layout_for(GasGrade::kLow);
  std::map<AreaType, int> types;
  std::set<std::string> codes;
  for (const Area& a : L.areas) {
    EXPECT_TRUE(check_area_code(a.code, mine).ok()) << a.code;
    EXPECT_TRUE(codes.insert(a.code).second);
    ++types[a.type];
    EXPECT_EQ(a.approved > 0, a.type == AreaType::kKey) << a.name;
    EXPECT_FALSE(L.stations_of(static_cast<int>(&a - L.areas.data())).empty()) << a.name;
  }
  EXPECT_EQ(types[AreaType::kShaft], 1);
  EXPECT_EQ(types[AreaType::kRestricted], 1);
  EXPECT_EQ(types[AreaType::kKey], static_cast<int>(L.workplaces.size()));
  for (std::size_t s = 0; s < L.stations.size(); ++s) {
    EXPECT_TRUE(check_station_code(L.stations[s].code, mine).ok()) << L.stations[s].code;
    EXPECT_TRUE(codes.insert(L.stations[s].code).second);
    EXPECT_EQ(area_of_station(L.stations[s].code, mine),
              L.areas[static_cast<std::size_t>(L.station_area[s])].code);
  }
}

TEST(Layout, SameRngSameLayout) {
  const MineLayout a = layout_for(GasGrade::kHigh, 9), b = layout_for(GasGrade::kHigh, 9);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) EXPECT_EQ(a.points[i].def, b.points[i].def);
  EXPECT_EQ(a.areas, b.areas);
  EXPECT_EQ(a.stations, b.stations);
}

}  // namespace
}  // namespace mw::sim
