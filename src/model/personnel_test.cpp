#include "model/personnel.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

TEST(AreaType, ParsesTheChineseTypes) {
  const auto f = [](std::string_view text, AreaType want) {
    EXPECT_EQ(parse_area_type(text), want) << text;
  };
  f("井口区域", AreaType::kShaft);
  f("重点区域", AreaType::kKey);
  f("其它区域", AreaType::kOther);
  f("其他区域", AreaType::kOther);
  f("限制区域", AreaType::kRestricted);
  f("", AreaType::kUnknown);
  f("井口", AreaType::kUnknown);
  f(" 井口区域", AreaType::kUnknown);
  f("restricted", AreaType::kUnknown);
}

TEST(AreaType, NamesRoundTrip) {
  for (AreaType t : {AreaType::kShaft, AreaType::kKey, AreaType::kOther, AreaType::kRestricted}) {
    EXPECT_EQ(parse_area_type(area_type_name_zh(t)), t) << area_type_name(t);
  }
  EXPECT_EQ(area_type_name(AreaType::kShaft), "shaft");
  EXPECT_EQ(area_type_name(AreaType::kKey), "key");
  EXPECT_EQ(area_type_name(AreaType::kOther), "other");
  EXPECT_EQ(area_type_name(AreaType::kRestricted), "restricted");
  EXPECT_EQ(area_type_name(AreaType::kUnknown), "unknown");
  EXPECT_EQ(area_type_name_zh(AreaType::kUnknown), "");
}

TEST(UndergroundFlag, ParsesTheThreeValues) {
  const auto f = [](std::string_view text, std::optional<UndergroundFlag> want) {
    EXPECT_EQ(parse_underground_flag(text), want) << text;
  };
  f("1", UndergroundFlag::kUnderground);
  f("2", UndergroundFlag::kSurfaced);
  f("0", UndergroundFlag::kSurfacedZero);
  f("", std::nullopt);
  f("3", std::nullopt);
  f("01", std::nullopt);
  f("是", std::nullopt);
  EXPECT_EQ(static_cast<int>(UndergroundFlag::kUnderground), 1);
  EXPECT_EQ(static_cast<int>(UndergroundFlag::kSurfaced), 2);
  EXPECT_EQ(static_cast<int>(UndergroundFlag::kSurfacedZero), 0);
}

TEST(Presence, OnlyFlagOneIsUnderground) {
  Presence p;
  p.flag = UndergroundFlag::kUnderground;
  EXPECT_TRUE(p.underground());
  p.flag = UndergroundFlag::kSurfaced;
  EXPECT_FALSE(p.underground());
  p.flag = UndergroundFlag::kSurfacedZero;
  EXPECT_FALSE(p.underground());
}

TEST(Presence, EqualityCoversTheTrack) {
  Presence a;
  a.card = "62082300920300001";
  a.track = {{"6208230092030001000001", *parse_china_time("2026-09-23 08:01:00")}};
  Presence b = a;
  EXPECT_EQ(a, b);
  b.track.push_back({"6208230092030001000002", *parse_china_time("2026-09-23 08:20:00")});
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace mw
