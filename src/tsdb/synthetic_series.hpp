#pragma once
// Deterministic synthetic sensor series for tests and benchmarks of the codec: random walks
// at the sensor's resolution, mean-reverting with ±1 LSB noise, occasional steps, switch
// points, cumulative counters; timestamps every ~30 s with 1–2 s jitter and communication
// gaps, shared by all points of a mine (a CDSS file carries one time for all its points).
// Same seed → same data on every platform (own PRNG, no std:: distributions).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "tsdb/chunk_codec.hpp"

namespace mw::tsdb {

enum class SeriesKind : std::uint8_t {
  kMethane,         // 0.00–1.50 %CH4, 2 decimals
  kCarbonMonoxide,  // 0–30 ppm, integers
  kWindSpeed,       // 1.20–3.50 m/s, 2 decimals
  kTemperature,     // 18.0–28.0 ℃, 1 decimal
  kSwitch,          // 0/1, a few changes a day
  kCounter,         // cumulative output rising in steps, 1 decimal
};
std::string_view series_kind_name(SeriesKind kind) noexcept;

// splitmix64: tiny, well-mixed and identical everywhere.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() noexcept;
  double uniform() noexcept;  // [0, 1)
  double normal() noexcept;   // mean 0, sd 1 (Box–Muller)
  bool chance(double p) noexcept { return uniform() < p; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept;  // inclusive

 private:
  std::uint64_t state_;
};

// The timeline of one mine: `duration` from `start` every `interval` with jitter and gaps.
std::vector<Time> make_timeline(SplitMix& rng, Time start, Seconds duration, Seconds interval);

// Values and statuses of one point along `times`.
std::vector<SeriesSample> make_series(SeriesKind kind, SplitMix& rng, std::span<const Time> times);

struct SyntheticSeries {
  SeriesKind kind = SeriesKind::kMethane;
  std::size_t mine = 0;
  std::vector<SeriesSample> samples;
};

// `count` series in mines of `per_mine` points, ≈ 60 % analog, 35 % switch, 5 % counters
// (the storage issue's mix), each covering `duration`.
std::vector<SyntheticSeries> make_fleet(std::size_t count, std::size_t per_mine, Time start,
                                        Seconds duration, Seconds interval, std::uint64_t seed);

}  // namespace mw::tsdb
