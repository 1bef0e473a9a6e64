// The personnel history repository, run against both backends.
#include "store/personnel_repo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MigratedTest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view kMine = "620823009203";
const std::string kAlice = "62082300920300001";
const std::string kBob = "62082300920300002";
const std::string kCarol = "62082300920300003";
const std::string kFace = "6208230092030007";
const std::string kRoad = "6208230092030003";

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }
Time day(int d, int hour = 0, int minute = 0) {
  return *china_civil_time(2026, 9, 23, 0, 0, 0) + Seconds{d * 86400 + hour * 3600 + minute * 60};
}

Presence down(const std::string& card, Time entry, const std::string& area, Time area_from) {
  Presence p;
  p.card = card;
  p.entry_time = entry;
  p.area = area;
  p.area_entry_time = area_from;
  return p;
}

Trip trip(const std::string& card, Time entry, std::optional<Time> exit = std::nullopt) {
  return Trip{card, entry, exit};
}
AreaInterval stay(const std::string& card, const std::string& area, Time from,
                  std::optional<Time> to = std::nullopt) {
  return AreaInterval{card, area, from, to};
}

PersonnelUpdate rows(Time snapshot, std::vector<Trip> trips, std::vector<AreaInterval> intervals) {
  PersonnelUpdate u;
  u.mine = std::string(kMine);
  u.snapshot = snapshot;
  u.trips = std::move(trips);
  u.intervals = std::move(intervals);
  return u;
}

std::vector<std::string> cards_of(const std::vector<UndergroundCard>& v) {
  std::vector<std::string> out;
  for (const auto& c : v) out.push_back(c.card);
  return out;
}

