#include "sim/thresholds.hpp"

namespace mw::sim {
namespace {

constexpr Decimal pct(std::int64_t hundredths) { return Decimal{hundredths, 2}; }

}  // namespace

std::string_view methane_class_id(MethaneClass c) noexcept {
  switch (c) {
    case MethaneClass::kCoalFaceCorner: return "coal_face_corner";
    case MethaneClass::kCoalFace: return "coal_face";
    case MethaneClass::kCoalFaceReturn: return "coal_face_return";
    case MethaneClass::kCoalFaceIntake: return "coal_face_intake";
    case MethaneClass::kHeading: return "heading";
    case MethaneClass::kHeadingReturn: return "heading_return";
    case MethaneClass::kDistrictReturn: return "district_return";
    case MethaneClass::kMainReturn: return "main_return";
  }
  return "unknown";
}

MethaneLimits methane_limits(MethaneClass c) noexcept {
  // rules.md A1, one line per class: alarm ≥, cut ≥, restore <.
  switch (c) {
    case MethaneClass::kCoalFaceCorner: return {pct(100), true, pct(150), pct(100)};
    case MethaneClass::kCoalFace: return {pct(100), true, pct(150), pct(100)};
    case MethaneClass::kCoalFaceReturn: return {pct(100), true, pct(100), pct(100)};
    case MethaneClass::kCoalFaceIntake: return {pct(50), true, pct(50), pct(50)};
    case MethaneClass::kHeading: return {pct(100), true, pct(150), pct(100)};
    case MethaneClass::kHeadingReturn: return {pct(100), true, pct(100), pct(100)};
    case MethaneClass::kDistrictReturn: return {pct(100), true, pct(100), pct(100)};
    case MethaneClass::kMainReturn: return {pct(70), false, {}, {}};
  }
  return {pct(100), true, pct(150), pct(100)};
}

}  // namespace mw::sim
