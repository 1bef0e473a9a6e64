#include "tsdb/synthetic_series.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>

namespace mw::tsdb {

std::string_view series_kind_name(SeriesKind kind) noexcept {
  switch (kind) {
    case SeriesKind::kMethane: return "methane";
    case SeriesKind::kCarbonMonoxide: return "co";
    case SeriesKind::kWindSpeed: return "wind";
    case SeriesKind::kTemperature: return "temperature";
    case SeriesKind::kSwitch: return "switch";
    case SeriesKind::kCounter: return "counter";
  }
  return "unknown";
}

std::uint64_t SplitMix::next() noexcept {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SplitMix::uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double SplitMix::normal() noexcept {
  const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::int64_t SplitMix::between(std::int64_t lo, std::int64_t hi) noexcept {
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1U;
  return lo + static_cast<std::int64_t>(next() % span);
}

std::vector<Time> make_timeline(SplitMix& rng, Time start, Seconds duration, Seconds interval) {
  std::vector<Time> times;
  const Time end = start + duration;
  Time t = start + Seconds{rng.between(0, interval.count() - 1)};
  while (t < end) {
    times.push_back(t);
    // Jitter: 60 % on time, 15 % each ±1 s, 5 % each ±2 s (central stations write late
    // or early by a second or two).
    const double j = rng.uniform();
    const std::int64_t jitter = j < 0.6 ? 0 : j < 0.75 ? 1 : j < 0.9 ? -1 : j < 0.95 ? 2 : -2;
    t += interval + Seconds{jitter};
    // Communication loss: about twice a day, 5–60 minutes.
    if (rng.chance(1.0 / 1440.0)) t += Seconds{rng.between(300, 3600)};
  }
  return times;
}

namespace {

struct AnalogShape {
  std::uint8_t scale;
  double low;          // in LSB
  double high;         // in LSB
  double noise;        // sd of reading noise, LSB
  double drift;        // sd of level random walk per sample, LSB
  double step_chance;  // per sample, a jump of the mean
};

AnalogShape shape_of(SeriesKind kind) {
  switch (kind) {
    case SeriesKind::kMethane: return {2, 0, 150, 0.35, 0.05, 1.0 / 3000};
    case SeriesKind::kCarbonMonoxide: return {0, 0, 30, 0.25, 0.02, 1.0 / 5000};
    case SeriesKind::kWindSpeed: return {2, 120, 350, 1.2, 0.2, 1.0 / 2000};
    case SeriesKind::kTemperature: return {1, 180, 280, 0.3, 0.03, 1.0 / 8000};
    default: return {0, 0, 1, 0, 0, 0};
  }
}

std::uint16_t next_status(SplitMix& rng, std::uint16_t status, int& hold) {
  if (hold > 0) {
    if (--hold == 0) return 0;
    return status;
  }
  if (!rng.chance(1.0 / 4000.0)) return status;
  static constexpr std::uint16_t kRare[] = {1, 2, 4, 8, 16, 128};
  hold = static_cast<int>(rng.between(5, 60));
  return kRare[rng.next() % std::size(kRare)];
}

}  // namespace

std::vector<SeriesSample> make_series(SeriesKind kind, SplitMix& rng, std::span<const Time> times) {
  std::vector<SeriesSample> out;
  out.reserve(times.size());
  std::uint16_t status = 0;
  int hold = 0;
  if (kind == SeriesKind::kSwitch) {
    std::int64_t v = rng.chance(0.5) ? 1 : 0;
    for (const Time t : times) {
      if (rng.chance(4.0 / 2880.0)) v = 1 - v;  // a few changes a day at 30 s
      status = next_status(rng, status, hold);
      out.push_back({t, Decimal{v, 0}, status});
    }
    return out;
  }
  if (kind == SeriesKind::kCounter) {
    std::int64_t v = rng.between(0, 1'000'000);
    for (const Time t : times) {
      if (rng.chance(0.2)) v += rng.between(1, 40);  // a belt weigher's batch, in 0.1 t
      status = next_status(rng, status, hold);
      out.push_back({t, Decimal{v, 1}, status});
    }
    return out;
  }
  const AnalogShape s = shape_of(kind);
  double mean = s.low + (s.high - s.low) * (0.1 + 0.4 * rng.uniform());
  double level = mean;
  for (const Time t : times) {
    if (rng.chance(s.step_chance)) mean = s.low + (s.high - s.low) * rng.uniform();
    level += 0.01 * (mean - level) + s.drift * rng.normal();  // mean-reverting walk
    const double reading = std::clamp(std::round(level + s.noise * rng.normal()), s.low, s.high);
    status = next_status(rng, status, hold);
    out.push_back({t, Decimal{static_cast<std::int64_t>(reading), s.scale}, status});
  }
  return out;
}

std::vector<SyntheticSeries> make_fleet(std::size_t count, std::size_t per_mine, Time start,
                                        Seconds duration, Seconds interval, std::uint64_t seed) {
  SplitMix rng(seed);
  std::vector<SyntheticSeries> fleet;
  fleet.reserve(count);
  std::vector<Time> timeline;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % per_mine == 0) timeline = make_timeline(rng, start, duration, interval);
    // Mix per 20 points: 12 analog (5 CH4, 2 CO, 2 wind, 3 temperature), 7 switch, 1 counter.
    static constexpr SeriesKind kMix[20] = {
        SeriesKind::kMethane,        SeriesKind::kSwitch,         SeriesKind::kMethane,
        SeriesKind::kCarbonMonoxide, SeriesKind::kSwitch,         SeriesKind::kWindSpeed,
        SeriesKind::kTemperature,    SeriesKind::kSwitch,         SeriesKind::kMethane,
        SeriesKind::kSwitch,         SeriesKind::kCarbonMonoxide, SeriesKind::kTemperature,
        SeriesKind::kSwitch,         SeriesKind::kMethane,        SeriesKind::kWindSpeed,
        SeriesKind::kSwitch,         SeriesKind::kTemperature,    SeriesKind::kMethane,
        SeriesKind::kSwitch,         SeriesKind::kCounter};
    const SeriesKind kind = kMix[i % 20];
    fleet.push_back({kind, i / per_mine, make_series(kind, rng, timeline)});
  }
  return fleet;
}

}  // namespace mw::tsdb
