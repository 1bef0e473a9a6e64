#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>

namespace mw::sim {
namespace {

TEST(Rng, SplitMix64MatchesTheReferenceSequenceFromZero) {
  // First outputs of the published SplitMix64 reference implementation seeded with 0.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(splitmix64(state), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(splitmix64(state), 0x06C45D188009454Full);
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    differs |= x != c.next_u64();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, MinesGetIndependentStreams) {
  Rng m0 = Rng::for_mine(7, 0), m1 = Rng::for_mine(7, 1), again = Rng::for_mine(7, 1);
  EXPECT_NE(m0.next_u64(), m1.next_u64());
  Rng fresh = Rng::for_mine(7, 1);
  (void)again.next_u64();
  EXPECT_NE(again.next_u64(), fresh.next_u64());  // advanced stream moved on
  EXPECT_NE(mix_seed(1, 2), mix_seed(2, 1));      // order matters
}

TEST(Rng, UniformStaysInRangeWithPlausibleMean) {
  Rng r(1);
  double sum = 0;
  for (int i = 0; i < 20000; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 20000, 0.5, 0.01);
}

TEST(Rng, UniformIntCoversEveryValueOfASmallRangeAndNoOther) {
  Rng r(2);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t v = r.uniform_int(-2, 3);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(r.uniform_int(5, 5), 5);
}

TEST(Rng, NormalHasUnitVarianceAndBoundedTails) {
  Rng r(3);
  double sum = 0, sq = 0;
  constexpr int kN = 40000;
  for (int i = 0; i < kN; ++i) {
    const double x = r.normal();
    ASSERT_LT(std::abs(x), 3.5);
    sum += x;
    sq += x * x;
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.02);
  EXPECT_NEAR(sq / kN, 1.0, 0.03);
}

TEST(Rng, WeightedFollowsTheWeights) {
  Rng r(4);
  const std::array<double, 3> w{1.0, 0.0, 3.0};
  std::array<int, 3> counts{};
  for (int i = 0; i < 8000; ++i) ++counts[r.weighted(w)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(static_cast<double>(counts[2]) / counts[0], 3.0, 0.3);
}

}  // namespace
}  // namespace mw::sim
