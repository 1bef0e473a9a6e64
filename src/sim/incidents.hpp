#pragma once
// Incidents injected into a mine's sensor physics, and near-misses that must NOT alarm
// (issue 3: precision is measured too). What each one becomes in truth.jsonl is decided from
// the data actually written (see truth.hpp), with rules.md part B's exact starts.

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/layout.hpp"
#include "sim/window.hpp"

namespace mw::sim {

enum class IncidentKind : std::uint8_t {
  kMethaneExcursion,  // local accumulation over the alarm (and maybe the cut) threshold
  kPowerCutFailed,    // over the cut threshold and the feed keeps its voltage
  kCoSpike,           // CO over 24 ppm (a smouldering belt, a diesel fault)
  kNearMissMethane,   // up to 0.93–0.95 % at a face: no alarm
  kNearMissCo,        // CO up to 19–20 ppm: no alarm
  kSensorFault,       // a methane sensor faulty (bit 128) for 12–30 minutes
  kNearMissFault,     // the same for 3 minutes: under sensor.fault's 10 minutes
  kUploadGap,         // the mine uploads nothing for 8–40 minutes (point = -1)
  kSos,               // someone underground presses SOS at window.start (point = -1)
  // Planned from a stream of their own (stream 11), so the kinds above draw as before:
  kFlatline,             // a face or heading return's methane sensor (T2) stuck 4.5–6 h
  kCalibration,          // flagged calibrating (bit 4): one 70–110 min "calibration" that masks
                         // readings, or one of 3 short ones 25–60 min apart
  kNearMissCalibration,  // 2 calibrations of 15–25 min: under both limits
};
std::string_view incident_kind_name(IncidentKind k) noexcept;

struct Incident {
  IncidentKind kind = IncidentKind::kMethaneExcursion;
  int point = 0;  // index into MineLayout::points; -1 for mine-wide kinds
  Window window;  // ramps up over the first quarter, holds, ramps down over the last
  double peak = 0;
  int piece = 0;  // calibrations: which of the group's pieces (0 = the first or only one)

  // The value the incident pushes the point to at `t` (0 outside the window).
  double level(Time t) const noexcept;
};

// Plans incidents for [start, end): `rate` incidents per mine-day on average, on producing
// mines only, at most one per point in any 2 hours, none in the first 10 or last 30 minutes;
// then about rate/6 flat-lines, rate/6 suspicious calibrations (long or repeated) and rate/12
// calibration near-misses per mine-day. Depends only on (seed, mine index, start, end, rate).
std::vector<Incident> plan_incidents(const Mine& mine, const MineLayout& layout, std::uint64_t seed,
                                     std::uint64_t mine_index, Time start, Time end, double rate);

}  // namespace mw::sim
