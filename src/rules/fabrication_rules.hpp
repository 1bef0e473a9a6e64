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
//                    time is a shift start to the second;
//   no_rhythm      — (producing mines, the local day so far) the hourly means of the
//                    methane points move from hour to hour no more than their own sampling
//                    noise explains: no shift pattern, no drift — independent draws;
//   fixed_rotation — in every snapshot with a crew underground, the fraction of people whose
//                    whole track (stations, and times since entry to the second) is
//                    identical to someone else's: a copied template.
// Precision first (issue 4): an episode opens only when at least min_fingerprints (2) of
// them hold over the same window; start = the window's start; the evidence lists every
// statistic with its value and threshold, and the points / cards involved (at most 5 each).
// A window where they no longer hold closes the episode at its end; a window without
// enough data to judge (e.g. an upload gap) changes nothing.
//
// no_rhythm needs a day: it is judged once min_rhythm_hours of the local day have an
// hour-to-hour change, and then counts in every window of that day.
//
// Per-mine state is bounded: one fixed-size running-sum record per point (no history), kept
// by the dense point index of the mine's PointRules (whose codes name the points in the
// evidence), and fixed tallies for files and snapshots.

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
#include "rules/point_rules.hpp"
#include "rules/rule_pack.hpp"

namespace mw::rules {

class FabricationRules {
 public:
  // Keeps references to `pack`, `points` and `sink` (all must outlive this object) and a
  // copy of the mine's code and shift starts. `points` is the mine's PointRules: its dense
  // point index keys the per-point records here.
  FabricationRules(const RulePack& pack, const Mine& mine, const PointRules& points,
                   FindingSink& sink);

  // After points.on_point_defs: the dense index changed, so the window's per-point sums
  // start again (fewer samples in this window: it is less likely to be judged, never more).
  void on_point_defs();
  // A CDSS file of this mine begins (its samples follow). Ends the window when due.
  void on_realtime_file(Time file_time);
  // One CDSS sample of the point at dense index `point` (PointRules::on_sample's answer;
  // kNoPoint for a point not defined: it counts for the file's timestamps only).
  // Calibrating or faulty samples are not values and are skipped.
  void on_sample(std::uint32_t point, const Sample& s);
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
  // first value so the variance does not cancel out for large readings. 72 bytes: with the
  // point's PointRules slot it stays inside the 256-byte per-point budget (issue 4).
  struct PointStat {
    double sum = 0;       // Σ y
    double sum_sq = 0;    // Σ y²
    double sum_lag = 0;   // Σ y_t · y_{t-1}
    double sum_cube = 0;  // Σ y³ and Σ y⁴: kurtosis (a flat, uniform-looking histogram)
    double sum_quad = 0;
    std::uint64_t sketch = 0;  // one bit per value hash: linear-counting distinct estimate
    float shift = 0;           // first value of the window (y = x − shift, in double)
    float prev = 0;            // previous value, shifted
    float lo = 0, hi = 0;      // value range (evidence)
    std::uint32_t n = 0;
    // The previous window's mean and squared standard error (no_rhythm); kept across
    // windows. prev_se2 < 0: that window was not judged for this point.
    float prev_mean = 0;
    float prev_se2 = -1;
  };
  static_assert(sizeof(PointStat) <= 80, "issue 4: with PointRules ≤ 256 B per point");
  struct Verdict {
    bool held = false;
    bool judged = false;  // enough data to say either way
  };

  void roll_to(Time t);  // judges the current window if t is past it, then starts t's window
  void judge();
  void reset_window(Time start);
  Verdict white_noise(std::vector<EvidenceItem>& ev) const;
  Verdict one_timestamp(std::vector<EvidenceItem>& ev) const;
  Verdict shift_entries(std::vector<EvidenceItem>& ev) const;
  Verdict no_rhythm(std::vector<EvidenceItem>& ev) const;
  Verdict fixed_rotation(std::vector<EvidenceItem>& ev) const;
  void update_rhythm();  // the window's methane means into the day's tally
  void tally_tracks(Time snapshot_time, std::span<const Presence> snapshot);
  bool at_shift_start(Time entry) const;

  const RulePack& pack_;
  FindingSink& sink_;
  std::string mine_code_;
  std::vector<int> shifts_;  // minutes after local midnight
  bool producing_;           // no_rhythm is judged for producing mines only
  Seconds window_;

  bool have_window_ = false;
  Time window_start_{};
  bool open_ = false;

  const PointRules& point_rules_;  // codes of the points, by dense index
  std::vector<PointStat> points_;  // by PointRules' dense index

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
  // no_rhythm, over the local day so far.
  Time rhythm_day_ = Time::min();  // local midnight (as UTC) of the day tallied
  double rhythm_sum_ = 0;          // Σ (hour-to-hour change / its standard error)²
  std::uint32_t rhythm_pairs_ = 0;
  std::uint32_t rhythm_hours_ = 0;   // windows of the day with at least one pair
  std::uint32_t rhythm_points_ = 0;  // most methane points paired in one window
  // fixed_rotation, over the window: the snapshot with the lowest fraction.
  std::uint32_t track_snapshots_ = 0;
  double min_track_fraction_ = 1.0;
  std::uint32_t min_track_people_ = 0;
  Time min_track_time_{};
  std::vector<std::string> track_cards_;  // ≤ 5 cards sharing a track, and that track
  std::string track_example_;
};

}  // namespace mw::rules
