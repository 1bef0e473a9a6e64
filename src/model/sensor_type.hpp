#pragma once
// Sensor types of the networking files (传感器类型编码, netfile.md §4) and value kinds
// (数值类型, CDDY field 5).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mw {

// DO NOT renumber: stored with point definitions.
enum class ValueKind : std::uint8_t {
  kAnalog = 0,      // MN 模拟量
  kSwitch = 1,      // KG 开关量
  kCumulative = 2,  // LJ 累计量
  kMultiState = 3,  // DT 多态量
};

// "MN" | "KG" | "LJ" | "DT"
std::string_view value_kind_code(ValueKind kind) noexcept;
// Exact two upper-case letters as written in CDDY; nullopt otherwise.
std::optional<ValueKind> parse_value_kind(std::string_view code) noexcept;

struct SensorType {
  std::uint16_t code;  // 0001 → 1
  std::string_view name_zh;
  std::string_view name_en;
  ValueKind kind;  // the usual kind; a CDDY row states its own
  // Switch meanings of value 0 and 1 (netfile.md §4: "0/1 = first/second text"); empty
  // for analog and cumulative types.
  std::string_view text0, text1;
};

// nullptr for a code not in netfile.md §4.
const SensorType* find_sensor_type(std::uint16_t code) noexcept;
// Every known type, in ascending code order.
std::span<const SensorType> all_sensor_types() noexcept;

// "0001" → 1. Exactly 4 ASCII digits, else nullopt (the code need not be a known type).
std::optional<std::uint16_t> parse_sensor_type_code(std::string_view text) noexcept;
// 1 → "0001".
std::string format_sensor_type_code(std::uint16_t code);

// 环境瓦斯 0001, 高低浓度瓦斯 0011, 激光甲烷 0043 (rules.md part B: the methane points).
bool is_methane(std::uint16_t code) noexcept;
// 一氧化碳 0004 (rules.md gas.co_alarm).
bool is_co(std::uint16_t code) noexcept;
// 馈电器 1011, 馈电 1015: show whether the cut equipment still has power.
bool is_power_feed(std::uint16_t code) noexcept;
// 断电器 1009.
bool is_breaker(std::uint16_t code) noexcept;

}  // namespace mw
