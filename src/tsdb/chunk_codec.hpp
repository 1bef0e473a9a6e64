#pragma once
// The chunk codec: one chunk = the samples of one series over a stretch of time, encoded as
// columns (docs/formats/chunk.md). Timestamps: delta-of-delta or delta-from-base residuals,
// whichever is smaller for the chunk; values: the Decimal mantissa as a scaled integer,
// delta + zig-zag + bucketed bit packing, with run-lengths for unchanged values; status and
// (when it varies) scale: run-lengths of changes. Every chunk ends in a CRC-32C.
//
// Thread safety: free functions over caller-owned data; safe to call from any thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "model/sample.hpp"

namespace mw::tsdb {

// One stored sample of one series: the model's Sample (time, Decimal value exactly as the
// mine wrote it, 测点状态 bits), so the pipeline hands samples over without copying fields.
// The chunk format stores exactly these three fields.
using SeriesSample = mw::Sample;

// docs/formats/chunk.md §3: DO NOT CHANGE — embedded in stored chunks.
inline constexpr std::uint8_t kChunkVersion = 1;
// docs/formats/chunk.md §3: 7.6 days at 10 s; bounds what a decoder allocates.
inline constexpr std::size_t kMaxChunkSamples = 65536;

// How a chunk's timestamps were coded (docs/formats/chunk.md §3.1).
enum class TimeMode : std::uint8_t {
  kDeltaOfDelta = 0,   // residual = (t[i]-t[i-1]) - (t[i-1]-t[i-2])
  kDeltaFromBase = 1,  // residual = (t[i]-t[i-1]) - base, base = the chunk's median delta
};

// Encodes 1..kMaxChunkSamples samples in the given order (times may repeat or go back;
// the codec is lossless for any input). Fails with kInvalidArgument on an empty or too
// large span or a Decimal scale above Decimal::kMaxScale.
Result<std::string> encode_chunk(std::span<const SeriesSample> samples);

// Decodes a chunk written by encode_chunk. Any damage (checksum, version, structure) is
// kCorruption; never reads outside `bytes`, never returns data from a damaged chunk.
Result<std::vector<SeriesSample>> decode_chunk(std::span<const std::uint8_t> bytes);
Result<std::vector<SeriesSample>> decode_chunk(std::string_view bytes);

// The times of a chunk only (checksum verified, time section decoded; the value columns
// are not read): for a block's timeline (docs/formats/chunk.md §7.1). `out` is replaced,
// and left empty on kCorruption.
Status decode_chunk_times(std::span<const std::uint8_t> bytes, std::vector<Time>& out);

// What a chunk's header says, without decoding its columns (checksum still verified).
struct ChunkSummary {
  std::size_t count = 0;
  Time first_time;
  TimeMode time_mode = TimeMode::kDeltaOfDelta;
};
Result<ChunkSummary> summarize_chunk(std::span<const std::uint8_t> bytes);

}  // namespace mw::tsdb
