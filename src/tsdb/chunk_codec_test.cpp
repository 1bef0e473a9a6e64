#include "tsdb/chunk_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/crc32c.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

// 2026-09-23 10:13:19 China time.
const Time kT0{Seconds{1'790'129'599}};

SeriesSample at(std::int64_t offset_s, std::int64_t mantissa, std::uint8_t scale = 2,
                std::uint16_t status = 0) {
  return {kT0 + Seconds{offset_s}, Decimal{mantissa, scale}, status};
}

void expect_round_trip(const std::vector<SeriesSample>& in) {
  auto bytes = encode_chunk(in);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto out = decode_chunk(*bytes);
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  ASSERT_EQ(out->size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    ASSERT_EQ((*out)[i], in[i]) << "sample " << i;
  }
}

TEST(ChunkCodec, RoundTripsEverySyntheticKind) {
  SplitMix rng(42);
  const auto times = make_timeline(rng, kT0, Seconds{24 * 3600}, Seconds{30});
  for (auto kind : {SeriesKind::kMethane, SeriesKind::kCarbonMonoxide, SeriesKind::kWindSpeed,
                    SeriesKind::kTemperature, SeriesKind::kSwitch, SeriesKind::kCounter}) {
    SCOPED_TRACE(std::string(series_kind_name(kind)));
    expect_round_trip(make_series(kind, rng, times));
  }
}

TEST(ChunkCodec, TimesOnlyDecodeMatchesTheFullDecodeAndRefusesDamage) {
  SplitMix rng(7);
  const auto times = make_timeline(rng, kT0, Seconds{6 * 3600}, Seconds{30});
  const auto samples = make_series(SeriesKind::kWindSpeed, rng, times);
  const auto bytes = encode_chunk(samples);
  ASSERT_TRUE(bytes.ok());
  std::vector<Time> got{kT0};  // replaced, not appended to
  ASSERT_TRUE(decode_chunk_times(as_bytes(*bytes), got).ok());
  EXPECT_EQ(got, times);
  std::string bad = *bytes;
  bad[3] = static_cast<char>(bad[3] ^ 0x10);
  EXPECT_EQ(decode_chunk_times(as_bytes(bad), got).code(), StatusCode::kCorruption);
  EXPECT_TRUE(got.empty());
}

TEST(ChunkCodec, RoundTripsEdgeCases) {
  // One checker, one line per case.
  const std::vector<std::vector<SeriesSample>> cases = {
      {at(0, 23)},                                                // one sample
      {at(0, 23), at(30, 24)},                                    // two samples
      {at(0, 1), at(0, 2), at(0, 3), at(0, 3)},                   // equal timestamps
      {at(0, -5), at(30, -120), at(60, -120), at(90, 7)},         // negative values
      {at(0, 12, 0), at(30, 13, 0), at(60, 13, 0)},               // scale 0
      {at(0, 123456789, 9), at(30, -987654321, 9)},               // scale 9
      {at(0, INT64_MAX, 0), at(30, INT64_MIN, 0), at(60, 0, 0)},  // huge value deltas
      {at(0, 1), at(5 * 86400, 2), at(5 * 86400 + 30, 2)},        // a gap of days
      {at(0, 1), at(-60, 1), at(30, 1)},                          // time going back
      {at(-1'790'129'599, 1), at(4'000'000'000, 1)},              // epoch and far future
      {at(0, 1, 2, 0), at(30, 1, 2, 1), at(60, 1, 2, 2), at(90, 1, 2, 0xFFFF)},  // status
      {at(0, 150, 2), at(30, 15, 1), at(60, 15, 1), at(90, 2, 0)},               // scale changes
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    SCOPED_TRACE("case " + std::to_string(c));
    expect_round_trip(cases[c]);
  }
}

TEST(ChunkCodec, RoundTripsExtremeTimes) {
  const Time lo{Seconds{INT64_MIN / 2}};
  const Time hi{Seconds{INT64_MAX / 2}};
  expect_round_trip({{lo, Decimal{1, 0}, 0}, {hi, Decimal{1, 0}, 0}, {lo, Decimal{1, 0}, 0}});
}

TEST(ChunkCodec, RoundTripsStatusChangeEverySample) {
  std::vector<SeriesSample> s;
  for (int i = 0; i < 500; ++i) {
    s.push_back(at(30 * i, i % 7, 2, static_cast<std::uint16_t>((i * 37) & 0xFF)));
  }
  expect_round_trip(s);
}

TEST(ChunkCodec, RoundTripsMaximumChunk) {
  std::vector<SeriesSample> s;
  for (std::size_t i = 0; i < kMaxChunkSamples; ++i) {
    s.push_back(at(static_cast<std::int64_t>(10 * i), static_cast<std::int64_t>(i % 3)));
  }
  expect_round_trip(s);
}

TEST(ChunkCodec, RefusesBadInput) {
  EXPECT_EQ(encode_chunk({}).status().code(), StatusCode::kInvalidArgument);
  std::vector<SeriesSample> too_many(kMaxChunkSamples + 1, at(0, 1));
  EXPECT_EQ(encode_chunk(too_many).status().code(), StatusCode::kInvalidArgument);
  const std::vector<SeriesSample> bad_scale = {at(0, 1, 10)};
  EXPECT_EQ(encode_chunk(bad_scale).status().code(), StatusCode::kInvalidArgument);
}

TEST(ChunkCodec, ConstantSeriesCostsAFewBytes) {
  std::vector<SeriesSample> s;
  for (int i = 0; i < 2880; ++i) s.push_back(at(30 * i, 0, 0));
  auto bytes = encode_chunk(s);
  ASSERT_TRUE(bytes.ok());
  EXPECT_LE(bytes->size(), 32U);
}

TEST(ChunkCodec, PicksTheSmallerTimeCoding) {
  // Steady 30 s with isolated ±1 s jitter: delta-from-base sees one residual per jitter,
  // delta-of-delta sees two.
  std::vector<SeriesSample> jitter;
  std::int64_t t = 0;
  for (int i = 0; i < 1000; ++i) {
    jitter.push_back(at(t, 5));
    t += (i % 5 == 0) ? 31 : 30;
  }
  // A steady interval that changes once: delta-of-delta has one residual.
  std::vector<SeriesSample> regime;
  for (int i = 0; i < 1000; ++i) regime.push_back(at(i < 500 ? 10 * i : 5000 + 30 * (i - 500), 5));
  auto a = encode_chunk(jitter);
  auto b = encode_chunk(regime);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(summarize_chunk(as_bytes(*a))->time_mode, TimeMode::kDeltaFromBase);
  EXPECT_EQ(summarize_chunk(as_bytes(*b))->time_mode, TimeMode::kDeltaOfDelta);
  expect_round_trip(jitter);
  expect_round_trip(regime);
}

TEST(ChunkCodec, SummaryReadsHeader) {
  const std::vector<SeriesSample> s = {at(0, 1), at(30, 2), at(61, 2)};
  auto bytes = encode_chunk(s);
  ASSERT_TRUE(bytes.ok());
  auto sum = summarize_chunk(as_bytes(*bytes));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->count, 3U);
  EXPECT_EQ(sum->first_time, kT0);
}

std::vector<SeriesSample> small_mixed_chunk() {
  return {at(0, 23, 2, 0),    at(31, 24, 2, 0),    at(60, 23, 2, 1),
          at(89, 2300, 4, 1), at(120, -5, 0, 128), at(3000, -5, 0, 128)};
}

TEST(ChunkCodec, EveryFlippedBitIsDetected) {
  auto bytes = encode_chunk(small_mixed_chunk());
  ASSERT_TRUE(bytes.ok());
  for (std::size_t i = 0; i < bytes->size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = *bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      auto out = decode_chunk(damaged);
      ASSERT_FALSE(out.ok()) << "byte " << i << " bit " << bit;
      EXPECT_EQ(out.status().code(), StatusCode::kCorruption);
    }
  }
}

