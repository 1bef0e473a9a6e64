#include "sim/incidents.hpp"

#include <gtest/gtest.h>

#include <map>

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
  std::size_t first_kinds = 0, quality_groups = 0;
  for (const Incident& inc : a) {
    first_kinds += inc.kind < IncidentKind::kFlatline;
    quality_groups += inc.kind >= IncidentKind::kFlatline && inc.piece == 0;
  }
  EXPECT_GE(first_kinds, 25u);  // 40 planned, a few dropped as too close on one point
  EXPECT_LE(first_kinds, 40u);
  EXPECT_GE(quality_groups, 6u);  // 4 × 10 × 5/12 ≈ 17 planned, on top of the others
  EXPECT_LE(quality_groups, 17u);
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
    // The pieces of one calibration group follow each other closely; groups keep 2 hours.
    for (std::size_t j = 0; j + static_cast<std::size_t>(inc.piece) < i; ++j) {
      if (list[j].point != inc.point) continue;
      EXPECT_TRUE(list[j].window.end + Seconds{7200} <= inc.window.start ||
                  inc.window.end + Seconds{7200} <= list[j].window.start);
    }
  }
}

TEST(Incidents, FlatlinesAndCalibrationsHaveTheirShapes) {
  const World w = world();
  const auto list = plan_incidents(w.mine, w.layout, 5, 0, kStart, kEnd, 12);
  std::map<IncidentKind, int> groups;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Incident& inc = list[i];
    if (inc.kind < IncidentKind::kFlatline) continue;
    const Seconds len = inc.window.end - inc.window.start;
    const SimPoint& p = w.layout.points[static_cast<std::size_t>(inc.point)];
    EXPECT_EQ(p.role, PointRole::kMethane);
    EXPECT_GE(p.workplace, 0);
    EXPECT_LE(inc.window.end, kEnd - Seconds{1800});
    if (inc.piece > 0) {  // the same point, after the piece before it, same length class
      const Incident& before = list[i - 1];
      EXPECT_EQ(before.point, inc.point);
      EXPECT_EQ(before.kind, inc.kind);
      EXPECT_GE(inc.window.start - before.window.end, Seconds{25 * 60});
      continue;
    }
    ++groups[inc.kind];
    const int pieces = i + 1 < list.size() && list[i + 1].piece == 1
                           ? (i + 2 < list.size() && list[i + 2].piece == 2 ? 3 : 2)
                           : 1;
    switch (inc.kind) {
      case IncidentKind::kFlatline:
        EXPECT_GE(len, Seconds{270 * 60});  // past sensor.flatline's 240 minutes
        EXPECT_TRUE(p.methane_class == MethaneClass::kCoalFaceReturn ||
                    p.methane_class == MethaneClass::kHeadingReturn);
        EXPECT_EQ(pieces, 1);
        break;
      case IncidentKind::kCalibration:
        // Over 60 minutes in one, or more than 2 episodes (rules.md B).
        if (pieces == 1) {
          EXPECT_GT(len, Seconds{65 * 60});
        } else {
          EXPECT_EQ(pieces, 3);
        }
        break;
      default:  // two of at most 25 minutes: under both limits
        EXPECT_EQ(pieces, 2);
        EXPECT_LE(len, Seconds{25 * 60});
        break;
    }
  }
  EXPECT_GT(groups[IncidentKind::kFlatline], 0);
  EXPECT_GT(groups[IncidentKind::kCalibration], 0);
  EXPECT_GT(groups[IncidentKind::kNearMissCalibration], 0);
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
