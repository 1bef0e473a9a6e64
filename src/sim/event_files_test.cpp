#include "sim/event_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "model/sample.hpp"

namespace mw::sim {
namespace {

struct World {
  Mine mine;
  MineLayout layout;
  Roster roster;
  std::size_t t1 = 0;
};
World world() {
  World w;
  w.mine.code = "140421000111";
  w.mine.status = MineStatus::kProducing;
  w.mine.shifts = {0, 8 * 60, 16 * 60};
  Rng rng(4);
  w.layout = make_layout(w.mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
  w.roster = make_roster(w.mine, w.layout, rng);
  for (std::size_t i = 0; i < w.layout.points.size(); ++i) {
    if (w.layout.points[i].methane_class == MethaneClass::kCoalFace) w.t1 = i;
  }
  return w;
}
const Time kT0 = *china_civil_time(2026, 9, 23, 10, 0, 0);

TEST(AbnormalLog, AnAlarmIsSentOpenThenClosedWithItsStatistics) {
  const World w = world();
  AbnormalLog log(w.layout);
  std::vector<netfile::YcbjRecord> out;
  const std::int64_t values[] = {80, 104, 121, 96, 50};  // alarm threshold 1.00
  for (int k = 0; k < 5; ++k) {
    const Time t = kT0 + Seconds{20 * k};
    log.sample(w.t1, Decimal{values[k], 2}, values[k] >= 100 ? kStatusAlarm : 0, t);
    const bool any = log.take(t, out);
    EXPECT_EQ(any, k == 1 || k == 3) << k;
    if (k == 1) {
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].abnormal_type, "001");
      EXPECT_EQ(out[0].start, t);
      EXPECT_FALSE(out[0].end);
      EXPECT_TRUE(out[0].reason.empty());
    }
    if (k == 3) {
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].start, kT0 + Seconds{20});
      EXPECT_EQ(out[0].end, t);
      EXPECT_EQ(format_decimal(*out[0].max), "1.21");
      EXPECT_EQ(out[0].max_time, kT0 + Seconds{40});
      EXPECT_EQ(format_decimal(*out[0].min), "1.04");
      EXPECT_FALSE(out[0].reason.empty());
      EXPECT_FALSE(out[0].entered_by.empty());
    }
  }
}

TEST(AbnormalLog, CalibrationsAndFaultsAreEventsButNotAlarms) {
  const World w = world();
  AbnormalLog log(w.layout);
  std::vector<netfile::YcbjRecord> out;
  // Standard gas at 2 % flagged calibrating: a 007 event, never 001.
  log.sample(w.t1, Decimal{200, 2}, kStatusCalibrating, kT0);
  ASSERT_TRUE(log.take(kT0, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].abnormal_type, "007");
  log.sample(w.t1, Decimal{20, 2}, kStatusOutstationFault, kT0 + Seconds{20});
  ASSERT_TRUE(log.take(kT0 + Seconds{20}, out));
  ASSERT_EQ(out.size(), 2u);  // the outstation event opened, the calibration closed
  EXPECT_EQ(out[0].abnormal_type, "006");
  EXPECT_FALSE(out[0].end.has_value());
  EXPECT_EQ(out[1].abnormal_type, "007");
  EXPECT_EQ(out[1].end, kT0 + Seconds{20});
}

TEST(PersonnelEvents, OvertimeRestrictedAndOverStaffedFromTheTrips) {
  const World w = world();
  PersonnelEvents events(w.mine, w.layout, w.roster);
  const int key = w.layout.workplaces[0].key_area;
  const int key_station = w.layout.stations_of(key).front();
  const int restricted = w.layout.stations_of(w.layout.restricted_area).front();
  const int shaft = w.layout.stations_of(w.layout.shaft_area).front();
  const auto approved = static_cast<int>(w.layout.areas[static_cast<std::size_t>(key)].approved);
  std::deque<Trip> trips;
  auto trip = [&](int worker, Time entry, Time exit, std::vector<Hop> middle) {
    Trip t;
    t.worker = worker;
    t.entry = entry;
    t.exit = exit;
    t.hops.push_back({shaft, entry});
    for (const Hop& h : middle) t.hops.push_back(h);
    t.hops.push_back({shaft, exit});
    trips.push_back(t);
  };
  // approved + 1 people in the key area from 10:00 to 11:00; worker 0 down since 23:30.
  for (int k = 0; k <= approved; ++k) {
    const Time entry = k == 0 ? kT0 - Seconds{10 * 3600 + 1800} : kT0 - Seconds{600};
    trip(k, entry, kT0 + Seconds{3600}, {{key_station, kT0}});
  }
  // One walks into the restricted area 10:02–10:04.
  trip(approved + 1, kT0 - Seconds{600}, kT0 + Seconds{3600},
       {{key_station, kT0}, {restricted, kT0 + Seconds{120}}, {key_station, kT0 + Seconds{240}}});

  events.snapshot(kT0 - Seconds{300}, kT0 + Seconds{60}, trips);
  ASSERT_EQ(events.over_staffed().size(), 1u);
  const netfile::RycyRecord& over = events.over_staffed()[0];
  EXPECT_EQ(over.area_code, w.layout.areas[static_cast<std::size_t>(key)].code);
  EXPECT_EQ(over.current_count, approved + 2);
  EXPECT_EQ(over.approved_count, approved);
  EXPECT_EQ(over.start, kT0 + Seconds{60});
  EXPECT_FALSE(over.end);
  EXPECT_EQ(std::count(over.people.begin(), over.people.end(), ','), approved + 1);
  ASSERT_EQ(events.overtime().size(), 1u);
  EXPECT_EQ(events.overtime()[0].card, w.roster.workers[0].person.card);
  EXPECT_EQ(events.overtime()[0].start, kT0 - Seconds{1800});
  EXPECT_TRUE(events.restricted().empty());  // not yet entered

  events.snapshot(kT0 + Seconds{60}, kT0 + Seconds{360}, trips);
  ASSERT_EQ(events.restricted().size(), 1u);  // entered and left between the snapshots
  EXPECT_EQ(events.restricted()[0].start, kT0 + Seconds{120});
  EXPECT_EQ(events.restricted()[0].end, kT0 + Seconds{240});
  ASSERT_EQ(events.over_staffed().size(), 1u);
  EXPECT_EQ(events.over_staffed()[0].start, kT0 + Seconds{60});  // the same event

  events.snapshot(kT0 + Seconds{3300}, kT0 + Seconds{3660}, trips);  // everyone came up
  ASSERT_EQ(events.over_staffed().size(), 1u);
  EXPECT_EQ(events.over_staffed()[0].end, kT0 + Seconds{3660});
  ASSERT_EQ(events.overtime().size(), 1u);
  EXPECT_EQ(events.overtime()[0].end, kT0 + Seconds{3600});
  events.snapshot(kT0 + Seconds{3660}, kT0 + Seconds{3960}, trips);
  EXPECT_TRUE(events.over_staffed().empty());
  EXPECT_TRUE(events.overtime().empty());
}

}  // namespace
}  // namespace mw::sim
