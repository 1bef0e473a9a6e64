#pragma once
// PointRules: the point-level alarm kinds of rules.md part B — gas.alarm,
// gas.power_cut_failed, gas.co_alarm, sensor.threshold_misconfigured, sensor.fault,
// sensor.flatline, sensor.calibration_suspicious — evaluated sample by sample for one mine.
//
// Every decision rests on samples the mine sent, never on the absence of data: a fault or a
// flat run is judged when a sample shows it still holds, and a run that an upload gap
// interrupts is dropped (rules.md part B inhibition: nothing is raised for a missing period).
// Episode edges: gas and CO clear at the first valid sample under the clear level (the lower
// of the effective alarm and restore thresholds); a power_cut_failed finding clears with its
// gas episode; fault, flatline and calibration findings clear when a sample shows the
// condition ended.
//
// Thread safety: one object per mine, owned by the mine's shard thread; no locks.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/point.hpp"
#include "model/sample.hpp"
#include "rules/location_class.hpp"
#include "rules/rule_pack.hpp"

namespace mw {
struct EffectiveThresholds;
}

namespace mw::rules {

// A small decimal for thresholds and readings (8 bytes instead of 16): keeps the per-point
// state inside the 256-byte budget. Values that do not fit are not stored (set = false).
struct SmallDecimal {
  std::int32_t mantissa = 0;
  std::uint8_t scale = 0;
  bool set = false;

  static SmallDecimal from(const Decimal& d) noexcept;
  Decimal get() const noexcept { return Decimal{mantissa, scale}; }
};

class PointRules {
 public:
  // Previous calibration episodes remembered per point: enough for the pack's max_episodes
  // up to this many (more is clamped; the default pack says 2).
  static constexpr std::size_t kCalibrationHistory = 3;

  PointRules(const RulePack& pack, const Mine& mine, FindingSink& sink);

  // A CDDY file (the full set of the mine's points). Classifies methane points, computes
  // effective thresholds once, raises or clears sensor.threshold_misconfigured, and ends
  // every episode of a point that is no longer defined.
  void on_point_defs(std::span<const PointDef> defs, Time file_time);
  // One CDSS record. Hot path: no allocation unless a finding is emitted. Samples of unknown
  // points and samples not newer than the point's latest are ignored.
  void on_sample(std::string_view point, const Sample& s);
  // After the samples of one CDSS file: power-cut checks whose window ended are decided.
  void on_realtime_file_end(Time file_time);
  // From the latest RYSS snapshot (sensor.flatline needs ≥ min_people underground).
  void set_people_underground(std::uint32_t n, Time t);
  // While in gap no run (fault, flatline) is carried across the missing period.
  void set_upload_gap(bool in_gap, Time t);
  // Pipeline clock: decides power-cut checks whose window ended before `now`.
  void advance(Time now);
  // Bytes held by the rule state (object, per-point state, codes, relation table).
  std::size_t state_bytes() const;

  std::size_t point_count() const noexcept { return points_.size(); }
  // Methane points that matched no location class (rules.md A1: reported, never dropped).
  std::size_t unclassified_count() const noexcept { return unclassified_; }

  enum class Role : std::uint8_t { kOther, kMethane, kCo, kFeed };

  struct CalibrationEpisode {
    Time start{};
    Time end{};
  };

