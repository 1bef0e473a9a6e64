#include "sim/incidents.hpp"

#include <array>
#include <cmath>

#include "sim/rng.hpp"

namespace mw::sim {

std::string_view incident_kind_name(IncidentKind k) noexcept {
  switch (k) {
    case IncidentKind::kMethaneExcursion: return "methane_excursion";
    case IncidentKind::kPowerCutFailed: return "power_cut_failed";
    case IncidentKind::kCoSpike: return "co_spike";
    case IncidentKind::kNearMissMethane: return "near_miss_methane";
    case IncidentKind::kNearMissCo: return "near_miss_co";
    case IncidentKind::kSensorFault: return "sensor_fault";
    case IncidentKind::kNearMissFault: return "near_miss_fault";
    case IncidentKind::kUploadGap: return "upload_gap";
    case IncidentKind::kSos: return "sos";
    case IncidentKind::kFlatline: return "flatline";
    case IncidentKind::kCalibration: return "calibration";
    case IncidentKind::kNearMissCalibration: return "near_miss_calibration";
  }
  return "unknown";
}

double Incident::level(Time t) const noexcept {
  if (!window.contains(t)) return 0.0;
  const double len = static_cast<double>((window.end - window.start).count());
  const double x = static_cast<double>((t - window.start).count()) / len;
  const double shape = x < 0.25 ? x / 0.25 : x > 0.75 ? (1.0 - x) / 0.25 : 1.0;
  return peak * shape;
}

namespace {

// One incident per point in any 2 hours, so episodes never merge (flapping, rules.md B);
// an upload gap keeps 2 hours from everything, as nothing it hides could be found.
bool clashes(const std::vector<Incident>& planned, const Incident& inc) {
  for (const Incident& o : planned) {
    const bool near = o.window.start < inc.window.end + Seconds{7200} &&
                      inc.window.start < o.window.end + Seconds{7200};
    const bool gap = o.kind == IncidentKind::kUploadGap || inc.kind == IncidentKind::kUploadGap;
    if (near && (o.point == inc.point || gap)) return true;
  }
  return false;
}

std::int64_t draw_count(Rng& rng, double mean) {
  auto count = static_cast<std::int64_t>(std::floor(mean));
  if (rng.bernoulli(mean - std::floor(mean))) ++count;
  return count;
}

// Flat-lines and calibrations (stream 11 of the mine): the sensor-quality incidents of
// rules.md sensor.flatline and sensor.calibration_suspicious, and a calibration near-miss.
void plan_sensor_quality(const MineLayout& layout, std::uint64_t seed, std::uint64_t mine_index,
                         Time from, Time to, double days, double rate, std::vector<Incident>& out) {
  // Flat-lines on the returns (T2), which no other incident touches, so their long windows
  // fit; calibrations on any workplace methane sensor.
  std::vector<int> returns, methane;
  for (std::size_t i = 0; i < layout.points.size(); ++i) {
    const SimPoint& p = layout.points[i];
    if (p.role != PointRole::kMethane || p.workplace < 0) continue;
    methane.push_back(static_cast<int>(i));
    if (p.methane_class == MethaneClass::kCoalFaceReturn ||
        p.methane_class == MethaneClass::kHeadingReturn) {
      returns.push_back(static_cast<int>(i));
    }
  }
  if (returns.empty()) return;
  Rng rng(mix_seed(seed, mine_index, 11));
  const std::array<double, 3> weights{2, 2, 1};
  const std::int64_t count = draw_count(rng, rate * days * 5 / 12);
  for (std::int64_t k = 0; k < count; ++k) {
    const auto kind = static_cast<IncidentKind>(static_cast<std::size_t>(IncidentKind::kFlatline) +
                                                rng.weighted(weights));
    const std::vector<int>& pool = kind == IncidentKind::kFlatline ? returns : methane;
    const int point = pool[static_cast<std::size_t>(
        rng.uniform_int(0, static_cast<std::int64_t>(pool.size()) - 1))];
    const bool longer = rng.bernoulli(0.5);
    // How long each piece lasts, how many pieces, and the pause between them (minutes).
    double each = 0, pause = 0;
    int pieces = 1;
    switch (kind) {
      case IncidentKind::kFlatline: each = rng.uniform(270, 360); break;
      case IncidentKind::kCalibration:
        // A vendor's batch "calibration" masking readings (rules.md A7), or too many.
        each = longer ? rng.uniform(70, 110) : rng.uniform(5, 8);
        pieces = longer ? 1 : 3;
        pause = rng.uniform(25, 60);
        break;
      default:
        each = rng.uniform(15, 25);
        pieces = 2;
        pause = rng.uniform(40, 120);
        break;
    }
    const double total = pieces * each + (pieces - 1) * pause;
    const double span = static_cast<double>((to - from).count()) - total * 60;
    if (span <= 0) continue;
    const Time at = from + Seconds{static_cast<std::int64_t>(rng.uniform(0, span))};
    std::vector<Incident> group;
    for (int p = 0; p < pieces; ++p) {
      Incident inc;
      inc.kind = kind;
      inc.point = point;
      inc.piece = p;
      const auto begin = static_cast<std::int64_t>(p * (each + pause) * 60);
      inc.window = {at + Seconds{begin},
                    at + Seconds{begin + static_cast<std::int64_t>(each * 60)}};
      group.push_back(inc);
    }
    // The pieces of one group keep 2 hours from every other incident, not from each other.
    bool clash = false;
    for (const Incident& inc : group) clash |= clashes(out, inc);
    if (!clash) out.insert(out.end(), group.begin(), group.end());
  }
}

}  // namespace

std::vector<Incident> plan_incidents(const Mine& mine, const MineLayout& layout, std::uint64_t seed,
                                     std::uint64_t mine_index, Time start, Time end, double rate) {
  std::vector<Incident> out;
  if (rate <= 0 || mine.status != MineStatus::kProducing) return out;
  std::vector<int> methane, co;
  for (std::size_t i = 0; i < layout.points.size(); ++i) {
    const SimPoint& p = layout.points[i];
    if (p.role == PointRole::kCo) co.push_back(static_cast<int>(i));
    // Workplace sensors that cut power: where accumulations happen and interlocks matter.
    if (p.role == PointRole::kMethane && p.workplace >= 0 &&
        (p.methane_class == MethaneClass::kCoalFaceCorner ||
         p.methane_class == MethaneClass::kCoalFace || p.methane_class == MethaneClass::kHeading)) {
      methane.push_back(static_cast<int>(i));
    }
  }
  const Time from = start + Seconds{600}, to = end - Seconds{1800};
  if (to <= from || methane.empty()) return out;
  // Stream 6 of the mine.
  Rng rng(mix_seed(seed, mine_index, 6));
  const double days = static_cast<double>((end - start).count()) / 86400.0;
  const double mean = rate * days;
  auto count = static_cast<std::int64_t>(std::floor(mean));
  if (rng.bernoulli(mean - std::floor(mean))) ++count;
  const std::array<double, 9> weights{0.25, 0.08, 0.12, 0.15, 0.10, 0.10, 0.07, 0.08, 0.05};
  for (std::int64_t k = 0; k < count; ++k) {
    Incident inc;
    inc.kind = static_cast<IncidentKind>(rng.weighted(weights));
    const bool is_co = inc.kind == IncidentKind::kCoSpike || inc.kind == IncidentKind::kNearMissCo;
    const bool mine_wide = inc.kind == IncidentKind::kUploadGap || inc.kind == IncidentKind::kSos;
    const std::vector<int>& pool = is_co ? co : methane;
    if (pool.empty()) continue;
    inc.point = pool[static_cast<std::size_t>(
        rng.uniform_int(0, static_cast<std::int64_t>(pool.size()) - 1))];
    if (mine_wide) inc.point = -1;
    const double span = static_cast<double>((to - from).count());
    const Time at = from + Seconds{static_cast<std::int64_t>(rng.uniform(0, span))};
    double minutes = is_co ? rng.uniform(5, 20) : rng.uniform(4, 15);
    if (inc.kind == IncidentKind::kSensorFault) minutes = rng.uniform(12, 30);
    if (inc.kind == IncidentKind::kNearMissFault) minutes = 3;
    if (inc.kind == IncidentKind::kUploadGap) minutes = rng.uniform(8, 40);
    inc.window = {at, at + Seconds{static_cast<std::int64_t>(minutes * 60)}};
    switch (inc.kind) {
      case IncidentKind::kMethaneExcursion:
        // Half stay between alarm and cut, half pass the cut threshold (rules.md A1).
        inc.peak = rng.bernoulli(0.5) ? rng.uniform(1.08, 1.40) : rng.uniform(1.60, 2.20);
        break;
      case IncidentKind::kPowerCutFailed: inc.peak = rng.uniform(1.65, 2.20); break;
      case IncidentKind::kCoSpike: inc.peak = rng.uniform(28, 45); break;
      case IncidentKind::kNearMissMethane: inc.peak = rng.uniform(0.93, 0.95); break;
      case IncidentKind::kNearMissCo: inc.peak = rng.uniform(19, 20); break;
      default: break;
    }
    if (!clashes(out, inc)) out.push_back(inc);
  }
  plan_sensor_quality(layout, seed, mine_index, from, to, days, rate, out);
  return out;
}

}  // namespace mw::sim
