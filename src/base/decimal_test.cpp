#include "base/decimal.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

TEST(Decimal, CanonicalTextRoundTrips) {
  for (const char* text : {"0", "0.50", "1.5", "-0.05", "12", "123456.789", "-3", "0.000000001",
                           "999999999999999999"}) {
    const auto d = parse_decimal(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(format_decimal(*d), text);
  }
}

TEST(Decimal, KeepsScaleAndValue) {
  const auto d = parse_decimal("1.50");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->mantissa, 150);
  EXPECT_EQ(d->scale, 2);
  EXPECT_DOUBLE_EQ(d->to_double(), 1.5);
  EXPECT_TRUE(d->same_value(*parse_decimal("1.5")));
  EXPECT_FALSE(*d == *parse_decimal("1.5"));
  EXPECT_LT(parse_decimal("0.99")->compare(*parse_decimal("1.0")), 0);
  EXPECT_EQ(parse_decimal("1.00")->compare(*parse_decimal("1")), 0);
}

TEST(Decimal, NonCanonicalInputIsReadAndWrittenCanonically) {
  EXPECT_EQ(format_decimal(*parse_decimal("+1.5")), "1.5");
  EXPECT_EQ(format_decimal(*parse_decimal("007")), "7");
  EXPECT_EQ(format_decimal(*parse_decimal(".5")), "0.5");
  EXPECT_EQ(format_decimal(*parse_decimal("5.")), "5");
}

TEST(Decimal, RejectsWhatIsNotAPlainDecimal) {
  for (const char* bad : {"", "-", ".", "1e3", "1.2.3", " 1", "1 ", "0x10", "1,5", "NaN",
                          "1234567890123456789", "0.0000000001", "１"}) {
    EXPECT_FALSE(parse_decimal(bad).has_value()) << bad;
  }
}

TEST(Decimal, FromDouble) {
  EXPECT_EQ(format_decimal(decimal_from_double(0.456, 2)), "0.46");
  EXPECT_EQ(format_decimal(decimal_from_double(-0.04, 2)), "-0.04");
  EXPECT_EQ(format_decimal(decimal_from_double(24.0, 0)), "24");
}

}  // namespace
}  // namespace mw
