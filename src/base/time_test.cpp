#include "base/time.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

TEST(ChinaTime, ParsesAndFormatsRoundTrip) {
  const auto t = parse_china_time("2026-09-23 10:13:19");
  ASSERT_TRUE(t.has_value());
  // 10:13:19 in UTC+8 is 02:13:19 UTC.
  EXPECT_EQ(t->time_since_epoch().count(), 1790129599);
  EXPECT_EQ(format_china_time(*t), "2026-09-23 10:13:19");
  EXPECT_EQ(format_iso8601_china(*t), "2026-09-23T10:13:19+08:00");
  EXPECT_EQ(format_china_compact_time(*t), "20260923101319");
}

TEST(ChinaTime, MidnightCrossesTheUtcDay) {
  const auto t = parse_china_time("2026-01-01 00:30:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(format_china_time(*t), "2026-01-01 00:30:00");
  EXPECT_EQ(parse_china_compact_time("20260101003000"), t);
}

TEST(ChinaTime, RejectsMalformed) {
  for (const char* bad : {"", "2026-09-23", "2026-09-23T10:13:19", "2026-02-30 10:00:00",
                          "2026-13-01 00:00:00", "2026-09-23 24:00:00", "2026-09-23 10:60:00",
                          "2026-09-23 10:13:1x", "xxxx-xx-xx xx:xx:xx", "2026-09-23 10:13:19 "}) {
    EXPECT_FALSE(parse_china_time(bad).has_value()) << bad;
  }
  EXPECT_TRUE(parse_china_time("2024-02-29 00:00:00").has_value());
  EXPECT_FALSE(parse_china_time("2025-02-29 00:00:00").has_value());
}

TEST(Iso8601, ParsesOffsets) {
  const auto t = parse_china_time("2026-09-23 10:13:19");
  EXPECT_EQ(parse_iso8601("2026-09-23T10:13:19+08:00"), t);
  EXPECT_EQ(parse_iso8601("2026-09-23T02:13:19Z"), t);
  EXPECT_EQ(parse_iso8601("2026-09-22T21:13:19-05:00"), t);
  EXPECT_FALSE(parse_iso8601("2026-09-23T10:13:19").has_value());
  EXPECT_FALSE(parse_iso8601("2026-09-23T10:13:19+8").has_value());
}

}  // namespace
}  // namespace mw
