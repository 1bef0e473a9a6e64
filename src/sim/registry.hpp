#pragma once
// The simulated mine registry: N mines with real province prefixes (GB/T 2260 county codes),
// Chinese company names, status, gas grade, shift pattern and a position inside the province.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/mine.hpp"

namespace mw::sim {

// 劳动组织方式: how a mine's day is cut into shifts (netfile.md §3 RYSS field 10).
enum class ShiftPattern : std::uint8_t {
  kThreeEight,  // 三八制: three 8-h shifts
  kFourSix,     // 四六制: four 6-h shifts
};
std::string_view shift_pattern_name_zh(ShiftPattern p) noexcept;  // "三八制" | "四六制"
// The pattern a mine's shift list describes (4 starts → 四六制, else 三八制).
ShiftPattern shift_pattern_of(const Mine& mine) noexcept;

struct RegistryOptions {
  std::uint64_t seed = 1;
  int mines = 10;
};

// The same options always give the same mines; mine i depends only on (seed, i) apart from
// code collisions, which are resolved by bumping the serial.
std::vector<Mine> make_registry(const RegistryOptions& options);

// The county codes the simulator draws from for a province ("14" → Shanxi's); empty for a
// province it does not simulate. Exposed for tests.
std::vector<std::string_view> county_codes_of(std::string_view province);

// Lat/lon box the simulator places a province's mines in (degrees); false when unknown.
struct GeoBox {
  double lat_min, lat_max, lon_min, lon_max;
};
bool province_box(std::string_view province, GeoBox& out);

}  // namespace mw::sim
