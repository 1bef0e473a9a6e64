// sensor.threshold_misconfigured, sensor.fault, sensor.flatline and
// sensor.calibration_suspicious (rules.md part B).

#include <algorithm>
#include <limits>

#include "rules/point_rules.hpp"
#include "rules/thresholds.hpp"

namespace mw::rules {
namespace {

std::string minutes(Seconds s) { return std::to_string(s.count() / 60); }

}  // namespace

void PointRules::judge_definition(Point& p, const EffectiveThresholds& e, Time def_time) {
  PointState& st = p.st;
  const bool bad = e.misconfigured();
  if (bad && !st.misconfigured) {
    Finding f = make(AlarmKind::kSensorThresholdMisconfigured, p, Finding::Edge::kRaise, def_time);
    f.severity = Severity::kOrange;
    f.message =
        "门限设置不符合规程: " + code(p) + " (" + std::string(location_class_name_zh(st.cls)) + ")";
    for (const ThresholdFinding& tf : e.findings) {
      if (tf.advisory) continue;
      f.message += "; " + tf.message;
      EvidenceItem ev;
      ev.subject = code(p);
      ev.time = def_time;
      if (tf.configured) ev.value = format_decimal(*tf.configured);
      ev.note = std::string(finding_kind_name(tf.kind));
      if (tf.kind != FindingKind::kNoPowerCutRelation) {
        ev.note += " " + std::string(threshold_name(tf.threshold));
      }
      if (tf.regulation) ev.note += ", 规程 " + format_decimal(*tf.regulation);
      ev.note += ", " + tf.source;
      f.evidence.push_back(std::move(ev));
    }
    emit(std::move(f));
  } else if (!bad && st.misconfigured) {
    Finding f = make(AlarmKind::kSensorThresholdMisconfigured, p, Finding::Edge::kClear, def_time);
    f.message = "门限设置已符合规程: " + code(p);
    emit(std::move(f));
  }
  st.misconfigured = bad;
}

void PointRules::on_fault_sample(Point& p, const Sample& s) {
  PointState& st = p.st;
  if (!is_faulty(s.status)) {
    if (st.fault_open) {
      Finding f = make(AlarmKind::kSensorFault, p, Finding::Edge::kClear, s.time);
      f.start = st.fault_start;
      f.message = "传感器故障恢复: " + code(p);
      f.evidence.push_back(sample_evidence(p, s, "首个正常样本"));
      emit(std::move(f));
    }
    st.fault_run = st.fault_open = false;
    return;
  }
  if (!st.fault_run) {
    st.fault_run = true;
    st.fault_start = s.time;
    st.fault_status = s.status;
    return;
  }
  const Seconds need = pack_.fault.min_duration.value;
  if (st.fault_open || s.time - st.fault_start < need) return;
  st.fault_open = true;
  Finding f = make(AlarmKind::kSensorFault, p, Finding::Edge::kRaise, s.time);
  f.start = st.fault_start;
  f.severity = Severity::kYellow;
  f.message = "传感器故障持续 " + minutes(s.time - st.fault_start) + " 分钟 (≥ " + minutes(need) +
              " 分钟): " + code(p) + " " + describe_status(st.fault_status);
  EvidenceItem first;
  first.subject = code(p);
  first.time = st.fault_start;
  first.note = "首个故障样本 status=" + describe_status(st.fault_status);
  f.evidence.push_back(std::move(first));
  f.evidence.push_back(sample_evidence(p, s, "故障仍在"));
  emit(std::move(f));
}

void PointRules::end_flatline(Point& p, Time t) {
  PointState& st = p.st;
  if (st.flat_open) {
    Finding f = make(AlarmKind::kSensorFlatline, p, Finding::Edge::kClear, t);
    f.start = st.flat_start;
    f.message = "测点读数恢复变化: " + code(p);
    emit(std::move(f));
  }
  st.flat_open = false;
  st.flat_count = 0;
}

void PointRules::on_flatline_sample(Point& p, const Sample& s, bool valid) {
  PointState& st = p.st;
  if (!valid) {
    end_flatline(p, s.time);  // a fault or calibration is not a reading: the run ends
    return;
  }
  const bool same =
      st.flat_count > 0 && st.last_value.set && s.value.same_value(st.last_value.get());
  if (!same) {
    end_flatline(p, s.time);
    st.flat_count = 1;
    st.flat_start = s.time;
    st.flat_judged = false;
    return;
  }
  if (st.flat_count < std::numeric_limits<std::uint32_t>::max()) ++st.flat_count;
  const FlatlineRule& r = pack_.flatline;
  if (st.flat_judged || s.time - st.flat_start < r.min_duration.value ||
      static_cast<std::int64_t>(st.flat_count) < r.min_samples.value) {
    return;
  }
  // Judged once, when the run reaches its length: a mine nobody works in may well read flat.
  st.flat_judged = true;
  if (static_cast<std::int64_t>(people_) < r.min_people.value) return;
  st.flat_open = true;
  Finding f = make(AlarmKind::kSensorFlatline, p, Finding::Edge::kRaise, s.time);
  f.start = st.flat_start;
  f.severity = Severity::kOrange;
  f.peak = s.value.to_double();
  f.message = "传感器读数 " + format_decimal(s.value) + " 连续 " + minutes(s.time - st.flat_start) +
              " 分钟 (" + std::to_string(st.flat_count) + " 个样本) 不变, 井下 " +
              std::to_string(people_) + " 人: " + code(p) + " (" +
              std::string(location_class_name_zh(st.cls)) + ")";
  EvidenceItem first;
  first.subject = code(p);
  first.time = st.flat_start;
  first.value = format_decimal(s.value);
  first.note = "不变读数的首个样本";
  f.evidence.push_back(std::move(first));
  f.evidence.push_back(sample_evidence(p, s, "达到 " + minutes(r.min_duration.value) + " 分钟"));
  EvidenceItem people;
  people.subject = mine_.code;
  people.time = people_time_;
  people.value = std::to_string(people_);
  people.note = "井下人数 (最新 RYSS)";
  f.evidence.push_back(std::move(people));
  emit(std::move(f));
}

void PointRules::on_calibration_sample(Point& p, const Sample& s) {
  PointState& st = p.st;
  if (!is_calibrating(s.status)) {
    if (st.cal_active) end_calibration(p, s.time);
    return;
  }
  if (!st.cal_active) {
    st.cal_active = true;
    st.cal_start = s.time;
  }
  st.cal_last = s.time;
  judge_calibration(p, s.time, false);
}

void PointRules::end_calibration(Point& p, Time end) {
  PointState& st = p.st;
  judge_calibration(p, end, true);
  if (st.cal_open) {
    Finding f = make(AlarmKind::kSensorCalibrationSuspicious, p, Finding::Edge::kClear, end);
    f.start = st.cal_start;
    f.message = "标校结束: " + code(p);
    emit(std::move(f));
    st.cal_open = false;
  }
  std::move_backward(st.cal_past.begin(), st.cal_past.end() - 1, st.cal_past.end());
  st.cal_past[0] = CalibrationEpisode{st.cal_start, end};
  if (st.cal_history < kCalibrationHistory) ++st.cal_history;
  st.cal_active = false;
}

void PointRules::judge_calibration(Point& p, Time now, bool at_end) {
  PointState& st = p.st;
  if (st.cal_open) return;
  const CalibrationRule& r = pack_.calibration;
  const Time window_start = now - r.window.value;
  // Calibrated time runs from the first flagged sample to the first unflagged one (or, while
  // it lasts, to the latest flagged one).
  const Seconds current = (at_end ? now : Time(st.cal_last)) - st.cal_start;
  Seconds total = current;
  std::int64_t episodes = 1;
  for (std::uint8_t i = 0; i < st.cal_history; ++i) {
    const CalibrationEpisode& e = st.cal_past[i];
    if (e.end <= window_start) break;  // newest first: the rest are older still
    ++episodes;
    total += e.end - std::max(Time(e.start), window_start);
  }
  const std::int64_t max_episodes =
      std::min<std::int64_t>(r.max_episodes.value, static_cast<std::int64_t>(kCalibrationHistory));
  const bool too_many = episodes > max_episodes;
  const bool too_long = total > r.max_time.value;
  if (!too_many && !too_long) return;
  st.cal_open = true;
  Finding f = make(AlarmKind::kSensorCalibrationSuspicious, p, Finding::Edge::kRaise, now);
  f.start = st.cal_start;
  f.severity = Severity::kOrange;
  const std::string hours = std::to_string(r.window.value.count() / 3600);
  f.message = too_many ? hours + " 小时内第 " + std::to_string(episodes) + " 次标校 (> " +
                             std::to_string(max_episodes) + " 次): " + code(p)
                       : hours + " 小时内标校累计 " + minutes(total) + " 分钟 (> " +
                             minutes(r.max_time.value) + " 分钟): " + code(p);
  EvidenceItem cur;
  cur.subject = code(p);
  cur.time = st.cal_start;
  cur.value = minutes(current);
  cur.note = "本次标校开始, 已 " + minutes(current) + " 分钟";
  f.evidence.push_back(std::move(cur));
  for (std::uint8_t i = 0; i < st.cal_history; ++i) {
    const CalibrationEpisode& e = st.cal_past[i];
    if (e.end <= window_start) break;
    EvidenceItem ev;
    ev.subject = code(p);
    ev.time = e.start;
    ev.value = minutes(e.end - e.start);
    ev.note = "此前标校 (分钟)";
    f.evidence.push_back(std::move(ev));
  }
  emit(std::move(f));
}

}  // namespace mw::rules
