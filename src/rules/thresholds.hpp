#pragma once
// Effective methane thresholds of one point (rules.md A1 "Regulatory effective thresholds"):
// the stricter of the regulation (the rule pack) and the mine's CDDY thresholds, and the
// findings that are the evidence of sensor.threshold_misconfigured.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "model/mine.hpp"
#include "model/point.hpp"
#include "rules/location_class.hpp"
#include "rules/rule_pack.hpp"

namespace mw {

enum class ThresholdName : std::uint8_t {
  kAlarm,    // 上限报警门限: alarm when ≥
  kCut,      // 上限断电门限: cut power when ≥
  kRestore,  // 上限复电门限: restore power when <
};
// "alarm" | "cut" | "restore"
std::string_view threshold_name(ThresholdName t) noexcept;

enum class FindingKind : std::uint8_t {
  kLooser,              // the CDDY value is above the regulation's
  kMissing,             // the regulation has a value, CDDY none (empty or ≤ 0)
  kNoPowerCutRelation,  // the class requires a cut, the point has no D relation
};
// "looser" | "missing" | "no_power_cut_relation"
std::string_view finding_kind_name(FindingKind k) noexcept;

struct ThresholdFinding {
  FindingKind kind = FindingKind::kLooser;
  ThresholdName threshold = ThresholdName::kAlarm;  // kLooser and kMissing only
  std::optional<Decimal> configured;                // the CDDY value (kLooser)
  std::optional<Decimal> regulation;                // the pack's value
  std::optional<Decimal> excess;                    // configured − regulation (kLooser)
  std::string source;                               // where the regulation value comes from
  std::string message;                              // Chinese, for the alarm message
  // Worth showing, but not sensor.threshold_misconfigured: a missing restore threshold is
  // not a looser alarm, cut or restore (rules.md part B), so it only advises.
  bool advisory = false;
};

struct EffectiveThresholds {
  LocationClass cls = LocationClass::kUnclassified;
  std::string rule;                            // "coal.ch4.coal_face"
  std::optional<Decimal> alarm, cut, restore;  // % CH4; nullopt = none applies
  bool power_cut_relation_required = false;
  bool outburst_variant = false;  // the class's 突出矿井 variant was used
  std::string cut_range;
  std::vector<ThresholdFinding> findings;  // empty for unclassified points

  bool unclassified() const noexcept { return cls == LocationClass::kUnclassified; }
  // True when a finding is evidence of sensor.threshold_misconfigured (not advisory).
  bool misconfigured() const noexcept;
};

// For a methane point (model/sensor_type.hpp is_methane) of class `cls` in a mine of gas
// grade `grade`. Each threshold is the lower of the regulation and CDDY (a CDDY value that
// is empty or ≤ 0 counts as not configured); the restore value is capped at the effective
// cut so restoring never needs less gas than cutting. Unclassified points get the mine's
// own CDDY thresholds and no findings. Fails (kFailedPrecondition) for a non-methane point.
Result<EffectiveThresholds> effective_thresholds(const PointDef& point, LocationClass cls,
                                                 GasGrade grade, const RulePack& pack);

// a − b, exact at the larger of the two scales.
Decimal decimal_difference(Decimal a, Decimal b) noexcept;

}  // namespace mw
