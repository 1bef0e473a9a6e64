// Personnel history (issue 5): derive and store days of RYSS snapshots of a large mine —
// 10 000 people on three 8-h shifts (三八制), a snapshot every 5 min listing everyone
// underground and those come up within the last 15 min — then query the store
// (docs/storage.md "Personnel history" records the figures).
// Counters: snapshots_per_s, records_per_s, rows_per_s, bytes per card tracked, bytes on
// disk per trip (with its intervals) and per interval.
// The store benchmarks take arg 0 = SQLite, 1 = PostgreSQL (needs MW_PG_DSN, e.g. under
// scripts/with-pg.sh).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/temp_dir.hpp"
#include "store/migrations.hpp"
#include "store/personnel_history.hpp"
#include "store/personnel_repo.hpp"
#include "store/postgres_db.hpp"
#include "store/sqlite_db.hpp"

namespace mw::store {
namespace {

constexpr int kPeople = 10000;
constexpr int kWorkAreas = 40;
constexpr Seconds kPeriod{300};    // RYSS every 5 min (netfile.md §3)
constexpr Seconds kListedUp{900};  // come-up people stay listed this long
const std::string kMine = "140421001001";
const Time kDay0 = *china_civil_time(2026, 9, 23, 0, 0, 0);

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= std::uint64_t{0xff51afd7ed558ccd};
  x ^= x >> 33;
  return x;
}
std::int64_t jitter(int person, int day, std::int64_t range) {
  const auto h = mix(static_cast<std::uint64_t>(person) * std::uint64_t{1000003} +
                     static_cast<std::uint64_t>(day));
  return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(range));
}

std::string card_of(int person) { return kMine + std::to_string(10000 + person); }
std::string area_of(int n) { return kMine + std::to_string(1000 + n); }

// One person's trip of day `day`: shift (i % 3) start −20..+10 min, 8–9 h long; route
// shaft 10 min, roadway 20 min, work area, (a quarter move to a second work area mid-way),
// roadway 20 min, shaft 10 min.
struct Leg {
  Time from;
  int area;
};
struct PlannedTrip {
  Time entry, exit;
  std::vector<Leg> legs;
};
PlannedTrip plan(int person, int day) {
  PlannedTrip t;
  const Time shift = kDay0 + Seconds{std::int64_t{day} * 86400 + (person % 3) * 8 * 3600};
  t.entry = shift + Seconds{jitter(person, day, 1800) - 1200};
  t.exit = t.entry + Seconds{8 * 3600 + jitter(person, day + 7, 3600)};
  const int shaft = person % 2;
  const int road = 2 + person % 8;
  const int work = 10 + person % kWorkAreas;
  t.legs.push_back({t.entry, shaft});
  t.legs.push_back({t.entry + Seconds{600}, road});
  t.legs.push_back({t.entry + Seconds{1800}, work});
  if (person % 4 == 0) {
    t.legs.push_back({t.entry + Seconds{4 * 3600}, 10 + (person + 1) % kWorkAreas});
  }
  t.legs.push_back({t.exit - Seconds{1800}, road});
  t.legs.push_back({t.exit - Seconds{600}, shaft});
  return t;
}

// The RYSS snapshot at `t` (reusing `out`'s storage).
void snapshot_at(Time t, std::vector<Presence>& out) {
  out.clear();
  const int day = static_cast<int>((t - kDay0).count() / 86400);
  for (int i = 0; i < kPeople; ++i) {
    for (int d = day - 1; d <= day; ++d) {  // a night shift crosses midnight
      const PlannedTrip trip = plan(i, d);
      if (t < trip.entry || t >= trip.exit + kListedUp) continue;
      Presence p;
      p.card = card_of(i);
      p.entry_time = trip.entry;
      if (t >= trip.exit) {
        p.flag = UndergroundFlag::kSurfaced;
        p.exit_time = trip.exit;
      } else {
        const Leg* leg = &trip.legs.front();
        for (const Leg& l : trip.legs) {
          if (l.from <= t) leg = &l;
        }
        p.area = area_of(leg->area);
        p.area_entry_time = leg->from;
      }
      out.push_back(std::move(p));
    }
  }
}

// Snapshots of `days` days, from day 0.
std::vector<Time> snapshot_times(int days) {
  std::vector<Time> out;
  for (Time t = kDay0; t < kDay0 + Seconds{std::int64_t{days} * 86400}; t += kPeriod)
    out.push_back(t);
  return out;
}

std::unique_ptr<Db> open_backend(std::int64_t backend, const mw::testing::TempDir& dir,
                                 std::string& pg_schema) {
  std::unique_ptr<Db> db;
  if (backend == 0) {
    db = SqliteDb::open(dir.sub("minewatch.db")).value();
  } else {
    const char* dsn = std::getenv("MW_PG_DSN");
    if (dsn == nullptr) return nullptr;
    db = PostgresDb::open(dsn).value();
    pg_schema = "bench_" + std::to_string(::getpid());
    if (!db->exec_script("DROP SCHEMA IF EXISTS " + pg_schema + " CASCADE; CREATE SCHEMA " +
                         pg_schema + "; SET search_path TO " + pg_schema)
             .ok()) {
      throw std::runtime_error("postgres schema");
    }
  }
  if (!migrate(*db, ManualClock()).ok()) throw std::runtime_error("migrate");
  return db;
}

