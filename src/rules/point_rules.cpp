#include "rules/point_rules.hpp"

#include <algorithm>
#include <limits>

#include "model/sensor_type.hpp"
#include "rules/thresholds.hpp"

namespace mw::rules {

SmallDecimal SmallDecimal::from(const Decimal& d) noexcept {
  SmallDecimal out;
  if (d.mantissa < std::numeric_limits<std::int32_t>::min() ||
      d.mantissa > std::numeric_limits<std::int32_t>::max()) {
    return out;
  }
  out.mantissa = static_cast<std::int32_t>(d.mantissa);
  out.scale = d.scale;
  out.set = true;
  return out;
}

SmallTime::SmallTime(Time t) noexcept {
  const std::int64_t s = t.time_since_epoch().count();
  seconds_ = static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(s, 0, std::numeric_limits<std::uint32_t>::max()));
}

namespace {

bool has_time(Time t) { return t.time_since_epoch().count() != 0; }

// a × b exactly, when the product fits (CO red level = limit × red_factor).
Decimal multiply(Decimal a, Decimal b) {
  Decimal out{a.mantissa * b.mantissa, static_cast<std::uint8_t>(a.scale + b.scale)};
  while (out.scale > 0 && out.mantissa % 10 == 0) {
    out.mantissa /= 10;
    --out.scale;
  }
  return out;
}

}  // namespace

PointRules::PointRules(const RulePack& pack, const Mine& mine, FindingSink& sink)
    : pack_(pack), mine_(mine), sink_(sink) {}

PointRules::Point* PointRules::find(std::string_view code) noexcept {
  const auto it =
      std::lower_bound(points_.begin(), points_.end(), code,
                       [this](const Point& p, std::string_view c) { return code_view(p) < c; });
  if (it == points_.end() || code_view(*it) != code) return nullptr;
  return &*it;
}

void PointRules::on_point_defs(std::span<const PointDef> defs, Time file_time) {
  // The definitions by code; of a repeated code the first one wins.
  std::vector<const PointDef*> order;
  order.reserve(defs.size());
  for (const PointDef& def : defs) {
    if (def.code.size() <= kMaxCodeSize) order.push_back(&def);
  }
  const auto by_code = [](const PointDef* a, const PointDef* b) { return a->code < b->code; };
  std::stable_sort(order.begin(), order.end(), by_code);
  order.erase(std::unique(order.begin(), order.end(),
                          [](const PointDef* a, const PointDef* b) { return a->code == b->code; }),
              order.end());
  std::string codes;
  std::vector<Point> next;
  next.reserve(order.size());
  for (const PointDef* def : order) {
    Point p;
    p.code_offset = static_cast<std::uint32_t>(codes.size());
    p.code_size = static_cast<std::uint16_t>(def->code.size());
    codes += def->code;
    if (const Point* old = find(def->code)) p.st = old->st;  // runtime state survives a re-send
    next.push_back(p);
  }
  // A point missing from the full set is gone: its open episodes end with the file.
  for (Point& old : points_) {
    const std::string_view c = code_view(old);
    const auto it =
        std::lower_bound(order.begin(), order.end(), c,
                         [](const PointDef* d, std::string_view v) { return d->code < v; });
    if (it == order.end() || (*it)->code != c) end_all(old, file_time);
  }
  codes.shrink_to_fit();
  codes_ = std::move(codes);
  points_ = std::move(next);
  ++generation_;                          // dense indices changed: cached PointRefs are stale
  if (generation_ == 0) generation_ = 1;  // 0 marks a ref never resolved
  targets_.clear();
  unclassified_ = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const PointDef& def = *order[i];
    load_static(points_[i], def, has_time(def.time) ? def.time : file_time);
  }
  // D relations need every target's role, so they are resolved once all are loaded.
  for (std::size_t i = 0; i < order.size(); ++i) {
    PointState& st = points_[i].st;
    if (st.role != Role::kMethane) continue;
    st.targets_begin = static_cast<std::uint32_t>(targets_.size());
    for (std::string_view target : order[i]->power_cut_targets()) {
      const Point* t = find(target);
      if (t == nullptr || t->st.role != Role::kFeed) continue;
      const auto ti = static_cast<std::uint32_t>(t - points_.data());
      if (std::find(targets_.begin() + st.targets_begin, targets_.end(), ti) == targets_.end()) {
        targets_.push_back(ti);
      }
    }
    st.targets_count = static_cast<std::uint16_t>(targets_.size() - st.targets_begin);
  }
  targets_.shrink_to_fit();
}

