#pragma once
// Real-time values (CDSS records, netfile.md §2) and their 测点状态 bit set.

#include <cstdint>
#include <string>

#include "base/decimal.hpp"
#include "base/time.hpp"

namespace mw {

// 测点状态 bits (netfile.md §2 CDSS); 0 is normal. DO NOT change: the files define them.
inline constexpr std::uint16_t kStatusAlarm = 1;             // 报警
inline constexpr std::uint16_t kStatusPowerCut = 2;          // 断电
inline constexpr std::uint16_t kStatusCalibrating = 4;       // 标校
inline constexpr std::uint16_t kStatusOverRange = 8;         // 超量程
inline constexpr std::uint16_t kStatusOutstationFault = 16;  // 分站故障
inline constexpr std::uint16_t kStatusNotPolled = 32;        // 未巡检
inline constexpr std::uint16_t kStatusPaused = 64;           // 暂停
inline constexpr std::uint16_t kStatusSensorFault = 128;     // 传感器故障

struct Sample {
  Time time{};
  Decimal value;
  std::uint16_t status = 0;

  friend bool operator==(const Sample&, const Sample&) = default;
};

// "normal" for 0, else the set bits joined by '|' in bit order, e.g. "alarm|calibrating";
// bits the files do not define are written "bit<n>" (n = bit index).
std::string describe_status(std::uint16_t bits);

// A value that cannot be trusted: sensor fault, outstation fault or over range (rules.md
// sensor.fault).
constexpr bool is_faulty(std::uint16_t bits) noexcept {
  return (bits & (kStatusSensorFault | kStatusOutstationFault | kStatusOverRange)) != 0;
}
// Pseudo-data written while the sensor is calibrated (AQ 1029-2019: labelled as such).
constexpr bool is_calibrating(std::uint16_t bits) noexcept {
  return (bits & kStatusCalibrating) != 0;
}

}  // namespace mw
