#include "base/text.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

TEST(Quoted, QuotesAndTruncatesAtACharacterBoundary) {
  EXPECT_EQ(quoted("abc"), "'abc'");
  EXPECT_EQ(quoted(""), "''");
  EXPECT_EQ(quoted("abcdef", 3), "'abc…'");
  EXPECT_EQ(quoted("abc", 3), "'abc'");
  // "瓦斯" is 6 bytes; a cut at 4 falls inside the second character and moves back to 3.
  EXPECT_EQ(quoted("瓦斯", 4), "'瓦…'");
}

}  // namespace
}  // namespace mw
