#pragma once
// Falsified mines (data.suspected_fabrication, rules.md A7): from an hour boundary on, the
// mine's upload software generates its data instead of reading the sensors. It carries every
// fingerprint A7 lists, so detection finds it whichever two it checks:
//   - analog values are independent uniform draws in a narrow band per point (no
//     autocorrelation, a flat histogram), the same band day and night;
//   - every sample of a CDSS file carries the file's upload time (one identical timestamp);
//   - no production rhythm: the band ignores the shifts, the output counter rises at one
//     constant rate through cutting and maintenance shifts alike, nothing ever alarms,
//     calibrates or faults;
//   - every person enters exactly at the shift start and follows a fixed station rotation:
//     legs of exactly 6 minutes to one post, a switch between the post's stations every
//     60 minutes on the minute, out exactly at the shift end.
// The episode starts at the boundary (the detection window is 1 h, aligned to the hour), and
// is expected once the data runs past the first window.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/time.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"
#include "sim/physics.hpp"
#include "sim/rng.hpp"
#include "sim/schedule.hpp"

namespace mw::sim {

// When this mine starts fabricating: about rate/24 of the producing mines (a quarter at most),
// at the first full hour at or after `start`; nullopt for an honest mine. Stream 9.
std::optional<Time> fabrication_start(const Mine& mine, std::uint64_t seed,
                                      std::uint64_t mine_index, Time start, double rate);

// The trips a fabricating system reports for the same people and shifts as `honest`.
std::vector<Trip> clockwork_trips(const Mine& mine, const MineLayout& layout, const Roster& roster,
                                  const std::vector<Trip>& honest);

// Generated CDSS readings. Not thread-safe: one owner.
class Fabricator {
 public:
  Fabricator(const Mine& mine, const MineLayout& layout, std::uint64_t seed,
             std::uint64_t mine_index);
  // Every point's reading at `t` (non-decreasing).
  const std::vector<Reading>& readings(Time t);

 private:
  struct Band {
    double lo = 0, hi = 0;
  };
  const MineLayout& layout_;
  Rng rng_;
  std::vector<Band> bands_;
  std::vector<Reading> out_;
  double counter_ = 0;
  double rate_ = 0;  // t/s of the output counter
  std::optional<Time> last_;
};

}  // namespace mw::sim