template <class B>
class PersonnelRepoTest : public MigratedTest<B> {
 protected:
  void write(const PersonnelUpdate& u) {
    PersonnelRepo repo(this->db());
    const Status s = repo.write(u);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  // Alice 08:00–16:00 (road 08:00–08:30, face 08:30–16:00), Bob 08:10– still down (face),
  // Carol 07:00–07:50 (road).
  void write_day() {
    write(rows(at(16, 5),
               {trip(kAlice, at(8), at(16)), trip(kBob, at(8, 10)), trip(kCarol, at(7), at(7, 50))},
               {stay(kAlice, kRoad, at(8), at(8, 30)), stay(kAlice, kFace, at(8, 30), at(16)),
                stay(kBob, kFace, at(8, 10)), stay(kCarol, kRoad, at(7), at(7, 50))}));
  }
  PersonnelRepo repo() { return PersonnelRepo(this->db()); }
};

TYPED_TEST_SUITE(PersonnelRepoTest, Backends, BackendNames);

TYPED_TEST(PersonnelRepoTest, AClosedRowReplacesItsOpenForm) {
  this->write(rows(at(8, 5), {trip(kAlice, at(8))}, {stay(kAlice, kFace, at(8))}));
  auto repo = this->repo();
  EXPECT_THAT(*repo.trips_of(kMine, kAlice, at(0), at(23)), ElementsAre(trip(kAlice, at(8))));
  this->write(rows(at(16, 5), {trip(kAlice, at(8), at(16))}, {stay(kAlice, kFace, at(8), at(16))}));
  EXPECT_THAT(*repo.trips_of(kMine, kAlice, at(0), at(23)),
              ElementsAre(trip(kAlice, at(8), at(16))));
  EXPECT_THAT(*repo.intervals_of(kMine, kAlice, at(0), at(23)),
              ElementsAre(stay(kAlice, kFace, at(8), at(16))));
  // Written twice (a replay): still one row.
  this->write(rows(at(16, 5), {trip(kAlice, at(8), at(16))}, {stay(kAlice, kFace, at(8), at(16))}));
  EXPECT_EQ(repo.trips_of(kMine, kAlice, at(0), at(23))->size(), 1U);
}

TYPED_TEST(PersonnelRepoTest, CodesNotBeginningWithTheMineCodeKeepTheirIdentity) {
  // Stored without the mine's prefix when they have it; these must not collide.
  const std::string bare = "00001";
  const std::string odd = "=X1";
  this->write(rows(at(9), {trip(kAlice, at(8)), trip(bare, at(8, 1)), trip(odd, at(8, 2))},
                   {stay(bare, "0007", at(8, 1)), stay(kAlice, kFace, at(8))}));
  auto repo = this->repo();
  EXPECT_THAT(*repo.trips_of(kMine, bare, at(0), at(23)), ElementsAre(trip(bare, at(8, 1))));
  EXPECT_THAT(*repo.trips_of(kMine, kAlice, at(0), at(23)), ElementsAre(trip(kAlice, at(8))));
  EXPECT_THAT(*repo.trips_of(kMine, odd, at(0), at(23)), ElementsAre(trip(odd, at(8, 2))));
  EXPECT_THAT(*repo.underground_at(kMine, at(8, 30)),
              ElementsAre(UndergroundCard{"00001", at(8, 1), "0007", at(8, 1)},
                          UndergroundCard{kAlice, at(8), kFace, at(8)},
                          UndergroundCard{odd, at(8, 2), "", std::nullopt}));
  EXPECT_THAT(*repo.area_headcount(kMine, "0007", at(8), at(9), Seconds{3600}),
              ElementsAre(HeadcountPoint{at(8), 0, 1}));
  auto state = repo.load_state(kMine);
  ASSERT_TRUE(state.ok());
  EXPECT_THAT(state->open_trips,
              ElementsAre(trip(bare, at(8, 1)), trip(kAlice, at(8)), trip(odd, at(8, 2))));
}

TYPED_TEST(PersonnelRepoTest, TripsAndIntervalsOfACardOverlapTheRange) {
  this->write_day();
  auto repo = this->repo();
  struct Case {
    Time from, to;
    std::size_t trips, intervals;
  };
  const Case cases[] = {
      {at(0), at(23), 1, 2},       // the whole day
      {at(8, 40), at(9), 1, 1},    // inside the face stay
      {at(16), at(17), 0, 0},      // from the exit on: half-open, not included
      {at(6), at(8), 0, 0},        // up to the entry: not included
      {at(7, 59), at(8, 1), 1, 1}  // across the entry
  };
  for (const Case& c : cases) {
    auto trips = repo.trips_of(kMine, kAlice, c.from, c.to);
    auto intervals = repo.intervals_of(kMine, kAlice, c.from, c.to);
    ASSERT_TRUE(trips.ok()) << trips.status().to_string();
    ASSERT_TRUE(intervals.ok()) << intervals.status().to_string();
    EXPECT_EQ(trips->size(), c.trips) << format_china_time(c.from);
    EXPECT_EQ(intervals->size(), c.intervals) << format_china_time(c.from);
  }
  EXPECT_THAT(*repo.trips_of("620823009204", kAlice, at(0), at(23)), IsEmpty());
}

TYPED_TEST(PersonnelRepoTest, UndergroundAtGivesCardsWithEntryAndArea) {
  this->write_day();
  auto repo = this->repo();
  auto now = repo.underground_at(kMine, at(8, 20));
  ASSERT_TRUE(now.ok()) << now.status().to_string();
  EXPECT_THAT(*now, ElementsAre(UndergroundCard{kAlice, at(8), kRoad, at(8)},
                                UndergroundCard{kBob, at(8, 10), kFace, at(8, 10)}));
  // Boundaries: entry included, exit excluded; at 08:30 Alice has moved to the face.
  EXPECT_THAT(cards_of(*repo.underground_at(kMine, at(7))), ElementsAre(kCarol));
  EXPECT_THAT(cards_of(*repo.underground_at(kMine, at(7, 50))), IsEmpty());
  EXPECT_EQ(repo.underground_at(kMine, at(8, 30))->front().area, kFace);
  EXPECT_THAT(cards_of(*repo.underground_at(kMine, at(16))), ElementsAre(kBob));
  EXPECT_THAT(cards_of(*repo.underground_at("620823009204", at(8, 20))), IsEmpty());
}

TYPED_TEST(PersonnelRepoTest, UndergroundAtFindsTripsOlderThanADay) {
  // Open since two days before t, and closed after 30 h: both beyond the one-day scan.
  this->write(rows(day(3), {trip(kAlice, day(0, 8)), trip(kBob, day(0, 9), day(1, 15))},
                   {stay(kAlice, kFace, day(0, 8)), stay(kBob, kRoad, day(0, 9), day(1, 15))}));
  auto repo = this->repo();
  EXPECT_THAT(*repo.underground_at(kMine, day(2, 8)),
              ElementsAre(UndergroundCard{kAlice, day(0, 8), kFace, day(0, 8)}));
  EXPECT_THAT(cards_of(*repo.underground_at(kMine, day(1, 14))), ElementsAre(kAlice, kBob));
}

TYPED_TEST(PersonnelRepoTest, UndergroundWithoutAnIntervalHasNoArea) {
  this->write(rows(at(8, 5), {trip(kAlice, at(8))}, {}));
  EXPECT_THAT(*this->repo().underground_at(kMine, at(9)),
              ElementsAre(UndergroundCard{kAlice, at(8), "", std::nullopt}));
}

TYPED_TEST(PersonnelRepoTest, AreaHeadcountCountsAtEachStepAndThePeakWithin) {
  this->write_day();
  // A visitor to the face 09:05–09:10, inside one step only.
  this->write(rows(at(16, 6), {trip(kCarol, at(9), at(9, 20))},
                   {stay(kCarol, kFace, at(9, 5), at(9, 10))}));
  auto repo = this->repo();
  auto series = repo.area_headcount(kMine, kFace, at(8), at(10), Seconds{1800});
  ASSERT_TRUE(series.ok()) << series.status().to_string();
  EXPECT_THAT(*series, ElementsAre(HeadcountPoint{at(8), 0, 1},      // Bob from 08:10
                                   HeadcountPoint{at(8, 30), 2, 2},  // Alice from 08:30
                                   HeadcountPoint{at(9), 2, 3},      // Carol 09:05–09:10
                                   HeadcountPoint{at(9, 30), 2, 2}));
  // A last step shorter than step; an open interval counts until the end.
  EXPECT_THAT(*repo.area_headcount(kMine, kFace, at(15, 30), at(16, 10), Seconds{1800}),
              ElementsAre(HeadcountPoint{at(15, 30), 2, 2}, HeadcountPoint{at(16), 1, 1}));
  EXPECT_THAT(*repo.area_headcount(kMine, kRoad, at(7), at(9), Seconds{3600}),
              ElementsAre(HeadcountPoint{at(7), 1, 1}, HeadcountPoint{at(8), 1, 1}));
}

TYPED_TEST(PersonnelRepoTest, AreaHeadcountFindsIntervalsOlderThanADay) {
  this->write(rows(day(3), {trip(kAlice, day(0, 8))}, {stay(kAlice, kFace, day(0, 8))}));
  EXPECT_THAT(*this->repo().area_headcount(kMine, kFace, day(2), day(2, 1), Seconds{3600}),
              ElementsAre(HeadcountPoint{day(2), 1, 1}));
}

TYPED_TEST(PersonnelRepoTest, AreaHeadcountRefusesBadSteps) {
  auto repo = this->repo();
  EXPECT_EQ(repo.area_headcount(kMine, kFace, at(0), at(1), Seconds{0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(repo.area_headcount(kMine, kFace, day(0), day(400), Seconds{60}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_THAT(*repo.area_headcount(kMine, kFace, at(2), at(1), Seconds{60}), IsEmpty());
}

TYPED_TEST(PersonnelRepoTest, LoadStateGivesOpenRowsAndTheNewestSnapshot) {
  this->write_day();
  this->write(rows(at(16, 0), {}, {}));  // an older snapshot does not move it back
  auto repo = this->repo();
  auto state = repo.load_state(kMine);
  ASSERT_TRUE(state.ok()) << state.status().to_string();
  EXPECT_EQ(state->mine, kMine);
  EXPECT_EQ(state->last_snapshot, at(16, 5));
  EXPECT_THAT(state->open_trips, ElementsAre(trip(kBob, at(8, 10))));
  EXPECT_THAT(state->open_intervals, ElementsAre(stay(kBob, kFace, at(8, 10))));

  auto unknown = repo.load_state("620823009204");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->last_snapshot, std::nullopt);
  EXPECT_THAT(unknown->open_trips, IsEmpty());

  PersonnelUpdate other = rows(at(9), {trip(kAlice, at(8, 50))}, {});
  other.mine = "620823009204";
  this->write(other);
  auto all = repo.load_all_states();
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0], *state);
  EXPECT_EQ((*all)[1].mine, "620823009204");
  EXPECT_THAT((*all)[1].open_trips, ElementsAre(trip(kAlice, at(8, 50))));
}

TYPED_TEST(PersonnelRepoTest, ADeriverRestartedFromTheStoreContinuesAsIfNeverStopped) {
  const std::vector<std::vector<Presence>> snapshots = {
      {down(kAlice, at(7, 58), kRoad, at(8, 1)), down(kBob, at(8), kRoad, at(8, 2))},
      {down(kAlice, at(7, 58), kFace, at(8, 7)), down(kBob, at(8), kRoad, at(8, 2))},
      {down(kBob, at(8), kFace, at(8, 12))},
      {down(kBob, at(8), kFace, at(8, 12)), down(kCarol, at(8, 16), kRoad, at(8, 17))},
  };
  PersonnelDeriver uninterrupted;
  PersonnelDeriver first;
  std::vector<PersonnelUpdate> expected, got;
  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    const Time t = at(8, 5) + Seconds{300 * static_cast<std::int64_t>(i)};
    expected.push_back(uninterrupted.apply(kMine, t, snapshots[i]));
    if (i < 2) {
      this->write(first.apply(kMine, t, snapshots[i]));
      continue;
    }
    // Restart before the third snapshot; the journal replays the second one again.
    PersonnelDeriver restarted;
    auto db = this->reopen();
    ASSERT_NE(db, nullptr);
    PersonnelRepo other(*db);
    const Status restored = other.restore(restarted);
    ASSERT_TRUE(restored.ok()) << restored.to_string();
    EXPECT_TRUE(restarted.apply(kMine, at(8, 10), snapshots[1]).empty());
    got.push_back(restarted.apply(kMine, t, snapshots[i]));
    EXPECT_EQ(got.back().trips, expected.back().trips) << i;
    EXPECT_EQ(got.back().intervals, expected.back().intervals) << i;
    first = std::move(restarted);
    this->write(got.back());
  }
}

TYPED_TEST(PersonnelRepoTest, StoredHistoryAnswersWhatEachSnapshotSaid) {
  // Ten cards over two hours of 5-min snapshots, entering and leaving on a pattern.
  PersonnelDeriver d;
  auto repo = this->repo();
  std::vector<std::pair<Time, std::set<std::string>>> said;
  for (int k = 0; k < 24; ++k) {
    const Time t = at(8) + Seconds{300 * k};
    std::vector<Presence> snap;
    std::set<std::string> under;
    for (int c = 0; c < 10; ++c) {
      if ((k + c) % 7 < 2) continue;  // up for two snapshots in seven
      const std::string card = std::string(kMine) + std::to_string(10000 + c);
      snap.push_back(down(card, Time{}, (k / 3 + c) % 2 == 0 ? kFace : kRoad, Time{}));
      under.insert(card);
    }
    this->write(d.apply(kMine, t, snap));
    said.emplace_back(t, under);
  }
  for (const auto& [t, under] : said) {
    auto now = repo.underground_at(kMine, t);
    ASSERT_TRUE(now.ok()) << now.status().to_string();
    const auto cards = cards_of(*now);
    EXPECT_EQ(std::set<std::string>(cards.begin(), cards.end()), under) << format_china_time(t);
    for (const auto& c : *now) EXPECT_FALSE(c.area.empty()) << c.card;
  }
}

TYPED_TEST(PersonnelRepoTest, ABatchIsWrittenWholeOrNotAtAll) {
  // A trigger refuses Bob's interval: the batch's earlier rows must not stay behind.
  const std::string trigger =
      this->db().dialect() == Dialect::kSqlite
          ? "CREATE TRIGGER refuse_bob BEFORE INSERT ON personnel_intervals "
            "WHEN NEW.card = '00002' BEGIN SELECT RAISE(ABORT, 'refused'); END"
          : "CREATE FUNCTION refuse_bob() RETURNS trigger AS $$ BEGIN "
            "IF NEW.card = '00002' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ "
            "LANGUAGE plpgsql; CREATE TRIGGER refuse_bob BEFORE INSERT ON personnel_intervals "
            "FOR EACH ROW EXECUTE FUNCTION refuse_bob()";
  ASSERT_TRUE(this->db().exec_script(trigger).ok());
  const std::vector<PersonnelUpdate> batch = {
      rows(at(8, 5), {trip(kAlice, at(8))}, {stay(kAlice, kFace, at(8))}),
      rows(at(8, 10), {trip(kBob, at(8, 6))}, {stay(kBob, kFace, at(8, 6))}),
  };
  auto repo = this->repo();
  const Status s = repo.write(batch);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("refused"));
  EXPECT_THAT(*repo.trips_of(kMine, kAlice, at(0), at(23)), IsEmpty());
  EXPECT_EQ(repo.load_state(kMine)->last_snapshot, std::nullopt);
  // Without the refused row the same batch goes in.
  ASSERT_TRUE(this->db()
                  .exec_script("DROP TRIGGER refuse_bob" +
                               std::string(this->db().dialect() == Dialect::kSqlite
                                               ? ""
                                               : " ON personnel_intervals"))
                  .ok());
  ASSERT_TRUE(repo.write(batch).ok());
  EXPECT_EQ(repo.load_state(kMine)->last_snapshot, at(8, 10));
  EXPECT_EQ(repo.load_state(kMine)->open_trips.size(), 2U);
}

TYPED_TEST(PersonnelRepoTest, RetentionDeletesRowsEndedOverAYearAgo) {
  const Time now = day(400);
  this->write(rows(now,
                   {trip(kAlice, day(0, 8), day(0, 16)),     // ended 400 days ago
                    trip(kBob, day(0, 8)),                   // open: kept
                    trip(kCarol, day(34, 8), day(34, 16))},  // 366 days ago, 8 h ahead
                   {stay(kAlice, kFace, day(0, 8), day(0, 16)), stay(kBob, kFace, day(0, 8)),
                    stay(kCarol, kFace, day(34, 8), day(34, 16))}));
  auto repo = this->repo();
  auto deleted = repo.apply_retention(now);
  ASSERT_TRUE(deleted.ok()) << deleted.status().to_string();
  EXPECT_EQ(*deleted, 2);
  EXPECT_THAT(*repo.trips_of(kMine, kAlice, day(0), now), IsEmpty());
  EXPECT_EQ(repo.trips_of(kMine, kBob, day(0), now)->size(), 1U);
  EXPECT_EQ(repo.intervals_of(kMine, kCarol, day(0), now)->size(), 1U);
  EXPECT_EQ(*repo.apply_retention(now), 0);
  // Ending exactly at the limit is not older than it: kept until the next second.
  this->write(rows(now, {trip(kCarol, day(33, 8), day(34))}, {}));
  EXPECT_EQ(*repo.apply_retention(now), 0);
  EXPECT_EQ(*repo.apply_retention(now + Seconds{1}), 1);
}

}  // namespace
}  // namespace mw::store
