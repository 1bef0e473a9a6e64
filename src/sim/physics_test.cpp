#include "sim/physics.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/sample.hpp"
#include "sim/schedule.hpp"

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
};

World world(GasGrade grade, MineStatus status = MineStatus::kProducing, std::uint64_t seed = 8) {
  World w;
  w.mine.code = "610802000123";
  w.mine.gas_grade = grade;
  w.mine.status = status;
  Rng rng(seed);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  return w;
}

const Time kStart = *china_civil_time(2026, 9, 23, 0, 0, 0);

int find(const MineLayout& L, MethaneClass c) {
  for (std::size_t i = 0; i < L.points.size(); ++i) {
    if (L.points[i].methane_class == c) return static_cast<int>(i);
  }
  return -1;
}

TEST(Physics, SameSeedSameReadings) {
  const World w = world(GasGrade::kHigh);
  Physics a(w.mine, w.layout, 1, 0), b(w.mine, w.layout, 1, 0), c(w.mine, w.layout, 2, 0);
  bool differs = false;
  for (Time t = kStart; t < kStart + Seconds{7200}; t += Seconds{20}) {
    a.step(t);
    b.step(t);
    c.step(t);
    for (std::size_t i = 0; i < a.readings().size(); ++i) {
      ASSERT_EQ(a.readings()[i].value, b.readings()[i].value);
      ASSERT_EQ(a.readings()[i].status, b.readings()[i].status);
      differs |= a.readings()[i].value != c.readings()[i].value;
    }
  }
  EXPECT_TRUE(differs);
}

TEST(Physics, ACompliantDayStaysUnderEveryAlarmAndFollowsProduction) {
  for (GasGrade g : {GasGrade::kLow, GasGrade::kHigh, GasGrade::kOutburst}) {
    const World w = world(g);
    Physics ph(w.mine, w.layout, 3, 0);
    const int t0 = find(w.layout, MethaneClass::kCoalFaceCorner);
    const int t1 = find(w.layout, MethaneClass::kCoalFace);
    const int t2 = find(w.layout, MethaneClass::kCoalFaceReturn);
    double sum0 = 0, sum1 = 0, sum2 = 0, prod = 0, maint = 0;
    int n = 0, n_prod = 0, n_maint = 0;
    for (Time t = kStart; t < kStart + Seconds{86400}; t += Seconds{15}) {
      ph.step(t);
      const auto& r = ph.readings();
      for (std::size_t i = 0; i < r.size(); ++i) {
        const SimPoint& p = w.layout.points[i];
        if (r[i].status != 0) continue;
        if (p.role == PointRole::kMethane) {
          ASSERT_LT(r[i].value.to_double(), p.def.thresholds.high_alarm->to_double() - 0.05)
              << p.def.location << " at " << format_china_time(t);
        }
        if (p.role == PointRole::kCo) {
          ASSERT_LT(r[i].value.to_double(), 20.0);
        }
        if (p.role == PointRole::kWind) {
          ASSERT_GT(r[i].value.to_double(), 0.25);
          ASSERT_LT(r[i].value.to_double(), p.def.thresholds.high_alarm->to_double());
        }
        if (p.role == PointRole::kTemperature) {
          ASSERT_LT(r[i].value.to_double(), 29.5);
        }
        if (p.def.value_kind == ValueKind::kSwitch) {
          ASSERT_LE(r[i].value.mantissa, 1);
        }
      }
      const auto& s = ph.readings();
      if (s[static_cast<std::size_t>(t0)].status || s[static_cast<std::size_t>(t1)].status ||
          s[static_cast<std::size_t>(t2)].status) {
        continue;
      }
      sum0 += s[static_cast<std::size_t>(t0)].value.to_double();
      sum1 += s[static_cast<std::size_t>(t1)].value.to_double();
      sum2 += s[static_cast<std::size_t>(t2)].value.to_double();
      ++n;
      const bool cutting = is_production_shift(w.mine, shift_index_at(w.mine, t));
      (cutting ? prod : maint) += s[static_cast<std::size_t>(t1)].value.to_double();
      ++(cutting ? n_prod : n_maint);
    }
    // The upper corner collects the most gas, the return roadway is diluted.
    EXPECT_GT(sum0 / n, sum1 / n);
    EXPECT_GT(sum1 / n, sum2 / n);
    EXPECT_GT(prod / n_prod, maint / n_maint + 0.03);
  }
}

