#include "sim/physics.hpp"

#include <algorithm>
#include <cmath>

#include "sim/schedule.hpp"

namespace mw::sim {
namespace {

constexpr std::int64_t kDaySeconds = 86400;

// Methane of a workplace's T1, % CH4 (illustrative values that keep a compliant mine well
// under the 1.0 % alarm: the incidents of a later stage push past it on purpose).
struct GasProfile {
  double base;        // with nothing cutting
  double production;  // added at full cutting intensity
};
GasProfile gas_profile(GasGrade g) noexcept {
  switch (g) {
    case GasGrade::kLow: return {0.08, 0.08};
    case GasGrade::kHigh: return {0.20, 0.16};
    case GasGrade::kOutburst: return {0.26, 0.20};
  }
  return {0.08, 0.08};
}

// Smoothly bends values above `knee` so they approach knee + span but never pass it.
double soft_cap(double x, double knee, double span) noexcept {
  if (x <= knee) return x;
  const double over = x - knee;
  return knee + span * over / (over + span);
}

// First-order lag without transcendental functions: exact for dt ≪ tau, stable for any dt.
double lag(double state, double target, double dt, double tau) noexcept {
  return state + (target - state) * dt / (tau + dt);
}

// Barometric/diurnal rhythm: a triangle wave, +1 at 04:00 local, −1 at 16:00.
double diurnal(Time t) noexcept {
  const std::int64_t local = (t.time_since_epoch().count() + kChinaOffset.count()) % kDaySeconds;
  double x = static_cast<double>(local) / kDaySeconds - 4.0 / 24.0;
  if (x < 0) x += 1.0;
  return 4.0 * std::abs(x - 0.5) - 1.0;
}

Decimal round_to(double v, std::uint8_t scale) noexcept {
  return decimal_from_double(v < 0 ? 0.0 : v, scale);
}

Window window_at(Time start, double seconds) {
  return {start, start + Seconds{static_cast<std::int64_t>(seconds)}};
}

}  // namespace

int shift_index_at(const Mine& mine, Time t) noexcept {
  const std::int64_t local = (t.time_since_epoch().count() + kChinaOffset.count());
  const std::int64_t minute = ((local % kDaySeconds) + kDaySeconds) % kDaySeconds / 60;
  int s = static_cast<int>(mine.shifts.size()) - 1;
  for (std::size_t i = 0; i < mine.shifts.size(); ++i) {
    if (mine.shifts[i] <= minute) s = static_cast<int>(i);
  }
  return s;
}

bool is_production_shift(const Mine& mine, int shift) noexcept {
  return mine.shifts.size() < 2 || shift != 1;
}

Physics::Physics(const Mine& mine, const MineLayout& layout, std::uint64_t seed,
                 std::uint64_t mine_index)
    : mine_(mine),
      layout_(layout),
      seed_(seed),
      mine_index_(mine_index),
      noise_(mix_seed(seed, mine_index, 4)) {
  const std::size_t n = layout.points.size();
  readings_.resize(n);
  state_.assign(n, 0.0);
  aux_.assign(n, 0.0);
  drift_.assign(layout.workplaces.size(), 0.0);
  t1_.assign(layout.workplaces.size(), 0.0);
  district_sum_.assign(static_cast<std::size_t>(std::max(layout.districts, 1)), 0.0);
  district_n_.assign(district_sum_.size(), 0);
  incidents_.resize(n);
  cutting_.assign(n, 0);
  frozen_.resize(n);
  cuts_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (const Relation& r : layout.points[i].def.relations) {
      if (r.kind != RelationKind::kPowerCut) continue;
      cuts_[i].emplace_back(layout.find_point(r.point), layout.find_point(r.target_point));
    }
  }
  // Per-sensor set points drawn once (stream 5): wind, temperature, CO background, counter.
  Rng init(mix_seed(seed, mine_index, 5));
  for (std::size_t i = 0; i < n; ++i) {
    const SimPoint& p = layout.points[i];
    switch (p.role) {
      case PointRole::kWind:
        state_[i] = p.workplace < 0 ? init.uniform(4.5, 6.5)
                    : layout.workplaces[static_cast<std::size_t>(p.workplace)].kind ==
                            Workplace::Kind::kFace
                        ? init.uniform(1.2, 2.5)
                        : init.uniform(0.6, 1.2);
        break;
      case PointRole::kTemperature: state_[i] = init.uniform(22.0, 26.0); break;
      case PointRole::kCo: state_[i] = init.uniform(1.0, 3.0); break;
      case PointRole::kOutput: aux_[i] = std::floor(init.uniform(1000, 90000)); break;
      default: break;
    }
  }
}

