#include "tsdb/rollup.hpp"

#include <zstd.h>

#include <array>
#include <memory>
#include <string_view>

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

// zstd level 1, as for blocks (chunk.md §6.3); a row is a few hundred bytes.
constexpr int kRollupZstdLevel = 1;
// 2^20 partials = 10 years of 5-minute periods: more in one row is damage.
constexpr std::uint64_t kMaxRollupsPerRow = std::uint64_t{1} << 20;

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

// Layout (chunk.md §7.2): u8 version, varint n, zz varint first period index, u8
// compression (0 none, 1 zstd), varint size of the columns, the columns (zstd frame or
// as is), fixed32 CRC-32C of every byte before it. The nine columns, n entries each, one
// after another so zstd sees runs: period-index delta, count delta (zz), scales
// (u8 min << 4 | max), sum scale (u8), min mantissa delta (zz), max − min (zz), min offset
// in the period, max offset, sum − count·min at sum scale (zz).
std::string encode_rollups(std::span<const Rollup> rollups) {
  std::string out;
  out.push_back(static_cast<char>(kRollupVersion));
  put_varint(out, rollups.size());
  const std::int64_t p = kRollupPeriod.count();
  const std::int64_t first = rollups.empty() ? 0 : rollups[0].period.time_since_epoch().count() / p;
  put_varint(out, zigzag_encode(first));
  std::string cols;
  std::int64_t prev = first;
  for (const Rollup& r : rollups) {
    const std::int64_t period = r.period.time_since_epoch().count() / p;
    put_varint(cols, static_cast<std::uint64_t>(period - prev));
    prev = period;
  }
  prev = 0;
  for (const Rollup& r : rollups) {
    put_varint(cols, zigzag_encode(wrapping_sub(r.count, prev)));
    prev = r.count;
  }
  for (const Rollup& r : rollups)
    cols.push_back(static_cast<char>((r.min.scale << 4) | r.max.scale));
  for (const Rollup& r : rollups) cols.push_back(static_cast<char>(r.sum_scale));
  prev = 0;
  for (const Rollup& r : rollups) {
    put_varint(cols, zigzag_encode(wrapping_sub(r.min.mantissa, prev)));
    prev = r.min.mantissa;
  }
  for (const Rollup& r : rollups) {
    put_varint(cols, zigzag_encode(wrapping_sub(r.max.mantissa, r.min.mantissa)));
  }
  for (const Rollup& r : rollups) {
    put_varint(cols, static_cast<std::uint64_t>((r.min_time - r.period).count()));
  }
  for (const Rollup& r : rollups) {
    put_varint(cols, static_cast<std::uint64_t>((r.max_time - r.period).count()));
  }
  for (const Rollup& r : rollups) {
    const std::int64_t base = static_cast<std::int64_t>(
        static_cast<std::uint64_t>(r.count) *
        static_cast<std::uint64_t>(rescale(r.min.mantissa, r.min.scale, r.sum_scale)));
    put_varint(cols, zigzag_encode(wrapping_sub(r.sum, base)));
  }
  std::string packed(ZSTD_compressBound(cols.size()), '\0');
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> ctx(ZSTD_createCCtx(),
                                                                              &ZSTD_freeCCtx);
  const std::size_t z = ZSTD_compressCCtx(ctx.get(), packed.data(), packed.size(), cols.data(),
                                          cols.size(), kRollupZstdLevel);
  const bool zstd = ZSTD_isError(z) == 0 && z < cols.size();
  out.push_back(static_cast<char>(zstd ? 1 : 0));
  put_varint(out, cols.size());
  out.append(zstd ? std::string_view(packed.data(), z) : std::string_view(cols));
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
  const auto compression = in.u8();
  const auto raw_size = in.varint();
  // A partial takes at least 9 bytes of columns and at most 9 varints of 10: bounds what a
  // damaged header can make us allocate.
  if (!n || !first || !compression || !raw_size || *compression > 1 || *n > kMaxRollupsPerRow ||
      *raw_size < *n * 9 || *raw_size > *n * 90) {
    return corrupt("bad header");
  }
  std::string cols;
  if (*compression == 1) {
    const auto frame = in.rest();
    if (ZSTD_getFrameContentSize(frame.data(), frame.size()) != *raw_size) {
      return corrupt("zstd frame size disagrees with the header");
    }
    cols.resize(static_cast<std::size_t>(*raw_size));
    // One context per thread: creating one per row was half the cost of a 30-day read.
    thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(),
                                                                                &ZSTD_freeDCtx);
    const std::size_t got =
        ZSTD_decompressDCtx(ctx.get(), cols.data(), cols.size(), frame.data(), frame.size());
    if (ZSTD_isError(got) != 0 || got != cols.size()) return corrupt("zstd frame is damaged");
  } else {
    const auto rest = in.rest();
    cols.assign(reinterpret_cast<const char*>(rest.data()), rest.size());
    if (cols.size() != *raw_size) return corrupt("column size disagrees with the header");
  }
  const auto count_n = static_cast<std::size_t>(*n);
  ByteReader c(as_bytes(cols));
  std::vector<std::uint64_t> col[9];
  for (int k = 0; k < 9; ++k) {
    col[k].reserve(count_n);
    for (std::size_t i = 0; i < count_n; ++i) {
      std::optional<std::uint64_t> v;
      if (k == 2 || k == 3) {
        if (const auto b = c.u8()) v = *b;
      } else {
        v = c.varint();
      }
      if (!v) return corrupt("truncated column");
      col[k].push_back(*v);
    }
  }
  if (!c.at_end()) return corrupt("bytes after the last column");
  const std::int64_t p = kRollupPeriod.count();
  std::int64_t period = zigzag_decode(*first);
  std::int64_t prev_min = 0;
  std::int64_t prev_count = 0;
  std::vector<Rollup> out;
  out.reserve(count_n);
  for (std::size_t i = 0; i < count_n; ++i) {
    const std::uint64_t dp = col[0][i];
    const std::int64_t count =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(prev_count) +
                                  static_cast<std::uint64_t>(zigzag_decode(col[1][i])));
    prev_count = count;
    const auto min_scale = static_cast<std::uint8_t>(col[2][i] >> 4);
    const auto max_scale = static_cast<std::uint8_t>(col[2][i] & 0x0FU);
    const auto sum_scale = static_cast<std::uint8_t>(col[3][i]);
    if ((i > 0 && dp == 0) || dp > (std::uint64_t{1} << 40) || count <= 0 || count > UINT32_MAX ||
        min_scale > Decimal::kMaxScale || max_scale > Decimal::kMaxScale ||
        sum_scale > Decimal::kMaxScale || min_scale > sum_scale ||
        col[6][i] >= static_cast<std::uint64_t>(p) || col[7][i] >= static_cast<std::uint64_t>(p)) {
      return corrupt("field out of range");
    }
    period += static_cast<std::int64_t>(dp);
    Rollup r;
    r.period = Time{Seconds{period * p}};
    r.count = static_cast<std::uint32_t>(count);
    prev_min = static_cast<std::int64_t>(static_cast<std::uint64_t>(prev_min) +
                                         static_cast<std::uint64_t>(zigzag_decode(col[4][i])));
    r.min = Decimal{prev_min, min_scale};
    r.max = Decimal{static_cast<std::int64_t>(static_cast<std::uint64_t>(prev_min) +
                                              static_cast<std::uint64_t>(zigzag_decode(col[5][i]))),
                    max_scale};
    r.min_time = r.period + Seconds{static_cast<std::int64_t>(col[6][i])};
    r.max_time = r.period + Seconds{static_cast<std::int64_t>(col[7][i])};
    r.sum_scale = sum_scale;
    const std::uint64_t base =
        static_cast<std::uint64_t>(r.count) *
        static_cast<std::uint64_t>(rescale(r.min.mantissa, min_scale, sum_scale));
    r.sum = static_cast<std::int64_t>(base + static_cast<std::uint64_t>(zigzag_decode(col[8][i])));
    out.push_back(r);
  }
  return out;
}

}  // namespace mw::tsdb
