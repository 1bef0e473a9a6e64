#include "model/sample.hpp"

#include <array>
#include <string_view>

namespace mw {
namespace {

// Indexed by bit position, netfile.md §2.
constexpr std::array<std::string_view, 8> kBitNames = {
    "alarm",      "power_cut", "calibrating", "over_range", "outstation_fault",
    "not_polled", "paused",    "sensor_fault"};

}  // namespace

std::string describe_status(std::uint16_t bits) {
  if (bits == 0) return "normal";
  std::string out;
  for (unsigned i = 0; i < 16; ++i) {
    if ((bits & (1U << i)) == 0) continue;
    if (!out.empty()) out.push_back('|');
    if (i < kBitNames.size()) {
      out += kBitNames[i];
    } else {
      out += "bit" + std::to_string(i);
    }
  }
  return out;
}

}  // namespace mw
