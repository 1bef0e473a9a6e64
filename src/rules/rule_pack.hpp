#pragma once
// RulePack: the thresholds and windows of every rule, each with the source it comes from
// (rules/coal.toml is the default; format in docs/rules.md). The loader refuses any number
// without a `source`: minewatch has no unexplained thresholds.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "model/mine.hpp"
#include "model/mine_registry.hpp"
#include "rules/location_class.hpp"
#include "rules/location_classifier.hpp"

namespace mw {

// A pack value and where it comes from (an article of 煤矿安全规程, a 4号令 item, AQ 1029-2019,
// or "minewatch default").
template <class T>
struct Sourced {
  T value{};
  std::string source;
  bool inferred = false;  // status = "I" in the pack: recalled or inferred (rules.md status)
  int line = 0;           // line of the value in the pack, for messages
};

// One methane location class (rules.md A1). All values % CH4.
struct MethaneClassRule {
  LocationClass cls = LocationClass::kUnclassified;
  Sourced<Decimal> alarm;                   // alarm when ≥
  std::optional<Sourced<Decimal>> cut;      // cut power when ≥; none = alarm only
  std::optional<Sourced<Decimal>> restore;  // restore power when <
  bool power_cut_relation = false;          // a D relation (断电) is required
  std::string cut_range;                    // 断电范围, as the regulation words it
  std::string location;                     // the place as the regulation names it
};

struct MethaneClassEntry {
  MethaneClassRule base;
  std::optional<MethaneClassRule> outburst;  // variant for 突出矿井 (rules.md A1 coal_face)
};

struct CoRule {  // gas.co_alarm
  Sourced<Decimal> limit_ppm;
  Sourced<Decimal> red_factor;  // red at limit × factor
};
struct PowerCutRule {  // gas.power_cut_failed
  Sourced<Seconds> check_window;
};
struct SensorFaultRule {  // sensor.fault
  Sourced<Seconds> min_duration;
};
struct FlatlineRule {  // sensor.flatline
  Sourced<Seconds> min_duration;
  Sourced<std::int64_t> min_samples;
  Sourced<std::int64_t> min_people;
  std::vector<LocationClass> classes;
};
struct CalibrationRule {  // sensor.calibration_suspicious
  Sourced<Seconds> max_time;
  Sourced<std::int64_t> max_episodes;
  Sourced<Seconds> window;
};
struct UploadGapRule {  // mine.upload_gap
  Sourced<Seconds> gap;
  Sourced<Seconds> orange_after;
};
struct ClosedMineRule {  // mine.activity_while_closed
  Sourced<std::int64_t> maintenance_allowance;
};
struct AreaOverLimitRule {  // personnel.area_over_limit
  Sourced<Decimal> red_factor;
};
struct OvertimeRule {  // personnel.overtime
  Sourced<Decimal> default_hours;
};
struct LeaderAbsentRule {                    // personnel.leader_absent
  Sourced<std::vector<int>> default_shifts;  // minutes after local midnight
  Sourced<std::int64_t> min_people;
  Sourced<Decimal> min_fraction;  // of a window's snapshots
};
struct FlapRule {  // alarms: re-open within this window = same episode
  Sourced<Seconds> merge_window;
};
struct FabricationRule {  // data.suspected_fabrication
  Sourced<Seconds> min_window;
  Sourced<std::int64_t> min_fingerprints;    // independent fingerprints needed for an alarm
  Sourced<Decimal> max_abs_autocorrelation;  // white noise: |lag-1 r| below this
  Sourced<Decimal> max_kurtosis;             // white noise: a flat (uniform) histogram
  Sourced<std::int64_t> min_point_samples;
  Sourced<std::int64_t> min_distinct_values;
  Sourced<std::int64_t> min_points;
  Sourced<Decimal> min_white_fraction;
  Sourced<std::int64_t> min_files;  // one timestamp: CDSS files per window
  Sourced<Decimal> min_identical_fraction;
  Sourced<std::int64_t> min_crew;  // crew entries: people underground in a snapshot
  Sourced<Decimal> min_shift_start_fraction;
  Sourced<std::int64_t> min_snapshots;
  Sourced<std::int64_t> min_rhythm_hours;  // no rhythm: hour-to-hour changes judged today
  Sourced<Decimal> max_rhythm_ratio;       // mean (change / standard error)² below this
  Sourced<std::int64_t> min_track_points;  // fixed rotations: track entries per person
  Sourced<Decimal> min_identical_track_fraction;
};

struct RulePack {
  std::string name;     // "coal": prefix of rule ids ("coal.ch4.coal_face")
  std::string edition;  // the regulation edition the pack follows
  std::string description;
  std::string origin;  // file path or "builtin:rules/coal.toml"
  std::array<MethaneClassEntry, kLocationClassCount> methane;  // indexed by class
  CoRule co;
  PowerCutRule power_cut;
  SensorFaultRule fault;
  FlatlineRule flatline;
  CalibrationRule calibration;
  UploadGapRule upload_gap;
  ClosedMineRule closed_mine;
  AreaOverLimitRule area_over_limit;
  OvertimeRule overtime;
  LeaderAbsentRule leader_absent;
  FlapRule flap;
  FabricationRule fabrication;
  LocationClassifier classifier;

  // The class's rule for a mine of this gas grade (the outburst variant when it has one).
  // Precondition: cls is not kUnclassified.
  const MethaneClassRule& methane_rule(LocationClass cls, GasGrade grade) const;
  // "<name>.ch4.<class>", e.g. "coal.ch4.coal_face"; "<name>.ch4.unclassified".
  std::string methane_rule_id(LocationClass cls) const;
};

// Parses a pack. `origin` names it in messages. Errors (kInvalidArgument) name the key and
// its line: TOML syntax, unknown keys, missing keys, numbers without a source, bad values.
Result<RulePack> parse_rule_pack(std::string_view toml, std::string_view origin);
Result<RulePack> load_rule_pack(const std::string& path);

// A mine's own overrides file: top-level `"<point code>" = "<class id>"` lines, the same
// form as [classifier.overrides] in a pack. Apply them with LocationClassifier::set_override.
Result<std::map<std::string, LocationClass, std::less<>>> parse_location_overrides(
    std::string_view toml, std::string_view origin);

// The registry defaults this pack sets: an absent mines.csv shifts / overtime_hours /
// maintenance_allowance takes the pack's leader_absent.default_shifts,
// overtime.default_hours and closed_mine.maintenance_allowance.
MineDefaults mine_defaults(const RulePack& pack);

// rules/coal.toml, compiled in (src/rules/CMakeLists.txt).
std::string_view default_rule_pack_text() noexcept;
// The parsed default pack; rule_pack_test proves it parses (a broken one is a build bug,
// reported by std::logic_error).
const RulePack& default_rule_pack();

}  // namespace mw
