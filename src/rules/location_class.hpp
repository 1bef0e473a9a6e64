#pragma once
// Methane sensor location classes (rules.md A1, 煤矿安全规程 art. 498 table 19): the class
// of a sensor fixes its alarm, power-cut and restore concentrations.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mw {

// The ids are rules.md A1's class ids; names are part of the rule pack format and of alarm
// rule ids ("coal.ch4.coal_face"), so never rename one.
enum class LocationClass : std::uint8_t {
  kCoalFaceCorner,     // 采煤工作面上隅角 (T0)
  kCoalFace,           // 采煤工作面 (T1)
  kCoalFaceReturn,     // 采煤工作面回风巷 (T2)
  kCoalFaceReturnMid,  // 回风巷中部 (return > 1000 m)
  kCoalFaceIntake,     // 采煤工作面进风巷 (T3/T4)
  kShearer,            // 采煤机机载
  kHeading,            // 掘进工作面 (T1)
  kHeadingReturn,      // 掘进工作面回风流 (T2)
  kHeadingIntake,      // 掘进工作面进风分风口 / 被串局部通风机前
  kHeadingMachine,     // 掘进机, 掘锚一体机, 连续采煤机, 梭车, 锚杆钻车
  kDistrictReturn,     // 采区回风巷
  kMainReturn,         // 一翼回风巷 / 总回风巷
  kTrolleyHaulage,     // 架线电机车巷道装煤点
  kCoalBunker,         // 井下煤仓, 封闭带式输送机地面走廊
  kBeltShaftReturn,    // 兼做回风井的带式输送机井筒
  kDrainageStation,    // 井下临时瓦斯抽采泵站下风侧
  kUnclassified,       // no class: the mine's own CDDY thresholds apply, reported for review
};

// Number of real classes (kUnclassified excluded).
inline constexpr std::size_t kLocationClassCount = 16;

// "coal_face_corner" … "drainage_station", "unclassified".
std::string_view location_class_name(LocationClass c) noexcept;
// Chinese location name as in rules.md A1, e.g. "采煤工作面上隅角"; "未分类" for kUnclassified.
std::string_view location_class_name_zh(LocationClass c) noexcept;
// Exact class id (also "unclassified"); nullopt for anything else.
std::optional<LocationClass> parse_location_class(std::string_view name) noexcept;
// The 16 real classes in rules.md A1 order.
std::span<const LocationClass> all_location_classes() noexcept;
// 0..15 for real classes, for array indexing; kLocationClassCount for kUnclassified.
inline constexpr std::size_t location_class_index(LocationClass c) noexcept {
  return static_cast<std::size_t>(c);
}

}  // namespace mw
