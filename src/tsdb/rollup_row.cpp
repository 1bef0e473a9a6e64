// The stored rollup row, version 2 (docs/formats/chunk.md §7.2): ten residual columns in one
// bit stream, coded like a chunk's columns (column_coder), no zstd. Declared in rollup.hpp.
#include <algorithm>
#include <bit>
#include <climits>

#include "base/crc32c.hpp"
#include "tsdb/column_coder.hpp"
#include "tsdb/rollup.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

// chunk.md §7.2: how the min and max times of a row are coded.
enum class TimeCoding : std::uint8_t { kOffsets = 0, kRanks = 1 };

constexpr std::int64_t kPeriod = kRollupPeriod.count();
// chunk.md §7.2: a period index beyond ±2^40 (10^7 years) is damage; keeps index · 300 in
// range however a row is crafted.
constexpr std::int64_t kMaxPeriodIndex = std::int64_t{1} << 40;
constexpr int kScaleBits = 4;
// chunk.md §7.2: a period holds at most 300 distinct whole seconds, so 9 bits hold any rank
// in a timeline of distinct times; a wider stated width is damage.
constexpr int kMaxRankBits = 9;

std::uint64_t u64(std::int64_t v) noexcept { return static_cast<std::uint64_t>(v); }
std::int64_t secs(Time t) noexcept { return t.time_since_epoch().count(); }

Status corrupt(const char* what) {
  return Status::corruption(std::string("tsdb rollup row: ") + what);
}

// sum − (count·min + ⌊count·(max − min) / 2⌋), min and max at the sum scale, modulo 2^64:
// the midpoint predicts the sum of a noisy period better than the minimum (chunk.md §7.2).
std::uint64_t sum_prediction(std::uint64_t count, const Decimal& min, const Decimal& max,
                             std::uint8_t sum_scale) noexcept {
  const std::uint64_t lo = u64(rescale_mantissa(min.mantissa, min.scale, sum_scale));
  const std::uint64_t hi = u64(rescale_mantissa(max.mantissa, max.scale, sum_scale));
  return count * lo + count * (hi - lo) / 2;
}

// The timeline's times in [period, period + 5 min), as index bounds; `from` is where the
// previous period's span ended (periods increase, so the walk never goes back; a linear
// walk over ≈ 10 times a period beats a binary search).
struct PeriodSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};
PeriodSpan period_span(std::span<const Time> timeline, std::size_t from, Time period) {
  std::size_t b = from;
  while (b < timeline.size() && timeline[b] < period) ++b;
  std::size_t e = b;
  const Time next = period + kRollupPeriod;
  while (e < timeline.size() && timeline[e] < next) ++e;
  return {b, e};
}

// Rank of `t` among span's times, or nullopt when the timeline does not hold it.
std::optional<std::uint64_t> rank_of(std::span<const Time> timeline, PeriodSpan span, Time t) {
  const auto b = timeline.begin() + static_cast<std::ptrdiff_t>(span.begin);
  const auto e = timeline.begin() + static_cast<std::ptrdiff_t>(span.end);
  const auto it = std::lower_bound(b, e, t);
  if (it == e || *it != t) return std::nullopt;
  return static_cast<std::uint64_t>(it - b);
}

}  // namespace

