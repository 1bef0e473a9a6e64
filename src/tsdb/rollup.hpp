#pragma once
// 5-minute rollups (5 分钟统计, what a TJSJ record carries): per series and period, the
// count, min and max with the time each was first reached, and the sum for the average.
// A rollup computed from one sealed chunk is a partial: when a period spans two chunks, the
// two partials for (series, period start) are merged, exactly (integer sums, no rounding).
// Every sample counts, whatever its 测点状态 (the rollup summarises what the mine sent).
//
// Thread safety: free functions and a value type; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "tsdb/chunk_codec.hpp"

namespace mw::tsdb {

// AQ 6201 statistics period: periods start at multiples of 5 min since the epoch (UTC).
inline constexpr Seconds kRollupPeriod{300};
// docs/formats/chunk.md §7.2: DO NOT CHANGE — embedded in stored rollup rows. Version 1
// (zstd of byte columns, offsets for min/max times) is no longer read or written.
inline constexpr std::uint8_t kRollupVersion = 2;
// docs/formats/chunk.md §7.2: 2^20 partials = 10 years of 5-minute periods; more in one row
// is damage.
inline constexpr std::size_t kMaxRollupsPerRow = std::size_t{1} << 20;

struct Rollup {
  Time period;  // start of the 5-minute period
  std::uint32_t count = 0;
  Decimal min;  // the first sample (earliest time) holding the least value
  Decimal max;  // the first sample holding the greatest value
  Time min_time;
  Time max_time;
  // Sum of the values as a mantissa at scale sum_scale (the largest scale seen): exact.
  std::int64_t sum = 0;
  std::uint8_t sum_scale = 0;

  double avg() const noexcept;
  friend bool operator==(const Rollup&, const Rollup&) = default;
};

Time period_of(Time t) noexcept;

// Mantissa `m` at scale `from` re-expressed at scale `to` (>= from, <= 9; else `m` as is).
// Wraps modulo 2^64 on overflow (a sum of 2^63 / 10^9 needs values beyond any real sensor).
std::int64_t rescale_mantissa(std::int64_t m, std::uint8_t from, std::uint8_t to) noexcept;

// Partials of `samples` (oldest first; times must not go back), one per period touched.
std::vector<Rollup> compute_rollups(std::span<const SeriesSample> samples);

// Folds `b` into `a`; both must be partials of the same period of one series with disjoint
// samples. Ties on min or max keep the earlier time.
void merge_rollup(Rollup& a, const Rollup& b);

// Appends `more` (sorted by period) to `out` (sorted by period), merging a partial whose
// period equals out's last one. Partials of one series must be appended in time order.
void append_rollups(std::vector<Rollup>& out, std::span<const Rollup> more);

// Stored row (docs/formats/chunk.md §7.2, code in rollup_row.cpp): partials as
// compute_rollups/merge_rollup make them (periods on 5-minute boundaries, strictly
// increasing; min and max times inside the period; min and max scales <= sum scale).
// `timeline`: the sorted, distinct sample times of the block the partials' chunk is stored
// in (chunk.md §7.1). When it holds every min and max time, those are coded as ranks among
// the timeline's times of their period (≈ 4 bits each instead of ≈ 9), and the count as its
// difference from the timeline's count in the period; otherwise as offsets in the period.
std::string encode_rollups(std::span<const Rollup> rollups, std::span<const Time> timeline = {});
// `timeline` must be the one given to encode_rollups (a row coded with ranks states its
// length; another length, or a rank past its period, is kCorruption). Any damage is
// kCorruption (checksum first, then structure).
Result<std::vector<Rollup>> decode_rollups(std::span<const std::uint8_t> bytes,
                                           std::span<const Time> timeline = {});
// Whether a row's min and max times are ranks in a timeline (so decode needs one); false for
// a row too short to say (decode_rollups then reports it).
bool rollups_need_timeline(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace mw::tsdb