void Physics::set_incidents(const std::vector<Incident>& incidents) {
  for (auto& list : incidents_) list.clear();
  for (const Incident& inc : incidents) {
    if (inc.point >= 0) incidents_[static_cast<std::size_t>(inc.point)].push_back(inc);
  }
}

double Physics::incident_level(std::size_t point, Time t, bool& fail_cut) const noexcept {
  double level = 0;
  for (const Incident& inc : incidents_[point]) {
    const double l = inc.level(t);
    if (l > 0 && inc.kind == IncidentKind::kPowerCutFailed) fail_cut = true;
    level = std::max(level, l);
  }
  return level;
}

const Incident* Physics::incident_of(std::size_t point, Time t, IncidentKind kind) const noexcept {
  for (const Incident& inc : incidents_[point]) {
    if (inc.kind == kind && inc.window.contains(t)) return &inc;
  }
  return nullptr;
}

bool Physics::faulted(std::size_t point, Time t) const noexcept {
  for (const Incident& inc : incidents_[point]) {
    if ((inc.kind == IncidentKind::kSensorFault || inc.kind == IncidentKind::kNearMissFault) &&
        inc.window.contains(t)) {
      return true;
    }
  }
  return false;
}

bool Physics::in_any(const std::vector<Window>& ws, Time t) noexcept {
  for (const Window& w : ws) {
    if (w.contains(t)) return true;
  }
  return false;
}

Physics::DayEvents Physics::make_events(std::int64_t day) const {
  // Stream 3 of the mine, one sub-stream per local day; every draw happens in a fixed order.
  Rng rng(mix_seed(seed_, mine_index_, 3, static_cast<std::uint64_t>(day)));
  DayEvents ev;
  ev.day = day;
  const Time midnight = china_midnight(day);
  const std::size_t n = layout_.points.size();
  ev.calibrations.resize(n);
  ev.point_faults.resize(n);
  const int maint_start = mine_.shifts.size() > 1 ? mine_.shifts[1] : 8 * 60;
  for (std::size_t i = 0; i < n; ++i) {
    const SimPoint& p = layout_.points[i];
    // About every 10 days per catalytic sensor (AQ 1029-2019: at least every 15), in the
    // maintenance shift, 4–8 minutes with the 2 % standard gas.
    const bool calibrate = rng.bernoulli(0.1);
    const double at = rng.uniform(3600, 4 * 3600), len = rng.uniform(240, 480);
    if (calibrate && p.role == PointRole::kMethane) {
      ev.calibrations[i].push_back(window_at(
          midnight + Seconds{maint_start * 60} + Seconds{static_cast<std::int64_t>(at)}, len));
    }
    // A sensor fault blip (bit 128) of 10–40 s on ~5 % of sensor-days.
    const bool fault = rng.bernoulli(0.05);
    const double fat = rng.uniform(0, kDaySeconds - 60), flen = rng.uniform(10, 40);
    if (fault && p.def.value_kind != ValueKind::kSwitch) {
      ev.point_faults[i].push_back(
          window_at(midnight + Seconds{static_cast<std::int64_t>(fat)}, flen));
    }
  }
  ev.outstation_faults.resize(layout_.outstations.size());
  for (auto& list : ev.outstation_faults) {
    // 0–2 communication flickers of 15–90 s per outstation and day.
    const double u = rng.uniform();
    const int count = u < 0.5 ? 0 : u < 0.85 ? 1 : 2;
    for (int k = 0; k < count; ++k) {
      const double at = rng.uniform(0, kDaySeconds - 120), len = rng.uniform(15, 90);
      list.push_back(window_at(midnight + Seconds{static_cast<std::int64_t>(at)}, len));
    }
  }
  ev.stoppages.resize(layout_.workplaces.size());
  ev.diesel.resize(layout_.workplaces.size());
  for (std::size_t w = 0; w < layout_.workplaces.size(); ++w) {
    // Belt or support breakdowns: 0–3 a day, 10–40 minutes without cutting.
    const auto stops = rng.uniform_int(0, 3);
    for (std::int64_t k = 0; k < stops; ++k) {
      const double at = rng.uniform(0, kDaySeconds - 2400), len = rng.uniform(600, 2400);
      ev.stoppages[w].push_back(window_at(midnight + Seconds{static_cast<std::int64_t>(at)}, len));
    }
    // Trackless diesel vehicles (无轨胶轮车) past the face return: 6–18 a day.
    const auto trips = rng.uniform_int(6, 18);
    for (std::int64_t k = 0; k < trips; ++k) {
      ev.diesel[w].push_back(midnight +
                             Seconds{static_cast<std::int64_t>(rng.uniform(0, kDaySeconds))});
    }
    std::sort(ev.diesel[w].begin(), ev.diesel[w].end());
  }
  return ev;
}

