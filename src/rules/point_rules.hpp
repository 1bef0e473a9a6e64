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

// An event time in 4 bytes (seconds since 1970, unsigned: 1970–2106) instead of 8: 13 times
// per point would take 104 of the 256-byte budget. Earlier or later times saturate (the
// decoder never yields them from a valid file); Time{} (the epoch) is kept exactly.
class SmallTime {
 public:
  SmallTime() = default;
  SmallTime(Time t) noexcept;  // NOLINT(google-explicit-constructor): a drop-in for Time
  operator Time() const noexcept { return Time{Seconds{seconds_}}; }  // NOLINT

  friend Seconds operator-(SmallTime a, SmallTime b) noexcept { return Time(a) - Time(b); }
  friend Seconds operator-(Time a, SmallTime b) noexcept { return a - Time(b); }
  friend Seconds operator-(SmallTime a, Time b) noexcept { return Time(a) - b; }
  friend Time operator+(SmallTime a, Seconds d) noexcept { return Time(a) + d; }
  friend auto operator<=>(SmallTime a, Time b) noexcept { return Time(a) <=> b; }
  friend bool operator==(SmallTime a, Time b) noexcept { return Time(a) == b; }
  friend auto operator<=>(SmallTime a, SmallTime b) noexcept = default;

 private:
  std::uint32_t seconds_ = 0;
};

class PointRules {
 public:
  // Previous calibration episodes remembered per point: enough for the pack's max_episodes
  // up to this many (more is clamped; the default pack says 2).
  static constexpr std::size_t kCalibrationHistory = 3;

  PointRules(const RulePack& pack, const Mine& mine, FindingSink& sink);

  static constexpr std::uint32_t kNoPoint = UINT32_MAX;
  // A caller's cached answer to "which dense index is this point": resolved from the code
  // on first use and again only after on_point_defs changed the index (issue 6: one code
  // lookup per point and definition set, not per sample). Value-initialised = unresolved.
  struct PointRef {
    std::uint32_t index = kNoPoint;
    std::uint32_t generation = 0;  // of the definitions it was resolved against; 0: never
  };

  // A CDDY file (the full set of the mine's points). Classifies methane points, computes
  // effective thresholds once, raises or clears sensor.threshold_misconfigured, and ends
  // every episode of a point that is no longer defined.
  void on_point_defs(std::span<const PointDef> defs, Time file_time);
  // One CDSS record. Hot path: no allocation unless a finding is emitted. Samples of unknown
  // points and samples not newer than the point's latest are ignored. Returns the point's
  // dense index (valid until the next on_point_defs), or kNoPoint for an unknown point.
  std::uint32_t on_sample(std::string_view point, const Sample& s);
  // on_sample for the point `ref` caches (resolving it from `point` when stale).
  std::uint32_t on_sample(PointRef& ref, std::string_view point, const Sample& s);
  // After the samples of one CDSS file: power-cut checks whose window ended are decided.
  void on_realtime_file_end(Time file_time);
  // From the latest RYSS snapshot (sensor.flatline needs ≥ min_people underground).
  void set_people_underground(std::uint32_t n, Time t);
  // The mine's upload gap (mine.upload_gap) began at `t` (in_gap: the last file + the gap
  // time, not when it was noticed) or ended with the file of time `t`. No run (fault,
  // flatline, calibration) is carried across the missing period, and samples dated inside it
  // — from the gap's start to the gap time before the file that ended it, i.e. a backlog
  // uploaded late — are ignored: rules.md part B, no point-level alarm for a missing period.
  void set_upload_gap(bool in_gap, Time t);
  // Pipeline clock: decides power-cut checks whose window ended before `now`.
  void advance(Time now);
  // Bytes held by the rule state (object, per-point state, codes, relation table).
  std::size_t state_bytes() const;

  std::size_t point_count() const noexcept { return points_.size(); }
  // The code of the point at dense index `i` (< point_count()): points are in code order.
  std::string_view point_code(std::size_t i) const noexcept { return code_view(points_[i]); }
  // Whether the point at dense index `i` is a methane sensor (0001, 0011, 0043).
  bool is_methane_point(std::size_t i) const noexcept {
    return points_[i].st.role == Role::kMethane;
  }
  // Methane points that matched no location class (rules.md A1: reported, never dropped).
  std::size_t unclassified_count() const noexcept { return unclassified_; }

  enum class Role : std::uint8_t { kOther, kMethane, kCo, kFeed };

  struct CalibrationEpisode {
    SmallTime start{};
    SmallTime end{};
  };

  // Everything kept per point. Times are event times of samples. Fields are grouped by size
  // (4-, 2-, 1-byte) so the struct has no padding holes: it is the per-point budget.
  struct PointState {
    // --- times (4 bytes each)
    SmallTime last_time{};    // latest sample applied
    SmallTime level_start{};  // gas.alarm / gas.co_alarm episode start
    SmallTime cut_time{};     // first sample ≥ cut of the episode (gas.power_cut_failed t)
    SmallTime fault_start{};  // first faulty sample of the run
    SmallTime flat_start{};   // first sample of the flat run
    SmallTime cal_start{};    // first flagged sample of the calibration
    SmallTime cal_last{};     // latest flagged sample
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
  Time gap_from_ = Time::max();  // the latest missing period: [gap_from_, gap_to_)
  Time gap_to_ = Time::min();
  bool any_cut_pending_ = false;
  Time next_cut_deadline_ = Time::max();
  std::uint32_t generation_ = 1;  // bumped by on_point_defs: every PointRef resolves again
};

}  // namespace mw::rules
