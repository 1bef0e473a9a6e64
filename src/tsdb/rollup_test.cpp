#include "tsdb/rollup.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "tsdb/synthetic_series.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

const Time kT0{Seconds{1'790'121'600}};  // a 5-minute (and 6 h) boundary

SeriesSample at(std::int64_t offset_s, std::int64_t mantissa, std::uint8_t scale = 2) {
  return {kT0 + Seconds{offset_s}, Decimal{mantissa, scale}, 0};
}

// Brute force: group by period with integer division, then scan each group.
struct Expected {
  std::uint32_t count = 0;
  double min = 0, max = 0, sum = 0;
  Time min_time, max_time;
};
std::map<std::int64_t, Expected> brute_force(const std::vector<SeriesSample>& samples) {
  std::map<std::int64_t, std::vector<SeriesSample>> groups;
  for (const auto& s : samples) groups[s.time.time_since_epoch().count() / 300 * 300].push_back(s);
  std::map<std::int64_t, Expected> out;
  for (const auto& [period, g] : groups) {
    Expected e;
    e.min = e.max = g[0].value.to_double();
    e.min_time = e.max_time = g[0].time;
    for (const auto& s : g) {
      const double v = s.value.to_double();
      ++e.count;
      e.sum += v;
      if (v < e.min) e.min = v, e.min_time = s.time;
      if (v > e.max) e.max = v, e.max_time = s.time;
    }
    out[period] = e;
  }
  return out;
}

void expect_matches(const std::vector<Rollup>& got, const std::vector<SeriesSample>& samples) {
  const auto want = brute_force(samples);
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (const auto& [period, e] : want) {
    const Rollup& r = got[i++];
    ASSERT_EQ(r.period.time_since_epoch().count(), period);
    EXPECT_EQ(r.count, e.count);
    EXPECT_DOUBLE_EQ(r.min.to_double(), e.min);
    EXPECT_DOUBLE_EQ(r.max.to_double(), e.max);
    EXPECT_EQ(r.min_time, e.min_time) << "period " << period;
    EXPECT_EQ(r.max_time, e.max_time) << "period " << period;
    EXPECT_NEAR(r.avg(), e.sum / e.count, 1e-9);
  }
}

TEST(Rollup, MatchesBruteForceOnAFleetWithGaps) {
  // 2 days: the generator puts ~2 communication gaps a day of 5-60 min, so periods go missing.
  const auto fleet = make_fleet(40, 20, kT0, Seconds{2 * 86400}, Seconds{30}, 11);
  for (const auto& s : fleet) {
    const auto got = compute_rollups(s.samples);
    expect_matches(got, s.samples);
    EXPECT_LT(got.size(), 576U) << "a gap should leave periods empty";
  }
}

TEST(Rollup, PartialsOfChunksSplitMidPeriodMergeToTheWhole) {
  const auto fleet = make_fleet(20, 20, kT0, Seconds{86400}, Seconds{30}, 5);
  for (const auto& s : fleet) {
    const std::span<const SeriesSample> all = s.samples;
    std::vector<Rollup> merged;
    // Odd chunk lengths cut periods at every offset.
    for (std::size_t b = 0, len = 7; b < all.size(); b += len, len = len * 3 % 97 + 1) {
      const auto part = all.subspan(b, std::min(len, all.size() - b));
      append_rollups(merged, compute_rollups(part));
    }
    EXPECT_EQ(merged, compute_rollups(s.samples));
    expect_matches(merged, s.samples);
  }
}

TEST(Rollup, TiesKeepTheEarliestTimeAndOneSampleHasEqualMinMaxTimes) {
  const auto r = compute_rollups(std::vector<SeriesSample>{at(0, 50), at(30, 30), at(60, 70),
                                                           at(90, 30), at(120, 70),  // period 0
                                                           at(300, 42)});  // period 1: one sample
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].min_time, kT0 + Seconds{30});
  EXPECT_EQ(r[0].max_time, kT0 + Seconds{60});
  EXPECT_EQ(r[1].min_time, r[1].max_time);
  EXPECT_EQ(r[1].min, (Decimal{42, 2}));
  // The same ties across two partials: the earlier partial's time wins either way round.
  auto a = compute_rollups(std::vector<SeriesSample>{at(0, 30), at(30, 70)});
  const auto b = compute_rollups(std::vector<SeriesSample>{at(60, 30), at(90, 70)});
  auto b_first = b;
  merge_rollup(b_first[0], a[0]);
  merge_rollup(a[0], b[0]);
  EXPECT_EQ(a[0].min_time, kT0);
  EXPECT_EQ(a[0].max_time, kT0 + Seconds{30});
  EXPECT_EQ(b_first[0].min_time, kT0);
  EXPECT_EQ(b_first[0].max_time, kT0 + Seconds{30});
}

TEST(Rollup, SumsOfDifferentScalesAreExact) {
  auto r = compute_rollups(std::vector<SeriesSample>{at(0, 15, 1)});                  // 1.5
  merge_rollup(r[0], compute_rollups(std::vector<SeriesSample>{at(10, 125, 2)})[0]);  // 1.25
  EXPECT_EQ(r[0].sum, 275);
  EXPECT_EQ(r[0].sum_scale, 2);
  EXPECT_DOUBLE_EQ(r[0].avg(), 1.375);
  EXPECT_EQ(r[0].min, (Decimal{125, 2}));
  EXPECT_EQ(r[0].max, (Decimal{15, 1}));
}

TEST(Rollup, PeriodsBeforeTheEpochRoundDown) {
  EXPECT_EQ(period_of(Time{Seconds{-1}}), Time{Seconds{-300}});
  EXPECT_EQ(period_of(Time{Seconds{299}}), Time{Seconds{0}});
  EXPECT_EQ(period_of(Time{Seconds{300}}), Time{Seconds{300}});
}