void Physics::ensure_day(std::int64_t day) {
  if (today_.day == day) return;
  yesterday_ = today_.day == day - 1 ? std::move(today_) : make_events(day - 1);
  today_ = make_events(day);
}

bool Physics::outstation_down(int outstation, Time t) const noexcept {
  for (const DayEvents* ev : {&today_, &yesterday_}) {
    if (ev->day != INT64_MIN &&
        static_cast<std::size_t>(outstation) < ev->outstation_faults.size() &&
        in_any(ev->outstation_faults[static_cast<std::size_t>(outstation)], t)) {
      return true;
    }
  }
  return false;
}

std::vector<Window> Physics::calibrations_of(int point, Time t) {
  ensure_day(china_day(t));
  return today_.calibrations[static_cast<std::size_t>(point)];
}

double Physics::intensity(int workplace, Time t) {
  if (mine_.status != MineStatus::kProducing) return 0.0;
  const int s = shift_index_at(mine_, t);
  if (!is_production_shift(mine_, s)) return 0.0;
  const std::int64_t day = china_day(t);
  const int start_min = mine_.shifts[static_cast<std::size_t>(s)];
  const int end_min = static_cast<std::size_t>(s) + 1 < mine_.shifts.size()
                          ? mine_.shifts[static_cast<std::size_t>(s) + 1]
                          : 24 * 60;
  Time start = china_midnight(day) + Seconds{start_min * 60};
  if (start > t) start -= Seconds{kDaySeconds};
  const double phase = static_cast<double>((t - start).count());
  const double len = (end_min - start_min) * 60.0;
  // No cutting while the crew travels in and hands over, or in the last 20 minutes.
  if (phase < 50 * 60 || phase > len - 20 * 60) return 0.0;
  const auto w = static_cast<std::size_t>(workplace);
  ensure_day(day);
  if (in_any(today_.stoppages[w], t) || in_any(yesterday_.stoppages[w], t)) return 0.0;
  if (layout_.workplaces[w].kind == Workplace::Kind::kFace) {
    // A shearer pass along the face every ~80 minutes: gas peaks mid-pass.
    const double x = std::fmod(phase, 4800.0) / 4800.0;
    return 0.35 + 0.65 * (1.0 - std::abs(2.0 * x - 1.0));
  }
  // A heading alternates cutting (35 min) and bolting (35 min).
  return std::fmod(phase, 4200.0) < 2100.0 ? 1.0 : 0.25;
}

