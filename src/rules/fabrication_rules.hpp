#pragma once
// FabricationRules: data.suspected_fabrication (rules.md part B, fingerprints of A7). One
// object per mine; all times are event times.
//
// The mine's data is judged in fixed windows of the pack's min_window (1 h), aligned to
// multiples of the window since the epoch. Each window computes three independent test
// statistics (docs/rules.md "Suspected fabrication"), each against its own pack threshold:
//   white_noise    — fraction of qualified analog points whose lag-1 autocorrelation is
//                    near 0 and whose histogram is flat (kurtosis well under a bell
//                    curve's 3), i.e. values that behave like independent uniform draws;
//   one_timestamp  — fraction of CDSS files whose samples all carry the file's own time;
//   shift_entries  — in every snapshot with a crew underground, the fraction whose entry
//                    time is a shift start to the second.
// Precision first (issue 4): an episode opens only when at least min_fingerprints (2) of
// them hold over the same window; start = the window's start; the evidence lists every
// statistic with its value and threshold, and the points / cards involved (at most 5 each).
// A window where they no longer hold closes the episode at its end; a window without
// enough data to judge (e.g. an upload gap) changes nothing.
//
// Not yet judged (left out, documented): production rhythm and fixed station rotations.
//
// Per-mine state is bounded: one fixed-size running-sum record per point (no history) plus
// its code in one shared string, and fixed tallies for files and snapshots.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/sample.hpp"
#include "rules/rule_pack.hpp"

namespace mw::rules {

class FabricationRules {
 public:
  // Keeps references to `pack` and `sink` (both must outlive this object) and a copy of the
  // mine's code and shift starts.
  FabricationRules(const RulePack& pack, const Mine& mine, FindingSink& sink);

  // A CDSS file of this mine begins (its samples follow). Ends the window when due.
  void on_realtime_file(Time file_time);
  // One CDSS sample. Calibrating or faulty samples are not values and are skipped.
  void on_sample(std::string_view point, const Sample& s);
  // After the samples of one CDSS file: is every sample's time the file time?
  void on_realtime_file_end(Time file_time);
  // RYSS: entry times of the people underground.
  void on_presence_snapshot(Time snapshot_time, std::span<const Presence> snapshot);
  // The pipeline clock: judges the current window once `now` is past its end by the upload
  // gap (late files of the window still count).
  void advance(Time now);

  bool open() const { return open_; }
  std::size_t state_bytes() const;

 private:
  // Running sums of one point over the current window; values are shifted by the window's
  // first value so the variance does not cancel out for large readings.
  struct PointStat {
    double shift = 0;     // first value of the window
    double prev = 0;      // previous value, shifted
    double sum = 0;       // Σ y
    double sum_sq = 0;    // Σ y²
    double sum_lag = 0;   // Σ y_t · y_{t-1}
    double sum_cube = 0;  // Σ y³ and Σ y⁴: kurtosis (a flat, uniform-looking histogram)
    double sum_quad = 0;
    std::uint64_t sketch = 0;  // one bit per value hash: linear-counting distinct estimate
    float lo = 0, hi = 0;      // value range (evidence)
    std::uint32_t n = 0;
    std::uint32_t name_offset = 0;  // the point code in names_
    std::uint16_t name_size = 0;
  };
  struct Verdict {
    bool held = false;
    bool judged = false;  // enough data to say either way
  };

  std::string_view name_of(const PointStat& p) const;
  PointStat& point(std::string_view code);
  void roll_to(Time t);  // judges the current window if t is past it, then starts t's window
  void judge();
  void reset_window(Time start);
  Verdict white_noise(std::vector<EvidenceItem>& ev) const;
  Verdict one_timestamp(std::vector<EvidenceItem>& ev) const;
  Verdict shift_entries(std::vector<EvidenceItem>& ev) const;
  bool at_shift_start(Time entry) const;

  const RulePack& pack_;
  FindingSink& sink_;
  std::string mine_code_;
  std::vector<int> shifts_;  // minutes after local midnight
  Seconds window_;

  bool have_window_ = false;
  Time window_start_{};
  bool open_ = false;

  std::vector<PointStat> points_;  // sorted by code
  std::string names_;              // point codes, back to back
  std::size_t hint_ = 0;           // index of the last point looked up

  // Current file.
  std::uint32_t file_samples_ = 0;
  Time file_first_time_{};
  bool file_one_time_ = true;
  // Window tallies.
  std::uint32_t files_ = 0;
  std::uint32_t one_time_files_ = 0;
  Time example_file_time_{};
  std::uint32_t crew_snapshots_ = 0;
  double min_shift_fraction_ = 1.0;
  std::uint32_t min_fraction_crew_ = 0;
  Time min_fraction_time_{};
  std::vector<std::string> example_cards_;  // ≤ 5, from the snapshot with the lowest fraction
  std::vector<Time> example_entries_;
};

}  // namespace mw::rules
