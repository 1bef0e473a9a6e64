#include "tsdb/synthetic_series.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mw::tsdb {
namespace {

const Time kT0{Seconds{1'790'121'600}};

TEST(SyntheticSeries, SameSeedSameFleet) {
  const auto a = make_fleet(30, 10, kT0, Seconds{3600}, Seconds{30}, 77);
  const auto b = make_fleet(30, 10, kT0, Seconds{3600}, Seconds{30}, 77);
  const auto c = make_fleet(30, 10, kT0, Seconds{3600}, Seconds{30}, 78);
  ASSERT_EQ(a.size(), 30U);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].samples, b[i].samples);
  EXPECT_NE(a[0].samples, c[0].samples);
}

TEST(SyntheticSeries, FleetHasTheIssueMix) {
  const auto fleet = make_fleet(1700, 200, kT0, Seconds{600}, Seconds{30}, 1);
  std::map<SeriesKind, int> n;
  for (const auto& s : fleet) ++n[s.kind];
  const int analog = n[SeriesKind::kMethane] + n[SeriesKind::kCarbonMonoxide] +
                     n[SeriesKind::kWindSpeed] + n[SeriesKind::kTemperature];
  EXPECT_EQ(analog, 1020);                 // 60 %
  EXPECT_EQ(n[SeriesKind::kSwitch], 595);  // 35 %
  EXPECT_EQ(n[SeriesKind::kCounter], 85);  // 5 %
  EXPECT_EQ(fleet[199].mine, 0U);
  EXPECT_EQ(fleet[200].mine, 1U);
  EXPECT_EQ(fleet[0].samples.front().time, fleet[199].samples.front().time);  // shared
}

TEST(SyntheticSeries, TimelineHasJitterAndGapsButNeverGoesBack) {
  SplitMix rng(4);
  const auto times = make_timeline(rng, kT0, Seconds{7 * 86400}, Seconds{30});
  int gaps = 0;
  std::map<std::int64_t, int> deltas;
  for (std::size_t i = 1; i < times.size(); ++i) {
    const auto d = (times[i] - times[i - 1]).count();
    ASSERT_GE(d, 28);
    if (d > 32) {
      ++gaps;
    } else {
      ++deltas[d];
    }
  }
  EXPECT_EQ(deltas.size(), 5U);  // 28..32
  EXPECT_GT(deltas[30], deltas[31]);
  EXPECT_GE(gaps, 5);  // about twice a day
  EXPECT_LE(gaps, 30);
}

TEST(SyntheticSeries, ValuesStayInTheSensorsRange) {
  SplitMix rng(8);
  const auto times = make_timeline(rng, kT0, Seconds{86400}, Seconds{30});
  struct Range {
    SeriesKind kind;
    std::int64_t lo, hi;
    std::uint8_t scale;
  };
  for (const Range r :
       {Range{SeriesKind::kMethane, 0, 150, 2}, Range{SeriesKind::kCarbonMonoxide, 0, 30, 0},
        Range{SeriesKind::kWindSpeed, 120, 350, 2}, Range{SeriesKind::kTemperature, 180, 280, 1},
        Range{SeriesKind::kSwitch, 0, 1, 0}}) {
    SCOPED_TRACE(std::string(series_kind_name(r.kind)));
    for (const auto& s : make_series(r.kind, rng, times)) {
      ASSERT_GE(s.value.mantissa, r.lo);
      ASSERT_LE(s.value.mantissa, r.hi);
      ASSERT_EQ(s.value.scale, r.scale);
    }
  }
  const auto counter = make_series(SeriesKind::kCounter, rng, times);
  for (std::size_t i = 1; i < counter.size(); ++i) {
    ASSERT_GE(counter[i].value.mantissa, counter[i - 1].value.mantissa);
  }
}

}  // namespace
}  // namespace mw::tsdb