TEST(ChunkCodec, EveryByteValueAtEveryOffsetIsDetected) {
  auto bytes = encode_chunk(small_mixed_chunk());
  ASSERT_TRUE(bytes.ok());
  for (std::size_t i = 0; i < bytes->size(); ++i) {
    for (int v = 0; v < 256; ++v) {
      if (static_cast<unsigned char>((*bytes)[i]) == v) continue;
      std::string damaged = *bytes;
      damaged[i] = static_cast<char>(v);
      EXPECT_EQ(decode_chunk(damaged).status().code(), StatusCode::kCorruption)
          << "byte " << i << " value " << v;
    }
  }
}

TEST(ChunkCodec, TruncatedOrExtendedChunksAreCorrupt) {
  auto bytes = encode_chunk(small_mixed_chunk());
  ASSERT_TRUE(bytes.ok());
  for (std::size_t len = 0; len < bytes->size(); ++len) {
    EXPECT_EQ(decode_chunk(std::string_view(*bytes).substr(0, len)).status().code(),
              StatusCode::kCorruption)
        << "length " << len;
  }
  EXPECT_EQ(decode_chunk(*bytes + '\0').status().code(), StatusCode::kCorruption);
}

// With the checksum recomputed, damage reaches the structural checks: the decoder must
// still never crash or read out of bounds (ASan build), and report kCorruption or data.
TEST(ChunkCodec, StructurallyDamagedChunksWithValidChecksumNeverCrash) {
  auto bytes = encode_chunk(small_mixed_chunk());
  ASSERT_TRUE(bytes.ok());
  const std::string body = bytes->substr(0, bytes->size() - 4);
  SplitMix rng(7);
  int corrupt = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string damaged = body;
    const int flips = static_cast<int>(rng.between(1, 3));
    for (int f = 0; f < flips; ++f) {
      const auto pos =
          static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(damaged.size()) - 1));
      damaged[pos] = static_cast<char>(rng.next());
    }
    if (rng.chance(0.2))
      damaged.resize(
          static_cast<std::size_t>(rng.between(0, static_cast<std::int64_t>(damaged.size()))));
    put_fixed32(damaged, crc32c(as_bytes(damaged)));
    auto out = decode_chunk(damaged);
    if (!out.ok()) {
      EXPECT_EQ(out.status().code(), StatusCode::kCorruption);
      ++corrupt;
    } else {
      EXPECT_LE(out->size(), kMaxChunkSamples);
    }
  }
  EXPECT_GT(corrupt, 0);
}

