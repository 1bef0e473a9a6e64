#include "sim/fabrication.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace mw::sim {
namespace {

using Minutes = std::chrono::minutes;
constexpr Minutes kLeg{6};        // one leg between stations, to the second
constexpr Minutes kRotation{60};  // the post's stations switch on this beat
constexpr Seconds kWindow{3600};  // detection judges 1-h windows aligned to the hour

// Stations from the shaft to a worker's post, and the post's stations to rotate between.
struct Route {
  std::vector<int> path;  // after the shaft, ending at the post's first station
  std::vector<int> post;  // the stations of the post area
};

Route route_of(const MineLayout& L, const Worker& w) {
  Route r;
  const std::vector<int> road = L.stations_of(L.main_road_area);
  r.path = {L.stations_of(L.pit_bottom_area).front(), road.front()};
  const bool crew = w.role == WorkerRole::kFaceCrew || w.role == WorkerRole::kHeadingCrew;
  const bool leader = w.role == WorkerRole::kLeader;
  if ((!crew && !leader) || L.workplaces.empty()) {
    r.post = road;
    return r;
  }
  const auto wp = static_cast<std::size_t>(crew && w.workplace >= 0 ? w.workplace : 0);
  if (L.workplaces[wp].kind == Workplace::Kind::kFace) r.path.push_back(road.back());
  r.path.push_back(L.stations_of(L.workplaces[wp].access_area).front());
  r.post = L.stations_of(L.workplaces[wp].key_area);
  r.path.push_back(r.post.front());
  return r;
}

Time shift_end(const Mine& mine, const Trip& t) {
  const auto next = static_cast<std::size_t>(t.shift) + 1;
  const Time midnight = china_midnight(china_day(t.shift_start));
  return next < mine.shifts.size() ? midnight + Minutes{mine.shifts[next]}
                                   : midnight + Minutes{24 * 60 + mine.shifts.front()};
}

}  // namespace

std::optional<Time> fabrication_start(const Mine& mine, std::uint64_t seed,
                                      std::uint64_t mine_index, Time start, double rate) {
  if (rate <= 0 || mine.status != MineStatus::kProducing) return std::nullopt;
  Rng rng(mix_seed(seed, mine_index, 9));
  if (!rng.bernoulli(std::min(0.25, rate / 24))) return std::nullopt;
  const std::int64_t s = start.time_since_epoch().count(), w = kWindow.count();
  return Time{Seconds{(s + w - 1) / w * w}};
}

std::vector<Trip> clockwork_trips(const Mine& mine, const MineLayout& L, const Roster& roster,
                                  const std::vector<Trip>& honest) {
  std::vector<Trip> out;
  if (L.stations.empty()) return out;
  const int shaft = L.stations_of(L.shaft_area).front();
  for (const Trip& h : honest) {
    const Route r = route_of(L, roster.workers[static_cast<std::size_t>(h.worker)]);
    Trip t;
    t.worker = h.worker;
    t.shift = h.shift;
    t.shift_start = h.shift_start;
    Time at = h.shift_start;
    t.hops.push_back({shaft, at});
    for (int s : r.path) t.hops.push_back({s, at += kLeg});
    const Time leave = shift_end(mine, t);
    std::size_t k = 0;
    for (Time beat = at + kRotation; beat < leave && r.post.size() > 1; beat += kRotation) {
      t.hops.push_back({r.post[++k % r.post.size()], beat});
    }
    at = leave;
    // Back the same way: to the post's first station if the rotation left it elsewhere.
    if (t.hops.back().station != r.path.back()) t.hops.push_back({r.path.back(), at += kLeg});
    for (auto it = r.path.rbegin() + 1; it != r.path.rend(); ++it) {
      t.hops.push_back({*it, at += kLeg});
    }
    t.hops.push_back({shaft, at += kLeg});
    t.entry = t.hops.front().arrive;
    t.exit = t.hops.back().arrive;
    out.push_back(std::move(t));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Trip& a, const Trip& b) { return a.entry < b.entry; });
  return out;
}

Fabricator::Fabricator(const Mine& mine, const MineLayout& layout, std::uint64_t seed,
                       std::uint64_t mine_index)
    : layout_(layout), rng_(mix_seed(seed, mine_index, 9, 1)) {
  (void)mine;
  Rng init(mix_seed(seed, mine_index, 9, 2));
  bands_.resize(layout.points.size());
  out_.resize(layout.points.size());
  counter_ = std::floor(init.uniform(1000, 90000));
  rate_ = init.uniform(120, 200) / 3600.0;
  for (std::size_t i = 0; i < layout.points.size(); ++i) {
    const SimPoint& p = layout.points[i];
    double centre = 0, half = 0;
    switch (p.role) {
      case PointRole::kMethane: {
        // Plausible levels by place, wide enough for ≥ 10 distinct values at 0.01 %.
        centre = init.uniform(0.14, 0.30);
        if (p.methane_class == MethaneClass::kCoalFaceIntake) centre = init.uniform(0.06, 0.08);
        if (p.methane_class == MethaneClass::kMainReturn) centre = init.uniform(0.08, 0.12);
        half = init.uniform(0.05, 0.08);
        break;
      }
      case PointRole::kCo:
        centre = init.uniform(5, 8);
        half = init.uniform(4.5, 6);
        break;
      case PointRole::kWind:
        centre = p.workplace < 0 ? init.uniform(4.5, 6.5) : init.uniform(1.2, 2.2);
        half = init.uniform(0.15, 0.3);
        break;
      case PointRole::kTemperature:
        centre = init.uniform(22.0, 26.0);
        half = init.uniform(0.6, 1.0);
        break;
      default: break;
    }
    bands_[i] = {std::max(0.0, centre - half), centre + half};
  }
}

const std::vector<Reading>& Fabricator::readings(Time t) {
  const double dt = last_ ? static_cast<double>((t - *last_).count()) : 0.0;
  last_ = t;
  counter_ += rate_ * dt;
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const SimPoint& p = layout_.points[i];
    double v = 0;
    switch (p.role) {
      case PointRole::kMethane:
      case PointRole::kCo:
      case PointRole::kWind:
      case PointRole::kTemperature: v = rng_.uniform(bands_[i].lo, bands_[i].hi); break;
      case PointRole::kLocalFan:
      case PointRole::kMainFan: v = p.def.location.find("备用") != std::string::npos ? 0 : 1; break;
      case PointRole::kDuct:
      case PointRole::kBreaker:
      case PointRole::kFeed: v = 1; break;
      case PointRole::kOutput: v = counter_; break;
    }
    out_[i] = Reading{decimal_from_double(v, p.scale), 0};
  }
  return out_;
}

}  // namespace mw::sim
