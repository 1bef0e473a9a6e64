#include "tsdb/block_codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tsdb/chunk_codec.hpp"
#include "base/crc32c.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

const Time kT0{Seconds{1'790'129'599}};

std::vector<std::string> some_chunks(std::size_t n) {
  const auto fleet = make_fleet(n, 4, kT0, Seconds{2 * 3600}, Seconds{30}, 11);
  std::vector<std::string> chunks;
  for (const auto& s : fleet) chunks.push_back(encode_chunk(s.samples).value());
  return chunks;
}

TEST(BlockCodec, RoundTripsWithAndWithoutZstd) {
  const auto chunks = some_chunks(9);
  for (auto c : {BlockCompression::kNone, BlockCompression::kZstd}) {
    auto block = encode_block(chunks, c);
    ASSERT_TRUE(block.ok()) << block.status().to_string();
    auto out = decode_block(*block);
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    EXPECT_EQ(*out, chunks);
  }
}

TEST(BlockCodec, EmptyBlockRoundTrips) {
  auto block = encode_block({});
  ASSERT_TRUE(block.ok());
  auto out = decode_block(*block);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->empty());
}

TEST(BlockCodec, ZstdShrinksChunksOfOneMine) {
  const auto chunks = some_chunks(8);
  std::size_t raw = 0;
  for (const auto& c : chunks) raw += c.size();
  auto block = encode_block(chunks, BlockCompression::kZstd);
  ASSERT_TRUE(block.ok());
  // Points of one mine share their time section, which zstd stores once.
  EXPECT_LT(block->size(), raw);
}

TEST(BlockCodec, EveryFlippedBitIsDetected) {
  for (auto c : {BlockCompression::kNone, BlockCompression::kZstd}) {
    auto block = encode_block(some_chunks(2), c);
    ASSERT_TRUE(block.ok());
    for (std::size_t i = 0; i < block->size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string damaged = *block;
        damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
        auto out = decode_block(damaged);
        ASSERT_FALSE(out.ok()) << "byte " << i << " bit " << bit;
        EXPECT_EQ(out.status().code(), StatusCode::kCorruption);
      }
    }
  }
}

TEST(BlockCodec, TruncatedBlocksAreCorrupt) {
  auto block = encode_block(some_chunks(2));
  ASSERT_TRUE(block.ok());
  for (std::size_t len = 0; len < block->size(); ++len) {
    EXPECT_EQ(decode_block(std::string_view(*block).substr(0, len)).status().code(),
              StatusCode::kCorruption)
        << "length " << len;
  }
}

TEST(BlockCodec, ArbitraryPayloadsWithValidChecksumNeverCrash) {
  SplitMix rng(21);
  for (int round = 0; round < 3000; ++round) {
    std::string body;
    body.push_back(static_cast<char>(kBlockVersion));
    body.push_back(static_cast<char>(rng.between(0, 1)));
    put_varint(body, static_cast<std::uint64_t>(rng.between(0, 4)));
    const auto stored = static_cast<std::size_t>(rng.between(0, 40));
    put_varint(body,
               rng.chance(0.5) ? stored : static_cast<std::uint64_t>(rng.between(0, 1 << 20)));
    put_varint(body, stored);
    for (std::size_t i = 0; i < stored; ++i) body.push_back(static_cast<char>(rng.next()));
    if (rng.chance(0.3) && stored >= 4) {  // a zstd magic number, to get past the first check
      body[body.size() - stored] = '\x28';
      body[body.size() - stored + 1] = '\xB5';
      body[body.size() - stored + 2] = '\x2F';
      body[body.size() - stored + 3] = '\xFD';
    }
    put_fixed32(body, crc32c(as_bytes(body)));
    auto out = decode_block(body);
    if (!out.ok()) {
      ASSERT_EQ(out.status().code(), StatusCode::kCorruption);
    }
  }
}

}  // namespace
}  // namespace mw::tsdb
