#pragma once
// Residual columns (docs/formats/chunk.md §2): a column is a sequence of residuals, mostly
// zero. It is written as events: the length of a run of zeros (Elias gamma of run + 1),
// then one non-zero residual, until the column's known length is reached. A trailing run
// ends the column without a residual, so an unchanging column costs a few bits in all.
//
// Non-zero residuals are written either "bucketed" (signed, zig-zag, a unary bucket prefix
// then that bucket's width of bits: kBucketBits) or "raw" (a fixed width, for XOR of
// status or scale).

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "tsdb/bit_stream.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {

// docs/formats/chunk.md §2.2: widths of the buckets for non-zero residuals, chosen by
// measurement on the synthetic sensor mix (±1 LSB noise and ±1–2 s jitter dominate).
inline constexpr std::array<int, 6> kBucketBits{1, 1, 3, 6, 12, 64};
inline constexpr int kBucketed = 0;  // raw_bits value that selects bucketed residuals

void write_bucketed(BitWriter& w, std::int64_t nonzero);
// Returns 0 (never a valid non-zero residual) if the reader failed. Inline: read_column
// calls it for every non-zero residual.
inline std::int64_t read_bucketed(BitReader& r) {
  constexpr int last = static_cast<int>(kBucketBits.size()) - 1;
  // First u of each bucket: the sum of the spans of the buckets before it.
  constexpr auto kOffsets = [] {
    std::array<std::uint64_t, kBucketBits.size()> o{};
    for (std::size_t k = 1; k < o.size(); ++k)
      o[k] = o[k - 1] + (std::uint64_t{1} << kBucketBits[k - 1]);
    return o;
  }();
  // The bucket prefix from one peek: k ones, then a zero unless k is the last bucket.
  const int k = std::min(std::countl_one(r.peek()), last);
  const int prefix = k < last ? k + 1 : k;
  const int width = kBucketBits[static_cast<std::size_t>(k)];
  std::uint64_t payload = 0;
  if (prefix + width <= BitReader::kPeekBits) {  // prefix and payload in one read
    payload = r.read_bits(prefix + width) & ((std::uint64_t{1} << width) - 1U);
  } else {
    r.read_bits(prefix);
    payload = r.read_bits(width);
  }
  if (r.failed()) return 0;
  return zigzag_decode(kOffsets[static_cast<std::size_t>(k)] + payload + 1);
}

class ColumnWriter {
 public:
  // raw_bits = kBucketed for signed residuals, else the fixed width of each residual.
  ColumnWriter(BitWriter& w, int raw_bits) : w_(w), raw_bits_(raw_bits) {}
  // residual as a wrapping 64-bit difference; 0 means "same as the previous".
  void add(std::uint64_t residual);
  void finish();

 private:
  BitWriter& w_;
  int raw_bits_;
  std::uint64_t run_ = 0;
};

// Reads a column of `count` residuals, calling sink(uint64 residual) once for each.
// Returns false on damaged input (a run past the column end, a zero "non-zero" residual,
// or the bits ran out); the caller reports kCorruption.
template <class Sink>
bool read_column(BitReader& r, std::size_t count, int raw_bits, Sink&& sink) {
  std::size_t filled = 0;
  while (filled < count) {
    const std::uint64_t run = r.read_gamma(24) - 1;  // 2^24 > kMaxChunkSamples + 1
    if (r.failed() || run > count - filled) return false;
    for (std::uint64_t i = 0; i < run; ++i) sink(std::uint64_t{0});
    filled += static_cast<std::size_t>(run);
    if (filled == count) break;
    std::uint64_t residual = 0;
    if (raw_bits == kBucketed) {
      residual = static_cast<std::uint64_t>(read_bucketed(r));
    } else {
      residual = r.read_bits(raw_bits);
    }
    if (r.failed() || residual == 0) return false;
    sink(residual);
    ++filled;
  }
  return true;
}

}  // namespace mw::tsdb
