#include "rules/location_class.hpp"

#include <array>

namespace mw {
namespace {

struct ClassName {
  LocationClass cls;
  std::string_view id;
  std::string_view zh;
};

constexpr std::array<ClassName, kLocationClassCount + 1> kNames = {{
    {LocationClass::kCoalFaceCorner, "coal_face_corner", "采煤工作面上隅角"},
    {LocationClass::kCoalFace, "coal_face", "采煤工作面"},
    {LocationClass::kCoalFaceReturn, "coal_face_return", "采煤工作面回风巷"},
    {LocationClass::kCoalFaceReturnMid, "coal_face_return_mid", "采煤工作面回风巷中部"},
    {LocationClass::kCoalFaceIntake, "coal_face_intake", "采煤工作面进风巷"},
    {LocationClass::kShearer, "shearer", "采煤机"},
    {LocationClass::kHeading, "heading", "掘进工作面"},
    {LocationClass::kHeadingReturn, "heading_return", "掘进工作面回风流"},
    {LocationClass::kHeadingIntake, "heading_intake", "掘进工作面进风分风口"},
    {LocationClass::kHeadingMachine, "heading_machine", "掘进机"},
    {LocationClass::kDistrictReturn, "district_return", "采区回风巷"},
    {LocationClass::kMainReturn, "main_return", "一翼回风巷/总回风巷"},
    {LocationClass::kTrolleyHaulage, "trolley_haulage", "架线电机车巷道装煤点"},
    {LocationClass::kCoalBunker, "coal_bunker", "井下煤仓/带式输送机地面走廊"},
    {LocationClass::kBeltShaftReturn, "belt_shaft_return", "兼做回风井的带式输送机井筒"},
    {LocationClass::kDrainageStation, "drainage_station", "井下临时瓦斯抽采泵站下风侧"},
    {LocationClass::kUnclassified, "unclassified", "未分类"},
}};

// The table is indexed by the enum's value.
static_assert([] {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (location_class_index(kNames[i].cls) != i) return false;
  }
  return true;
}());

constexpr std::array<LocationClass, kLocationClassCount> kAll = [] {
  std::array<LocationClass, kLocationClassCount> out{};
  for (std::size_t i = 0; i < kLocationClassCount; ++i) out[i] = kNames[i].cls;
  return out;
}();

}  // namespace

std::string_view location_class_name(LocationClass c) noexcept {
  const std::size_t i = location_class_index(c);
  return i < kNames.size() ? kNames[i].id : std::string_view{"unclassified"};
}

std::string_view location_class_name_zh(LocationClass c) noexcept {
  const std::size_t i = location_class_index(c);
  return i < kNames.size() ? kNames[i].zh : std::string_view{"未分类"};
}

std::optional<LocationClass> parse_location_class(std::string_view name) noexcept {
  for (const ClassName& n : kNames) {
    if (n.id == name) return n.cls;
  }
  return std::nullopt;
}

std::span<const LocationClass> all_location_classes() noexcept { return kAll; }

}  // namespace mw