  // Everything kept per point. Times are event times of samples. Fields are grouped by size
  // (8-, 4-, 2-, 1-byte) so the struct has no padding holes: it is the per-point budget.
  struct PointState {
    // --- times
    Time last_time{};    // latest sample applied
    Time level_start{};  // gas.alarm / gas.co_alarm episode start
    Time cut_time{};     // first sample ≥ cut of the episode (gas.power_cut_failed t)
    Time fault_start{};  // first faulty sample of the run
    Time flat_start{};   // first sample of the flat run
    Time cal_start{};    // first flagged sample of the calibration
    Time cal_last{};     // latest flagged sample
    std::array<CalibrationEpisode, kCalibrationHistory> cal_past{};  // newest first
    // --- values (from the CDDY: alarm, cut, clear; from samples: the rest)
    SmallDecimal alarm;  // orange at ≥ (methane: effective alarm; CO: limit)
    SmallDecimal cut;    // red at ≥ (methane: effective cut; CO: limit × factor)
    SmallDecimal clear;  // the episode ends under this
    SmallDecimal last_value;
    SmallDecimal peak;
    SmallDecimal cut_value;
    std::uint32_t targets_begin = 0;  // D-relation feed/breaker points in targets_
    std::uint32_t flat_count = 0;     // samples in the flat run (value: last_value); 0 = none
    std::uint16_t sensor_type = 0;
    std::uint16_t targets_count = 0;
    std::uint16_t last_status = 0;
    std::uint16_t fault_status = 0;  // status of the first faulty sample
    Role role = Role::kOther;
    LocationClass cls = LocationClass::kUnclassified;
    std::uint8_t cal_history = 0;  // valid entries in cal_past
    // --- flags
    bool alarm_from_cddy = false;  // the mine's value is stricter than the regulation's
    bool cut_from_cddy = false;
    bool flatline_class = false;  // rules.md sensor.flatline applies to this point's class
    bool misconfigured = false;   // a threshold_misconfigured episode is open
    bool has_last = false;
    bool level_open = false;  // gas.alarm / gas.co_alarm
    bool level_red = false;
    bool cut_seen = false;         // the first sample ≥ cut of this episode was seen
    bool cut_pending = false;      // its feed check waits for the window to end
    bool cut_failed_open = false;  // a power_cut_failed finding was raised
    bool fault_run = false;        // sensor.fault
    bool fault_open = false;
    bool flat_judged = false;  // sensor.flatline: judged once when the run reached its length
    bool flat_open = false;
    bool cal_active = false;  // sensor.calibration_suspicious
    bool cal_open = false;
  };

 private:
  // Point codes live in codes_ (one allocation for all, instead of a string each).
  static constexpr std::size_t kMaxCodeSize = 0xFFFF;
  struct Point {
    std::uint32_t code_offset = 0;
    std::uint16_t code_size = 0;
    PointState st;
  };

  std::string_view code_view(const Point& p) const noexcept {
    return std::string_view(codes_).substr(p.code_offset, p.code_size);
  }
  std::string code(const Point& p) const { return std::string(code_view(p)); }

  Point* find(std::string_view code) noexcept;
  void load_static(Point& p, const PointDef& def, Time def_time);
  void end_all(Point& p, Time t);

  // gas_rules.cpp
  void on_level_sample(Point& p, const Sample& s);
  void open_level(Point& p, const Sample& s, bool red);
  void escalate_level(Point& p, const Sample& s);
  void close_level(Point& p, const Sample& s);
  void record_cut(PointState& st, const Sample& s);
  void fire_cut_checks(Time until, bool inclusive);
  void decide_cut_check(Point& p);
  // sensor_rules.cpp
  void judge_definition(Point& p, const EffectiveThresholds& e, Time def_time);
  void on_fault_sample(Point& p, const Sample& s);
  void on_flatline_sample(Point& p, const Sample& s, bool valid);
  void end_flatline(Point& p, Time t);
  void on_calibration_sample(Point& p, const Sample& s);
  void end_calibration(Point& p, Time end);
  void judge_calibration(Point& p, Time now, bool at_end);

  Finding make(AlarmKind kind, const Point& p, Finding::Edge edge, Time time) const;
  EvidenceItem sample_evidence(const Point& p, const Sample& s, std::string note) const;
  EvidenceItem threshold_evidence(const Point& p, Time t, const SmallDecimal& v,
                                  std::string_view which, bool from_cddy) const;
  std::string kind_rule(AlarmKind kind) const;
  std::string methane_rule(const Point& p) const;
  void emit(Finding&& f) { sink_.on_finding(std::move(f)); }

  const RulePack& pack_;
  const Mine& mine_;
  FindingSink& sink_;
  std::string codes_;                   // every point's code, back to back
  std::vector<Point> points_;           // sorted by code
  std::vector<std::uint32_t> targets_;  // indices into points_, by PointState::targets_begin
  std::size_t unclassified_ = 0;
  std::uint32_t people_ = 0;
  Time people_time_{};
  bool in_gap_ = false;
  bool any_cut_pending_ = false;
  Time next_cut_deadline_ = Time::max();
};

}  // namespace mw::rules
