#pragma once
// Ground truth of the sensor-quality alarms, decided from the CDSS samples and RYSS
// headcounts as written, by rules.md part B (subject and start exactly):
//   sensor.flatline               a workplace methane point (classes coal_face_corner,
//                                 coal_face, coal_face_return, heading, heading_return)
//                                 reads one value for ≥ 240 min and ≥ 20 samples, with ≥ 5
//                                 people underground in the latest snapshot when the run
//                                 reaches 240 min; start = the run's first sample; orange
//   sensor.calibration_suspicious calibration-flagged time of a point > 60 min within 24 h,
//                                 or > 2 episodes within 24 h; start = the offending
//                                 episode's start; orange
// A faulty or calibrating sample ends a flat run; an episode runs from its first flagged
// sample to the first unflagged one. After > 5 min without a CDSS file (mine.upload_gap)
// nothing proves a run or calibration went on: flat runs restart, calibrations end at their
// last flagged sample. An alarm raised again within 5 min of its close (the new episode's start
// minus the old one's end) is the same episode (rules.md B flapping). Not thread-safe: one per
// mine.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"

namespace mw::sim {

class SensorTruth {
 public:
  SensorTruth(const Mine& mine, const MineLayout& layout);

  // A CDSS file uploaded at `t` is about to deliver its samples.
  void upload_begins(Time t);
  // One sample of that file (a point's samples arrive in time order).
  void sample(std::size_t point, Decimal value, std::uint16_t status, Time t);
  // An RYSS snapshot at `t` with `underground` people (flag 1). Replay reads files in time
  // order, a CDSS file before an RYSS file of the same second.
  void snapshot(Time t, int underground);
  // Everything found (flat runs still waiting for their headcount judged with the latest).
  std::vector<Alarm> alarms() const;

 private:
  struct Flat {
    std::uint32_t count = 0;
    Time start{};
    std::optional<Decimal> last;
    bool judged = false, open = false;
    std::optional<Time> closed;  // when the last alarm of this point closed
  };
  struct Episode {
    Time start{}, end{};
  };
  struct Calibration {
    bool active = false, open = false;
    Time start{}, last{};
    std::array<Episode, 3> past{};  // newest first, as many as detection keeps
    std::size_t history = 0;
    std::optional<Time> closed;  // when the last alarm of this point closed
  };
  struct Pending {  // a flat run that reached 240 min in the file uploaded at `upload`
    std::size_t point = 0;
    Time start{}, upload{};
  };
  void end_flat(Flat& f, Time t);
  // Opens an alarm unless it continues one closed at `closed` (flapping).
  void raise(AlarmKind kind, std::size_t point, Time start, const std::optional<Time>& closed);
  void judge_calibration(std::size_t point, Time now, bool at_end);
  void end_calibration(std::size_t point, Time end);
  void resolve(Time up_to, bool all);
  Alarm make(AlarmKind kind, std::size_t point, Time start) const;

  const Mine& mine_;
  const MineLayout& layout_;
  std::vector<char> flat_class_;  // per point
  std::vector<Flat> flats_;
  std::vector<Calibration> cals_;
  std::vector<Pending> pending_;
  std::optional<Time> last_upload_;
  Time upload_{};
  int people_ = 0;
  std::vector<Alarm> done_;
};

}  // namespace mw::sim
