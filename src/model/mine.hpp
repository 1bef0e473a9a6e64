#pragma once
// A mine as the registry describes it (contracts.md "Mine registry — mines.csv").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"

namespace mw {

// DO NOT renumber: stored with the catalog.
enum class MineStatus : std::uint8_t {
  kProducing = 0,
  kStopped = 1,       // 停产/停建
  kClosed = 2,        // 关闭
  kConstruction = 3,  // 建设
};
// "producing" | "stopped" | "closed" | "construction"
std::string_view mine_status_name(MineStatus s) noexcept;
std::optional<MineStatus> parse_mine_status(std::string_view name) noexcept;

// 瓦斯等级. DO NOT renumber.
enum class GasGrade : std::uint8_t {
  kLow = 0,       // 低瓦斯
  kHigh = 1,      // 高瓦斯
  kOutburst = 2,  // 突出
};
// "low" | "high" | "outburst"
std::string_view gas_grade_name(GasGrade g) noexcept;
std::optional<GasGrade> parse_gas_grade(std::string_view name) noexcept;

// contracts.md defaults.
inline constexpr int kDefaultShifts[] = {0, 8 * 60, 16 * 60};  // 三八制: 00:00, 08:00, 16:00
inline constexpr Decimal kDefaultOvertimeHours{10, 0};
inline constexpr std::uint32_t kDefaultMaintenanceAllowance = 10;

// One row of mines.csv.
struct Mine {
  std::string code;  // mine_code
  std::string name;
  MineStatus status = MineStatus::kProducing;
  GasGrade gas_grade = GasGrade::kLow;
  std::string province;  // default: first 2 digits of the code
  // Local shift start times, minutes after local midnight, strictly ascending.
  std::vector<int> shifts{std::begin(kDefaultShifts), std::end(kDefaultShifts)};
  Decimal overtime_hours = kDefaultOvertimeHours;  // personnel.overtime limit
  // People allowed underground while stopped (mine.activity_while_closed).
  std::uint32_t maintenance_allowance = kDefaultMaintenanceAllowance;
  std::optional<std::uint32_t> approved_total;  // mine-wide approved headcount
  std::optional<Decimal> lat, lon;

  // overtime_hours as a duration, rounded down to whole seconds.
  Seconds overtime_limit() const noexcept;

  friend bool operator==(const Mine&, const Mine&) = default;
};

// "08:00" → 480; nullopt unless exactly HH:MM with HH 00–23 and MM 00–59.
std::optional<int> parse_shift_start(std::string_view text) noexcept;
// 480 → "08:00".
std::string format_shift_start(int minutes);

}  // namespace mw
