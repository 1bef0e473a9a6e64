#include "tsdb/rollup.hpp"

#include <array>

#include "base/crc32c.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

constexpr std::array<std::int64_t, 10> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// Mantissa `m` at scale `from` re-expressed at scale `to` >= from. Wraps on overflow (a sum
// of 2^63 / 10^9 would need sensor values beyond any real range).
std::int64_t rescale(std::int64_t m, std::uint8_t from, std::uint8_t to) noexcept {
  if (to <= from) return m;  // callers rescale up only; scales are checked on decode
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(m) *
                                   static_cast<std::uint64_t>(kPow10[to - from]));
}

std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}

void add_to_sum(Rollup& r, std::int64_t mantissa, std::uint8_t scale) noexcept {
  if (scale > r.sum_scale) {
    r.sum = rescale(r.sum, r.sum_scale, scale);
    r.sum_scale = scale;
  }
  r.sum =
      static_cast<std::int64_t>(static_cast<std::uint64_t>(r.sum) +
                                static_cast<std::uint64_t>(rescale(mantissa, scale, r.sum_scale)));
}

Rollup start_rollup(const SeriesSample& s) {
  return Rollup{period_of(s.time), 1, s.value, s.value, s.time, s.time, s.value.mantissa,
                s.value.scale};
}

Status corrupt(const char* what) {
  return Status::corruption(std::string("tsdb rollup row: ") + what);
}

}  // namespace

double Rollup::avg() const noexcept {
  if (count == 0) return 0;
  return static_cast<double>(sum) / static_cast<double>(kPow10[sum_scale]) /
         static_cast<double>(count);
}

Time period_of(Time t) noexcept {
  const std::int64_t s = t.time_since_epoch().count();
  const std::int64_t p = kRollupPeriod.count();
  const std::int64_t floor = s >= 0 ? s / p : -((-s + p - 1) / p);
  return Time{Seconds{floor * p}};
}

void merge_rollup(Rollup& a, const Rollup& b) {
  a.count += b.count;
  const int lo = b.min.compare(a.min);
  if (lo < 0 || (lo == 0 && b.min_time < a.min_time)) {
    a.min = b.min;
    a.min_time = b.min_time;
  }
  const int hi = b.max.compare(a.max);
  if (hi > 0 || (hi == 0 && b.max_time < a.max_time)) {
    a.max = b.max;
    a.max_time = b.max_time;
  }
  add_to_sum(a, b.sum, b.sum_scale);
}

std::vector<Rollup> compute_rollups(std::span<const SeriesSample> samples) {
  std::vector<Rollup> out;
  for (const SeriesSample& s : samples) {
    if (!out.empty() && out.back().period == period_of(s.time)) {
      merge_rollup(out.back(), start_rollup(s));
    } else {
      out.push_back(start_rollup(s));
    }
  }
  return out;
}

void append_rollups(std::vector<Rollup>& out, std::span<const Rollup> more) {
  for (const Rollup& r : more) {
    if (!out.empty() && out.back().period == r.period) {
      merge_rollup(out.back(), r);
    } else {
      out.push_back(r);
    }
  }
}

// Layout (chunk.md §7.2): u8 version, varint n, zz varint first period index, then per
// partial: varint period-index delta (0 for the first), varint count, u8 scales
// (min << 4 | max), u8 sum scale, zz min mantissa (delta from the previous partial's),
// zz (max − min mantissa), varint min and max offsets in the period, zz (sum − count·min
// at sum scale); fixed32 CRC-32C of every byte before it.
std::string encode_rollups(std::span<const Rollup> rollups) {
  std::string out;
  out.push_back(static_cast<char>(kRollupVersion));
  put_varint(out, rollups.size());
  const std::int64_t p = kRollupPeriod.count();
  std::int64_t prev_period = rollups.empty() ? 0 : rollups[0].period.time_since_epoch().count() / p;
  put_varint(out, zigzag_encode(prev_period));
  std::int64_t prev_min = 0;
  for (const Rollup& r : rollups) {
    const std::int64_t period = r.period.time_since_epoch().count() / p;
    put_varint(out, static_cast<std::uint64_t>(period - prev_period));
    prev_period = period;
    put_varint(out, r.count);
    out.push_back(static_cast<char>((r.min.scale << 4) | r.max.scale));
    out.push_back(static_cast<char>(r.sum_scale));
    put_varint(out, zigzag_encode(wrapping_sub(r.min.mantissa, prev_min)));
    prev_min = r.min.mantissa;
    put_varint(out, zigzag_encode(wrapping_sub(r.max.mantissa, r.min.mantissa)));
    put_varint(out, static_cast<std::uint64_t>((r.min_time - r.period).count()));
    put_varint(out, static_cast<std::uint64_t>((r.max_time - r.period).count()));
    const std::int64_t base = static_cast<std::int64_t>(
        static_cast<std::uint64_t>(r.count) *
        static_cast<std::uint64_t>(rescale(r.min.mantissa, r.min.scale, r.sum_scale)));
    put_varint(out, zigzag_encode(wrapping_sub(r.sum, base)));
  }
  put_fixed32(out, crc32c(out));
  return out;
}

