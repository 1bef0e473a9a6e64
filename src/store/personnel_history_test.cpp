// The personnel deriver: which trips and intervals each snapshot opens and closes.
#include "store/personnel_history.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mw::store {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view kMine = "620823009203";
const std::string kAlice = "62082300920300001";
const std::string kBob = "62082300920300002";
const std::string kFace = "6208230092030007";
const std::string kRoad = "6208230092030003";

Time at(int hour, int minute = 0, int second = 0) {
  return *china_civil_time(2026, 9, 23, hour, minute, second);
}

Presence down(const std::string& card, Time entry, const std::string& area, Time area_from) {
  Presence p;
  p.card = card;
  p.flag = UndergroundFlag::kUnderground;
  p.entry_time = entry;
  p.area = area;
  p.area_entry_time = area_from;
  return p;
}

Presence up(const std::string& card, Time entry, std::optional<Time> exit,
            UndergroundFlag flag = UndergroundFlag::kSurfaced) {
  Presence p;
  p.card = card;
  p.flag = flag;
  p.entry_time = entry;
  p.exit_time = exit;
  return p;
}

Trip trip(const std::string& card, Time entry, std::optional<Time> exit = std::nullopt) {
  return Trip{card, entry, exit};
}
AreaInterval stay(const std::string& card, const std::string& area, Time from,
                  std::optional<Time> to = std::nullopt) {
  return AreaInterval{card, area, from, to};
}

PersonnelUpdate apply(PersonnelDeriver& d, Time t, std::vector<Presence> people) {
  return d.apply(kMine, t, people);
}

TEST(PersonnelDeriverTest, AnEntryOpensATripAndAnIntervalAtTheWrittenTimes) {
  PersonnelDeriver d;
  const auto u = apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  EXPECT_EQ(u.mine, kMine);
  EXPECT_EQ(u.snapshot, at(8, 5));
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58))));
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1))));
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kAlice, at(7, 58))));
  EXPECT_THAT(d.open_intervals(kMine), ElementsAre(stay(kAlice, kFace, at(8, 1))));
}

TEST(PersonnelDeriverTest, AnUnchangedSnapshotChangesNothing) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(u.snapshot, at(8, 10));
}

TEST(PersonnelDeriverTest, AnAreaChangeClosesTheOldIntervalWhereTheNewOneStarts) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kRoad, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(7, 58), kFace, at(8, 7))});
  EXPECT_THAT(u.trips, IsEmpty());
  EXPECT_THAT(u.intervals,
              ElementsAre(stay(kAlice, kRoad, at(8, 1), at(8, 7)), stay(kAlice, kFace, at(8, 7))));
}

TEST(PersonnelDeriverTest, ReenteringTheSameAreaBetweenSnapshotsStartsANewInterval) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(7, 58), kFace, at(8, 9))});
  EXPECT_THAT(u.intervals,
              ElementsAre(stay(kAlice, kFace, at(8, 1), at(8, 9)), stay(kAlice, kFace, at(8, 9))));
}

TEST(PersonnelDeriverTest, ComingUpClosesTripAndIntervalAtTheWrittenExitTime) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(16, 5), {up(kAlice, at(7, 58), at(16, 2))});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(16, 2))));
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1), at(16, 2))));
  EXPECT_THAT(d.open_trips(kMine), IsEmpty());
  // Still listed as come up: nothing more; then gone from the list: nothing either.
  EXPECT_TRUE(apply(d, at(16, 10), {up(kAlice, at(7, 58), at(16, 2))}).empty());
  EXPECT_TRUE(apply(d, at(16, 15), {}).empty());
  EXPECT_EQ(d.tracked(), 0U);
}

TEST(PersonnelDeriverTest, AnExitTimeBeforeTheEntryClosesAtTheEntry) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {up(kAlice, at(7, 58), at(7, 40))});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(7, 58))));
  // The interval never ends before it began either.
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1), at(8, 1))));
}

TEST(PersonnelDeriverTest, FlagZeroAlsoMeansComeUp) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u =
      apply(d, at(16, 5), {up(kAlice, at(7, 58), at(16, 1), UndergroundFlag::kSurfacedZero)});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(16, 1))));
}

TEST(PersonnelDeriverTest, AComeUpRecordWithoutExitTimeClosesAtTheSnapshot) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(16, 5), {up(kAlice, at(7, 58), std::nullopt)});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(16, 5))));
}

TEST(PersonnelDeriverTest, ACardMissingFromASnapshotLeftAtThatSnapshot) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5),
              {down(kAlice, at(7, 58), kFace, at(8, 1)), down(kBob, at(8, 0), kRoad, at(8, 2))});
  const auto u = apply(d, at(8, 10), {down(kBob, at(8, 0), kRoad, at(8, 2))});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(8, 10))));
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1), at(8, 10))));
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kBob, at(8, 0))));
}