void PointRules::load_static(Point& p, const PointDef& def, Time def_time) {
  PointState& st = p.st;
  st.sensor_type = def.sensor_type;
  st.cls = LocationClass::kUnclassified;
  st.alarm_from_cddy = st.cut_from_cddy = st.flatline_class = false;
  st.alarm = st.cut = st.clear = SmallDecimal{};
  st.targets_begin = 0;
  st.targets_count = 0;
  if (is_methane(def.sensor_type)) {
    st.role = Role::kMethane;
    st.cls = pack_.classifier.classify(def.code, def.location).cls;
    Result<EffectiveThresholds> r = effective_thresholds(def, st.cls, mine_.gas_grade, pack_);
    if (!r.ok()) return;  // cannot happen for a methane type; no thresholds, no gas rule
    const EffectiveThresholds& e = r.value();
    if (e.alarm) st.alarm = SmallDecimal::from(*e.alarm);
    if (e.cut) st.cut = SmallDecimal::from(*e.cut);
    // Clear at the lower of alarm and restore: never above the alarm, or the episode
    // would end while the value still alarms.
    std::optional<Decimal> clear = e.alarm;
    if (e.restore && (!clear || e.restore->compare(*clear) < 0)) clear = e.restore;
    if (clear) st.clear = SmallDecimal::from(*clear);
    if (st.cls == LocationClass::kUnclassified) {
      ++unclassified_;
      st.alarm_from_cddy = st.cut_from_cddy = true;
    } else {
      const MethaneClassRule& reg = pack_.methane_rule(st.cls, mine_.gas_grade);
      st.alarm_from_cddy = e.alarm && e.alarm->compare(reg.alarm.value) < 0;
      st.cut_from_cddy = e.cut && (!reg.cut || e.cut->compare(reg.cut->value) < 0);
      const auto& fc = pack_.flatline.classes;
      st.flatline_class = std::find(fc.begin(), fc.end(), st.cls) != fc.end();
      judge_definition(p, e, def_time);
    }
  } else if (is_co(def.sensor_type)) {
    st.role = Role::kCo;
    Decimal limit = pack_.co.limit_ppm.value;
    const std::optional<Decimal>& mine_alarm = def.thresholds.high_alarm;
    if (mine_alarm && mine_alarm->mantissa > 0 && mine_alarm->compare(limit) < 0) {
      limit = *mine_alarm;  // rules.md gas.co_alarm: the mine's stricter threshold
      st.alarm_from_cddy = st.cut_from_cddy = true;
    }
    st.alarm = st.clear = SmallDecimal::from(limit);
    st.cut = SmallDecimal::from(multiply(limit, pack_.co.red_factor.value));
  } else if (is_power_feed(def.sensor_type) || is_breaker(def.sensor_type)) {
    st.role = Role::kFeed;
  } else {
    st.role = Role::kOther;
  }
}

std::uint32_t PointRules::on_sample(std::string_view point, const Sample& s) {
  PointRef ref;
  return on_sample(ref, point, s);
}

std::uint32_t PointRules::on_sample(PointRef& ref, std::string_view point, const Sample& s) {
  if (any_cut_pending_ && s.time > next_cut_deadline_) fire_cut_checks(s.time, false);
  if (ref.generation != generation_) {
    const Point* found = find(point);
    ref.index = found == nullptr ? kNoPoint : static_cast<std::uint32_t>(found - points_.data());
    ref.generation = generation_;
  }
  if (ref.index == kNoPoint) return kNoPoint;
  Point* p = &points_[ref.index];
  const std::uint32_t index = ref.index;
  PointState& st = p->st;
  if (st.has_last && s.time <= st.last_time) return index;    // stale: state never goes back
  if (s.time >= gap_from_ && s.time < gap_to_) return index;  // dated in a missing period
  on_calibration_sample(*p, s);
  on_fault_sample(*p, s);
  if (st.role == Role::kMethane || st.role == Role::kCo) on_level_sample(*p, s);
  if (st.flatline_class) {
    on_flatline_sample(*p, s, !is_faulty(s.status) && !is_calibrating(s.status));
  }
  st.has_last = true;
  st.last_time = s.time;
  st.last_status = s.status;
  st.last_value = SmallDecimal::from(s.value);
  return index;
}

