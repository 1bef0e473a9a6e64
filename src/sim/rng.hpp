#pragma once
// Deterministic pseudo-random numbers for the simulator: xoshiro256** seeded through
// SplitMix64 (both public-domain algorithms by Vigna and Blackman, written out here). Every
// transform (uniform, normal, choice) is ours, so output is the same on any standard library.
// Not thread-safe: each mine owns its own Rng.

#include <cstdint>
#include <span>

namespace mw::sim {

// SplitMix64 step: advances `state` and returns a well-mixed 64-bit value.
std::uint64_t splitmix64(std::uint64_t& state) noexcept;

// Mixes several values into one seed, order-sensitive (seed, mine index, day, stream …).
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0,
                       std::uint64_t d = 0) noexcept;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept;
  // An independent stream for one mine: the same (seed, mine index) always gives the same
  // stream, whatever the other mines do.
  static Rng for_mine(std::uint64_t seed, std::uint64_t mine_index) noexcept {
    return Rng(mix_seed(seed, mine_index));
  }

  std::uint64_t next_u64() noexcept;
  // Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept;
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [lo, hi] (inclusive), unbiased (rejection sampling).
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) noexcept;
  // Approximately standard normal: the sum of four uniforms, centred and scaled to unit
  // variance (Irwin–Hall). Tails end at ±3.46σ, which suits sensor noise: no wild outliers.
  double normal() noexcept;
  double normal(double mean, double sd) noexcept { return mean + sd * normal(); }
  bool bernoulli(double p) noexcept { return uniform() < p; }
  // Index drawn with the given non-negative weights (at least one positive).
  std::size_t weighted(std::span<const double> weights) noexcept;
  template <class T>
  const T& pick(std::span<const T> items) noexcept {
    return items[static_cast<std::size_t>(
        uniform_int(0, static_cast<std::int64_t>(items.size()) - 1))];
  }

 private:
  std::uint64_t s_[4];
};

}  // namespace mw::sim
