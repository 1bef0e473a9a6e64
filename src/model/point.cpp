#include "model/point.hpp"

namespace mw {

std::string_view relation_kind_name(RelationKind kind) noexcept {
  switch (kind) {
    case RelationKind::kInterlock: return "interlock";
    case RelationKind::kLinkedDoor: return "linked_door";
    case RelationKind::kControl: return "control";
    case RelationKind::kProtect: return "protect";
    case RelationKind::kMainBackup: return "main_backup";
    case RelationKind::kPowerCut: return "power_cut";
    case RelationKind::kRegulate: return "regulate";
  }
  return "unknown";
}

std::string_view relation_kind_name_zh(RelationKind kind) noexcept {
  switch (kind) {
    case RelationKind::kInterlock: return "闭锁";
    case RelationKind::kLinkedDoor: return "关联风门";
    case RelationKind::kControl: return "控制";
    case RelationKind::kProtect: return "保护";
    case RelationKind::kMainBackup: return "主备";
    case RelationKind::kPowerCut: return "断电";
    case RelationKind::kRegulate: return "调节";
  }
  return "未知";
}

std::optional<RelationKind> relation_kind_from_letter(char letter) noexcept {
  switch (letter) {
    case 'B': return RelationKind::kInterlock;
    case 'G': return RelationKind::kLinkedDoor;
    case 'K': return RelationKind::kControl;
    case 'H': return RelationKind::kProtect;
    case 'Z': return RelationKind::kMainBackup;
    case 'D': return RelationKind::kPowerCut;
    case 'T': return RelationKind::kRegulate;
    default: return std::nullopt;
  }
}

std::vector<std::string_view> PointDef::power_cut_targets() const {
  std::vector<std::string_view> out;
  for (const Relation& r : relations) {
    if (r.kind == RelationKind::kPowerCut) out.push_back(r.target_point);
  }
  return out;
}

}  // namespace mw
