#include "model/mine.hpp"

#include <limits>

namespace mw {

std::string_view mine_status_name(MineStatus s) noexcept {
  switch (s) {
    case MineStatus::kProducing: return "producing";
    case MineStatus::kStopped: return "stopped";
    case MineStatus::kClosed: return "closed";
    case MineStatus::kConstruction: return "construction";
  }
  return "unknown";
}

std::optional<MineStatus> parse_mine_status(std::string_view name) noexcept {
  if (name == "producing") return MineStatus::kProducing;
  if (name == "stopped") return MineStatus::kStopped;
  if (name == "closed") return MineStatus::kClosed;
  if (name == "construction") return MineStatus::kConstruction;
  return std::nullopt;
}

std::string_view gas_grade_name(GasGrade g) noexcept {
  switch (g) {
    case GasGrade::kLow: return "low";
    case GasGrade::kHigh: return "high";
    case GasGrade::kOutburst: return "outburst";
  }
  return "unknown";
}

std::optional<GasGrade> parse_gas_grade(std::string_view name) noexcept {
  if (name == "low") return GasGrade::kLow;
  if (name == "high") return GasGrade::kHigh;
  if (name == "outburst") return GasGrade::kOutburst;
  return std::nullopt;
}

Seconds Mine::overtime_limit() const noexcept {
  // hours × 3600 / 10^scale in 128 bits: 18 digits × 3600 does not fit in 64.
  __extension__ typedef __int128 Int128;
  Int128 divisor = 1;
  for (std::uint8_t i = 0; i < overtime_hours.scale; ++i) divisor *= 10;
  const Int128 seconds = static_cast<Int128>(overtime_hours.mantissa) * 3600 / divisor;
  constexpr Int128 kMax = std::numeric_limits<Seconds::rep>::max();
  constexpr Int128 kMin = std::numeric_limits<Seconds::rep>::min();
  return Seconds{
      static_cast<Seconds::rep>(seconds > kMax ? kMax : (seconds < kMin ? kMin : seconds))};
}

std::optional<int> parse_shift_start(std::string_view text) noexcept {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  int v[4];
  const std::size_t pos[4] = {0, 1, 3, 4};
  for (int i = 0; i < 4; ++i) {
    const char c = text[pos[i]];
    if (c < '0' || c > '9') return std::nullopt;
    v[i] = c - '0';
  }
  const int hour = v[0] * 10 + v[1];
  const int minute = v[2] * 10 + v[3];
  if (hour > 23 || minute > 59) return std::nullopt;
  return hour * 60 + minute;
}

std::string format_shift_start(int minutes) {
  const int hour = minutes / 60, minute = minutes % 60;
  std::string out(5, ':');
  out[0] = static_cast<char>('0' + hour / 10);
  out[1] = static_cast<char>('0' + hour % 10);
  out[3] = static_cast<char>('0' + minute / 10);
  out[4] = static_cast<char>('0' + minute % 10);
  return out;
}

}  // namespace mw
