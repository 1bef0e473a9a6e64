#pragma once
// The methane thresholds the regulation prescribes per sensor location (煤矿安全规程 2016
// art. 498 table 19, as amended 2022; rules.md A1). The simulator writes them into CDDY, so a
// compliant mine's definitions match the table exactly.

#include <cstdint>
#include <string_view>

#include "base/decimal.hpp"

namespace mw::sim {

// Location classes of rules.md A1 the simulator places sensors at.
enum class MethaneClass : std::uint8_t {
  kCoalFaceCorner,  // T0 采煤工作面上隅角
  kCoalFace,        // T1 采煤工作面
  kCoalFaceReturn,  // T2 采煤工作面回风巷
  kCoalFaceIntake,  // T3 采煤工作面进风巷 (outburst mines)
  kHeading,         // T1 掘进工作面
  kHeadingReturn,   // T2 掘进工作面回风流
  kDistrictReturn,  // 采区回风巷
  kMainReturn,      // 总回风巷 / 一翼回风巷
};
// The class id of rules.md A1 ("coal_face_corner" …).
std::string_view methane_class_id(MethaneClass c) noexcept;

// Concentrations in % CH4 at scale 2. `cut` and `restore` are absent where A1 prescribes
// alarm only (main returns).
struct MethaneLimits {
  Decimal alarm;
  bool has_cut = false;
  Decimal cut;
  Decimal restore;
};
MethaneLimits methane_limits(MethaneClass c) noexcept;

}  // namespace mw::sim