TEST(ChunkCodec, ArbitraryBytesWithValidChecksumNeverCrash) {
  SplitMix rng(99);
  for (int round = 0; round < 20000; ++round) {
    std::string body(static_cast<std::size_t>(rng.between(0, 48)), '\0');
    for (auto& c : body) c = static_cast<char>(rng.next());
    if (!body.empty() && rng.chance(0.5)) body[0] = static_cast<char>(kChunkVersion);
    if (body.size() > 1 && rng.chance(0.5)) body[1] = static_cast<char>(rng.between(0, 1));
    put_fixed32(body, crc32c(as_bytes(body)));
    auto out = decode_chunk(body);
    if (!out.ok()) {
      ASSERT_EQ(out.status().code(), StatusCode::kCorruption);
    }
  }
}

TEST(ChunkCodec, EncodingIsCanonical) {
  // Decoding then encoding gives the same bytes: a chunk can be re-sealed or compared.
  SplitMix rng(3);
  const auto times = make_timeline(rng, kT0, Seconds{6 * 3600}, Seconds{10});
  auto bytes = encode_chunk(make_series(SeriesKind::kWindSpeed, rng, times));
  ASSERT_TRUE(bytes.ok());
  auto again = encode_chunk(decode_chunk(*bytes).value());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *bytes);
}

}  // namespace
}  // namespace mw::tsdb
