// Size budget of the storage issue: ≤ 0.5 bytes per stored sample over the sensor mix
// (docs/formats/chunk.md §6 has the full measurement; bench/tsdb_bench.cpp runs it at
// 1,700 series). Here a smaller fleet keeps the test fast.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tsdb/block_codec.hpp"
#include "tsdb/chunk_codec.hpp"
#include "tsdb/synthetic_series.hpp"

namespace mw::tsdb {
namespace {

const Time kT0{Seconds{1'790'121'600}};  // 2026-09-23 00:00 China time

TEST(Compression, SensorMixMeetsHalfAByteBudget) {
  const auto fleet = make_fleet(200, 200, kT0, Seconds{24 * 3600}, Seconds{30}, 2026);
  std::vector<std::string> chunks;
  std::size_t samples = 0;
  std::size_t chunk_bytes = 0;
  for (const auto& s : fleet) {
    chunks.push_back(encode_chunk(s.samples).value());
    samples += s.samples.size();
    chunk_bytes += chunks.back().size();
  }
  auto block = encode_block(chunks, BlockCompression::kZstd);
  ASSERT_TRUE(block.ok());
  const double per_sample = static_cast<double>(block->size()) / static_cast<double>(samples);
  EXPECT_LE(per_sample, 0.5) << "chunks alone: "
                             << static_cast<double>(chunk_bytes) / static_cast<double>(samples);
  // The data really is there: decoding gives the samples back.
  auto back = decode_block(*block);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), fleet.size());
  EXPECT_EQ(decode_chunk((*back)[17]).value(), fleet[17].samples);
}

TEST(Compression, SwitchPointsCostAlmostNothing) {
  SplitMix rng(5);
  const auto times = make_timeline(rng, kT0, Seconds{24 * 3600}, Seconds{30});
  const auto s = make_series(SeriesKind::kSwitch, rng, times);
  auto bytes = encode_chunk(s);
  ASSERT_TRUE(bytes.ok());
  // The time column dominates; values and status add a few bytes per change.
  EXPECT_LT(static_cast<double>(bytes->size()) / static_cast<double>(s.size()), 0.35);
}

}  // namespace
}  // namespace mw::tsdb
