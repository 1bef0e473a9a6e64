#include "sim/sensor_truth.hpp"

#include <algorithm>

#include "model/sample.hpp"

namespace mw::sim {
namespace {

// rules.md sensor.flatline and sensor.calibration_suspicious (the defaults of rules/coal.toml).
constexpr Seconds kFlatRun{240 * 60};
constexpr std::uint32_t kFlatSamples = 20;
constexpr int kFlatPeople = 5;
constexpr Seconds kCalibrationWindow{24 * 3600};
constexpr Seconds kCalibrationTime{60 * 60};
constexpr std::size_t kCalibrationEpisodes = 2;
constexpr Seconds kGap{300};   // rules.md mine.upload_gap
constexpr Seconds kFlap{300};  // rules.md part B: re-opening within 5 minutes is one episode

}  // namespace

SensorTruth::SensorTruth(const Mine& mine, const MineLayout& layout)
    : mine_(mine),
      layout_(layout),
      flat_class_(layout.points.size(), 0),
      flats_(layout.points.size()),
      cals_(layout.points.size()) {
  for (std::size_t i = 0; i < layout.points.size(); ++i) {
    const SimPoint& p = layout.points[i];
    if (p.role != PointRole::kMethane || !p.methane_class) continue;
    switch (*p.methane_class) {
      case MethaneClass::kCoalFaceCorner:
      case MethaneClass::kCoalFace:
      case MethaneClass::kCoalFaceReturn:
      case MethaneClass::kHeading:
      case MethaneClass::kHeadingReturn: flat_class_[i] = 1; break;
      default: break;
    }
  }
}

Alarm SensorTruth::make(AlarmKind kind, std::size_t point, Time start) const {
  const SimPoint& p = layout_.points[point];
  Alarm a;
  a.mine = mine_.code;
  a.kind = kind;
  a.subject = p.def.code;
  a.start = start;
  a.severity = Severity::kOrange;
  a.rule = "sim.truth";
  a.message =
      p.def.location + (kind == AlarmKind::kSensorFlatline ? " 读数长时间不变" : " 标校异常");
  return a;
}

void SensorTruth::upload_begins(Time t) {
  if (last_upload_ && t - *last_upload_ > kGap) {
    for (std::size_t i = 0; i < flats_.size(); ++i) {
      if (flats_[i].count > 0 && !flats_[i].open) flats_[i].count = 0;
      if (cals_[i].active) end_calibration(i, cals_[i].last);
    }
  }
  last_upload_ = t;
  upload_ = t;
}

void SensorTruth::end_flat(Flat& f, Time t) {
  if (f.open) f.closed = t;
  f.open = false;
  f.count = 0;
}

void SensorTruth::raise(AlarmKind kind, std::size_t point, Time start,
                        const std::optional<Time>& closed) {
  if (closed && start - *closed <= kFlap) return;  // the closed episode goes on
  done_.push_back(make(kind, point, start));
}

void SensorTruth::sample(std::size_t point, Decimal value, std::uint16_t status, Time t) {
  // Calibration episodes.
  Calibration& c = cals_[point];
  if (!is_calibrating(status)) {
    if (c.active) end_calibration(point, t);
  } else {
    if (!c.active) {
      c.active = true;
      c.start = t;
    }
    c.last = t;
    judge_calibration(point, t, false);
  }
  // Flat runs.
  if (flat_class_[point] == 0) return;
  Flat& f = flats_[point];
  const bool valid = !is_faulty(status) && !is_calibrating(status);
  const bool same = valid && f.count > 0 && f.last && value.same_value(*f.last);
  f.last = value;
  if (!valid) {
    end_flat(f, t);
    return;
  }
  if (!same) {
    end_flat(f, t);
    f.count = 1;
    f.start = t;
    f.judged = false;
    return;
  }
  ++f.count;
  if (f.judged || t - f.start < kFlatRun || f.count < kFlatSamples) return;
  f.judged = true;
  pending_.push_back({point, f.start, upload_});
}

void SensorTruth::snapshot(Time t, int underground) {
  resolve(t, false);
  people_ = underground;
}

void SensorTruth::resolve(Time up_to, bool all) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!all && it->upload > up_to) {
      ++it;
      continue;
    }
    Flat& f = flats_[it->point];
    if (people_ >= kFlatPeople) {
      raise(AlarmKind::kSensorFlatline, it->point, it->start, f.closed);
      // Detection raised it when the run reached 240 min; if the run still goes on, its end
      // will close the alarm.
      if (f.count > 0 && f.start == it->start) f.open = true;
    }
    it = pending_.erase(it);
  }
}

void SensorTruth::end_calibration(std::size_t point, Time end) {
  Calibration& c = cals_[point];
  judge_calibration(point, end, true);
  if (c.open) c.closed = end;
  c.open = false;
  std::move_backward(c.past.begin(), c.past.end() - 1, c.past.end());
  c.past[0] = Episode{c.start, end};
  c.history = std::min(c.history + 1, c.past.size());
  c.active = false;
}

void SensorTruth::judge_calibration(std::size_t point, Time now, bool at_end) {
  Calibration& c = cals_[point];
  if (c.open) return;
  const Time window_start = now - kCalibrationWindow;
  Seconds total = (at_end ? now : c.last) - c.start;
  std::size_t episodes = 1;
  for (std::size_t i = 0; i < c.history; ++i) {
    const Episode& e = c.past[i];
    if (e.end <= window_start) break;
    ++episodes;
    total += e.end - std::max(e.start, window_start);
  }
  if (episodes <= kCalibrationEpisodes && total <= kCalibrationTime) return;
  c.open = true;
  raise(AlarmKind::kSensorCalibrationSuspicious, point, c.start, c.closed);
}

std::vector<Alarm> SensorTruth::alarms() const {
  SensorTruth copy = *this;
  copy.resolve(Time{}, true);
  std::vector<Alarm> out = std::move(copy.done_);
  std::stable_sort(out.begin(), out.end(),
                   [](const Alarm& a, const Alarm& b) { return a.start < b.start; });
  return out;
}

}  // namespace mw::sim