// Bytes of the personnel tables with their indexes, and their row counts.
struct DiskUse {
  double trip_bytes = 0, interval_bytes = 0, trips = 0, intervals = 0;
};
DiskUse disk_use(Db& db) {
  DiskUse u;
  u.trips = static_cast<double>(query_int64(db, "SELECT count(*) FROM personnel_trips").value());
  u.intervals =
      static_cast<double>(query_int64(db, "SELECT count(*) FROM personnel_intervals").value());
  if (db.dialect() == Dialect::kSqlite) {
    // dbstat: pages of each table and index.
    const char* sum =
        "SELECT sum(pgsize) FROM dbstat WHERE name = ? OR name IN "
        "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)";
    u.trip_bytes =
        static_cast<double>(query_int64(db, sum, {"personnel_trips", "personnel_trips"}).value());
    u.interval_bytes = static_cast<double>(
        query_int64(db, sum, {"personnel_intervals", "personnel_intervals"}).value());
  } else {
    // Without dead row versions of the upserts (plain VACUUM lets later rows reuse them).
    (void)db.exec_script("VACUUM FULL personnel_trips; VACUUM FULL personnel_intervals");
    u.trip_bytes = static_cast<double>(
        query_int64(db, "SELECT pg_total_relation_size('personnel_trips')").value());
    u.interval_bytes = static_cast<double>(
        query_int64(db, "SELECT pg_total_relation_size('personnel_intervals')").value());
  }
  return u;
}

// Derive only: a day of snapshots through a fresh deriver.
void BM_DeriveDay(benchmark::State& state) {
  const auto times = snapshot_times(1);
  std::vector<std::vector<Presence>> snaps(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) snapshot_at(times[i], snaps[i]);
  std::size_t records = 0, rows = 0, peak_tracked = 0, bytes_at_peak = 0;
  for (auto _ : state) {
    PersonnelDeriver d;
    records = rows = peak_tracked = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      const auto u = d.apply(kMine, times[i], snaps[i]);
      rows += u.trips.size() + u.intervals.size();
      records += snaps[i].size();
      if (d.tracked() > peak_tracked) {
        peak_tracked = d.tracked();
        bytes_at_peak = d.memory_bytes();
      }
    }
  }
  const auto n = static_cast<double>(state.iterations());
  state.counters["snapshots_per_s"] =
      benchmark::Counter(n * static_cast<double>(times.size()), benchmark::Counter::kIsRate);
  state.counters["records_per_s"] =
      benchmark::Counter(n * static_cast<double>(records), benchmark::Counter::kIsRate);
  state.counters["rows_per_day"] = static_cast<double>(rows);
  state.counters["peak_tracked"] = static_cast<double>(peak_tracked);
  state.counters["bytes_per_card"] =
      static_cast<double>(bytes_at_peak) / static_cast<double>(peak_tracked);
}
BENCHMARK(BM_DeriveDay)->Unit(benchmark::kMillisecond);

