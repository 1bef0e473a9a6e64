#pragma once
// One mine's installation, following rules.md A1: coal faces (T0/T1/T2 methane, CO, wind,
// temperature, breaker + feed), headings (T1/T2, local fan, duct, breaker + feed), district
// and main returns, the main fan, an output counter, outstations; and the personnel system's
// areas (shaft, roadways, key areas with approved headcounts, one restricted area) and
// stations (netfile.md §3: area = mine + 4 digits, station = area + 6 digits).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "sim/rng.hpp"
#include "sim/thresholds.hpp"

namespace mw::sim {

// What a point measures in the simulated world; physics drives values by role.
enum class PointRole : std::uint8_t {
  kMethane,      // any methane sensor; its MethaneClass says where
  kCo,           // 一氧化碳
  kWind,         // 风速
  kTemperature,  // 环境温度
  kLocalFan,     // 局部通风机 1001 (main or backup)
  kDuct,         // 风筒状态 1003
  kBreaker,      // 断电器 1009
  kFeed,         // 馈电器 1011
  kMainFan,      // 主通风机 1010
  kOutput,       // 产量 3001
};

// A coal face (采煤工作面) or a heading (掘进工作面) — where people and methane are.
struct Workplace {
  enum class Kind : std::uint8_t { kFace, kHeading };
  Kind kind = Kind::kFace;
  std::string name;         // "3105" (face) or "1201" (heading), as in 安装位置 texts
  int district = 0;         // 采区 index
  int key_area = -1;        // index into MineLayout::areas (the 重点区域)
  int access_area = -1;     // the roadway area people walk through to reach it
  double gas_factor = 1.0;  // how gassy this seam/place is relative to the mine's grade
};

struct SimPoint {
  PointDef def;
  PointRole role = PointRole::kMethane;
  std::optional<MethaneClass> methane_class;  // set for kMethane
  int workplace = -1;      // index into MineLayout::workplaces; -1 = mine-wide / district
  int district = -1;       // 采区 of district-level points
  int outstation = 0;      // index into MineLayout::outstations
  std::uint8_t scale = 0;  // decimals this sensor reports (its resolution)
  std::string type_name;   // CDSS 传感器类型名称, e.g. 环境瓦斯
};

struct Outstation {
  std::string code;      // 分站编码 "001"
  std::string location;  // where it hangs
};

struct MineLayout {
  std::vector<Workplace> workplaces;
  std::vector<SimPoint> points;  // CDDY order
  std::vector<Outstation> outstations;
  std::vector<Area> areas;        // RYQY order
  std::vector<Station> stations;  // RYJZ order
  std::vector<int> station_area;  // area index of each station
  int districts = 1;
  // Areas people pass through, by role.
  int shaft_area = 0, pit_bottom_area = 1, main_road_area = 2, restricted_area = -1;

  // Index of the point with this code, or -1.
  int find_point(std::string_view code) const noexcept;
  // The stations of an area, in RYJZ order.
  std::vector<int> stations_of(int area) const;
};

// Builds the layout of `mine` at definition time `defined_at` (CDDY 数据时间). Producing and
// stopped mines get 1–3 faces and 1–3 headings by gas grade and size; the draw uses `rng`.
MineLayout make_layout(const Mine& mine, Time defined_at, Rng& rng);

}  // namespace mw::sim
