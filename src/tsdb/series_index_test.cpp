#include "tsdb/series_index.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw::tsdb {
namespace {

TEST(SeriesIndex, AssignsDenseIdsInOrderOfFirstSight) {
  SeriesIndex index;
  EXPECT_EQ(index.get_or_add("140421000111", "140421000111MN0001").value(), 0U);
  EXPECT_EQ(index.get_or_add("140421000111", "140421000111KG0002").value(), 1U);
  EXPECT_EQ(index.get_or_add("520203000512", "140421000111MN0001").value(), 2U);
  EXPECT_EQ(index.get_or_add("140421000111", "140421000111MN0001").value(), 0U);
  EXPECT_EQ(index.size(), 3U);
  EXPECT_EQ(index.mine_of(2), "520203000512");
  EXPECT_EQ(index.point_of(1), "140421000111KG0002");
}

TEST(SeriesIndex, MineAndPointDoNotRunTogether) {
  // "ab"+"c" and "a"+"bc" are different series.
  SeriesIndex index;
  const auto a = index.get_or_add("ab", "c").value();
  const auto b = index.get_or_add("a", "bc").value();
  EXPECT_NE(a, b);
  EXPECT_EQ(index.find("a", "bc"), b);
  EXPECT_EQ(index.find("ab", "c"), a);
}

TEST(SeriesIndex, FindsManySeriesAfterGrowth) {
  SeriesIndex index;
  for (int i = 0; i < 20000; ++i) {
    ASSERT_EQ(index.get_or_add("mine" + std::to_string(i % 97), "p" + std::to_string(i)).value(),
              static_cast<SeriesId>(i));
  }
  for (int i = 0; i < 20000; i += 7) {
    ASSERT_EQ(index.find("mine" + std::to_string(i % 97), "p" + std::to_string(i)),
              static_cast<SeriesId>(i));
  }
  EXPECT_FALSE(index.find("mine0", "p1").has_value());  // p1 is in mine1
  EXPECT_FALSE(index.find("nowhere", "p0").has_value());
}

TEST(SeriesIndex, RefusesBadCodes) {
  SeriesIndex index;
  EXPECT_EQ(index.get_or_add("", "p").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.get_or_add("m", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index.get_or_add(std::string(33, 'm'), "p").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(index.get_or_add("m", std::string(129, 'p')).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(index.size(), 0U);
  EXPECT_FALSE(index.find("", "p").has_value());
}

TEST(SeriesIndex, CostsLessThanItsShareOfTheBudget) {
  // 600k sensors nationwide; realistic 12-digit mine + 18-character point codes.
  SeriesIndex index;
  constexpr int kSeries = 100000;
  for (int i = 0; i < kSeries; ++i) {
    const std::string mine = "14042100" + std::to_string(1000 + i / 300);
    ASSERT_TRUE(index.get_or_add(mine, mine + "MN" + std::to_string(10000 + i)).ok());
  }
  // Issue budget: 200 bytes per active series beyond its head chunk, shared with Head.
  EXPECT_LE(index.memory_bytes() / kSeries, 100U);
}

}  // namespace
}  // namespace mw::tsdb