void Physics::step(Time t) {
  const double dt = started_ ? static_cast<double>((t - now_).count()) : 0.0;
  now_ = t;
  started_ = true;
  const std::int64_t day = china_day(t);
  const GasProfile gas = gas_profile(mine_.gas_grade);
  const bool closed = mine_.status == MineStatus::kClosed;
  const double rhythm = diurnal(t);
  ensure_day(day);

  // Workplace T1 values: base + production + slow drift + the diurnal rhythm.
  for (std::size_t w = 0; w < layout_.workplaces.size(); ++w) {
    constexpr double kDriftTau = 7200, kDriftSd = 0.02;
    drift_[w] = drift_[w] * kDriftTau / (kDriftTau + dt) +
                kDriftSd * std::sqrt(2.0 * dt / kDriftTau) * noise_.normal();
    const double gf = layout_.workplaces[w].gas_factor;
    const double base = closed ? 0.02 : gas.base * gf;
    const double v =
        base + gas.production * gf * intensity(static_cast<int>(w), t) + drift_[w] + 0.015 * rhythm;
    t1_[w] = soft_cap(std::max(v, 0.01), 0.6, 0.2);
  }
  std::fill(district_sum_.begin(), district_sum_.end(), 0.0);
  std::fill(district_n_.begin(), district_n_.end(), 0);
  double all_sum = 0;
  for (std::size_t w = 0; w < layout_.workplaces.size(); ++w) {
    const auto d = static_cast<std::size_t>(layout_.workplaces[w].district);
    district_sum_[d] += t1_[w];
    ++district_n_[d];
    all_sum += t1_[w];
  }
  const double all_avg =
      layout_.workplaces.empty() ? 0.02 : all_sum / static_cast<double>(layout_.workplaces.size());

  ensure_day(day);
  const DayEvents& prev = yesterday_;
  const DayEvents& cur = today_;
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const SimPoint& p = layout_.points[i];
    Reading& r = readings_[i];
    const double t1 = p.workplace >= 0 ? t1_[static_cast<std::size_t>(p.workplace)] : 0.0;
    double shown = 0;
    switch (p.role) {
      case PointRole::kMethane: {
        double target = t1, tau = 1;
        switch (*p.methane_class) {
          case MethaneClass::kCoalFace:
          case MethaneClass::kHeading: break;
          case MethaneClass::kCoalFaceCorner: target = 1.15 * t1 + 0.02, tau = 120; break;
          case MethaneClass::kCoalFaceReturn: target = 0.85 * t1, tau = 300; break;
          case MethaneClass::kCoalFaceIntake: target = 0.03 + 0.05 * t1, tau = 60; break;
          case MethaneClass::kHeadingReturn: target = 0.8 * t1, tau = 180; break;
          case MethaneClass::kDistrictReturn: {
            const auto d = static_cast<std::size_t>(p.district < 0 ? 0 : p.district);
            target = 0.7 * (district_n_[d] ? district_sum_[d] / district_n_[d] : 0.02);
            tau = 600;
            break;
          }
          case MethaneClass::kMainReturn: target = 0.5 * all_avg, tau = 900; break;
        }
        state_[i] = dt == 0 ? target : lag(state_[i], target, dt, tau);
        bool fail = false;
        shown = std::max(state_[i], incident_level(i, t, fail)) + 0.006 * noise_.normal();
        break;
      }
      case PointRole::kCo: {
        // Each diesel pass adds a bump of 4–10 ppm that fades over ~10 minutes.
        double bump = 0;
        for (const DayEvents* e : {&prev, &cur}) {
          for (std::size_t w = 0; w < e->diesel.size(); ++w) {
            if (p.workplace >= 0 && static_cast<int>(w) != p.workplace) continue;
            for (Time pass : e->diesel[w]) {
              if (pass > t || t - pass > Seconds{3600}) continue;
              const double x = static_cast<double>((t - pass).count()) / 300.0;
              const double peak =
                  4.0 + 6.0 * static_cast<double>(pass.time_since_epoch().count() % 7) / 6.0;
              bump += (p.workplace >= 0 ? 1.0 : 0.4) * peak / (1.0 + x * x);
            }
          }
        }
        // Stays under the 24 ppm limit (rules.md A2) whatever the traffic.
        bool unused = false;
        shown = std::max(soft_cap(state_[i] + bump, 12.0, 6.0), incident_level(i, t, unused)) +
                0.3 * noise_.normal();
        break;
      }
      case PointRole::kWind:
        shown = state_[i] * (1.0 + 0.02 * noise_.normal());
        if (closed) shown = 0.1 * state_[i];
        break;
      case PointRole::kTemperature: {
        const double w = p.workplace >= 0 ? intensity(p.workplace, t) : 0.0;
        const double target = state_[i] + 0.6 * w + 0.3 * rhythm;
        aux_[i] = dt == 0 ? target : lag(aux_[i], target, dt, 1800);
        shown = aux_[i] + 0.04 * noise_.normal();
        break;
      }
      case PointRole::kLocalFan:
      case PointRole::kMainFan:
        shown = closed || p.def.location.find("备用") != std::string::npos ? 0 : 1;
        break;
      case PointRole::kDuct:
      case PointRole::kBreaker:
      case PointRole::kFeed: shown = closed ? 0 : 1; break;
      case PointRole::kOutput: {
        double rate = 0;  // t/s: 150–350 t/h per face at full cutting
        for (std::size_t w = 0; w < layout_.workplaces.size(); ++w) {
          if (layout_.workplaces[w].kind != Workplace::Kind::kFace) continue;
          rate += (250.0 / 3600.0) * layout_.workplaces[w].gas_factor *
                  intensity(static_cast<int>(w), t);
        }
        aux_[i] += rate * dt;
        shown = aux_[i];
        break;
      }
    }
    std::uint16_t status = 0;
    Decimal value = round_to(shown, p.scale);
    const Incident* cal = incident_of(i, t, IncidentKind::kCalibration);
    if (cal == nullptr) cal = incident_of(i, t, IncidentKind::kNearMissCalibration);
    if (in_any(prev.calibrations[i], t) || in_any(cur.calibrations[i], t) || cal != nullptr) {
      // Standard gas of 2.00 % CH4 on the sensor head; the system labels it (bit 4). A
      // calibration longer than an hour is a cover (rules.md A7): the head sees mine air.
      const Window& w = cal != nullptr                   ? cal->window
                        : in_any(cur.calibrations[i], t) ? cur.calibrations[i].front()
                                                         : prev.calibrations[i].front();
      const double in = static_cast<double>((t - w.start).count());
      const double out = static_cast<double>((w.end - t).count());
      const double standard = w.end - w.start > Seconds{3600} ? 0.0 : 2.0 - state_[i];
      const double ramp = std::min({1.0, in / 60.0, out / 60.0});
      value = round_to(state_[i] + standard * ramp + 0.01 * noise_.normal(), p.scale);
      status = 4;
    } else if (in_any(prev.point_faults[i], t) || in_any(cur.point_faults[i], t) || faulted(i, t)) {
      value = r.value;  // the last good value, flagged
      status = 128;
    }
    if (incident_of(i, t, IncidentKind::kFlatline) != nullptr) {
      // A stuck sensor: its first reading of the incident, reported as normal from then on.
      if (!frozen_[i]) frozen_[i] = value;
      value = *frozen_[i];
      status = 0;
    } else {
      frozen_[i].reset();
    }
    const auto os = static_cast<std::size_t>(p.outstation);
    if (in_any(prev.outstation_faults[os], t) || in_any(cur.outstation_faults[os], t)) {
      // The station holds the last value; a point it has in calibration stays flagged so.
      value = r.value;
      status = static_cast<std::uint16_t>(16 | (status & 4));
    }
    r.value = value;
    r.status = status;
  }
  interlock(t);
}

