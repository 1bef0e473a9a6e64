#pragma once
// Point definitions (测点定义, CDDY records, netfile.md §2): what a sensor is, where it
// hangs, its thresholds and what it is tied to.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/sensor_type.hpp"

namespace mw {

// The 8 thresholds of a CDDY record (fields 9–16); a mine leaves unused ones empty.
struct Thresholds {
  std::optional<Decimal> high_alarm;          // 上限报警门限
  std::optional<Decimal> high_alarm_release;  // 上限解报门限
  std::optional<Decimal> low_alarm;           // 下限报警门限
  std::optional<Decimal> low_alarm_release;   // 下限解报门限
  std::optional<Decimal> high_cut;            // 上限断电门限
  std::optional<Decimal> high_restore;        // 上限复电门限
  std::optional<Decimal> low_cut;             // 下限断电门限
  std::optional<Decimal> low_restore;         // 下限复电门限

  friend bool operator==(const Thresholds&, const Thresholds&) = default;
};

// 传感器关联关系 codes (netfile.md §2). The value is the letter the files use.
enum class RelationKind : char {
  kInterlock = 'B',   // 闭锁
  kLinkedDoor = 'G',  // 关联风门
  kControl = 'K',     // 控制
  kProtect = 'H',     // 保护
  kMainBackup = 'Z',  // 主备
  kPowerCut = 'D',    // 断电: which breaker/feed points this sensor cuts
  kRegulate = 'T',    // 调节
};

// "interlock" | "linked_door" | "control" | "protect" | "main_backup" | "power_cut" | "regulate"
std::string_view relation_kind_name(RelationKind kind) noexcept;
// "闭锁" | "关联风门" | "控制" | "保护" | "主备" | "断电" | "调节"
std::string_view relation_kind_name_zh(RelationKind kind) noexcept;
// The letter as written in CDDY ('B', 'G', ...); nullopt for any other character.
std::optional<RelationKind> relation_kind_from_letter(char letter) noexcept;

// One relation group `<code>-<point>-<name>:<code>-<point>`; ingest parses the text.
struct Relation {
  RelationKind kind = RelationKind::kPowerCut;
  std::string point;         // the point the relation starts from (usually this sensor)
  std::string name;          // the relation's own name as the mine wrote it
  std::string target_point;  // the point it acts on (e.g. a 1011 feed sensor for D)

  friend bool operator==(const Relation&, const Relation&) = default;
};

// One CDDY record (24 fields), strings owned.
struct PointDef {
  std::string code;                           // 1 测点编码
  std::string system_code;                    // 2 系统编码: 01 安全监控, 02 瓦斯抽放
  std::string outstation;                     // 3 分站编码
  std::uint16_t sensor_type = 0;              // 4 传感器类型编码 (sensor_type.hpp)
  ValueKind value_kind = ValueKind::kAnalog;  // 5 数值类型
  std::string unit;                           // 6 单位, e.g. "%CH4"
  std::optional<Decimal> range_high;          // 7 高量程
  std::optional<Decimal> range_low;           // 8 低量程
  Thresholds thresholds;                      // 9–16
  std::string text_on;                        // 17 开描述 (KG)
  std::string text_off;                       // 18 停描述 (KG)
  std::string location;                       // 19 安装位置, free text such as "3105回风巷"
  std::optional<Decimal> x, y, z;             // 20–22
  std::vector<Relation> relations;            // 23 传感器关联关系
  Time time{};                                // 24 数据时间

  // Target points of this sensor's D (power-cut) relations: the breakers and feed sensors
  // that must lose power when it cuts (rules.md gas.power_cut_failed).
  std::vector<std::string_view> power_cut_targets() const;

  friend bool operator==(const PointDef&, const PointDef&) = default;
};

}  // namespace mw