std::string encode_rollups(std::span<const Rollup> rollups, std::span<const Time> timeline) {
  const std::size_t n = rollups.size();
  // Ranks only when the timeline holds every min and max time (a block's timeline holds all
  // its chunks' samples, so the store's rows always qualify).
  std::vector<std::uint64_t> min_rank, max_rank, in_period;
  bool ranks = !timeline.empty();
  if (ranks) {
    std::size_t from = 0;
    for (const Rollup& r : rollups) {
      const PeriodSpan span = period_span(timeline, from, r.period);
      from = span.end;
      const auto lo = rank_of(timeline, span, r.min_time);
      const auto hi = rank_of(timeline, span, r.max_time);
      if (!lo || !hi) {
        ranks = false;
        break;
      }
      min_rank.push_back(*lo);
      max_rank.push_back(*hi);
      in_period.push_back(span.end - span.begin);
    }
  }
  // Ranks are written in a fixed width, enough for the fullest period: ranks are close to
  // uniform, where the buckets cost ≈ 7 bits a rank at 10 samples a period, 4 bits ≈ 5.
  int rank_bits = 0;
  if (ranks) {
    const std::uint64_t most =
        in_period.empty() ? 1 : *std::max_element(in_period.begin(), in_period.end());
    rank_bits = std::max(1, static_cast<int>(std::bit_width(most - 1)));
    if (rank_bits > kMaxRankBits) {  // a timeline with repeated times: not one to rank in
      ranks = false;
      rank_bits = 0;
    }
  }
  std::string out;
  out.push_back(static_cast<char>(kRollupVersion));
  out.push_back(static_cast<char>(ranks ? TimeCoding::kRanks : TimeCoding::kOffsets));
  put_varint(out, n);
  put_varint(out, zigzag_encode(n == 0 ? 0 : secs(rollups[0].period) / kPeriod));
  put_varint(out, ranks ? timeline.size() : 0);
  out.push_back(static_cast<char>(rank_bits));
  BitWriter w(out);
  const auto column = [&](int raw_bits, std::size_t first, auto&& residual) {
    ColumnWriter c(w, raw_bits);
    for (std::size_t i = first; i < n; ++i) c.add(residual(i));
    c.finish();
  };
  column(kBucketed, 1, [&](std::size_t i) {
    return u64((secs(rollups[i].period) - secs(rollups[i - 1].period)) / kPeriod) - 1;
  });
  column(kBucketed, 0, [&](std::size_t i) {
    const std::uint64_t pred = ranks ? in_period[i] : i == 0 ? 0 : rollups[i - 1].count;
    return std::uint64_t{rollups[i].count} - pred;
  });
  column(kScaleBits, 0, [&](std::size_t i) {
    return std::uint64_t{rollups[i].min.scale} ^ (i == 0 ? 0U : rollups[i - 1].min.scale);
  });
  column(kScaleBits, 0, [&](std::size_t i) {
    return std::uint64_t{rollups[i].max.scale} ^ (i == 0 ? 0U : rollups[i - 1].max.scale);
  });
  column(kScaleBits, 0, [&](std::size_t i) {
    return std::uint64_t{rollups[i].sum_scale} ^ (i == 0 ? 0U : rollups[i - 1].sum_scale);
  });
  column(kBucketed, 0, [&](std::size_t i) {
    return u64(rollups[i].min.mantissa) - (i == 0 ? 0 : u64(rollups[i - 1].min.mantissa));
  });
  column(kBucketed, 0, [&](std::size_t i) {
    return u64(rollups[i].max.mantissa) - u64(rollups[i].min.mantissa);
  });
  column(kBucketed, 0, [&](std::size_t i) {
    const Rollup& r = rollups[i];
    return u64(r.sum) - sum_prediction(r.count, r.min, r.max, r.sum_scale);
  });
  const int time_bits = ranks ? rank_bits : kBucketed;
  column(time_bits, 0, [&](std::size_t i) {
    return ranks ? min_rank[i] : u64((rollups[i].min_time - rollups[i].period).count());
  });
  column(time_bits, 0, [&](std::size_t i) {
    return ranks ? max_rank[i] : u64((rollups[i].max_time - rollups[i].period).count());
  });
  w.align();
  put_fixed32(out, crc32c(out));
  return out;
}

bool rollups_need_timeline(std::span<const std::uint8_t> bytes) noexcept {
  return bytes.size() > 1 && bytes[1] == static_cast<std::uint8_t>(TimeCoding::kRanks);
}