void Physics::interlock(Time t) {
  // Methane/power interlock (rules.md A1): at the cut threshold the sensor's breakers open
  // and its feeds lose voltage until the value falls below the restore threshold. Alarm and
  // cut show in the sensor's status bits 1 and 2. Calibration gas does not trip it.
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const SimPoint& p = layout_.points[i];
    if (p.role != PointRole::kMethane) continue;
    Reading& r = readings_[i];
    if ((r.status & (4 | 128)) != 0) continue;
    const Thresholds& th = p.def.thresholds;
    const double v = r.value.to_double();
    if (th.high_alarm && v >= th.high_alarm->to_double()) r.status |= 1;
    if (th.high_cut && v >= th.high_cut->to_double()) cutting_[i] = 1;
    if (cutting_[i] && th.high_restore && v < th.high_restore->to_double()) cutting_[i] = 0;
    if (!cutting_[i]) continue;
    r.status |= 2;
    bool fail = false;
    (void)incident_level(i, t, fail);
    for (const auto& [breaker, feed] : cuts_[i]) {
      if (breaker >= 0) readings_[static_cast<std::size_t>(breaker)].value = Decimal{0, 0};
      // A failed cut: the breaker reports open, the load side keeps its voltage.
      if (feed >= 0 && !fail) readings_[static_cast<std::size_t>(feed)].value = Decimal{0, 0};
    }
  }
}

}  // namespace mw::sim
