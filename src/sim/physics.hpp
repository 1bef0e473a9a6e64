#pragma once
// What every sensor of a mine reads: methane that follows production (cutting shifts vs the
// maintenance shift) and ventilation, T1 → T0/T2 with first-order lags, district and main
// returns diluting the workplaces' air, CO from diesel traffic kept under 24 ppm, wind and
// temperature, switch states, an output counter, on-site calibrations (status bit 4, AQ
// 1029-2019: at least every 15 days) and short communication flickers (bits 16/128).
//
// Values are rounded to each sensor's resolution (0.01 % CH4, 1 ppm, 0.01 m/s, 0.1 ℃).
// Events of a local day (calibrations, flickers, diesel trips, belt stoppages) depend only on
// (seed, mine index, day); noise continues one stream per mine. Not thread-safe: one owner.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/mine.hpp"
#include "sim/incidents.hpp"
#include "sim/layout.hpp"
#include "sim/rng.hpp"
#include "sim/window.hpp"

namespace mw::sim {

struct Reading {
  Decimal value;
  std::uint16_t status = 0;  // 测点状态 bits (model/sample.hpp)
};

// Index of the shift running at `t` (the last start ≤ local time of day).
int shift_index_at(const Mine& mine, Time t) noexcept;
// Cutting shifts produce; the second shift of the day is the maintenance shift (检修班).
bool is_production_shift(const Mine& mine, int shift) noexcept;

class Physics {
 public:
  Physics(const Mine& mine, const MineLayout& layout, std::uint64_t seed, std::uint64_t mine_index);

  // Advances the world to `t` (non-decreasing) and computes every point's reading.
  void step(Time t);
  const std::vector<Reading>& readings() const noexcept { return readings_; }

  // Incidents to play (incidents.hpp); replaces any earlier list.
  void set_incidents(const std::vector<Incident>& incidents);
  // True while a methane sensor holds its feeds cut (value ≥ cut until < restore).
  bool cutting(int point) const noexcept { return cutting_[static_cast<std::size_t>(point)] != 0; }

  // True while an outstation has lost communication (FZSS 运行状态 1).
  bool outstation_down(int outstation, Time t) const noexcept;
  // Calibration windows of a point on the local day containing `t` (for tests).
  std::vector<Window> calibrations_of(int point, Time t);
  // How hard workplace w is producing at `t`, 0–1 (cutting), for tests and plots.
  double intensity(int workplace, Time t);

 private:
  struct DayEvents {
    std::int64_t day = INT64_MIN;
    std::vector<std::vector<Window>> calibrations;       // per point
    std::vector<std::vector<Window>> point_faults;       // per point (sensor fault, bit 128)
    std::vector<std::vector<Window>> outstation_faults;  // per outstation (bit 16)
    std::vector<std::vector<Window>> stoppages;          // per workplace: no cutting
    std::vector<std::vector<Time>> diesel;               // per workplace: vehicle passes
  };
  // Holds the events of `day` in today_ and of the day before in yesterday_.
  void ensure_day(std::int64_t day);
  DayEvents make_events(std::int64_t day) const;
  double methane_at(std::size_t point, double dt);
  // The level incidents push `point` to at `t`; sets fail_cut when one defeats the cut.
  double incident_level(std::size_t point, Time t, bool& fail_cut) const noexcept;
  void interlock(Time t);
  // The incident of this kind playing on `point` at `t`, or null.
  const Incident* incident_of(std::size_t point, Time t, IncidentKind kind) const noexcept;
  // A fault incident (incidents.hpp) holds the point faulty at `t`.
  bool faulted(std::size_t point, Time t) const noexcept;
  static bool in_any(const std::vector<Window>& ws, Time t) noexcept;

  const Mine& mine_;
  const MineLayout& layout_;
  std::uint64_t seed_, mine_index_;
  Rng noise_;
  Time now_{};
  bool started_ = false;
  DayEvents today_, yesterday_;
  std::vector<Reading> readings_;
  std::vector<double> state_;  // lagged true value per point (methane, CO, wind, temp)
  std::vector<double> drift_;  // slow AR(1) drift per workplace
  std::vector<double> t1_;     // true T1 methane per workplace at this step
  std::vector<std::vector<Incident>> incidents_;  // per point
  // Per methane point: the breaker and feed of each D relation, and whether it cuts now.
  std::vector<std::vector<std::pair<int, int>>> cuts_;
  std::vector<char> cutting_;
  std::vector<std::optional<Decimal>> frozen_;  // per point: the stuck value of a flat-line
  std::vector<double> district_sum_;            // scratch of step(): T1 sum and count per district
  std::vector<int> district_n_;
  // Second state per point: the counter of kOutput, the lagged value of kTemperature.
  std::vector<double> aux_;
};

}  // namespace mw::sim
