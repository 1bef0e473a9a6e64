// gas.alarm, gas.co_alarm and gas.power_cut_failed (rules.md part B).

#include "rules/point_rules.hpp"

namespace mw::rules {
namespace {

// Flags that make a reading unfit to raise a gas alarm (rules.md gas.alarm: bit 4 标校,
// bit 128 传感器故障).
constexpr std::uint16_t kNotAGasReading = kStatusCalibrating | kStatusSensorFault;

bool shows_power(const SmallDecimal& v) { return v.set && v.get().same_value(Decimal{1, 0}); }

std::string fmt(const SmallDecimal& v) { return format_decimal(v.get()); }

}  // namespace

void PointRules::on_level_sample(Point& p, const Sample& s) {
  PointState& st = p.st;
  if ((s.status & kNotAGasReading) != 0 || !st.alarm.set) return;
  const bool red_now = st.cut.set && s.value.compare(st.cut.get()) >= 0;
  if (!st.level_open) {
    if (s.value.compare(st.alarm.get()) >= 0) open_level(p, s, red_now);
    return;
  }
  if (st.clear.set && s.value.compare(st.clear.get()) < 0) {
    close_level(p, s);
    return;
  }
  if (red_now && !st.level_red) {
    escalate_level(p, s);
    return;
  }
  if (st.peak.set && s.value.compare(st.peak.get()) > 0) {
    // A new peak updates the episode (rules.md: repeated evidence updates it).
    st.peak = SmallDecimal::from(s.value);
    const AlarmKind kind = st.role == Role::kCo ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm;
    Finding f = make(kind, p, Finding::Edge::kRaise, s.time);
    f.start = st.level_start;
    f.severity = st.level_red ? Severity::kRed : Severity::kOrange;
    f.peak = s.value.to_double();
    f.message =
        (st.role == Role::kCo ? "一氧化碳浓度新高 " : "瓦斯浓度新高 ") + format_decimal(s.value);
    f.evidence.push_back(sample_evidence(p, s, "新峰值"));
    emit(std::move(f));
  }
}

void PointRules::open_level(Point& p, const Sample& s, bool red) {
  PointState& st = p.st;
  st.level_open = true;
  st.level_red = red;
  st.level_start = s.time;
  st.peak = SmallDecimal::from(s.value);
  const bool co = st.role == Role::kCo;
  Finding f =
      make(co ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm, p, Finding::Edge::kRaise, s.time);
  f.severity = red ? Severity::kRed : Severity::kOrange;
  f.peak = s.value.to_double();
  const std::string v = format_decimal(s.value);
  if (co) {
    f.message = "一氧化碳超限: " + code(p) + " " + v + " ppm ≥ " + fmt(st.alarm) + " ppm";
    if (red) f.message += ", 达到红色门限 " + fmt(st.cut) + " ppm";
  } else {
    f.message = "瓦斯超限: " + code(p) + " " + v + " ≥ 报警门限 " + fmt(st.alarm) + " (" +
                std::string(location_class_name_zh(st.cls)) + ")";
    if (red) f.message += ", 达到断电门限 " + fmt(st.cut);
  }
  f.evidence.push_back(sample_evidence(p, s, "首个超限样本"));
  f.evidence.push_back(threshold_evidence(p, s.time, st.alarm, "alarm", st.alarm_from_cddy));
  if (red) {
    f.evidence.push_back(
        threshold_evidence(p, s.time, st.cut, co ? "red" : "cut", st.cut_from_cddy));
  }
  emit(std::move(f));
  if (red && !co) record_cut(st, s);
}

void PointRules::escalate_level(Point& p, const Sample& s) {
  PointState& st = p.st;
  st.level_red = true;
  if (s.value.compare(st.peak.get()) > 0 || !st.peak.set) st.peak = SmallDecimal::from(s.value);
  const bool co = st.role == Role::kCo;
  Finding f =
      make(co ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm, p, Finding::Edge::kRaise, s.time);
  f.start = st.level_start;
  f.severity = Severity::kRed;
  f.peak = st.peak.set ? st.peak.get().to_double() : s.value.to_double();
  const std::string v = format_decimal(s.value);
  f.message = co ? "一氧化碳超限: " + code(p) + " " + v + " ppm ≥ 红色门限 " + fmt(st.cut) + " ppm"
                 : "瓦斯超限: " + code(p) + " " + v + " ≥ 断电门限 " + fmt(st.cut) + " (" +
                       std::string(location_class_name_zh(st.cls)) + ")";
  f.evidence.push_back(sample_evidence(p, s, "升级样本"));
  f.evidence.push_back(threshold_evidence(p, s.time, st.cut, co ? "red" : "cut", st.cut_from_cddy));
  emit(std::move(f));
  if (!co && !st.cut_seen) record_cut(st, s);
}

// The first sample at/over the cut threshold in an episode: starts the 60-s window in which
// a D-linked feed must lose power (rules.md gas.power_cut_failed).
void PointRules::record_cut(PointState& st, const Sample& s) {
  st.cut_seen = true;
  st.cut_time = s.time;
  st.cut_value = SmallDecimal::from(s.value);
  if (st.targets_count > 0) {
    st.cut_pending = true;
    any_cut_pending_ = true;
    next_cut_deadline_ = std::min(next_cut_deadline_, s.time + pack_.power_cut.check_window.value);
  }
}

void PointRules::close_level(Point& p, const Sample& s) {
  PointState& st = p.st;
  const bool co = st.role == Role::kCo;
  Finding f =
      make(co ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm, p, Finding::Edge::kClear, s.time);
  f.start = st.level_start;
  f.severity = st.level_red ? Severity::kRed : Severity::kOrange;
  if (st.peak.set) f.peak = st.peak.get().to_double();
  f.message = (co ? "一氧化碳恢复: " : "瓦斯恢复: ") + code(p) + " " + format_decimal(s.value) +
              " < " + fmt(st.clear);
  f.evidence.push_back(sample_evidence(p, s, "恢复样本"));
  emit(std::move(f));
  if (st.cut_failed_open) {
    emit(make(AlarmKind::kGasPowerCutFailed, p, Finding::Edge::kClear, s.time));
    st.cut_failed_open = false;
  }
  st.level_open = st.level_red = st.cut_seen = false;
  st.peak = SmallDecimal{};
}

void PointRules::fire_cut_checks(Time until, bool inclusive) {
  const Seconds window = pack_.power_cut.check_window.value;
  any_cut_pending_ = false;
  next_cut_deadline_ = Time::max();
  for (Point& p : points_) {
    if (!p.st.cut_pending) continue;
    const Time deadline = p.st.cut_time + window;
    if (deadline < until || (inclusive && deadline == until)) {
      decide_cut_check(p);
    } else {
      any_cut_pending_ = true;
      next_cut_deadline_ = std::min(next_cut_deadline_, deadline);
    }
  }
}

void PointRules::decide_cut_check(Point& p) {
  PointState& st = p.st;
  st.cut_pending = false;
  const Time t = st.cut_time;
  const Time deadline = t + pack_.power_cut.check_window.value;
  Finding f = make(AlarmKind::kGasPowerCutFailed, p, Finding::Edge::kRaise, t);
  for (std::uint32_t k = 0; k < st.targets_count; ++k) {
    const Point& feed = points_[targets_[st.targets_begin + k]];
    const PointState& fs = feed.st;
    // The target's latest sample inside [t, t + window] (later ones are not applied yet:
    // checks are decided before any sample past the deadline).
    if (!fs.has_last || fs.last_time < t || fs.last_time > deadline) continue;
    if (!shows_power(fs.last_value)) continue;
    EvidenceItem e;
    e.subject = code(feed);
    e.time = fs.last_time;
    e.value = fmt(fs.last_value);
    e.note = "D 关联" + std::string(fs.sensor_type == 1009 ? "断电器" : "馈电") +
             "仍有电 status=" + describe_status(fs.last_status);
    if (fs.last_time > f.time) f.time = fs.last_time;
    f.evidence.push_back(std::move(e));
  }
  if (f.evidence.empty()) return;  // every linked feed lost power (or sent nothing): no finding
  const std::size_t feeds = f.evidence.size();
  EvidenceItem cut;
  cut.subject = code(p);
  cut.time = t;
  cut.value = fmt(st.cut_value);
  cut.note = "首个达到断电门限的样本";
  f.evidence.insert(f.evidence.begin(), std::move(cut));
  f.evidence.insert(f.evidence.begin() + 1,
                    threshold_evidence(p, t, st.cut, "cut", st.cut_from_cddy));
  f.severity = Severity::kRed;  // no peak: the concentration's peak is the gas.alarm episode's
  f.message = "瓦斯超限断电失效: " + code(p) + " " + fmt(st.cut_value) + " ≥ 断电门限 " +
              fmt(st.cut) + " 后 " + std::to_string(pack_.power_cut.check_window.value.count()) +
              " 秒内 " + std::to_string(feeds) + " 个被控点仍有电";
  emit(std::move(f));
  if (st.level_open && st.cut_seen) {
    st.cut_failed_open = true;
  } else {
    // The gas episode already ended: so does this one, at the end of the check window.
    emit(make(AlarmKind::kGasPowerCutFailed, p, Finding::Edge::kClear, deadline));
  }
}

}  // namespace mw::rules
