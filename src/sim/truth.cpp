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

TruthWatcher::TruthWatcher(const Mine& mine, const MineLayout& layout)
    : mine_(mine), layout_(layout), episodes_(layout.points.size()) {}

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
  const bool methane = p.role == PointRole::kMethane;
  if (!methane && p.role != PointRole::kCo) return;
  if (is_calibrating(status)) return;
  if (methane && (status & kStatusSensorFault) != 0) return;
  const double v = value.to_double();
  const Thresholds& th = p.def.thresholds;
  const double alarm = methane ? (th.high_alarm ? th.high_alarm->to_double() : 1e9) : kCoLimit;
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
    const double red_at = methane ? (th.high_cut ? th.high_cut->to_double() : 1e9) : 2 * kCoLimit;
    if (v >= red_at) e.red = true;
    if (methane && th.high_cut && v >= th.high_cut->to_double() && !e.cut_seen) {
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
