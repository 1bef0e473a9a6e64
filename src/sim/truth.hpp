#pragma once
// Ground truth of what a mine's written data must make minewatch raise, decided from the
// samples as written and rules.md part B's definitions (subject and start exactly):
//   gas.alarm             methane ≥ the point's alarm threshold, not calibrating/faulty;
//                         orange, red once ≥ its cut threshold
//   gas.power_cut_failed  first sample ≥ cut at t; a D-linked breaker or feed still shows 1
//                         in its latest sample in [t, t + 60 s]; red
//   gas.co_alarm          CO ≥ 24 ppm, not calibrating; orange, red ≥ 48 ppm
//   sensor.fault          bit 128, 16 or 8 continuously for ≥ 10 min; start = first; yellow
//   sensor.threshold_misconfigured, mine.upload_gap, personnel.sos: see the methods
// Methane thresholds are the effective ones: the stricter of CDDY and rules.md A1.
// An episode that re-opens within 5 minutes of closing is the same episode (flapping).
// A compliant mine never crosses these, so every line comes from an injected incident.
// Not thread-safe: one per mine.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"

namespace mw::sim {

class TruthWatcher {
 public:
  TruthWatcher(const Mine& mine, const MineLayout& layout);

  // One written CDSS sample of point `point` (samples of a point arrive in time order).
  void sample(std::size_t point, Decimal value, std::uint16_t status, Time t);
  // Every sample of the poll at `poll` (times in [poll − 2 s, poll]) has been seen.
  void poll_done(Time poll);
  // The CDDY of the mine was written at `t`: points whose thresholds are looser than A1 or
  // lack the D relation A1 requires (sensor.threshold_misconfigured, start = data time).
  void definitions(Time t);
  // A CDSS file was uploaded at `t` (mine.upload_gap: > 5 min since the last one).
  void cdss_uploaded(Time t);
  // The run ended at `end` with no upload since the last one.
  void run_ended(Time end);
  // An RYQJ record (personnel.sos: start = its start, red).
  void sos(const std::string& card, Time start);
  // The alarms found so far plus the still-open ones, in start order.
  std::vector<Alarm> alarms() const;

 private:
  struct Episode {
    bool open = false;
    Time start{}, closed{};
    double peak = 0;
    bool red = false;
    bool cut_seen = false;  // the first sample ≥ cut has been checked
    bool any = false;       // an episode exists (open, or closed and not yet final)
  };
  struct FaultRun {
    bool on = false, reported = false;
    Time start{};
  };
  struct CutCheck {
    std::size_t sensor = 0;
    Time t{};
    std::vector<std::size_t> linked;  // breakers and feeds of its D relations
    std::vector<int> latest;          // latest value in the window per linked point, -1 none
  };
  Alarm to_alarm(std::size_t point, const Episode& e) const;

  const Mine& mine_;
  const MineLayout& layout_;
  std::vector<Episode> episodes_;  // per point
  std::vector<CutCheck> pending_;
  std::vector<FaultRun> faults_;  // per point
  std::optional<Time> last_upload_;
  void gap_alarm(Time last, Time next);
  std::vector<Alarm> done_;
};

}  // namespace mw::sim