Result<std::vector<Rollup>> decode_rollups(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 5) return corrupt("shorter than its header and checksum");
  const auto body = bytes.first(bytes.size() - 4);
  if (crc32c(body) != get_fixed32(bytes.last<4>())) return corrupt("checksum mismatch");
  ByteReader in(body);
  if (in.u8() != kRollupVersion) return corrupt("unknown version");
  const auto n = in.varint();
  const auto first = in.varint();
  // A partial takes at least 9 bytes: bounds what a damaged count can make us allocate.
  if (!n || !first || *n > body.size()) return corrupt("truncated header");
  const std::int64_t p = kRollupPeriod.count();
  std::int64_t period = zigzag_decode(*first);
  std::int64_t prev_min = 0;
  std::vector<Rollup> out;
  out.reserve(static_cast<std::size_t>(*n));
  for (std::uint64_t i = 0; i < *n; ++i) {
    const auto dp = in.varint();
    const auto count = in.varint();
    const auto scales = in.u8();
    const auto sum_scale = in.u8();
    const auto min = in.varint();
    const auto range = in.varint();
    const auto min_off = in.varint();
    const auto max_off = in.varint();
    const auto sum = in.varint();
    if (!dp || !count || !scales || !sum_scale || !min || !range || !min_off || !max_off || !sum) {
      return corrupt("truncated partial");
    }
    const auto min_scale = static_cast<std::uint8_t>(*scales >> 4);
    const auto max_scale = static_cast<std::uint8_t>(*scales & 0x0FU);
    if ((i > 0 && *dp == 0) || *dp > (std::uint64_t{1} << 40) || *count == 0 ||
        *count > UINT32_MAX || min_scale > Decimal::kMaxScale || max_scale > Decimal::kMaxScale ||
        *sum_scale > Decimal::kMaxScale || min_scale > *sum_scale ||
        *min_off >= static_cast<std::uint64_t>(p) || *max_off >= static_cast<std::uint64_t>(p)) {
      return corrupt("field out of range");
    }
    period += static_cast<std::int64_t>(*dp);
    Rollup r;
    r.period = Time{Seconds{period * p}};
    r.count = static_cast<std::uint32_t>(*count);
    prev_min = static_cast<std::int64_t>(static_cast<std::uint64_t>(prev_min) +
                                         static_cast<std::uint64_t>(zigzag_decode(*min)));
    r.min = Decimal{prev_min, min_scale};
    r.max = Decimal{static_cast<std::int64_t>(static_cast<std::uint64_t>(prev_min) +
                                              static_cast<std::uint64_t>(zigzag_decode(*range))),
                    max_scale};
    r.min_time = r.period + Seconds{static_cast<std::int64_t>(*min_off)};
    r.max_time = r.period + Seconds{static_cast<std::int64_t>(*max_off)};
    r.sum_scale = *sum_scale;
    const std::uint64_t base =
        static_cast<std::uint64_t>(r.count) *
        static_cast<std::uint64_t>(rescale(r.min.mantissa, min_scale, *sum_scale));
    r.sum = static_cast<std::int64_t>(base + static_cast<std::uint64_t>(zigzag_decode(*sum)));
    out.push_back(r);
  }
  if (!in.at_end()) return corrupt("bytes after the last partial");
  return out;
}

}  // namespace mw::tsdb
