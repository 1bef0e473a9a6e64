#include "sim/truth.hpp"

#include <algorithm>

#include "model/sample.hpp"
#include "model/sensor_type.hpp"

namespace mw::sim {
namespace {

// rules.md part B: flapping within 5 minutes is one episode; the cut check looks 60 s ahead.
constexpr Seconds kFlap{300};
constexpr Seconds kCutWindow{60};
// rules.md A2: CO 24 ppm; red at twice the limit.
constexpr double kCoLimit = 24.0;

}  // namespace

namespace {

constexpr Seconds kFaultRun{600};  // rules.md sensor.fault: ≥ 10 min
constexpr Seconds kGap{300};       // rules.md mine.upload_gap: > 5 min without CDSS

double stricter(const std::optional<Decimal>& mine_value, bool regulated, Decimal regulation) {
  const double m = mine_value ? mine_value->to_double() : 1e9;
  return regulated ? std::min(m, regulation.to_double()) : m;
}

}  // namespace

TruthWatcher::TruthWatcher(const Mine& mine, const MineLayout& layout)
    : mine_(mine),
      layout_(layout),
      episodes_(layout.points.size()),
      faults_(layout.points.size()) {}

void TruthWatcher::definitions(Time t) {
  for (const SimPoint& p : layout_.points) {
    if (!p.methane_class) continue;
    const MethaneLimits lim = methane_limits(*p.methane_class);
    const Thresholds& th = p.def.thresholds;
    auto looser = [](const std::optional<Decimal>& v, Decimal reg) {
      return !v || v->compare(reg) > 0;
    };
    bool bad = looser(th.high_alarm, lim.alarm);
    if (lim.has_cut) {
      bad |= looser(th.high_cut, lim.cut) || looser(th.high_restore, lim.restore) ||
             p.def.power_cut_targets().empty();
    }
    if (!bad) continue;
    Alarm a;
    a.mine = mine_.code;
    a.kind = AlarmKind::kSensorThresholdMisconfigured;
    a.subject = p.def.code;
    a.start = t;
    a.severity = Severity::kOrange;
    a.rule = "sim.truth";
    a.message = p.def.location + " 门限或断电关系不符合规程";
    done_.push_back(std::move(a));
  }
}

void TruthWatcher::gap_alarm(Time last, Time next) {
  Alarm a;
  a.mine = mine_.code;
  a.kind = AlarmKind::kMineUploadGap;
  a.subject = mine_.code;
  a.start = last + kGap;
  a.severity = next - a.start > Seconds{3600} ? Severity::kOrange : Severity::kYellow;
  a.rule = "sim.truth";
  a.message = "数据上传中断";
  done_.push_back(std::move(a));
}

void TruthWatcher::cdss_uploaded(Time t) {
  if (last_upload_ && t - *last_upload_ > kGap) gap_alarm(*last_upload_, t);
  last_upload_ = t;
}

void TruthWatcher::run_ended(Time end) {
  if (last_upload_ && end - *last_upload_ > kGap) gap_alarm(*last_upload_, end);
  last_upload_ = end;
}

void TruthWatcher::sos(const std::string& card, Time start) {
  Alarm a;
  a.mine = mine_.code;
  a.kind = AlarmKind::kPersonnelSos;
  a.subject = card;
  a.start = start;
  a.severity = Severity::kRed;
  a.rule = "sim.truth";
  a.message = "人员求救";
  done_.push_back(std::move(a));
}

Alarm TruthWatcher::to_alarm(std::size_t point, const Episode& e) const {
  const SimPoint& p = layout_.points[point];
  Alarm a;
  a.mine = mine_.code;
  a.kind = p.role == PointRole::kCo ? AlarmKind::kGasCoAlarm : AlarmKind::kGasAlarm;
  a.subject = p.def.code;
  a.start = e.start;
  a.severity = e.red ? Severity::kRed : Severity::kOrange;
  a.peak = e.peak;
  a.rule = "sim.truth";
  a.message = p.def.location + (p.role == PointRole::kCo ? " 一氧化碳超限" : " 瓦斯超限");
  return a;
}

void TruthWatcher::sample(std::size_t point, Decimal value, std::uint16_t status, Time t) {
  const SimPoint& p = layout_.points[point];
  // Pending cut checks read the linked breakers and feeds.
  for (CutCheck& c : pending_) {
    for (std::size_t k = 0; k < c.linked.size(); ++k) {
      if (c.linked[k] == point && t >= c.t && t <= c.t + kCutWindow) {
        c.latest[k] = static_cast<int>(value.mantissa);
      }
    }
  }
  // sensor.fault: faulty samples without a break for 10 minutes.
  FaultRun& f = faults_[point];
  if ((status & (kStatusSensorFault | kStatusOutstationFault | kStatusOverRange)) != 0) {
    if (!f.on) f = FaultRun{true, false, t};
    if (!f.reported && t - f.start >= kFaultRun) {
      f.reported = true;
      Alarm a;
      a.mine = mine_.code;
      a.kind = AlarmKind::kSensorFault;
      a.subject = p.def.code;
      a.start = f.start;
      a.severity = Severity::kYellow;
      a.rule = "sim.truth";
      a.message = p.def.location + " 传感器故障";
      done_.push_back(std::move(a));
    }
  } else {
    f.on = false;
  }
  const bool methane = p.role == PointRole::kMethane;
  if (!methane && p.role != PointRole::kCo) return;
  if (is_calibrating(status)) return;
  if (methane && (status & kStatusSensorFault) != 0) return;
  const double v = value.to_double();
  const Thresholds& th = p.def.thresholds;
  const MethaneLimits lim = p.methane_class ? methane_limits(*p.methane_class) : MethaneLimits{};
  const bool classed = p.methane_class.has_value();
  const double alarm = methane ? stricter(th.high_alarm, classed, lim.alarm) : kCoLimit;
  const double cut = stricter(th.high_cut, classed && lim.has_cut, lim.cut);
  Episode& e = episodes_[point];
  if (v >= alarm) {
    if (!e.open) {
      // Re-opening within 5 minutes continues the closed episode (flapping); later, the
      // closed one is final and a new one starts.
      if (!(e.any && t - e.closed <= kFlap)) {
        if (e.any) done_.push_back(to_alarm(point, e));
        e = Episode{};
        e.start = t;
        e.any = true;
      }
      e.open = true;
    }
    e.peak = std::max(e.peak, v);
    const double red_at = methane ? cut : 2 * kCoLimit;
    if (v >= red_at) e.red = true;
    if (methane && v >= cut && !e.cut_seen) {
      e.cut_seen = true;
      CutCheck c;
      c.sensor = point;
      c.t = t;
      for (const Relation& r : p.def.relations) {
        if (r.kind != RelationKind::kPowerCut) continue;
        for (const std::string& code : {r.point, r.target_point}) {
          const int i = layout_.find_point(code);
          if (i >= 0) c.linked.push_back(static_cast<std::size_t>(i));
        }
      }
      c.latest.assign(c.linked.size(), -1);
      pending_.push_back(std::move(c));
    }
  } else if (e.open) {
    e.open = false;
    e.closed = t;
  }
}

void TruthWatcher::poll_done(Time poll) {
  // Samples of later polls are all after t + 60 s: the check is decided.
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (poll - Seconds{2} <= it->t + kCutWindow) {
      ++it;
      continue;
    }
    if (std::find(it->latest.begin(), it->latest.end(), 1) != it->latest.end()) {
      const SimPoint& p = layout_.points[it->sensor];
      Alarm a;
      a.mine = mine_.code;
      a.kind = AlarmKind::kGasPowerCutFailed;
      a.subject = p.def.code;
      a.start = it->t;
      a.severity = Severity::kRed;
      a.rule = "sim.truth";
      a.message = p.def.location + " 瓦斯超限断电失效";
      done_.push_back(std::move(a));
    }
    it = pending_.erase(it);
  }
}

std::vector<Alarm> TruthWatcher::alarms() const {
  std::vector<Alarm> out = done_;
  for (std::size_t i = 0; i < episodes_.size(); ++i) {
    if (episodes_[i].any) out.push_back(to_alarm(i, episodes_[i]));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Alarm& a, const Alarm& b) { return a.start < b.start; });
  return out;
}

}  // namespace mw::sim