void PointRules::on_realtime_file_end(Time file_time) {
  if (any_cut_pending_) fire_cut_checks(file_time, true);
}

void PointRules::set_people_underground(std::uint32_t n, Time t) {
  people_ = n;
  people_time_ = t;
}

void PointRules::set_upload_gap(bool in_gap, Time t) {
  if (in_gap && !in_gap_) {
    gap_from_ = t;
    gap_to_ = Time::max();
  } else if (!in_gap && in_gap_) {
    // The file that ends the gap carries samples polled just before it: those are current.
    gap_to_ = t - pack_.upload_gap.gap.value;
  }
  if (in_gap && !in_gap_) {
    // Nothing proves a fault, a flat run or a calibration went on through the missing period.
    for (Point& p : points_) {
      PointState& st = p.st;
      if (st.fault_run && !st.fault_open) st.fault_run = false;
      if (st.flat_count > 0 && !st.flat_open) st.flat_count = 0;
      if (st.cal_active) end_calibration(p, st.cal_last);
    }
  }
  in_gap_ = in_gap;
}

void PointRules::advance(Time now) {
  if (any_cut_pending_) fire_cut_checks(now, false);
}

std::size_t PointRules::state_bytes() const {
  std::size_t n = sizeof(*this) + points_.capacity() * sizeof(Point) +
                  targets_.capacity() * sizeof(std::uint32_t);
  // Codes longer than the small-string buffer live on the heap.
  if (codes_.capacity() > std::string().capacity()) n += codes_.capacity() + 1;
  return n;
}

void PointRules::end_all(Point& p, Time t) {
  PointState& st = p.st;
  const auto clear = [&](AlarmKind kind) { emit(make(kind, p, Finding::Edge::kClear, t)); };
  if (st.level_open) {
    clear(st.role == Role::kCo ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm);
  }
  if (st.cut_failed_open) clear(AlarmKind::kGasPowerCutFailed);
  if (st.misconfigured) clear(AlarmKind::kSensorThresholdMisconfigured);
  if (st.fault_open) clear(AlarmKind::kSensorFault);
  if (st.flat_open) clear(AlarmKind::kSensorFlatline);
  if (st.cal_open) clear(AlarmKind::kSensorCalibrationSuspicious);
  st = PointState{};
}

Finding PointRules::make(AlarmKind kind, const Point& p, Finding::Edge edge, Time time) const {
  Finding f;
  f.edge = edge;
  f.mine = mine_.code;
  f.kind = kind;
  f.subject = code(p);
  f.time = time;
  f.start = time;
  f.rule = kind == AlarmKind::kGasAlarm || kind == AlarmKind::kSensorThresholdMisconfigured
               ? methane_rule(p)
               : kind_rule(kind);
  return f;
}

std::string PointRules::kind_rule(AlarmKind kind) const {
  return pack_.name + "." + std::string(alarm_kind_name(kind));
}

std::string PointRules::methane_rule(const Point& p) const {
  return pack_.methane_rule_id(p.st.cls);
}

EvidenceItem PointRules::sample_evidence(const Point& p, const Sample& s, std::string note) const {
  EvidenceItem e;
  e.subject = code(p);
  e.time = s.time;
  e.value = format_decimal(s.value);
  e.note = std::move(note);
  e.note += " status=";
  e.note += describe_status(s.status);
  return e;
}

EvidenceItem PointRules::threshold_evidence(const Point& p, Time t, const SmallDecimal& v,
                                            std::string_view which, bool from_cddy) const {
  EvidenceItem e;
  e.subject = code(p);
  e.time = t;
  e.value = format_decimal(v.get());
  e.note = std::string(which) + ", ";
  if (p.st.role == Role::kCo) {
    e.note += from_cddy        ? "矿方 CDDY 上限报警门限 (严于规程)"
              : which == "red" ? pack_.co.red_factor.source
                               : pack_.co.limit_ppm.source;
  } else if (p.st.cls == LocationClass::kUnclassified) {
    e.note += "矿方 CDDY 门限 (安装位置未分类)";
  } else if (from_cddy) {
    e.note += "矿方 CDDY 门限 (严于规程)";
  } else {
    const MethaneClassRule& reg = pack_.methane_rule(p.st.cls, mine_.gas_grade);
    e.note += which == "alarm" ? reg.alarm.source : (reg.cut ? reg.cut->source : "");
  }
  return e;
}

}  // namespace mw::rules
