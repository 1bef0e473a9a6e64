#include "sim/crew_incidents.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/rng.hpp"

namespace mw::sim {
namespace {

using Minutes = std::chrono::minutes;
constexpr Minutes kLeg{6};  // one leg between stations for the trips added here

// A trip from the shaft to `target` and back: down at `arrive − legs`, there from `arrive`
// until `leave`.
Trip walk_to(const MineLayout& L, int worker, int shift, Time shift_start,
             const std::vector<int>& path, Time arrive, Time leave) {
  Trip t;
  t.worker = worker;
  t.shift = shift;
  t.shift_start = shift_start;
  const auto legs = static_cast<int>(path.size());
  const int shaft = L.stations_of(L.shaft_area).front();
  Time at = arrive - kLeg * legs;
  t.hops.push_back({shaft, at});
  for (int s : path) t.hops.push_back({s, at += kLeg});
  at = leave;
  for (auto it = path.rbegin() + 1; it != path.rend(); ++it) t.hops.push_back({*it, at += kLeg});
  t.hops.push_back({shaft, at += kLeg});
  t.entry = t.hops.front().arrive;
  t.exit = t.hops.back().arrive;
  return t;
}

std::vector<int> path_to_key(const MineLayout& L, std::size_t w) {
  std::vector<int> p{L.stations_of(L.pit_bottom_area).front(),
                     L.stations_of(L.main_road_area).front()};
  if (L.workplaces[w].kind == Workplace::Kind::kFace)
    p.push_back(L.stations_of(L.main_road_area).back());
  p.push_back(L.stations_of(L.workplaces[w].access_area).front());
  p.push_back(L.stations_of(L.workplaces[w].key_area).front());
  return p;
}

bool busy(const std::vector<Trip>& trips, int worker, Time from, Time to) {
  for (const Trip& t : trips) {
    if (t.worker == worker && t.entry < to && from < t.exit) return true;
  }
  return false;
}

// Most people in area `area` at once during [from, to), over a 30-s grid.
int peak_in_area(const MineLayout& L, const std::vector<Trip>& trips, int area, Time from,
                 Time to) {
  int peak = 0;
  for (Time t = from; t < to; t += Seconds{30}) {
    int n = 0;
    for (const Trip& trip : trips) {
      if (!trip.underground_at(t)) continue;
      const auto station = static_cast<std::size_t>(trip.hops[trip.hop_at(t)].station);
      n += L.station_area[station] == area;
    }
    peak = std::max(peak, n);
  }
  return peak;
}

// The near-miss of rules.md personnel.area_over_limit: off-duty crews fill one key area to
// exactly its approved headcount for 30–50 minutes mid-shift, never past it. Stream 10.
void fill_to_approved(const Mine& mine, const MineLayout& L, const Roster& roster,
                      std::uint64_t seed, std::uint64_t mine_index, std::int64_t day, double rate,
                      std::vector<Trip>& trips) {
  Rng rng(mix_seed(seed, mine_index, 10, static_cast<std::uint64_t>(day)));
  if (!rng.bernoulli(std::min(1.0, rate / 8)) || L.workplaces.empty()) return;
  const auto s = static_cast<std::size_t>(
      rng.uniform_int(0, static_cast<std::int64_t>(mine.shifts.size()) - 1));
  const auto w = static_cast<std::size_t>(
      rng.uniform_int(0, static_cast<std::int64_t>(L.workplaces.size()) - 1));
  const Time start = china_midnight(day) + Minutes{mine.shifts[s]};
  const Time arrive = start + Minutes{rng.uniform_int(180, 240)};
  const Time leave = arrive + Minutes{rng.uniform_int(30, 50)};
  const int area = L.workplaces[w].key_area;
  const auto approved = static_cast<int>(L.areas[static_cast<std::size_t>(area)].approved);
  // The added people stand in the area from `arrive` until their first leg out ends.
  int needed = approved - peak_in_area(L, trips, area, arrive, leave + kLeg);
  const std::vector<int> path = path_to_key(L, w);
  for (std::size_t x = 0; x < roster.workers.size() && needed > 0; ++x) {
    const WorkerRole role = roster.workers[x].role;
    if (role != WorkerRole::kFaceCrew && role != WorkerRole::kHeadingCrew) continue;
    if (busy(trips, static_cast<int>(x), arrive - Minutes{90}, leave + Minutes{90})) continue;
    trips.push_back(
        walk_to(L, static_cast<int>(x), static_cast<int>(s), start, path, arrive, leave));
    --needed;
  }
}

}  // namespace

void apply_crew_incidents(const Mine& mine, const MineLayout& L, const Roster& roster,
                          std::uint64_t seed, std::uint64_t mine_index, std::int64_t day,
                          double rate, std::vector<Trip>& trips) {
  if (rate <= 0 || mine.shifts.empty()) return;
  // Stream 7 of the mine, one sub-stream per day.
  Rng rng(mix_seed(seed, mine_index, 7, static_cast<std::uint64_t>(day)));
  const Time midnight = china_midnight(day);
  const int n = static_cast<int>(mine.shifts.size());
  auto shift_start = [&](int s) {
    return midnight + Minutes{mine.shifts[static_cast<std::size_t>(s)]};
  };

  if (mine.status == MineStatus::kClosed) {
    // rules.md A7: "77 people underground at night in a mine declared idle".
    if (!rng.bernoulli(std::min(1.0, rate / 4)) || L.workplaces.empty()) return;
    const Time arrive = midnight + Minutes{22 * 60 + rng.uniform_int(0, 60)};
    const Time leave = arrive + Minutes{rng.uniform_int(180, 300)};
    const std::vector<int> path = path_to_key(L, 0);
    for (std::size_t w = 0; w < roster.workers.size(); ++w) {
      trips.push_back(walk_to(L, static_cast<int>(w), n - 1, shift_start(n - 1), path,
                              arrive + Seconds{rng.uniform_int(0, 300)}, leave));
    }
    return;
  }
  if (mine.status != MineStatus::kProducing) return;

  const double mean = rate / 2;
  auto count = static_cast<std::int64_t>(std::floor(mean));
  if (rng.bernoulli(mean - std::floor(mean))) ++count;
  const std::array<double, 4> weights{0.3, 0.25, 0.25, 0.2};
  for (std::int64_t k = 0; k < count; ++k) {
    const std::size_t kind = rng.weighted(weights);
    const int s = static_cast<int>(rng.uniform_int(0, n - 1));
    const Time start = shift_start(s);
    std::vector<std::size_t> crew_trips, leader_trips;
    for (std::size_t i = 0; i < trips.size(); ++i) {
      if (trips[i].shift != s || trips[i].shift_start != start) continue;
      const WorkerRole role = roster.workers[static_cast<std::size_t>(trips[i].worker)].role;
      if (role == WorkerRole::kFaceCrew || role == WorkerRole::kHeadingCrew)
        crew_trips.push_back(i);
      if (role == WorkerRole::kLeader) leader_trips.push_back(i);
    }
    if (crew_trips.empty()) continue;
    const std::size_t pick = crew_trips[static_cast<std::size_t>(
        rng.uniform_int(0, static_cast<std::int64_t>(crew_trips.size()) - 1))];
    switch (kind) {
      case 0: {  // over-staffing: off-duty crews sent into one key area mid-shift
        const Trip& on = trips[pick];
        const auto w =
            static_cast<std::size_t>(roster.workers[static_cast<std::size_t>(on.worker)].workplace);
        const int approved =
            static_cast<int>(L.areas[static_cast<std::size_t>(L.workplaces[w].key_area)].approved);
        int on_duty = 0;
        for (std::size_t i : crew_trips) {
          on_duty += roster.workers[static_cast<std::size_t>(trips[i].worker)].workplace ==
                     static_cast<int>(w);
        }
        const int needed = approved - on_duty + static_cast<int>(rng.uniform_int(1, 6));
        const Time arrive = start + Minutes{rng.uniform_int(180, 240)};
        const Time leave = arrive + Minutes{rng.uniform_int(30, 50)};
        const std::vector<int> path = path_to_key(L, w);
        int added = 0;
        for (std::size_t x = 0; x < roster.workers.size() && added < needed; ++x) {
          const WorkerRole role = roster.workers[x].role;
          if (role != WorkerRole::kFaceCrew && role != WorkerRole::kHeadingCrew) continue;
          if (busy(trips, static_cast<int>(x), arrive - Minutes{90}, leave + Minutes{90})) continue;
          trips.push_back(walk_to(L, static_cast<int>(x), s, start, path, arrive, leave));
          ++added;
        }
        break;
      }
      case 1: {  // overtime: one worker stays at the face 1.5–3 h longer
        Trip& t = trips[pick];
        const Seconds delta = Minutes{rng.uniform_int(90, 180)};
        const Time from = t.exit - Minutes{50};
        for (Hop& h : t.hops) {
          if (h.arrive >= from) h.arrive += delta;
        }
        t.exit = t.hops.back().arrive;
        break;
      }
      case 2: {  // into the restricted area (采空区密闭) for 10–20 minutes
        Trip& t = trips[pick];
        const Time at = start + Minutes{rng.uniform_int(120, 300)};
        const Time back = at + Minutes{rng.uniform_int(10, 20)};
        const std::size_t h = t.hop_at(at);
        if (h + 1 >= t.hops.size() || t.hops[h + 1].arrive <= back || t.hops[h].arrive >= at) break;
        const int restricted = L.stations_of(L.restricted_area).front();
        const Hop resume{t.hops[h].station, back};
        t.hops.insert(t.hops.begin() + static_cast<std::ptrdiff_t>(h) + 1,
                      {Hop{restricted, at}, resume});
        break;
      }
      default: {  // the shift's leader stays on the surface
        for (auto it = leader_trips.rbegin(); it != leader_trips.rend(); ++it) {
          trips.erase(trips.begin() + static_cast<std::ptrdiff_t>(*it));
        }
        break;
      }
    }
  }
  fill_to_approved(mine, L, roster, seed, mine_index, day, rate, trips);
}

}  // namespace mw::sim