std::vector<Time> times_of(const std::vector<SeriesSample>& samples) {
  std::vector<Time> out;
  for (const auto& s : samples) out.push_back(s.time);
  return out;
}

// Offsets (no timeline) and ranks in the series' own timeline: both exact; ranks smaller.
TEST(RollupRow, RoundTripsAFleetWithAndWithoutATimelineAndRanksAreSmaller) {
  const auto fleet = make_fleet(20, 20, kT0, Seconds{6 * 3600}, Seconds{30}, 3);
  std::size_t offset_bytes = 0, rank_bytes = 0, periods = 0;
  for (const auto& s : fleet) {
    const auto r = compute_rollups(s.samples);
    const auto timeline = times_of(s.samples);
    const std::string offsets = encode_rollups(r);
    const std::string ranks = encode_rollups(r, timeline);
    offset_bytes += offsets.size();
    rank_bytes += ranks.size();
    periods += r.size();
    const auto back = decode_rollups(as_bytes(offsets));
    ASSERT_TRUE(back.ok()) << back.status().to_string();
    EXPECT_EQ(*back, r);
    EXPECT_FALSE(rollups_need_timeline(as_bytes(offsets)));
    ASSERT_TRUE(rollups_need_timeline(as_bytes(ranks)));
    const auto ranked = decode_rollups(as_bytes(ranks), timeline);
    ASSERT_TRUE(ranked.ok()) << ranked.status().to_string();
    EXPECT_EQ(*ranked, r);
  }
  // Measured on this fleet (6 h rows): 4.4 bytes a period with offsets, 1.9 with ranks.
  const auto per_period = [&](std::size_t b) {
    return static_cast<double>(b) / static_cast<double>(periods);
  };
  EXPECT_LT(per_period(offset_bytes), 5.0);
  EXPECT_LT(per_period(rank_bytes), 2.5);
}

TEST(RollupRow, ATimelineWithoutAMinOrMaxTimeFallsBackToOffsets) {
  const std::vector<SeriesSample> samples{at(0, 50), at(30, 30), at(400, 70)};
  const auto r = compute_rollups(samples);
  auto timeline = times_of(samples);
  timeline.erase(timeline.begin() + 1);  // the time of the first period's minimum
  const std::string row = encode_rollups(r, timeline);
  EXPECT_FALSE(rollups_need_timeline(as_bytes(row)));
  const auto back = decode_rollups(as_bytes(row));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, r);
}

TEST(RollupRow, ATimelineRepeatingTimesFallsBackToOffsets) {
  const std::vector<SeriesSample> samples{at(0, 50), at(30, 30), at(400, 70)};
  const auto r = compute_rollups(samples);
  // 600 times in the first period: ranks would need 10 bits, more than any real period.
  std::vector<Time> timeline(600, kT0);
  timeline.push_back(kT0 + Seconds{30});
  timeline.push_back(kT0 + Seconds{400});
  const std::string row = encode_rollups(r, timeline);
  EXPECT_FALSE(rollups_need_timeline(as_bytes(row)));
  const auto back = decode_rollups(as_bytes(row));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, r);
}

TEST(RollupRow, ARankedRowWithAnotherTimelineIsCorruption) {
  const std::vector<SeriesSample> samples{at(0, 50), at(30, 30), at(400, 70)};
  const auto r = compute_rollups(samples);
  const auto timeline = times_of(samples);
  const std::string row = encode_rollups(r, timeline);
  EXPECT_EQ(decode_rollups(as_bytes(row)).status().code(), StatusCode::kCorruption);
  auto longer = timeline;
  longer.push_back(kT0 + Seconds{500});
  EXPECT_EQ(decode_rollups(as_bytes(row), longer).status().code(), StatusCode::kCorruption);
  // Same length, but the second period has no time left: its ranks point past it.
  const std::vector<Time> other{kT0, kT0 + Seconds{30}, kT0 + Seconds{200}};
  EXPECT_EQ(decode_rollups(as_bytes(row), other).status().code(), StatusCode::kCorruption);
}

TEST(RollupRow, RoundTripsExtremeValuesAndMixedScales) {
  std::vector<Rollup> r(2);
  r[0] = {kT0, 3, Decimal{INT64_MIN, 0}, Decimal{INT64_MAX, 9}, kT0 + Seconds{299}, kT0, -7, 9};
  r[1] = {kT0 + Seconds{86400}, UINT32_MAX,           Decimal{5, 3}, Decimal{-5, 1},
          kT0 + Seconds{86400}, kT0 + Seconds{86401}, INT64_MAX,     3};
  const std::string row = encode_rollups(r);
  const auto back = decode_rollups(as_bytes(row));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, r);
  const auto empty = decode_rollups(as_bytes(encode_rollups({})));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(RollupRow, EveryDamagedByteIsCorruption) {
  const std::vector<SeriesSample> samples{at(0, 50), at(30, 30), at(400, 70)};
  const auto r = compute_rollups(samples);
  const auto timeline = times_of(samples);
  const std::string row = encode_rollups(r, timeline);
  ASSERT_TRUE(decode_rollups(as_bytes(row), timeline).ok());
  for (std::size_t i = 0; i < row.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = row;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      const auto got = decode_rollups(as_bytes(bad), timeline);
      ASSERT_FALSE(got.ok()) << "byte " << i << " bit " << bit;
      EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
    }
  }
  EXPECT_EQ(decode_rollups(as_bytes(row.substr(0, row.size() - 1))).status().code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace mw::tsdb
