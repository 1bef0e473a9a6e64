#include "sim/schedule.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "model/codes.hpp"
#include "sim/registry.hpp"

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
  Roster roster;
};

World world(MineStatus status, std::vector<int> shifts, std::uint64_t seed = 3) {
  World w;
  w.mine.code = "520203000512";
  w.mine.name = "贵州六枝新华煤业有限公司";
  w.mine.status = status;
  w.mine.gas_grade = GasGrade::kHigh;
  w.mine.shifts = std::move(shifts);
  Rng rng(seed);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  w.roster = make_roster(w.mine, w.layout, rng);
  return w;
}

const std::vector<int> k38{0, 480, 960};
const std::vector<int> k46{0, 360, 720, 1080};
const std::int64_t kDay = china_day(*china_civil_time(2026, 9, 23, 12, 0, 0));

TEST(Schedule, DaysAreDeterministicAndDiffer) {
  const World w = world(MineStatus::kProducing, k38);
  Schedule a(w.mine, w.layout, w.roster, 1, 0), b(w.mine, w.layout, w.roster, 1, 0);
  const std::vector<Trip> x = a.trips_of_day(kDay), y = b.trips_of_day(kDay);
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].entry, y[i].entry);
    EXPECT_EQ(x[i].exit, y[i].exit);
    EXPECT_EQ(x[i].worker, y[i].worker);
  }
  const std::vector<Trip> other = a.trips_of_day(kDay + 1);
  ASSERT_FALSE(other.empty());
  EXPECT_NE(other.front().entry - Seconds{86400}, x.front().entry);
}

TEST(Schedule, TripsStartAndEndAtTheShaftInTimeOrderUnderTheOvertimeLimit) {
  for (const auto& shifts : {k38, k46}) {
    const World w = world(MineStatus::kProducing, shifts);
    const int shaft = w.layout.stations_of(w.layout.shaft_area).front();
    Schedule s(w.mine, w.layout, w.roster, 2, 0);
    for (const Trip& t : s.trips_of_day(kDay)) {
      ASSERT_GE(t.hops.size(), 3u);
      EXPECT_EQ(t.hops.front().station, shaft);
      EXPECT_EQ(t.hops.back().station, shaft);
      EXPECT_EQ(t.entry, t.hops.front().arrive);
      EXPECT_EQ(t.exit, t.hops.back().arrive);
      for (std::size_t i = 1; i < t.hops.size(); ++i) {
        EXPECT_LE(t.hops[i - 1].arrive, t.hops[i].arrive);
      }
      EXPECT_LT(t.exit - t.entry, w.mine.overtime_limit());
      EXPECT_GT(t.exit - t.entry, Seconds{4 * 3600});
    }
  }
}

// Counts who is in each area at `t`, from the trips alone.
std::map<int, int> occupancy(const World& w, const std::vector<Trip>& trips, Time t) {
  std::map<int, int> n;
  for (const Trip& trip : trips) {
    if (!trip.underground_at(t)) continue;
    ++n[w.layout.station_area[static_cast<std::size_t>(trip.hops[trip.hop_at(t)].station)]];
  }
  return n;
}

TEST(Schedule, KeyAreasNeverExceedTheirApprovedHeadcountEvenAtHandOver) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const World w = world(MineStatus::kProducing, seed % 2 ? k38 : k46, seed);
    Schedule s(w.mine, w.layout, w.roster, seed, 0);
    std::vector<Trip> trips = s.trips_of_day(kDay - 1);
    for (Trip& t : s.trips_of_day(kDay)) trips.push_back(std::move(t));
    int peak_key = 0;
    for (Time t = china_midnight(kDay); t < china_midnight(kDay + 1); t += Seconds{60}) {
      for (auto [area, count] : occupancy(w, trips, t)) {
        const Area& a = w.layout.areas[static_cast<std::size_t>(area)];
        EXPECT_NE(a.type, AreaType::kRestricted);
        if (a.type != AreaType::kKey) continue;
        EXPECT_LE(count, static_cast<int>(a.approved)) << a.name << " at " << format_china_time(t);
        peak_key = std::max(peak_key, count);
      }
    }
    EXPECT_GE(peak_key, 8);  // the faces are really worked
  }
}