TEST(Physics, TheReturnLagsTheFace) {
  const World w = world(GasGrade::kHigh);
  Physics ph(w.mine, w.layout, 4, 0);
  const auto t1 = static_cast<std::size_t>(find(w.layout, MethaneClass::kCoalFace));
  const auto t2 = static_cast<std::size_t>(find(w.layout, MethaneClass::kCoalFaceReturn));
  std::vector<double> a, b;
  for (Time t = kStart; t < kStart + Seconds{86400}; t += Seconds{30}) {
    ph.step(t);
    a.push_back(ph.readings()[t1].value.to_double());
    b.push_back(ph.readings()[t2].value.to_double());
  }
  // Correlation of T2 with T1 shifted by k steps: best at a positive lag (minutes), not 0.
  auto corr = [&](std::size_t k) {
    double s = 0;
    for (std::size_t i = 0; i + k < a.size(); ++i) s += (a[i] - 0.3) * (b[i + k] - 0.25);
    return s;
  };
  std::size_t best = 0;
  for (std::size_t k = 0; k < 40; ++k) {
    if (corr(k) > corr(best)) best = k;
  }
  EXPECT_GE(best, 2u);
  EXPECT_LE(best, 30u);
}

TEST(Physics, CalibrationsAreFlaggedAndReachTheStandardGas) {
  const World w = world(GasGrade::kHigh);
  Physics ph(w.mine, w.layout, 5, 0);
  int calibrated_days = 0, flagged = 0, high = 0;
  std::vector<std::pair<Window, std::size_t>> all;
  for (int d = 0; d < 20; ++d) {
    const Time day = kStart + Seconds{86400 * d};
    for (std::size_t i = 0; i < w.layout.points.size(); ++i) {
      for (const Window& cw : ph.calibrations_of(static_cast<int>(i), day + Seconds{43200})) {
        ASSERT_EQ(w.layout.points[i].role, PointRole::kMethane);
        all.emplace_back(cw, i);
      }
    }
  }
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
  Time last = kStart;
  for (const auto& [cw, i] : all) {
    ++calibrated_days;
    for (Time t = std::max(last, cw.start - Seconds{60}); t < cw.end + Seconds{60};
         t += Seconds{10}) {
      ph.step(t);
      last = t;
      const Reading& r = ph.readings()[i];
      if (r.status & kStatusOutstationFault) continue;
      EXPECT_EQ(r.status == kStatusCalibrating, cw.contains(t)) << format_china_time(t);
      flagged += r.status == kStatusCalibrating;
      high += r.status == kStatusCalibrating && r.value.to_double() >= 1.9;
    }
  }
  EXPECT_GT(calibrated_days, 5);
  EXPECT_GT(high, flagged / 3);
}

TEST(Physics, TheOutputCounterRisesOnlyWhileCutting) {
  const World w = world(GasGrade::kLow);
  Physics ph(w.mine, w.layout, 6, 0);
  std::size_t out = 0;
  for (std::size_t i = 0; i < w.layout.points.size(); ++i) {
    if (w.layout.points[i].role == PointRole::kOutput) out = i;
  }
  double last = -1, maint_rise = 0, prod_rise = 0;
  for (Time t = kStart; t < kStart + Seconds{86400}; t += Seconds{20}) {
    ph.step(t);
    const double v = ph.readings()[out].value.to_double();
    if (last >= 0) {
      ASSERT_GE(v, last);
      (is_production_shift(w.mine, shift_index_at(w.mine, t)) ? prod_rise : maint_rise) += v - last;
    }
    last = v;
  }
  EXPECT_GT(prod_rise, 1000.0);  // tonnes in two cutting shifts
  EXPECT_LT(maint_rise, 5.0);
}

TEST(Physics, AClosedMineIsQuietAndItsFansStand) {
  const World w = world(GasGrade::kHigh, MineStatus::kClosed);
  Physics ph(w.mine, w.layout, 7, 0);
  for (Time t = kStart; t < kStart + Seconds{3600}; t += Seconds{30}) {
    ph.step(t);
    for (std::size_t i = 0; i < w.layout.points.size(); ++i) {
      const SimPoint& p = w.layout.points[i];
      if (p.role == PointRole::kMainFan) {
        EXPECT_EQ(ph.readings()[i].value.mantissa, 0);
      }
      if (p.role == PointRole::kMethane && ph.readings()[i].status == 0 &&
          *p.methane_class != MethaneClass::kCoalFaceCorner) {
        EXPECT_LT(ph.readings()[i].value.to_double(), 0.15);
      }
    }
  }
}

TEST(Physics, ShiftIndexFollowsTheMinesShiftStarts) {
  Mine m;
  EXPECT_EQ(shift_index_at(m, *china_civil_time(2026, 9, 23, 7, 59, 59)), 0);
  EXPECT_EQ(shift_index_at(m, *china_civil_time(2026, 9, 23, 8, 0, 0)), 1);
  EXPECT_EQ(shift_index_at(m, *china_civil_time(2026, 9, 23, 23, 0, 0)), 2);
  EXPECT_FALSE(is_production_shift(m, 1));
  EXPECT_TRUE(is_production_shift(m, 2));
  m.shifts = {0, 360, 720, 1080};
  EXPECT_EQ(shift_index_at(m, *china_civil_time(2026, 9, 23, 19, 0, 0)), 3);
}

}  // namespace
}  // namespace mw::sim
