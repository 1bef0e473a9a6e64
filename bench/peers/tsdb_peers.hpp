#pragma once
// The peer benchmark's data and its two in-process contestants (docs/storage.md "tsdb
// against its peers"), compiled into tsdb_bench and run by bench/peers/run.sh:
//   tsdb_bench --export_peers=DIR   writes the workload for every peer into DIR;
//   tsdb_bench --peer=minewatch|sqlite --dir=DIR   loads it, measures, prints a RESULT line.
// The workload is tsdb_bench's: the 1,700-series day of the storage issue (seed 2026) plus a
// 13-point mine over 3 h (seed 13), in time order across series as a shard receives it.
// Result line: RESULT|name|samples|load seconds|bytes on disk|latest-13 µs|24 h range µs
// (latencies: median of kRepeats runs).
//
// Header-only: bench/CMakeLists.txt builds tsdb_bench from tsdb_bench.cpp alone.

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::tsdb::peers {

inline constexpr std::size_t kFleetSeries = 1700;
inline constexpr std::size_t kFleetPerMine = 200;
inline constexpr std::size_t kSmallMine = 13;  // the "last value of 13 points"
inline constexpr int kRepeats = 200;
inline const Time kStart{Seconds{1'790'121'600}};  // 2026-09-23 00:00 UTC

struct PeerSeries {
  std::string mine;
  std::string point;
  std::vector<SeriesSample> samples;
};

struct Row {
  std::uint32_t series;
  SeriesSample sample;
};

struct Workload {
  std::vector<PeerSeries> series;  // fleet first, then the 13-point mine
  std::vector<Row> rows;           // every sample, in time order across series (hour by hour)
  std::size_t range_series = 0;    // the 24 h range query: fleet series 0 (methane)
  std::size_t small_first = kFleetSeries;
};

inline Workload make_workload() {
  Workload w;
  const auto fleet =
      make_fleet(kFleetSeries, kFleetPerMine, kStart, Seconds{86400}, Seconds{30}, 2026);
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    w.series.push_back({"14042100" + std::to_string(10 + fleet[i].mine),
                        "MN" + std::to_string(100000 + i), fleet[i].samples});
  }
  const auto small = make_fleet(kSmallMine, kSmallMine, kStart, Seconds{3 * 3600}, Seconds{30}, 13);
  for (std::size_t i = 0; i < small.size(); ++i) {
    w.series.push_back({"Q1404210010", "MN" + std::to_string(100000 + i), small[i].samples});
  }
  // Hour by hour, series by series: what a shard sees from the mines' 30 s files.
  std::vector<std::size_t> next(w.series.size(), 0);
  for (Time until = kStart + Seconds{3600};; until += Seconds{3600}) {
    bool more = false;
    for (std::size_t i = 0; i < w.series.size(); ++i) {
      const auto& s = w.series[i].samples;
      while (next[i] < s.size() && s[next[i]].time < until) {
        w.rows.push_back({static_cast<std::uint32_t>(i), s[next[i]++]});
      }
      more = more || next[i] < s.size();
    }
    if (!more) break;
  }
  return w;
}

inline std::int64_t unix_s(Time t) { return t.time_since_epoch().count(); }

// The peers key a series by one code: "<mine>.<point>".
inline std::string code_of(const PeerSeries& s) { return s.mine + "." + s.point; }

// DIR/vm.csv (VictoriaMetrics CSV import), DIR/influx.lp (InfluxDB line protocol, seconds),
// DIR/pg.csv (COPY: series id, timestamptz, value, status), DIR/queries.env (for the scripts).
inline int export_peers(const std::filesystem::path& dir) {
  const Workload w = make_workload();
  std::ofstream vm(dir / "vm.csv"), lp(dir / "influx.lp"), pg(dir / "pg.csv");
  std::string line;
  for (const Row& r : w.rows) {
    const PeerSeries& s = w.series[r.series];
    const std::string value = format_decimal(r.sample.value);
    const std::string t = std::to_string(unix_s(r.sample.time));
    vm << s.mine << ',' << s.point << ',' << t << ',' << value << '\n';
    lp << "v,mine=" << s.mine << ",point=" << s.point << " value=" << value << ' ' << t << '\n';
    pg << r.series << ',' << format_iso8601_china(r.sample.time) << ',' << value << ','
       << r.sample.status << '\n';
  }
  std::ofstream q(dir / "queries.env");
  const PeerSeries& range = w.series[w.range_series];
  q << "SAMPLES=" << w.rows.size() << '\n'
    << "SMALL_MINE=" << w.series[w.small_first].mine << '\n'
    << "SMALL_FIRST_ID=" << w.small_first << '\n'
    << "SMALL_COUNT=" << kSmallMine << '\n'
    << "SMALL_END=" << unix_s(kStart) + 3 * 3600 << '\n'
    << "RANGE_ID=" << w.range_series << '\n'
    << "RANGE_MINE=" << range.mine << '\n'
    << "RANGE_POINT=" << range.point << '\n'
    << "RANGE_FROM=" << unix_s(kStart) << '\n'
    << "RANGE_TO=" << unix_s(kStart) + 86400 << '\n'
    << "RANGE_FROM_ISO=" << format_iso8601_china(kStart) << '\n'
    << "RANGE_TO_ISO=" << format_iso8601_china(kStart + Seconds{86400}) << '\n'
    << "RANGE_SAMPLES=" << range.samples.size() << '\n'
    << "REPEATS=" << kRepeats << '\n';
  if (!vm || !lp || !pg || !q) {
    std::fprintf(stderr, "export_peers: writing %s failed\n", dir.c_str());
    return 1;
  }
  return 0;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Median wall time of `fn` over kRepeats runs, in microseconds.
inline double median_us(const std::function<void()>& fn) {
  std::vector<double> us;
  for (int i = 0; i < kRepeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    us.push_back(seconds_since(t0) * 1e6);
  }
  std::nth_element(us.begin(), us.begin() + kRepeats / 2, us.end());
  return us[kRepeats / 2];
}

// Allocated bytes of the files under `dir` (as `du -B1`, what lib.sh measures for the peers).
inline std::uintmax_t dir_bytes(const std::filesystem::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (e.is_regular_file() && ::stat(e.path().c_str(), &st) == 0) {
      n += static_cast<std::uintmax_t>(st.st_blocks) * 512U;
    }
  }
  return n;
}

inline void print_result(const char* name, std::size_t samples, double load_s, std::uintmax_t bytes,
                         double latest_us, double range_us) {
  std::printf("RESULT|%s|%zu|%.3f|%ju|%.1f|%.1f\n", name, samples, load_s, bytes, latest_us,
              range_us);
}

template <class T>
T check(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string(what) + ": " + r.status().to_string());
  return std::move(*r);
}
inline void check(const Status& s, const char* what) {
  if (!s.ok()) throw std::runtime_error(std::string(what) + ": " + s.to_string());
}

// minewatch: Tsdb appends, a seal every hour of data time, flush; bytes = the file after a
// WAL checkpoint. Queries after a reopen (heads empty: every answer comes from SQLite).
inline int run_minewatch(const std::filesystem::path& dir) {
  const Workload w = make_workload();
  const auto file = dir / "minewatch" / "minewatch.db";
  std::filesystem::create_directories(file.parent_path());
  const auto t0 = std::chrono::steady_clock::now();
  {
    auto db = check(Tsdb::open(file), "open");
    Time clock = kStart + Seconds{3600};
    for (const Row& r : w.rows) {
      if (r.sample.time >= clock) {
        check(db->seal(clock), "seal");
        clock += Seconds{3600};
      }
      const PeerSeries& s = w.series[r.series];
      check(db->append(s.mine, s.point, r.sample), "append");
    }
    check(db->flush(), "flush");
    check(db->store().checkpoint(), "checkpoint");
  }
  const double load_s = seconds_since(t0);
  const auto bytes = dir_bytes(file.parent_path());
  auto db = check(Tsdb::open(file), "reopen");
  const std::string small = w.series[w.small_first].mine;
  const PeerSeries& range = w.series[w.range_series];
  const double latest = median_us([&] {
    if (check(db->latest_of_mine(small), "latest").size() != kSmallMine) {
      throw std::runtime_error("latest: not 13 points");
    }
  });
  const double range_us = median_us([&] {
    check(db->raw_range(range.mine, range.point, kStart, kStart + Seconds{86400}), "range");
  });
  print_result("minewatch", w.rows.size(), load_s, bytes, latest, range_us);
  return 0;
}

inline void sql(sqlite3* db, const char* statement) {
  char* err = nullptr;
  if (sqlite3_exec(db, statement, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err != nullptr ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(std::string(statement) + ": " + msg);
  }
}

// SQLite as a plain table: WAL, an index on (series, time), inserts in transactions of
// 10,000 rows, values as REAL (what a generic schema stores).
inline int run_sqlite(const std::filesystem::path& dir) {
  const Workload w = make_workload();
  const auto file = dir / "sqlite" / "samples.db";
  std::filesystem::create_directories(file.parent_path());
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite open");
  sql(db, "PRAGMA journal_mode=WAL");
  sql(db, "PRAGMA synchronous=NORMAL");
  sql(db,
      "CREATE TABLE samples (series INTEGER NOT NULL, time INTEGER NOT NULL, "
      "value REAL NOT NULL, status INTEGER NOT NULL)");
  sql(db, "CREATE INDEX samples_series_time ON samples (series, time)");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO samples VALUES (?, ?, ?, ?)", -1, &ins, nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  constexpr std::size_t kBatch = 10'000;
  for (std::size_t i = 0; i < w.rows.size(); ++i) {
    if (i % kBatch == 0) sql(db, i == 0 ? "BEGIN" : "COMMIT; BEGIN");
    const Row& r = w.rows[i];
    sqlite3_bind_int64(ins, 1, r.series);
    sqlite3_bind_int64(ins, 2, unix_s(r.sample.time));
    sqlite3_bind_double(ins, 3, r.sample.value.to_double());
    sqlite3_bind_int64(ins, 4, r.sample.status);
    if (sqlite3_step(ins) != SQLITE_DONE) throw std::runtime_error("sqlite insert");
    sqlite3_reset(ins);
  }
  sql(db, "COMMIT");
  sqlite3_finalize(ins);
  sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  const double load_s = seconds_since(t0);
  const auto bytes = dir_bytes(file.parent_path());
  sqlite3_stmt* latest = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT time, value FROM samples WHERE series = ? ORDER BY time DESC LIMIT 1",
                     -1, &latest, nullptr);
  const double latest_us = median_us([&] {
    for (std::size_t i = 0; i < kSmallMine; ++i) {
      sqlite3_bind_int64(latest, 1, static_cast<sqlite3_int64>(w.small_first + i));
      if (sqlite3_step(latest) != SQLITE_ROW) throw std::runtime_error("sqlite latest");
      sqlite3_reset(latest);
    }
  });
  sqlite3_stmt* range = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT time, value FROM samples WHERE series = ? AND time >= ? AND time < ? "
                     "ORDER BY time",
                     -1, &range, nullptr);
  std::vector<std::pair<std::int64_t, double>> got;
  const double range_us = median_us([&] {
    got.clear();
    sqlite3_bind_int64(range, 1, static_cast<sqlite3_int64>(w.range_series));
    sqlite3_bind_int64(range, 2, unix_s(kStart));
    sqlite3_bind_int64(range, 3, unix_s(kStart) + 86400);
    while (sqlite3_step(range) == SQLITE_ROW) {
      got.emplace_back(sqlite3_column_int64(range, 0), sqlite3_column_double(range, 1));
    }
    sqlite3_reset(range);
  });
  if (got.size() != w.series[w.range_series].samples.size()) {
    throw std::runtime_error("sqlite range: wrong sample count");
  }
  sqlite3_finalize(latest);
  sqlite3_finalize(range);
  sqlite3_close(db);
  print_result("sqlite", w.rows.size(), load_s, bytes, latest_us, range_us);
  return 0;
}

// Handles the peer modes; returns -1 when argv asks for none of them (run the benchmarks).
inline int peer_main(int argc, char** argv) {
  std::string export_dir, peer, dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--export_peers=", 0) == 0) export_dir = a.substr(15);
    if (a.rfind("--peer=", 0) == 0) peer = a.substr(7);
    if (a.rfind("--dir=", 0) == 0) dir = a.substr(6);
  }
  try {
    if (!export_dir.empty()) return export_peers(export_dir);
    if (peer == "minewatch" && !dir.empty()) return run_minewatch(dir);
    if (peer == "sqlite" && !dir.empty()) return run_sqlite(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "peer %s: %s\n", peer.c_str(), e.what());
    return 1;
  }
  if (!peer.empty()) {
    std::fprintf(stderr, "usage: --export_peers=DIR | --peer=minewatch|sqlite --dir=DIR\n");
    return 2;
  }
  return -1;
}

}  // namespace mw::tsdb::peers