// Derive and store `days` days, one transaction per snapshot (as the pipeline applies a
// file) or per 12 (an hour of them). Snapshots are generated outside the timing.
void BM_DeriveAndStore(benchmark::State& state) {
  const auto times = snapshot_times(static_cast<int>(state.range(1)));
  const auto per_commit = static_cast<std::size_t>(state.range(2));
  double rows = 0;
  DiskUse use;
  for (auto _ : state) {
    state.PauseTiming();
    mw::testing::TempDir dir("mw_personnel_bench");
    std::string schema;
    auto db = open_backend(state.range(0), dir, schema);
    if (!db) {
      state.ResumeTiming();
      state.SkipWithError("MW_PG_DSN is not set");
      return;
    }
    PersonnelRepo repo(*db);
    PersonnelDeriver d;
    std::vector<Presence> snap;
    rows = 0;
    std::vector<PersonnelUpdate> batch;
    for (std::size_t i = 0; i < times.size(); ++i) {
      snapshot_at(times[i], snap);
      state.ResumeTiming();
      batch.push_back(d.apply(kMine, times[i], snap));
      rows += static_cast<double>(batch.back().trips.size() + batch.back().intervals.size());
      if (batch.size() == per_commit || i + 1 == times.size()) {
        if (!repo.write(batch).ok()) throw std::runtime_error("write");
        batch.clear();
      }
      state.PauseTiming();
    }
    use = disk_use(*db);
    if (!schema.empty()) (void)db->exec_script("DROP SCHEMA " + schema + " CASCADE");
    state.ResumeTiming();
  }
  const auto n = static_cast<double>(state.iterations());
  state.counters["snapshots_per_s"] =
      benchmark::Counter(n * static_cast<double>(times.size()), benchmark::Counter::kIsRate);
  state.counters["rows_per_s"] = benchmark::Counter(n * rows, benchmark::Counter::kIsRate);
  state.counters["trips"] = use.trips;
  state.counters["intervals"] = use.intervals;
  state.counters["trip_bytes_per_trip"] = use.trip_bytes / use.trips;
  state.counters["bytes_per_interval"] = use.interval_bytes / use.intervals;
  state.counters["disk_bytes_per_trip"] = (use.trip_bytes + use.interval_bytes) / use.trips;
}
BENCHMARK(BM_DeriveAndStore)
    ->ArgNames({"pg", "days", "per_commit"})
    ->Args({0, 1, 1})
    ->Args({0, 1, 12})
    ->Args({1, 1, 1})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A store holding query_days() days (7, or MW_BENCH_DAYS: to see that the queries do not
// slow down as history grows), built once per backend for the query benchmarks.
int query_days() {
  static const int days = [] {
    const char* v = std::getenv("MW_BENCH_DAYS");
    const int n = v == nullptr ? 7 : std::atoi(v);
    return n >= 2 ? n : 7;
  }();
  return days;
}
struct QueryStore {
  mw::testing::TempDir dir{"mw_personnel_query"};
  std::string schema;
  std::unique_ptr<Db> db;
  ~QueryStore() {
    if (db && !schema.empty()) (void)db->exec_script("DROP SCHEMA " + schema + " CASCADE");
  }
};
QueryStore* query_store(std::int64_t backend) {
  static std::unique_ptr<QueryStore> stores[2];
  auto& s = stores[backend];
  if (!s) {
    s = std::make_unique<QueryStore>();
    s->db = open_backend(backend, s->dir, s->schema);
    if (!s->db) return nullptr;
    PersonnelRepo repo(*s->db);
    PersonnelDeriver d;
    std::vector<Presence> snap;
    std::vector<PersonnelUpdate> batch;
    for (const Time t : snapshot_times(query_days())) {
      snapshot_at(t, snap);
      batch.push_back(d.apply(kMine, t, snap));
      if (batch.size() == 12) {  // an hour per transaction: building is not what is measured
        if (!repo.write(batch).ok()) throw std::runtime_error("write");
        batch.clear();
      }
    }
    if (!repo.write(batch).ok()) throw std::runtime_error("write");
    if (backend == 1) (void)s->db->exec_script("ANALYZE");
  }
  return s->db ? s.get() : nullptr;
}

// "Who was underground at t", t anywhere in the last day of the store.
void BM_UndergroundAt(benchmark::State& state) {
  QueryStore* s = query_store(state.range(0));
  if (s == nullptr) {
    state.SkipWithError("MW_PG_DSN is not set");
    return;
  }
  PersonnelRepo repo(*s->db);
  std::mt19937 rng(7);
  std::size_t cards = 0;
  for (auto _ : state) {
    const Time t = kDay0 + Seconds{std::int64_t{query_days() - 1} * 86400 +
                                   static_cast<std::int64_t>(rng() % 86400)};
    auto r = repo.underground_at(kMine, t);
    if (!r.ok()) throw std::runtime_error(r.status().to_string());
    cards += r->size();
  }
  state.counters["cards"] = static_cast<double>(cards) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_UndergroundAt)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Headcount of a work area over a day in 5-min steps (288 points).
void BM_AreaHeadcountDay(benchmark::State& state) {
  QueryStore* s = query_store(state.range(0));
  if (s == nullptr) {
    state.SkipWithError("MW_PG_DSN is not set");
    return;
  }
  PersonnelRepo repo(*s->db);
  int k = 0;
  for (auto _ : state) {
    const Time from = kDay0 + Seconds{std::int64_t{(k++ % (query_days() - 1)) + 1} * 86400};
    auto r = repo.area_headcount(kMine, area_of(10 + k % kWorkAreas), from, from + Seconds{86400},
                                 kPeriod);
    if (!r.ok() || r->size() != 288) throw std::runtime_error("headcount");
  }
}
BENCHMARK(BM_AreaHeadcountDay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Trips of one card over the whole store (one trip a day).
void BM_TripsOfCard(benchmark::State& state) {
  QueryStore* s = query_store(state.range(0));
  if (s == nullptr) {
    state.SkipWithError("MW_PG_DSN is not set");
    return;
  }
  PersonnelRepo repo(*s->db);
  int k = 0;
  for (auto _ : state) {
    auto r = repo.trips_of(kMine, card_of(k++ % kPeople), kDay0,
                           kDay0 + Seconds{std::int64_t{query_days()} * 86400});
    if (!r.ok() || r->empty()) throw std::runtime_error("trips_of");
  }
}
BENCHMARK(BM_TripsOfCard)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mw::store

BENCHMARK_MAIN();
