#include "sim/fabrication.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
  Roster roster;
};
World world() {
  World w;
  w.mine.code = "140421000111";
  w.mine.status = MineStatus::kProducing;
  w.mine.gas_grade = GasGrade::kHigh;
  w.mine.shifts = {0, 8 * 60, 16 * 60};
  Rng rng(4);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  w.roster = make_roster(w.mine, w.layout, rng);
  return w;
}

TEST(Fabrication, StartsAtTheNextFullHourOnSomeProducingMinesOnly) {
  World w = world();
  const Time start = *china_civil_time(2026, 9, 23, 23, 10, 0);
  int fabricating = 0;
  for (std::uint64_t i = 0; i < 200; ++i) {
    const auto from = fabrication_start(w.mine, 7, i, start, 6);
    if (!from) continue;
    ++fabricating;
    EXPECT_EQ(*from, *china_civil_time(2026, 9, 24, 0, 0, 0));
  }
  EXPECT_GT(fabricating, 25);  // a quarter of 200 at rate 6
  EXPECT_LT(fabricating, 75);
  EXPECT_FALSE(fabrication_start(w.mine, 7, 0, start, 0));
  w.mine.status = MineStatus::kStopped;
  for (std::uint64_t i = 0; i < 50; ++i) EXPECT_FALSE(fabrication_start(w.mine, 7, i, start, 6));
  // Already on the hour: that hour.
  w.mine.status = MineStatus::kProducing;
  for (std::uint64_t i = 0; i < 50; ++i) {
    const Time on = *china_civil_time(2026, 9, 23, 5, 0, 0);
    if (const auto from = fabrication_start(w.mine, 7, i, on, 6)) {
      EXPECT_EQ(*from, on);
    }
  }
}

TEST(Fabrication, GeneratedValuesHaveNoMemoryAndNoRhythm) {
  const World w = world();
  Fabricator fab(w.mine, w.layout, 3, 0);
  const Time t0 = *china_civil_time(2026, 9, 23, 0, 0, 0);
  std::size_t methane = 0, counter = 0;
  for (std::size_t i = 0; i < w.layout.points.size(); ++i) {
    if (w.layout.points[i].role == PointRole::kMethane && methane == 0) methane = i;
    if (w.layout.points[i].role == PointRole::kOutput) counter = i;
  }
  // Lag-1 autocorrelation of 720 values (one every 20 s for 4 h) and the counter's steps.
  std::vector<double> v;
  std::set<double> steps;
  double last_counter = -1;
  for (int k = 0; k < 720; ++k) {
    const auto& r = fab.readings(t0 + Seconds{20 * k});
    for (const Reading& x : r) EXPECT_EQ(x.status, 0);
    v.push_back(r[methane].value.to_double());
    const double c = r[counter].value.to_double();
    if (last_counter >= 0) steps.insert(std::round((c - last_counter) * 10));  // 0.1 t
    last_counter = c;
  }
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double num = 0, den = 0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    den += (v[k] - mean) * (v[k] - mean);
    if (k > 0) num += (v[k] - mean) * (v[k - 1] - mean);
  }
  EXPECT_LT(std::abs(num / den), 0.15);
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  EXPECT_LT(*hi - *lo, 0.17);  // a narrow band
  EXPECT_GE(*hi - *lo, 0.09);  // ≥ 10 distinct values at 0.01 %
  // The same output every 20 s, shift or no shift (±0.1 t from rounding).
  EXPECT_LE(*steps.rbegin() - *steps.begin(), 1.0);
  EXPECT_GT(*steps.begin(), 0.0);
}

TEST(Fabrication, ClockworkTripsEnterAtTheShiftStartAndMoveOnTheBeat) {
  const World w = world();
  Schedule honest(w.mine, w.layout, w.roster, 3, 0);
  const std::int64_t day = china_day(*china_civil_time(2026, 9, 23, 12, 0, 0));
  const std::vector<Trip> real = honest.trips_of_day(day);
  Schedule fake(w.mine, w.layout, w.roster, 3, 0);
  fake.set_clockwork();
  const std::vector<Trip> trips = fake.trips_of_day(day);
  ASSERT_EQ(trips.size(), real.size());
  int leaders = 0;
  for (const Trip& t : trips) {
    EXPECT_EQ(t.entry, t.shift_start);
    const Seconds length = t.exit - t.entry;
    EXPECT_LE(length, Seconds{10 * 3600});  // never overtime
    EXPECT_GT(length, Seconds{8 * 3600});
    for (const Hop& h : t.hops) {
      // Every move happens on a whole minute after the shift start (legs of 6, beats of 60).
      EXPECT_EQ((h.arrive - t.shift_start).count() % 60, 0);
    }
    leaders += w.roster.workers[static_cast<std::size_t>(t.worker)].role == WorkerRole::kLeader;
  }
  EXPECT_EQ(leaders, 3);  // one per shift, as in the honest schedule
}

}  // namespace
}  // namespace mw::sim