TEST(PersonnelDeriverTest, AnEmptySnapshotMeansNobodyIsUnderground) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5),
              {down(kAlice, at(7, 58), kFace, at(8, 1)), down(kBob, at(8, 0), kRoad, at(8, 2))});
  const auto u = apply(d, at(8, 10), {});
  EXPECT_EQ(u.trips.size(), 2U);
  EXPECT_EQ(u.intervals.size(), 2U);
  for (const Trip& t : u.trips) EXPECT_EQ(t.exit, at(8, 10));
  EXPECT_THAT(d.open_trips(kMine), IsEmpty());
  EXPECT_EQ(d.stats().trips_closed, 2U);
}

TEST(PersonnelDeriverTest, ACardBackAfterOneMissingSnapshotReopensTheSameRows) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  (void)apply(d, at(8, 10), {});
  const auto u = apply(d, at(8, 15), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  // Same keys (card, entry) and (card, area, from) with no end: the store's upsert reopens.
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58))));
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1))));
}

TEST(PersonnelDeriverTest, ALaterEntryTimeWhileUndergroundIsANewTrip) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(8, 8), kRoad, at(8, 9))});
  EXPECT_THAT(u.trips, ElementsAre(trip(kAlice, at(7, 58), at(8, 8)), trip(kAlice, at(8, 8))));
  EXPECT_THAT(u.intervals,
              ElementsAre(stay(kAlice, kFace, at(8, 1), at(8, 8)), stay(kAlice, kRoad, at(8, 9))));
}

TEST(PersonnelDeriverTest, AnEarlierEntryTimeWhileUndergroundKeepsTheTrip) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(7, 30), kFace, at(8, 1))});
  EXPECT_TRUE(u.empty());
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kAlice, at(7, 58))));
}

TEST(PersonnelDeriverTest, MissingOrImplausibleTimesFallBackToTheSnapshot) {
  // One line per case: the written entry and area times → the stored ones.
  struct Case {
    Time entry, area_from;
    Time want_entry, want_from;
  };
  const Time none{};
  const Case cases[] = {
      {none, none, at(8, 5), at(8, 5)},              // neither written
      {at(7, 58), none, at(7, 58), at(8, 5)},        // no area time
      {none, at(8, 1), at(8, 5), at(8, 5)},          // area time before the (snapshot) entry
      {at(7, 58), at(7, 50), at(7, 58), at(7, 58)},  // area time before the entry: clamped
      {at(8, 7), at(8, 8), at(8, 7), at(8, 8)},      // minutes after the snapshot: clock skew
      {at(11, 0), at(11, 0), at(8, 5), at(8, 5)},    // hours after the snapshot: not believed
  };
  for (const Case& c : cases) {
    PersonnelDeriver d;
    const auto u = apply(d, at(8, 5), {down(kAlice, c.entry, kFace, c.area_from)});
    ASSERT_EQ(u.trips.size(), 1U);
    ASSERT_EQ(u.intervals.size(), 1U);
    EXPECT_EQ(u.trips[0].entry, c.want_entry) << format_china_time(c.entry);
    EXPECT_EQ(u.intervals[0].from, c.want_from) << format_china_time(c.area_from);
  }
}

TEST(PersonnelDeriverTest, AnUndergroundCardWithoutAreaHasNoInterval) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  const auto u = apply(d, at(8, 10), {down(kAlice, at(7, 58), "", Time{})});
  EXPECT_THAT(u.trips, IsEmpty());
  EXPECT_THAT(u.intervals, ElementsAre(stay(kAlice, kFace, at(8, 1), at(8, 10))));
  EXPECT_THAT(d.open_intervals(kMine), IsEmpty());
}

TEST(PersonnelDeriverTest, AWholeTripBetweenSnapshotsIsRecordedOnceFromItsWrittenTimes) {
  PersonnelDeriver d;
  const auto first = apply(d, at(9, 0), {up(kAlice, at(8, 52), at(8, 57))});
  EXPECT_THAT(first.trips, ElementsAre(trip(kAlice, at(8, 52), at(8, 57))));
  EXPECT_TRUE(apply(d, at(9, 5), {up(kAlice, at(8, 52), at(8, 57))}).empty());
  // Without an exit time its length is unknown: nothing is recorded.
  PersonnelDeriver other;
  EXPECT_TRUE(apply(other, at(9, 0), {up(kAlice, at(8, 52), std::nullopt)}).empty());
}

TEST(PersonnelDeriverTest, AStaleSnapshotChangesNothing) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 10), {down(kAlice, at(7, 58), kFace, at(8, 1))});
  EXPECT_TRUE(apply(d, at(8, 5), {}).empty());
  EXPECT_TRUE(apply(d, at(8, 10), {}).empty());
  EXPECT_EQ(d.stats().stale_snapshots, 2U);
  EXPECT_EQ(d.stats().snapshots, 1U);
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kAlice, at(7, 58))));
}