Result<std::vector<Rollup>> decode_rollups(std::span<const std::uint8_t> bytes,
                                           std::span<const Time> timeline) {
  if (bytes.size() < 10) return corrupt("shorter than its header and checksum");
  const auto body = bytes.first(bytes.size() - 4);
  if (crc32c(body) != get_fixed32(bytes.last<4>())) return corrupt("checksum mismatch");
  ByteReader in(body);
  if (in.u8() != kRollupVersion) return corrupt("unknown version");
  const auto coding = in.u8();
  const auto n64 = in.varint();
  const auto first = in.varint();
  const auto timeline_size = in.varint();
  const auto rank_bits = in.u8();
  if (!coding || !n64 || !first || !timeline_size || !rank_bits || *coding > 1 ||
      *n64 > kMaxRollupsPerRow) {
    return corrupt("bad header");
  }
  const bool ranks = *coding == static_cast<std::uint8_t>(TimeCoding::kRanks);
  if (ranks ? *rank_bits == 0 || *rank_bits > kMaxRankBits : *rank_bits != 0) {
    return corrupt("bad rank width");
  }
  if (ranks ? *timeline_size != timeline.size() : *timeline_size != 0) {
    return corrupt("its block's timeline is missing or of another length");
  }
  const auto n = static_cast<std::size_t>(*n64);
  const auto rest = in.rest();
  BitReader r(rest);
  // All ten columns into one reused buffer (one allocation per thread, not ten per row):
  // column k's residual i is at start[k] + i.
  thread_local std::vector<std::uint64_t> cols;
  cols.clear();
  std::size_t start[10];
  for (int k = 0; k < 10; ++k) {
    const std::size_t count = k == 0 ? (n == 0 ? 0 : n - 1) : n;
    const int raw_bits = k >= 2 && k <= 4  ? kScaleBits
                         : k >= 8 && ranks ? static_cast<int>(*rank_bits)
                                           : kBucketed;
    start[k] = cols.size();
    if (!read_column(r, count, raw_bits, [&](std::uint64_t v) { cols.push_back(v); })) {
      return corrupt("a column is damaged");
    }
  }
  const auto col = [&](int k, std::size_t i) { return cols[start[k] + i]; };
  // Only the zero padding of the last byte may follow.
  if (r.bits_left() >= 8 ||
      (r.bits_left() > 0 && r.read_bits(static_cast<int>(r.bits_left())) != 0)) {
    return corrupt("bits after the last column");
  }
  std::vector<Rollup> out;
  out.reserve(n);
  std::int64_t period = zigzag_decode(*first);
  if (period > kMaxPeriodIndex || period < -kMaxPeriodIndex) return corrupt("period out of range");
  std::size_t from = 0;
  std::uint64_t prev_count = 0, prev_min = 0;
  std::uint8_t min_scale = 0, max_scale = 0, sum_scale = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) {
      const std::uint64_t step = col(0, i - 1) + 1;
      if (step == 0 || step > static_cast<std::uint64_t>(kMaxPeriodIndex - period)) {
        return corrupt("period step out of range");
      }
      period += static_cast<std::int64_t>(step);
    }
    Rollup x;
    x.period = Time{Seconds{period * kPeriod}};
    PeriodSpan span;
    if (ranks) {
      span = period_span(timeline, from, x.period);
      from = span.end;
    }
    const std::uint64_t pred = ranks ? span.end - span.begin : prev_count;
    const std::uint64_t count = pred + col(1, i);
    if (count == 0 || count > UINT32_MAX) return corrupt("count out of range");
    prev_count = count;
    min_scale = static_cast<std::uint8_t>(min_scale ^ col(2, i));
    max_scale = static_cast<std::uint8_t>(max_scale ^ col(3, i));
    sum_scale = static_cast<std::uint8_t>(sum_scale ^ col(4, i));
    if (sum_scale > Decimal::kMaxScale || min_scale > sum_scale || max_scale > sum_scale) {
      return corrupt("scale out of range");
    }
    x.count = static_cast<std::uint32_t>(count);
    prev_min += col(5, i);
    x.min = Decimal{static_cast<std::int64_t>(prev_min), min_scale};
    x.max = Decimal{static_cast<std::int64_t>(prev_min + col(6, i)), max_scale};
    x.sum_scale = sum_scale;
    x.sum = static_cast<std::int64_t>(sum_prediction(count, x.min, x.max, sum_scale) + col(7, i));
    if (ranks) {
      const std::uint64_t in_period = span.end - span.begin;
      if (col(8, i) >= in_period || col(9, i) >= in_period) return corrupt("rank out of range");
      x.min_time = timeline[span.begin + static_cast<std::size_t>(col(8, i))];
      x.max_time = timeline[span.begin + static_cast<std::size_t>(col(9, i))];
    } else {
      const auto p = static_cast<std::uint64_t>(kPeriod);
      if (col(8, i) >= p || col(9, i) >= p) return corrupt("time offset out of range");
      x.min_time = x.period + Seconds{static_cast<std::int64_t>(col(8, i))};
      x.max_time = x.period + Seconds{static_cast<std::int64_t>(col(9, i))};
    }
    out.push_back(x);
  }
  return out;
}

}  // namespace mw::tsdb
