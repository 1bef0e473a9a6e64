#include "rules/location_class.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace mw {
namespace {

// rules.md A1's class ids, in its order: the names are a contract (rule ids, packs).
constexpr std::string_view kIds[] = {
    "coal_face_corner", "coal_face",       "coal_face_return",  "coal_face_return_mid",
    "coal_face_intake", "shearer",         "heading",           "heading_return",
    "heading_intake",   "heading_machine", "district_return",   "main_return",
    "trolley_haulage",  "coal_bunker",     "belt_shaft_return", "drainage_station",
};

TEST(LocationClass, ExactlyTheClassIdsOfRulesA1) {
  const auto all = all_location_classes();
  ASSERT_EQ(all.size(), std::size(kIds));
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(location_class_name(all[i]), kIds[i]);
    const auto back = parse_location_class(kIds[i]);
    ASSERT_TRUE(back.has_value()) << kIds[i];
    EXPECT_EQ(*back, all[i]);
    EXPECT_EQ(location_class_index(all[i]), i);
  }
}

TEST(LocationClass, UnclassifiedHasANameAndParses) {
  EXPECT_EQ(location_class_name(LocationClass::kUnclassified), "unclassified");
  EXPECT_EQ(location_class_name_zh(LocationClass::kUnclassified), "未分类");
  EXPECT_EQ(parse_location_class("unclassified"), LocationClass::kUnclassified);
}

TEST(LocationClass, ChineseNames) {
  EXPECT_EQ(location_class_name_zh(LocationClass::kCoalFaceCorner), "采煤工作面上隅角");
  EXPECT_EQ(location_class_name_zh(LocationClass::kHeadingReturn), "掘进工作面回风流");
}

TEST(LocationClass, RejectsNearMisses) {
  EXPECT_FALSE(parse_location_class("").has_value());
  EXPECT_FALSE(parse_location_class("Coal_face").has_value());
  EXPECT_FALSE(parse_location_class("coal_face ").has_value());
  EXPECT_FALSE(parse_location_class("kCoalFace").has_value());
}

}  // namespace
}  // namespace mw
