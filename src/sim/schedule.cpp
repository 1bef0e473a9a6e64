#include "sim/schedule.hpp"

#include <algorithm>

#include "sim/crew_incidents.hpp"
#include "sim/fabrication.hpp"
#include "sim/rng.hpp"

namespace mw::sim {
namespace {

constexpr std::int64_t kDay = 86400;
using Minutes = std::chrono::minutes;

Seconds minutes(Rng& rng, double lo, double hi) {
  return Seconds{static_cast<std::int64_t>(rng.uniform(lo * 60, hi * 60))};
}

// Routes one trip: walks hop by hop, each leg 3–8 minutes (walking and man-riding vehicles).
class Walker {
 public:
  Walker(Trip& trip, Rng& rng) : trip_(trip), rng_(rng) {}
  void at(int station, Time t) {
    trip_.hops.push_back({station, t});
    now_ = t;
  }
  void go(int station) { at(station, now_ + minutes(rng_, 3, 8)); }
  void go_all(const std::vector<int>& stations) {
    for (int s : stations) go(s);
  }
  void wait_until(Time t) { now_ = std::max(now_, t); }
  Time now() const { return now_; }

 private:
  Trip& trip_;
  Rng& rng_;
  Time now_{};
};

}  // namespace

std::size_t Trip::hop_at(Time t) const noexcept {
  std::size_t i = 0;
  while (i + 1 < hops.size() && hops[i + 1].arrive <= t) ++i;
  return i;
}

std::int64_t china_day(Time t) noexcept {
  const std::int64_t local = t.time_since_epoch().count() + kChinaOffset.count();
  return local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
}

Time china_midnight(std::int64_t day) noexcept {
  return Time{Seconds{day * kDay - kChinaOffset.count()}};
}

Schedule::Schedule(const Mine& mine, const MineLayout& layout, const Roster& roster,
                   std::uint64_t seed, std::uint64_t mine_index)
    : mine_(mine), layout_(layout), roster_(roster), seed_(seed), mine_index_(mine_index) {}

void Schedule::advance(Time from, Time to, Seconds keep) {
  const std::int64_t first = china_day(from) - 1, last = china_day(to) + 1;
  if (next_day_ == INT64_MIN || next_day_ < first) next_day_ = first;
  for (; next_day_ <= last; ++next_day_) {
    for (Trip& t : trips_of_day(next_day_)) trips_.push_back(std::move(t));
  }
  const Time horizon = from - keep;
  trips_.erase(
      std::remove_if(trips_.begin(), trips_.end(), [&](const Trip& t) { return t.exit < horizon; }),
      trips_.end());
}

std::vector<Trip> Schedule::trips_of_day(std::int64_t day) const {
  std::vector<Trip> out;
  if (mine_.shifts.empty()) return out;
  if (mine_.status == MineStatus::kClosed) {  // nobody, unless an incident sends a crew down
    apply_crew_incidents(mine_, layout_, roster_, seed_, mine_index_, day, incident_rate_, out);
    std::stable_sort(out.begin(), out.end(),
                     [](const Trip& a, const Trip& b) { return a.entry < b.entry; });
    return out;
  }
  // Stream 2 of the mine, one sub-stream per day.
  Rng rng(mix_seed(seed_, mine_index_, 2, static_cast<std::uint64_t>(day)));
  const MineLayout& L = layout_;
  const int shaft = L.stations_of(L.shaft_area).front();
  const int bottom = L.stations_of(L.pit_bottom_area).front();
  const std::vector<int> road = L.stations_of(L.main_road_area);
  const int n = static_cast<int>(mine_.shifts.size());
  const bool producing = mine_.status == MineStatus::kProducing;
  const std::int64_t week = (day >= 0 ? day : day - 6) / 7;

  auto path_to = [&](int wp) {  // stations from the pit bottom to a workplace's access road
    std::vector<int> p{bottom, road.front()};
    if (L.workplaces[static_cast<std::size_t>(wp)].kind == Workplace::Kind::kFace)
      p.push_back(road.back());
    p.push_back(L.stations_of(L.workplaces[static_cast<std::size_t>(wp)].access_area).front());
    return p;
  };
  auto walk_back = [&](Walker& w, const std::vector<int>& path) {
    for (auto it = path.rbegin() + 1; it != path.rend(); ++it) w.go(*it);
    w.go(shaft);
  };

  for (int s = 0; s < n; ++s) {
    // A stopped mine sends its maintenance crew on the second shift of the day only.
    if (!producing && s != 1 % n) continue;
    const Time start = china_midnight(day) + Minutes{mine_.shifts[static_cast<std::size_t>(s)]};
    const int next_start = s + 1 < n ? mine_.shifts[static_cast<std::size_t>(s + 1)] : 24 * 60;
    const Time end = china_midnight(day) + Minutes{next_start};
    const int crew = producing ? static_cast<int>((s + week % n + n) % n) : 0;
    std::vector<Trip> shift_trips;
    auto new_trip = [&](int worker) -> Trip& {
      Trip& t = shift_trips.emplace_back();
      t.worker = worker;
      t.shift = s;
      t.shift_start = start;
      return t;
    };

    // Crews: down 30–45 min before the shift, work, hand over at the face, come up.
    for (std::size_t wi = 0; producing && wi < L.workplaces.size(); ++wi) {
      const Workplace& wp = L.workplaces[wi];
      const WorkerRole role =
          wp.kind == Workplace::Kind::kFace ? WorkerRole::kFaceCrew : WorkerRole::kHeadingCrew;
      const std::vector<int> key = L.stations_of(wp.key_area);
      const std::vector<int> path = path_to(static_cast<int>(wi));
      for (int w : roster_.crew_of(role, static_cast<int>(wi), crew)) {
        Trip& t = new_trip(w);
        Walker walk(t, rng);
        walk.at(shaft, start - minutes(rng, 30, 45));
        walk.go_all(path);
        walk.go(key.front());
        const Time release = end + minutes(rng, 0, 12);
        // Some move along the face (机头 → 机尾) during the shift.
        if (key.size() > 1 && rng.bernoulli(0.5)) {
          const Time move =
              walk.now() +
              Seconds{static_cast<std::int64_t>(
                  rng.uniform(0.2, 0.8) * static_cast<double>((release - walk.now()).count()))};
          walk.at(key.back(), move);
          if (rng.bernoulli(0.5)) walk.at(key.front(), move + (release - move) / 2);
        }
        walk.wait_until(release);
        walk.go(path.back());
        walk_back(walk, path);
        t.exit = walk.now();
      }
    }

    // Support staff of this crew.
    for (WorkerRole role : {WorkerRole::kGasInspector, WorkerRole::kSafetyInspector,
                            WorkerRole::kElectrician, WorkerRole::kHaulage}) {
      const std::vector<int> people = roster_.crew_of(role, -1, crew);
      for (std::size_t k = 0; k < people.size(); ++k) {
        Trip& t = new_trip(people[k]);
        Walker walk(t, rng);
        walk.at(shaft, start - minutes(rng, 20, 40));
        walk.go(bottom);
        walk.go(road.front());
        const Time release = end + minutes(rng, 0, 10);
        if (role == WorkerRole::kHaulage || L.workplaces.empty() || !producing) {
          // Haulage shuttles along the main road; a stopped mine's staff stay near the bottom.
          int at = 0;
          while (walk.now() + Minutes{50} < release) {
            at = 1 - at;
            walk.at(road[static_cast<std::size_t>(at) % road.size()],
                    walk.now() + minutes(rng, 25, 50));
          }
        } else {
          // Inspectors tour their share of the workplaces into the key areas; electricians
          // work in the access roads.
          std::vector<int> mine_wps;
          for (std::size_t wi = k % 2; wi < L.workplaces.size(); wi += 2)
            mine_wps.push_back(static_cast<int>(wi));
          if (mine_wps.empty()) mine_wps.push_back(0);
          const bool into_key = role != WorkerRole::kElectrician;
          for (std::size_t v = 0; v < mine_wps.size(); ++v) {
            const int wp = mine_wps[v];
            const std::vector<int> path = path_to(wp);
            walk.go_all(std::vector<int>(path.begin() + 2, path.end()));
            const auto left = static_cast<std::int64_t>(mine_wps.size() - v);
            const Seconds share{
                std::max<std::int64_t>(600, ((release - walk.now()).count() - 900) / left)};
            if (into_key) {
              walk.go(L.stations_of(L.workplaces[static_cast<std::size_t>(wp)].key_area).front());
              walk.wait_until(walk.now() + std::min(share, Seconds{2400}));
              walk.go(path.back());
            }
            walk.wait_until(walk.now() + share / 2);
            for (std::size_t b = path.size() - 1; b-- > 2;) walk.go(path[b]);
            walk.go(road.front());
          }
          walk.wait_until(release);
        }
        walk.go(bottom);
        walk.go(shaft);
        t.exit = walk.now();
      }
    }

    // The shift's leader: down with the first of them, a tour of the workplaces, up with the
    // last of them (rules.md A4: 带班下井, 同下同上).
    Time first_in = start, last_out = start;
    for (const Trip& t : shift_trips) {
      first_in = std::min(first_in, t.hops.front().arrive);
      last_out = std::max(last_out, t.exit);
    }
    if (producing && !roster_.leaders.empty()) {
      const std::size_t li = static_cast<std::size_t>(
          (day * n + s) % static_cast<std::int64_t>(roster_.leaders.size()));
      Trip& t = new_trip(roster_.leaders[(li + roster_.leaders.size()) % roster_.leaders.size()]);
      Walker walk(t, rng);
      walk.at(shaft, first_in - minutes(rng, 0, 3));
      walk.go(bottom);
      walk.go(road.front());
      // Return legs drawn now so the tour ends just in time to come up with the last crew.
      const Time target_exit = last_out + minutes(rng, 0, 4);
      const Time tour_end = target_exit - Minutes{40};
      const std::size_t visits = L.workplaces.size();
      for (std::size_t v = 0; v < visits; ++v) {
        const std::vector<int> path = path_to(static_cast<int>(v));
        walk.go_all(std::vector<int>(path.begin() + 2, path.end()));
        walk.go(L.stations_of(L.workplaces[v].key_area).front());
        const auto left = static_cast<std::int64_t>(visits - v);
        walk.wait_until(walk.now() + Seconds{std::max<std::int64_t>(
                                         300, ((tour_end - walk.now()).count() - 1200) / left)});
        walk.go(path.back());
        for (std::size_t b = path.size() - 1; b-- > 2;) walk.go(path[b]);
        walk.go(road.front());
      }
      walk.wait_until(target_exit - Minutes{8});
      walk.go(bottom);
      walk.at(shaft, std::max(walk.now() + Minutes{3}, target_exit));
      t.exit = walk.now();
    }
    for (Trip& t : shift_trips) {
      t.entry = t.hops.front().arrive;
      out.push_back(std::move(t));
    }
  }
  if (clockwork_) return clockwork_trips(mine_, layout_, roster_, out);
  apply_crew_incidents(mine_, layout_, roster_, seed_, mine_index_, day, incident_rate_, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const Trip& a, const Trip& b) { return a.entry < b.entry; });
  return out;
}

}  // namespace mw::sim
