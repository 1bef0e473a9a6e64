#include "model/personnel.hpp"

namespace mw {

AreaType parse_area_type(std::string_view text) noexcept {
  if (text == "井口区域") return AreaType::kShaft;
  if (text == "重点区域") return AreaType::kKey;
  // 其他 is the common variant spelling of 其它.
  if (text == "其它区域" || text == "其他区域") return AreaType::kOther;
  if (text == "限制区域") return AreaType::kRestricted;
  return AreaType::kUnknown;
}

std::string_view area_type_name(AreaType type) noexcept {
  switch (type) {
    case AreaType::kShaft: return "shaft";
    case AreaType::kKey: return "key";
    case AreaType::kOther: return "other";
    case AreaType::kRestricted: return "restricted";
    case AreaType::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view area_type_name_zh(AreaType type) noexcept {
  switch (type) {
    case AreaType::kShaft: return "井口区域";
    case AreaType::kKey: return "重点区域";
    case AreaType::kOther: return "其它区域";
    case AreaType::kRestricted: return "限制区域";
    case AreaType::kUnknown: return "";
  }
  return "";
}

std::optional<UndergroundFlag> parse_underground_flag(std::string_view text) noexcept {
  if (text == "1") return UndergroundFlag::kUnderground;
  if (text == "2") return UndergroundFlag::kSurfaced;
  if (text == "0") return UndergroundFlag::kSurfacedZero;
  return std::nullopt;
}

}  // namespace mw