TEST(PersonnelDeriverTest, MinesAreIndependent) {
  PersonnelDeriver d;
  const std::vector<Presence> people = {down(kAlice, at(7, 58), kFace, at(8, 1))};
  (void)d.apply(kMine, at(8, 5), people);
  const auto other = d.apply("620823009204", at(8, 10), std::vector<Presence>{});
  EXPECT_TRUE(other.empty());
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kAlice, at(7, 58))));
  EXPECT_THAT(d.open_trips("620823009204"), IsEmpty());
}

TEST(PersonnelDeriverTest, RecordsWithoutCardAreIgnored) {
  PersonnelDeriver d;
  const auto u = apply(d, at(8, 5), {down("", at(7, 58), kFace, at(8, 1))});
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(d.tracked(), 0U);
}

TEST(PersonnelDeriverTest, ACardListedTwiceEndsWhereItsLastRecordSays) {
  PersonnelDeriver d;
  (void)apply(d, at(8, 5),
              {down(kAlice, at(7, 58), kRoad, at(8, 1)), down(kAlice, at(7, 58), kFace, at(8, 3))});
  EXPECT_THAT(d.open_trips(kMine), ElementsAre(trip(kAlice, at(7, 58))));
  EXPECT_THAT(d.open_intervals(kMine), ElementsAre(stay(kAlice, kFace, at(8, 3))));
}

TEST(PersonnelDeriverTest, CardsNotBeginningWithTheMineCodeKeepTheirIdentity) {
  PersonnelDeriver d;
  const std::string bare = "00001";  // would pack like kMine + "00001"
  const std::string odd = "=X1";
  const std::string full = std::string(kMine) + bare;
  (void)apply(d, at(8, 5),
              {down(bare, at(8), kFace, at(8)), down(full, at(8, 1), kRoad, at(8, 1)),
               down(odd, at(8, 2), "0007", at(8, 2))});
  EXPECT_THAT(d.open_trips(kMine),
              ElementsAre(trip(bare, at(8)), trip(full, at(8, 1)), trip(odd, at(8, 2))));
  EXPECT_THAT(d.open_intervals(kMine),
              ElementsAre(stay(bare, kFace, at(8)), stay(full, kRoad, at(8, 1)),
                          stay(odd, "0007", at(8, 2))));
  const auto u = apply(d, at(8, 10), {});
  EXPECT_THAT(u.trips, ::testing::UnorderedElementsAre(trip(bare, at(8), at(8, 10)),
                                                       trip(odd, at(8, 2), at(8, 10)),
                                                       trip(full, at(8, 1), at(8, 10))));
  EXPECT_EQ(pack_code(kMine, full), bare);
  EXPECT_EQ(unpack_code(kMine, pack_code(kMine, bare)), bare);
  EXPECT_EQ(unpack_code(kMine, pack_code(kMine, odd)), odd);
}

TEST(PersonnelDeriverTest, ARestoredDeriverContinuesLikeTheOriginal) {
  PersonnelDeriver original;
  (void)apply(original, at(8, 5),
              {down(kAlice, at(7, 58), kFace, at(8, 1)), down(kBob, at(8, 0), kRoad, at(8, 2))});
  PersonnelState state;
  state.mine = std::string(kMine);
  state.last_snapshot = at(8, 5);
  state.open_trips = original.open_trips(kMine);
  state.open_intervals = original.open_intervals(kMine);
  PersonnelDeriver restored;
  restored.restore(state);
  EXPECT_EQ(restored.open_trips(kMine), original.open_trips(kMine));
  EXPECT_EQ(restored.open_intervals(kMine), original.open_intervals(kMine));

  const std::vector<Presence> next = {down(kBob, at(8, 0), kFace, at(8, 9))};
  const auto a = original.apply(kMine, at(8, 10), next);
  const auto b = restored.apply(kMine, at(8, 10), next);
  EXPECT_EQ(a.trips, b.trips);
  EXPECT_EQ(a.intervals, b.intervals);
  EXPECT_EQ(b.trips.size(), 1U);  // Alice gone
  // And a replayed older snapshot is stale for the restored one too.
  EXPECT_TRUE(restored.apply(kMine, at(8, 5), std::vector<Presence>{}).empty());
}

TEST(PersonnelDeriverTest, MemoryPerTrackedCardIsSmall) {
  PersonnelDeriver d;
  std::vector<Presence> people;
  for (int i = 0; i < 1000; ++i) {
    people.push_back(down(std::string(kMine) + std::to_string(10000 + i), at(7, 58),
                          i % 2 == 0 ? kFace : kRoad, at(8, 1)));
  }
  const std::size_t empty = d.memory_bytes();
  (void)apply(d, at(8, 5), people);
  EXPECT_EQ(d.tracked(), 1000U);
  const std::size_t per_card = (d.memory_bytes() - empty) / 1000;
  EXPECT_GT(per_card, 50U);  // at least the card code and its times
  EXPECT_LT(per_card, 200U);
}

}  // namespace
}  // namespace mw::store
