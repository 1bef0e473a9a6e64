#include "tsdb/rollup.hpp"

#include <array>

namespace mw::tsdb {
namespace {

constexpr std::array<std::int64_t, 10> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

void add_to_sum(Rollup& r, std::int64_t mantissa, std::uint8_t scale) noexcept {
  if (scale > r.sum_scale) {
    r.sum = rescale_mantissa(r.sum, r.sum_scale, scale);
    r.sum_scale = scale;
  }
  r.sum = static_cast<std::int64_t>(
      static_cast<std::uint64_t>(r.sum) +
      static_cast<std::uint64_t>(rescale_mantissa(mantissa, scale, r.sum_scale)));
}

Rollup start_rollup(const SeriesSample& s) {
  return Rollup{period_of(s.time), 1, s.value, s.value, s.time, s.time, s.value.mantissa,
                s.value.scale};
}

}  // namespace

std::int64_t rescale_mantissa(std::int64_t m, std::uint8_t from, std::uint8_t to) noexcept {
  if (to <= from || to > Decimal::kMaxScale) return m;  // callers rescale up only
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(m) *
                                   static_cast<std::uint64_t>(kPow10[to - from]));
}

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

}  // namespace mw::tsdb
