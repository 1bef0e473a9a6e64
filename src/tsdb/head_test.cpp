#include "tsdb/head.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tsdb/synthetic_series.hpp"

namespace mw::tsdb {
namespace {

// 2026-09-23 00:00 China time = 2026-09-22 16:00 UTC, a 6 h window boundary.
const Time kT0{Seconds{1'790'121'600}};

SeriesSample at(std::int64_t offset_s, std::int64_t mantissa, std::uint8_t scale = 2,
                std::uint16_t status = 0) {
  return {kT0 + Seconds{offset_s}, Decimal{mantissa, scale}, status};
}

std::vector<SeriesSample> decode_all(const std::vector<SealedChunk>& chunks, SeriesId id) {
  std::vector<SeriesSample> out;
  for (const auto& c : chunks) {
    if (c.series != id) continue;
    auto samples = decode_chunk(c.bytes);
    EXPECT_TRUE(samples.ok());
    EXPECT_EQ(samples->size(), c.count);
    EXPECT_EQ(samples->front().time, c.first);
    EXPECT_EQ(samples->back().time, c.last);
    out.insert(out.end(), samples->begin(), samples->end());
  }
  return out;
}

TEST(Head, SealedChunksGiveBackEverySampleOfAFleet) {
  const auto fleet = make_fleet(40, 20, kT0, Seconds{24 * 3600}, Seconds{30}, 9);
  Head head;
  for (SeriesId id = 0; id < fleet.size(); ++id) {
    for (const auto& s : fleet[id].samples) ASSERT_EQ(head.append(id, s), AppendOutcome::kAppended);
  }
  head.seal_all();
  EXPECT_EQ(head.samples_in_head(), 0U);
  const auto sealed = head.take_sealed();
  for (SeriesId id = 0; id < fleet.size(); ++id) {
    EXPECT_EQ(decode_all(sealed, id), fleet[id].samples) << "series " << id;
  }
  EXPECT_TRUE(head.take_sealed().empty());
}

TEST(Head, ChunksNeverStraddleAWindow) {
  Head head(HeadOptions{.max_samples = 720, .window = Seconds{3600}});
  for (int i = 0; i < 400; ++i) head.append(0, at(30 * i, i));  // 3 h 20 min
  head.seal_all();
  const auto sealed = head.take_sealed();
  ASSERT_EQ(sealed.size(), 4U);
  for (const auto& c : sealed) {
    EXPECT_EQ(c.first.time_since_epoch().count() / 3600, c.window);
    EXPECT_EQ(c.last.time_since_epoch().count() / 3600, c.window);
  }
  EXPECT_EQ(sealed[0].count, 120U);
}

TEST(Head, SealsWhenFullAndOnScaleChange) {
  Head head(HeadOptions{.max_samples = 3, .window = Seconds{86400}});
  head.append(0, at(0, 1));
  head.append(0, at(30, 2));
  head.append(0, at(60, 3));
  EXPECT_TRUE(head.take_sealed().empty());
  head.append(0, at(90, 4));       // full: the first three are sealed
  head.append(0, at(120, 40, 3));  // scale change
  auto sealed = head.take_sealed();
  ASSERT_EQ(sealed.size(), 2U);
  EXPECT_EQ(sealed[0].count, 3U);
  EXPECT_EQ(sealed[1].count, 1U);
  EXPECT_EQ(decode_all(sealed, 0).back(), at(90, 4));
}

TEST(Head, DropsDuplicatesOutOfOrderAndInvalidSamples) {
  Head head;
  EXPECT_EQ(head.append(3, at(100, 1)), AppendOutcome::kAppended);
  EXPECT_EQ(head.append(3, at(100, 2)), AppendOutcome::kDuplicate);
  EXPECT_EQ(head.append(3, at(99, 2)), AppendOutcome::kOutOfOrder);
  EXPECT_EQ(head.append(3, at(130, 2, 10)), AppendOutcome::kInvalid);
  EXPECT_EQ(head.append(3, {Time{Seconds{-5}}, Decimal{1, 0}, 0}), AppendOutcome::kInvalid);
  // Order is kept across a seal too.
  head.seal_all();
  EXPECT_EQ(head.append(3, at(50, 2)), AppendOutcome::kOutOfOrder);
  EXPECT_EQ(head.append(3, at(130, 7)), AppendOutcome::kAppended);
  std::vector<SeriesSample> out;
  head.read(3, kT0, kT0 + Seconds{1000}, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0], at(130, 7));
}

TEST(Head, ReadReturnsTheRangeAndLatestSurvivesSealing) {
  Head head;
  for (int i = 0; i < 10; ++i)
    head.append(1, at(30 * i, 100 + i, 2, static_cast<std::uint16_t>(i % 2)));
  std::vector<SeriesSample> out;
  head.read(1, kT0 + Seconds{60}, kT0 + Seconds{150}, out);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0], at(60, 102, 2, 0));
  EXPECT_EQ(out[2], at(120, 104, 2, 0));
  head.seal_all();
  EXPECT_EQ(head.latest(1), at(270, 109, 2, 1));
  EXPECT_FALSE(head.latest(0).has_value());
  EXPECT_FALSE(head.latest(99).has_value());
  out.clear();
  head.read(1, kT0, kT0 + Seconds{1000}, out);
  EXPECT_TRUE(out.empty());
}

TEST(Head, SealWindowsBeforeSealsOnlyClosedWindows) {
  Head head(HeadOptions{.max_samples = 720, .window = Seconds{3600}});
  head.append(0, at(10, 1));         // window 0 of the day
  head.append(1, at(3600 + 10, 1));  // window 1
  head.seal_windows_before(kT0 + Seconds{3600});
  auto sealed = head.take_sealed();
  ASSERT_EQ(sealed.size(), 1U);
  EXPECT_EQ(sealed[0].series, 0U);
  EXPECT_EQ(head.samples_in_head(), 1U);
}

TEST(Head, PerSeriesOverheadFitsTheBudget) {
  // Issue budget: 200 bytes per active series beyond its head chunk: index + head state.
  // Realistic codes: 12-digit mine, 18-character point; 1,700 series.
  SeriesIndex index;
  constexpr std::size_t kSeries = 1700;
  for (std::size_t i = 0; i < kSeries; ++i) {
    const std::string mine = "14042100" + std::to_string(1000 + i / 200);
    ASSERT_TRUE(index.get_or_add(mine, mine + "MN" + std::to_string(1000 + i)).ok());
  }
  EXPECT_LE(index.memory_bytes() / kSeries + Head::per_series_overhead_bytes(), 200U);
}

TEST(Head, FrozenSamplesReadBackAndCostLessThanRaw) {
  Head head;
  std::vector<SeriesSample> in;
  for (int i = 0; i < 700; ++i) {
    in.push_back(at(30 * i + (i % 3), 20 + (i / 7) % 4, 2, i == 500 ? 1 : 0));
    ASSERT_EQ(head.append(0, in.back()), AppendOutcome::kAppended);
  }
  EXPECT_EQ(head.samples_in_head(), 700U);
  std::vector<SeriesSample> out;
  head.read(0, kT0, kT0 + Seconds{86400}, out);
  EXPECT_EQ(out, in);
  out.clear();
  head.read(0, in[100].time, in[200].time, out);
  EXPECT_EQ(out, std::vector<SeriesSample>(in.begin() + 100, in.begin() + 200));
  // Raw, 700 samples would take 11,200 bytes.
  EXPECT_LT(head.sample_memory_bytes(), 2000U);
  head.seal_all();
  const auto sealed = head.take_sealed();
  ASSERT_EQ(sealed.size(), 1U);
  EXPECT_EQ(decode_chunk(sealed[0].bytes).value(), in);
}

}  // namespace
}  // namespace mw::tsdb
