#pragma once
// Personnel location (人员位置, netfile.md §3): areas (RYQY), stations (RYJZ), people (RYXX)
// and the real-time presence snapshot (RYSS).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"

namespace mw {

// 区域类型 of an RYQY record.
enum class AreaType : std::uint8_t {
  kShaft,       // 井口区域: shaft entrance, where people go down and come up
  kKey,         // 重点区域: key area (working faces)
  kOther,       // 其它区域
  kRestricted,  // 限制区域: nobody may enter (rules.md personnel.restricted_area)
  kUnknown,     // a type text the spec does not list
};

// From the Chinese text as written ("井口区域" ...); kUnknown for anything else.
AreaType parse_area_type(std::string_view text) noexcept;
// "shaft" | "key" | "other" | "restricted" | "unknown"
std::string_view area_type_name(AreaType type) noexcept;
// The Chinese text of the files; "" for kUnknown.
std::string_view area_type_name_zh(AreaType type) noexcept;

// One RYQY record.
struct Area {
  std::string code;  // 区域编码: mine code + 4
  AreaType type = AreaType::kUnknown;
  std::uint32_t approved = 0;  // 核定人数: approved headcount; 0 = none set
  std::string name;            // 区域名称

  friend bool operator==(const Area&, const Area&) = default;
};

// One RYJZ record (6 fields; 3–6 are probably X;Y;Z;description [I]).
struct Station {
  std::string code;  // 基站编码: area code + 6
  std::string name;  // 基站名称
  std::optional<Decimal> x, y, z;
  std::string description;

  friend bool operator==(const Station&, const Station&) = default;
};

// One RYXX record. Text fields keep the mine's words; "未设置" is its placeholder.
struct Person {
  std::string card;        // 卡编码
  std::string name;        // 姓名
  std::string job;         // 工种
  std::string post;        // 职务
  std::string team;        // 队组/部门
  std::string birth_date;  // 出生日期, as written (formats vary)
  std::string education;   // 学历
  bool leader = false;     // 是否矿领导
  bool special = false;    // 是否特种人员

  friend bool operator==(const Person&, const Person&) = default;
};

// 出入井标志 of RYSS. DO NOT renumber: these are the values of the files.
enum class UndergroundFlag : std::uint8_t {
  kSurfacedZero = 0,  // "0", seen for someone who has come up
  kUnderground = 1,
  kSurfaced = 2,
};
// "0" | "1" | "2" → flag; nullopt otherwise.
std::optional<UndergroundFlag> parse_underground_flag(std::string_view text) noexcept;

// One entry of the 轨迹 field: `station&time`.
struct TrackPoint {
  std::string station;
  Time time{};

  friend bool operator==(const TrackPoint&, const TrackPoint&) = default;
};

// One RYSS record: where a person is now (all 15 fields).
struct Presence {
  std::string card;                                      // 1 卡编码
  std::string name;                                      // 2 姓名
  UndergroundFlag flag = UndergroundFlag::kUnderground;  // 3 出入井标志
  Time entry_time{};                                     // 4 入井时刻
  std::optional<Time> exit_time;                         // 5 出井时刻, empty while underground
  std::string area;                                      // 6 区域编码
  Time area_entry_time{};                                // 7 进入区域时刻
  std::string station;                                   // 8 基站编码
  Time station_entry_time{};                             // 9 进入基站时刻
  std::string labour_organisation;                       // 10 劳动组织方式, e.g. 三八制
  std::optional<Decimal> distance;                       // 11 距基站距离
  std::string work_state;                                // 12 人员工作状态
  bool leader = false;                                   // 13 是否矿领导
  bool special = false;                                  // 14 是否特种人员
  std::vector<TrackPoint> track;                         // 15 轨迹

  bool underground() const noexcept { return flag == UndergroundFlag::kUnderground; }

  friend bool operator==(const Presence&, const Presence&) = default;
};

}  // namespace mw
