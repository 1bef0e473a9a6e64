#include "rules/thresholds.hpp"

#include <algorithm>

#include "model/sensor_type.hpp"

namespace mw {

std::string_view threshold_name(ThresholdName t) noexcept {
  switch (t) {
    case ThresholdName::kAlarm: return "alarm";
    case ThresholdName::kCut: return "cut";
    case ThresholdName::kRestore: return "restore";
  }
  return "alarm";
}

std::string_view finding_kind_name(FindingKind k) noexcept {
  switch (k) {
    case FindingKind::kLooser: return "looser";
    case FindingKind::kMissing: return "missing";
    case FindingKind::kNoPowerCutRelation: return "no_power_cut_relation";
  }
  return "looser";
}

Decimal decimal_difference(Decimal a, Decimal b) noexcept {
  const std::uint8_t scale = std::max(a.scale, b.scale);
  const auto widen = [scale](Decimal d) {
    std::int64_t m = d.mantissa;
    for (std::uint8_t s = d.scale; s < scale; ++s) m *= 10;
    return m;
  };
  return Decimal{widen(a) - widen(b), scale};
}

bool EffectiveThresholds::misconfigured() const noexcept {
  return std::any_of(findings.begin(), findings.end(),
                     [](const ThresholdFinding& f) { return !f.advisory; });
}

namespace {

std::string_view threshold_name_zh(ThresholdName t) {
  switch (t) {
    case ThresholdName::kAlarm: return "报警门限";
    case ThresholdName::kCut: return "断电门限";
    case ThresholdName::kRestore: return "复电门限";
  }
  return "报警门限";
}

// A CDDY threshold only counts when it is set and positive.
std::optional<Decimal> configured(const std::optional<Decimal>& v) {
  if (v && v->mantissa > 0) return v;
  return std::nullopt;
}

// Applies one threshold: the stricter value, and a finding when CDDY is looser or missing.
std::optional<Decimal> apply(ThresholdName name, const std::optional<Sourced<Decimal>>& reg,
                             const std::optional<Decimal>& cddy,
                             std::vector<ThresholdFinding>& findings) {
  if (!reg) return cddy;  // the regulation sets nothing: the mine's own choice stands
  if (!cddy) {
    ThresholdFinding f;
    f.kind = FindingKind::kMissing;
    f.threshold = name;
    f.regulation = reg->value;
    f.source = reg->source;
    f.message = "未设置" + std::string(threshold_name_zh(name)) + ", 规程要求 " +
                format_decimal(reg->value) + " (" + reg->source + ")";
    f.advisory = name == ThresholdName::kRestore;
    findings.push_back(std::move(f));
    return reg->value;
  }
  if (cddy->compare(reg->value) <= 0) return cddy;
  ThresholdFinding f;
  f.kind = FindingKind::kLooser;
  f.threshold = name;
  f.configured = cddy;
  f.regulation = reg->value;
  f.excess = decimal_difference(*cddy, reg->value);
  f.source = reg->source;
  f.message = std::string(threshold_name_zh(name)) + " " + format_decimal(*cddy) + " 高于规程值 " +
              format_decimal(reg->value) + " (" + reg->source + "), 超出 " +
              format_decimal(*f.excess);
  findings.push_back(std::move(f));
  return reg->value;
}

}  // namespace

Result<EffectiveThresholds> effective_thresholds(const PointDef& point, LocationClass cls,
                                                 GasGrade grade, const RulePack& pack) {
  if (!is_methane(point.sensor_type)) {
    return Status::failed_precondition("point " + point.code + " is not a methane sensor (type " +
                                       format_sensor_type_code(point.sensor_type) + ")");
  }
  EffectiveThresholds e;
  e.cls = cls;
  e.rule = pack.methane_rule_id(cls);
  const std::optional<Decimal> alarm = configured(point.thresholds.high_alarm);
  const std::optional<Decimal> cut = configured(point.thresholds.high_cut);
  const std::optional<Decimal> restore = configured(point.thresholds.high_restore);
  if (cls == LocationClass::kUnclassified) {
    e.alarm = alarm;
    e.cut = cut;
    e.restore = restore;
  } else {
    const MethaneClassRule& r = pack.methane_rule(cls, grade);
    e.outburst_variant = grade == GasGrade::kOutburst &&
                         pack.methane[location_class_index(cls)].outburst.has_value();
    e.power_cut_relation_required = r.power_cut_relation;
    e.cut_range = r.cut_range;
    e.alarm = apply(ThresholdName::kAlarm, r.alarm, alarm, e.findings);
    e.cut = apply(ThresholdName::kCut, r.cut, cut, e.findings);
    e.restore = apply(ThresholdName::kRestore, r.restore, restore, e.findings);
    if (r.power_cut_relation && point.power_cut_targets().empty()) {
      ThresholdFinding f;
      f.kind = FindingKind::kNoPowerCutRelation;
      f.source = r.cut ? r.cut->source : r.alarm.source;
      f.message = "未配置断电(D)关联, 规程要求断电范围: " + r.cut_range;
      e.findings.push_back(std::move(f));
    }
  }
  if (e.restore && e.cut && e.restore->compare(*e.cut) > 0) e.restore = e.cut;
  return e;
}

}  // namespace mw
