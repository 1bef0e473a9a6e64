#include "sim/incidents.hpp"

#include <gtest/gtest.h>

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
};
World world(MineStatus status = MineStatus::kProducing) {
  World w;
  w.mine.code = "520203000512";
  w.mine.status = status;
  w.mine.gas_grade = GasGrade::kOutburst;
  Rng rng(2);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  return w;
}
const Time kStart = *china_civil_time(2026, 9, 23, 0, 0, 0);
const Time kEnd = kStart + Seconds{10 * 86400};

TEST(Incidents, PlannedDeterministicallyAtTheRequestedRate) {
  const World w = world();
  const auto a = plan_incidents(w.mine, w.layout, 1, 0, kStart, kEnd, 4);
  const auto b = plan_incidents(w.mine, w.layout, 1, 0, kStart, kEnd, 4);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].point, b[i].point);
    EXPECT_EQ(a[i].window.start, b[i].window.start);
  }
  EXPECT_GE(a.size(), 25u);  // 40 planned, a few dropped as too close on one point
  EXPECT_LE(a.size(), 40u);
  EXPECT_TRUE(plan_incidents(w.mine, w.layout, 1, 0, kStart, kEnd, 0).empty());
  const World stopped = world(MineStatus::kStopped);
  EXPECT_TRUE(plan_incidents(stopped.mine, stopped.layout, 1, 0, kStart, kEnd, 4).empty());
}

TEST(Incidents, KindsPointsAndWindowsFitTogether) {
  const World w = world();
  const auto list = plan_incidents(w.mine, w.layout, 3, 0, kStart, kEnd, 6);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Incident& inc = list[i];
    const bool mine_wide = inc.kind == IncidentKind::kUploadGap || inc.kind == IncidentKind::kSos;
    EXPECT_EQ(inc.point < 0, mine_wide) << incident_kind_name(inc.kind);
    if (mine_wide) continue;
    const SimPoint& p = w.layout.points[static_cast<std::size_t>(inc.point)];
    const bool co = inc.kind == IncidentKind::kCoSpike || inc.kind == IncidentKind::kNearMissCo;
    EXPECT_EQ(p.role, co ? PointRole::kCo : PointRole::kMethane) << incident_kind_name(inc.kind);
    if (!co) {
      EXPECT_FALSE(p.def.relations.empty());
    }
    EXPECT_GE(inc.window.start, kStart + Seconds{600});
    EXPECT_LE(inc.window.start, kEnd - Seconds{1800});
    if (inc.kind == IncidentKind::kNearMissMethane) {
      EXPECT_LT(inc.peak, 0.96);
    }
    if (inc.kind == IncidentKind::kNearMissCo) {
      EXPECT_LE(inc.peak, 20.0);
    }
    if (inc.kind == IncidentKind::kPowerCutFailed) {
      EXPECT_GE(inc.peak, 1.6);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].point != inc.point) continue;
      EXPECT_TRUE(list[j].window.end + Seconds{7200} <= inc.window.start ||
                  inc.window.end + Seconds{7200} <= list[j].window.start);
    }
  }
}

TEST(Incidents, LevelRampsHoldsAndFalls) {
  Incident inc;
  inc.window = {kStart, kStart + Seconds{400}};
  inc.peak = 2.0;
  EXPECT_EQ(inc.level(kStart - Seconds{1}), 0.0);
  EXPECT_DOUBLE_EQ(inc.level(kStart + Seconds{50}), 1.0);
  EXPECT_DOUBLE_EQ(inc.level(kStart + Seconds{200}), 2.0);
  EXPECT_DOUBLE_EQ(inc.level(kStart + Seconds{350}), 1.0);
  EXPECT_EQ(inc.level(kStart + Seconds{400}), 0.0);
}

}  // namespace
}  // namespace mw::sim