TEST(Schedule, EveryShiftHasALeaderWhoGoesDownAndComesUpWithTheWorkers) {
  const World w = world(MineStatus::kProducing, k38);
  Schedule s(w.mine, w.layout, w.roster, 4, 0);
  std::map<int, std::vector<const Trip*>> by_shift;
  const std::vector<Trip> trips = s.trips_of_day(kDay);
  for (const Trip& t : trips) by_shift[t.shift].push_back(&t);
  ASSERT_EQ(by_shift.size(), 3u);
  for (const auto& [shift, list] : by_shift) {
    int leaders = 0;
    Time first{Seconds{INT64_MAX / 2}}, last{}, leader_in{}, leader_out{};
    for (const Trip* t : list) {
      if (w.roster.workers[static_cast<std::size_t>(t->worker)].person.leader) {
        ++leaders;
        leader_in = t->entry;
        leader_out = t->exit;
      } else {
        first = std::min(first, t->entry);
        last = std::max(last, t->exit);
      }
    }
    EXPECT_EQ(leaders, 1) << "shift " << shift;
    EXPECT_LE(leader_in, first);
    EXPECT_GE(leader_out, last);
    EXPECT_LE(leader_out - last, Seconds{600});
    // The leader covers the whole shift window (rules.md personnel.leader_absent).
    EXPECT_LE(leader_in, list.front()->shift_start);
    EXPECT_GE(leader_out, list.front()->shift_start + Seconds{8 * 3600});
  }
}

TEST(Schedule, TheNightShiftGoesDownBeforeMidnightAndTheLateShiftComesUpAfter) {
  const World w = world(MineStatus::kProducing, k38);
  Schedule s(w.mine, w.layout, w.roster, 5, 0);
  int before = 0, after = 0;
  for (const Trip& t : s.trips_of_day(kDay)) {
    before += t.shift == 0 && china_day(t.entry) == kDay - 1 ? 1 : 0;
    after += t.shift == 2 && china_day(t.exit) == kDay + 1 ? 1 : 0;
  }
  EXPECT_GT(before, 10);
  EXPECT_GT(after, 10);
}

TEST(Schedule, StoppedMinesSendASmallCrewClosedMinesNobody) {
  const World stopped = world(MineStatus::kStopped, k38);
  Schedule s(stopped.mine, stopped.layout, stopped.roster, 6, 0);
  const std::vector<Trip> trips = s.trips_of_day(kDay);
  EXPECT_FALSE(trips.empty());
  EXPECT_LE(trips.size(), static_cast<std::size_t>(stopped.mine.maintenance_allowance));
  EXPECT_LT(trips.size(), 5u);  // too few to count as a worked shift
  const World closed = world(MineStatus::kClosed, k38);
  Schedule c(closed.mine, closed.layout, closed.roster, 6, 0);
  EXPECT_TRUE(c.trips_of_day(kDay).empty());
}

TEST(Schedule, AdvanceKeepsOnlyTripsThatMayStillShowAndAddsTheNextDays) {
  const World w = world(MineStatus::kProducing, k38);
  Schedule s(w.mine, w.layout, w.roster, 7, 0);
  const Time noon = china_midnight(kDay) + Seconds{12 * 3600};
  s.advance(noon, noon + Seconds{600}, Seconds{600});
  ASSERT_FALSE(s.trips().empty());
  for (const Trip& t : s.trips()) EXPECT_GE(t.exit + Seconds{600}, noon);
  bool tomorrow = false;
  for (const Trip& t : s.trips()) tomorrow |= china_day(t.shift_start) == kDay + 1;
  EXPECT_TRUE(tomorrow);
}

TEST(Roster, CardsAreValidAndUniqueLeadersAndSpecialWorkersAreFlagged) {
  const World w = world(MineStatus::kProducing, k38);
  std::set<std::string> cards;
  int leaders = 0, special = 0;
  for (const Worker& x : w.roster.workers) {
    EXPECT_TRUE(check_card_code(x.person.card, w.mine.code).ok()) << x.person.card;
    EXPECT_TRUE(cards.insert(x.person.card).second);
    EXPECT_FALSE(x.person.name.empty());
    leaders += x.person.leader ? 1 : 0;
    special += x.person.special ? 1 : 0;
    EXPECT_EQ(x.person.leader, x.role == WorkerRole::kLeader);
  }
  EXPECT_GE(leaders, 5);
  EXPECT_GE(special, 10);
  EXPECT_EQ(w.roster.leaders.size(), static_cast<std::size_t>(leaders));
  EXPECT_TRUE(w.roster.workers[static_cast<std::size_t>(w.roster.leaders.front())].principal);
}

}  // namespace
}  // namespace mw::sim
