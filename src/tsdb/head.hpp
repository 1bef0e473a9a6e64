#pragma once
// Head chunks: the newest samples of each series, in memory, until they are sealed into an
// encoded chunk (chunk_codec). A head is sealed when it is full, when a sample falls into
// the next time window (chunks never straddle a window, so a window's chunks can be sealed
// into one block), or when the value's scale changes (sealed chunks keep one scale,
// docs/formats/chunk.md §3.2).
//
// Memory: the newest kRecentSamples samples are kept raw (16 bytes each); older ones are
// frozen into small encoded chunks until the head is sealed: 2.4 bytes a sample in the
// head all told, measured (docs/formats/chunk.md §6.6), instead of 16 — a full 720-sample
// head takes ~1.7 KB, not 11.5 KB (600k sensors: ~1 GB, not 6.9 GB).
// Per series beyond that: HeadSeries (per_series_overhead_bytes(), 88 bytes).
//
// Thread safety: none; a Head belongs to one shard thread (architecture.md §3). Readers on
// other threads get copies through that thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "tsdb/chunk_codec.hpp"
#include "tsdb/series_index.hpp"

namespace mw::tsdb {

struct HeadOptions {
  // 6 h at 30 s. Measured (docs/formats/chunk.md §6.5): 720-sample chunks cost 0.177 B/sample
  // in zstd blocks vs 0.165 for a day, at a quarter of the memory of a day-long head.
  std::size_t max_samples = 720;
  Seconds window{6 * 3600};  // windows start at multiples of this since the epoch (UTC)
};

enum class AppendOutcome : std::uint8_t {
  kAppended,
  kDuplicate,   // same time as the newest sample of the series: the first one is kept
  kOutOfOrder,  // older than the newest sample of the series: dropped
  kInvalid,     // scale above Decimal::kMaxScale, or a time before 1970: dropped
};

struct SealedChunk {
  SeriesId series = 0;
  Time first;
  Time last;
  std::uint32_t count = 0;
  std::int64_t window = 0;  // index of the window: first / HeadOptions::window
  std::string bytes;        // encode_chunk output
};

class Head {
 public:
  // Raw samples kept per series before they are frozen: 32 × 16 bytes; a frozen part of 32
  // samples costs ~1.3 B/sample (its header and checksum weigh on so few samples).
  static constexpr std::size_t kRecentSamples = 32;

  explicit Head(HeadOptions options = {});

  AppendOutcome append(SeriesId id, const SeriesSample& sample);

  // Seals every head whose window ends at or before `t` (e.g. the pipeline clock minus
  // the lateness allowed), and all heads.
  void seal_windows_before(Time t);
  void seal_all();
  // Chunks sealed since the last call, in sealing order.
  std::vector<SealedChunk> take_sealed();

  // Samples of `id` still in the head with from <= time < to, appended to `out`.
  void read(SeriesId id, Time from, Time to, std::vector<SeriesSample>& out) const;
  // The newest sample ever appended to `id` (kept after sealing).
  std::optional<SeriesSample> latest(SeriesId id) const;

  std::size_t series_count() const noexcept { return series_.size(); }
  std::size_t samples_in_head() const noexcept;
  // Heap bytes held by head samples (raw and frozen), capacities included.
  std::size_t sample_memory_bytes() const noexcept;
  // Bytes per series beyond its samples.
  static constexpr std::size_t per_series_overhead_bytes();

 private:
  // 16 bytes: times are offsets from the head's window start.
  struct PackedSample {
    std::int64_t mantissa;
    std::uint32_t offset_s;
    std::uint16_t status;
    std::uint8_t scale;
  };
  // Fields ordered to pack: 88 bytes.
  struct HeadSeries {
    std::vector<PackedSample> recent;  // newest samples, at most kRecentSamples
    std::string frozen;                // older samples: encoded chunks, each after a varint length
    std::int64_t window = 0;           // window index of the samples
    std::int64_t last_time = 0;        // newest sample appended (kept after sealing)
    std::int64_t last_mantissa = 0;
    std::uint32_t count = 0;  // samples in recent and frozen
    std::uint16_t last_status = 0;
    std::uint8_t last_scale = 0;
    bool has_last = false;
  };

  std::int64_t window_of(Time t) const;
  void freeze(HeadSeries& s);
  // All samples of the head, oldest first, into `out` (cleared first).
  void unpack(const HeadSeries& s, std::vector<SeriesSample>& out) const;
  void seal(SeriesId id, HeadSeries& s);

  HeadOptions options_;
  std::vector<HeadSeries> series_;  // by SeriesId
  std::vector<SealedChunk> sealed_;
  std::vector<SeriesSample> scratch_;  // reused for encoding
};

constexpr std::size_t Head::per_series_overhead_bytes() { return sizeof(HeadSeries); }

}  // namespace mw::tsdb
