#include "sim/crew_incidents.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
  Roster roster;
};
World world(MineStatus status) {
  World w;
  w.mine.code = "610802000123";
  w.mine.status = status;
  Rng rng(6);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  w.roster = make_roster(w.mine, w.layout, rng);
  return w;
}
const std::int64_t kDay = china_day(*china_civil_time(2026, 9, 23, 12, 0, 0));

TEST(CrewIncidents, DaysWithIncidentsStayWellFormedAndShowEachKind) {
  const World w = world(MineStatus::kProducing);
  Schedule plain(w.mine, w.layout, w.roster, 9, 0), spiced(w.mine, w.layout, w.roster, 9, 0);
  spiced.set_incident_rate(12);
  const int restricted = w.layout.stations_of(w.layout.restricted_area).front();
  int into_restricted = 0, overtime = 0, unled_shifts = 0, extra = 0;
  for (std::int64_t d = kDay; d < kDay + 10; ++d) {
    const std::vector<Trip> base = plain.trips_of_day(d), trips = spiced.trips_of_day(d);
    extra += static_cast<int>(trips.size()) - static_cast<int>(base.size());
    std::map<int, int> leaders_per_shift;
    for (const Trip& t : trips) {
      ASSERT_GE(t.hops.size(), 3u);
      EXPECT_EQ(t.entry, t.hops.front().arrive);
      EXPECT_EQ(t.exit, t.hops.back().arrive);
      for (std::size_t i = 1; i < t.hops.size(); ++i)
        ASSERT_LE(t.hops[i - 1].arrive, t.hops[i].arrive);
      for (const Hop& h : t.hops) into_restricted += h.station == restricted;
      overtime += t.exit - t.entry > w.mine.overtime_limit();
      leaders_per_shift[t.shift] +=
          w.roster.workers[static_cast<std::size_t>(t.worker)].person.leader;
      // Nobody is underground twice at once.
      for (const Trip& o : trips) {
        if (&o != &t && o.worker == t.worker) {
          EXPECT_TRUE(o.exit <= t.entry || t.exit <= o.entry);
        }
      }
    }
    for (int s = 0; s < 3; ++s) unled_shifts += leaders_per_shift[s] == 0;
  }
  EXPECT_GT(into_restricted, 0);
  EXPECT_GT(overtime, 0);
  EXPECT_GT(unled_shifts, 0);
  EXPECT_GT(extra, 10);  // visitors of over-staffed areas
}

TEST(CrewIncidents, AClosedMineSometimesWorksAtNightAStoppedOneNever) {
  const World closed = world(MineStatus::kClosed);
  Schedule s(closed.mine, closed.layout, closed.roster, 9, 0);
  s.set_incident_rate(4);  // a night crew about every day
  int nights = 0;
  for (std::int64_t d = kDay; d < kDay + 5; ++d) {
    const std::vector<Trip> trips = s.trips_of_day(d);
    if (trips.empty()) continue;
    ++nights;
    const std::int64_t local = (trips.front().entry.time_since_epoch().count() + 8 * 3600) % 86400;
    EXPECT_GE(local, 21 * 3600);  // down in the late evening
  }
  EXPECT_GE(nights, 3);
  const World stopped = world(MineStatus::kStopped);
  Schedule a(stopped.mine, stopped.layout, stopped.roster, 9, 0),
      b(stopped.mine, stopped.layout, stopped.roster, 9, 0);
  b.set_incident_rate(12);
  EXPECT_EQ(a.trips_of_day(kDay).size(), b.trips_of_day(kDay).size());
}

}  // namespace
}  // namespace mw::sim
