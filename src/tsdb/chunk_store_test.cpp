#include "tsdb/chunk_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <utility>
#include <vector>

#include "base/temp_dir.hpp"
#include "tsdb/synthetic_series.hpp"

namespace mw::tsdb {
namespace {

using ::mw::testing::TempDir;

const Time kT0{Seconds{1'790'121'600}};  // a 6 h window boundary

// Seals `samples` of series `id` into chunks of one window each, as the head does.
std::vector<StoredChunk> seal(SeriesId id, const std::vector<SeriesSample>& samples) {
  Head head;
  for (const auto& s : samples) head.append(id, s);
  head.seal_all();
  std::vector<StoredChunk> out;
  for (auto& c : head.take_sealed()) {
    auto decoded = decode_chunk(c.bytes).value();
    out.push_back({std::move(c), compute_rollups(decoded)});
  }
  return out;
}

std::vector<SeriesSample> in_range(const std::vector<SeriesSample>& all, Time from, Time to) {
  std::vector<SeriesSample> out;
  for (const auto& s : all) {
    if (s.time >= from && s.time < to) out.push_back(s);
  }
  return out;
}

// Runs one SQL statement on the store's file through a separate connection.
void sql(const std::filesystem::path& path, const std::string& statement) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err != nullptr ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// Flips bit 0 of byte `at` of the BLOB `column` of every row of `table`.
void flip_blob_bit(const std::filesystem::path& path, const std::string& table, int at,
                   const std::string& column = "data") {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, ("SELECT rowid, " + column + " FROM " + table).c_str(), -1,
                               &read, nullptr),
            SQLITE_OK);
  std::vector<std::pair<std::int64_t, std::string>> rows;
  while (sqlite3_step(read) == SQLITE_ROW) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(read, 1));
    std::string data(p, static_cast<std::size_t>(sqlite3_column_bytes(read, 1)));
    const auto i = static_cast<std::size_t>(at);
    data.at(i) = static_cast<char>(data[i] ^ 1);
    rows.emplace_back(sqlite3_column_int64(read, 0), data);
  }
  sqlite3_finalize(read);
  ASSERT_FALSE(rows.empty());
  for (const auto& [rowid, data] : rows) {
    sqlite3_stmt* w = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(
                  db, ("UPDATE " + table + " SET " + column + " = ? WHERE rowid = ?").c_str(), -1,
                  &w, nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(w, 1, data.data(), static_cast<int>(data.size()), SQLITE_STATIC);
    sqlite3_bind_int64(w, 2, rowid);
    EXPECT_EQ(sqlite3_step(w), SQLITE_DONE);
    sqlite3_finalize(w);
  }
  sqlite3_close(db);
}

TEST(ChunkStore, ChunksRollupsAndSeriesSurviveACloseAndReopen) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  const auto fleet = make_fleet(6, 3, kT0, Seconds{86400}, Seconds{30}, 17);
  SeriesIndex index;
  {
    auto store = ChunkStore::open(path);
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    std::vector<StoredChunk> all;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const auto id =
          index.get_or_add("14042100" + std::to_string(fleet[i].mine), "P" + std::to_string(i));
      ASSERT_TRUE(id.ok());
      for (auto& c : seal(*id, fleet[i].samples)) all.push_back(std::move(c));
    }
    ASSERT_TRUE((*store)->write(index, 0, all).ok());
  }
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  const auto series = (*store)->load_series();
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), fleet.size());
  for (SeriesId id = 0; id < fleet.size(); ++id) {
    EXPECT_EQ((*series)[id].mine, index.mine_of(id));
    EXPECT_EQ((*series)[id].point, index.point_of(id));
    std::vector<SeriesSample> got;
    ASSERT_TRUE((*store)->read_chunks(id, kT0, kT0 + Seconds{86400}, got).ok());
    EXPECT_EQ(got, fleet[id].samples);
    std::vector<Rollup> rollups;
    ASSERT_TRUE((*store)->read_rollups(id, kT0, kT0 + Seconds{86400}, rollups).ok());
    EXPECT_EQ(rollups, compute_rollups(fleet[id].samples));
    const auto latest = (*store)->latest(id);
    ASSERT_TRUE(latest.ok() && latest->has_value());
    EXPECT_EQ(**latest, fleet[id].samples.back());
  }
  // A range inside one window returns that window's chunk (which covers the range).
  std::vector<SeriesSample> got;
  const Time from = kT0 + Seconds{7 * 3600}, to = kT0 + Seconds{8 * 3600};
  ASSERT_TRUE((*store)->read_chunks(0, from, to, got).ok());
  EXPECT_EQ(in_range(got, from, to), in_range(fleet[0].samples, from, to));
  EXPECT_LE(got.size(), 720U);
  // A series never stored has nothing.
  const auto none = (*store)->latest(999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

// Writes one hour of 30-s samples of series 0, sealed, to a new store file and closes it:
// what the damaged-data tests then break through a separate connection.
std::vector<SeriesSample> write_one_hour(const std::filesystem::path& path) {
  SeriesIndex index;
  EXPECT_TRUE(index.get_or_add("140421001", "CH4").ok());
  auto samples = make_fleet(1, 1, kT0, Seconds{3600}, Seconds{30}, 4)[0].samples;
  auto store = ChunkStore::open(path);
  EXPECT_TRUE(store.ok()) << store.status().to_string();
  if (store.ok()) {
    EXPECT_TRUE((*store)->write(index, 0, seal(0, samples)).ok());
  }
  return samples;
}

TEST(ChunkStore, ADamagedBlockBlobIsCorruptionNotData) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  write_one_hour(path);
  // Flip one bit in the middle of the stored chunk.
  flip_blob_bit(path, "tsdb_blocks", 20);
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  std::vector<SeriesSample> got;
  const Status s = (*store)->read_chunks(0, kT0, kT0 + Seconds{3600}, got);
  EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.to_string();
  EXPECT_TRUE(got.empty());
  EXPECT_EQ((*store)->latest(0).status().code(), StatusCode::kCorruption);
}

TEST(ChunkStore, ADamagedRollupRowIsCorruption) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  write_one_hour(path);
  flip_blob_bit(path, "tsdb_chunks", 3, "rollups");
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  std::vector<Rollup> got;
  EXPECT_EQ((*store)->read_rollups(0, kT0, kT0 + Seconds{3600}, got).code(),
            StatusCode::kCorruption);
}

TEST(ChunkStore, ADamagedTimelineIsCorruption) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  const std::vector<SeriesSample> samples = write_one_hour(path);
  flip_blob_bit(path, "tsdb_blocks", 5, "times");
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  std::vector<Rollup> got;
  EXPECT_EQ((*store)->read_rollups(0, kT0, kT0 + Seconds{3600}, got).code(),
            StatusCode::kCorruption);
  // The raw samples do not depend on the timeline.
  std::vector<SeriesSample> raw;
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{3600}, raw).ok());
  EXPECT_EQ(raw, samples);
}

TEST(ChunkStore, AFileOfLayoutOneIsRefusedWithWhatToDo) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  sql(path, "CREATE TABLE tsdb_rollups (series INTEGER, first_time INTEGER, data BLOB)");
  const auto store = ChunkStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("replay the journal"), std::string::npos);
}

TEST(ChunkStore, ARowThatDisagreesWithItsChunkIsCorruption) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  const std::vector<SeriesSample> samples = write_one_hour(path);
  sql(path, "UPDATE tsdb_chunks SET count = count + 1");
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  std::vector<SeriesSample> got;
  EXPECT_EQ((*store)->read_chunks(0, kT0, kT0 + Seconds{3600}, got).code(),
            StatusCode::kCorruption);
  store->reset();
  sql(path, "UPDATE tsdb_chunks SET count = count - 1, position = 1");  // block holds one
  store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->read_chunks(0, kT0, kT0 + Seconds{3600}, got).code(),
            StatusCode::kCorruption);
  store->reset();
  sql(path, "UPDATE tsdb_chunks SET position = 0");
  store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{3600}, got).ok());
  EXPECT_EQ(got, samples);
}

// Counts the rows of `table` through a separate connection.
std::int64_t rows_of(const std::filesystem::path& path, const std::string& table) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, ("SELECT count(*) FROM " + table).c_str(), -1, &s, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

TEST(ChunkStore, RetentionDeletesABlockOnlyWithItsNewestChunk) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  SeriesIndex index;
  ASSERT_TRUE(index.get_or_add("140421001", "CH4").ok());
  ASSERT_TRUE(index.get_or_add("140421002", "CH4").ok());
  // Two mines, one seal: two blocks. Mine 1's newest sample is 6 h later than mine 2's.
  auto chunks = seal(0, {{kT0, Decimal{1, 0}, 0}, {kT0 + Seconds{6 * 3600}, Decimal{2, 0}, 0}});
  for (auto& c : seal(1, {{kT0, Decimal{3, 0}, 0}})) chunks.push_back(std::move(c));
  ASSERT_TRUE((*store)->write(index, 0, chunks).ok());
  const std::string raw_blocks = "tsdb_blocks WHERE data IS NOT NULL";
  ASSERT_EQ(rows_of(path, raw_blocks), 2);
  // Past both mines' first window: mine 1's block keeps its second chunk, mine 2's goes.
  ASSERT_TRUE((*store)->delete_before(kT0 + Seconds{1}, kT0).ok());
  EXPECT_EQ(rows_of(path, raw_blocks), 1);
  std::vector<SeriesSample> got;
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{86400}, got).ok());
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].value, (Decimal{2, 0}));
  ASSERT_TRUE((*store)->delete_before(kT0 + Seconds{86400}, kT0).ok());
  EXPECT_EQ(rows_of(path, raw_blocks), 0);
  // The rollups outlive the raw samples: their rows and the blocks' timelines stay.
  EXPECT_EQ(rows_of(path, "tsdb_blocks"), 2);
  std::vector<Rollup> rollups;
  ASSERT_TRUE((*store)->read_rollups(1, kT0, kT0 + Seconds{86400}, rollups).ok());
  ASSERT_EQ(rollups.size(), 1U);
  EXPECT_EQ(rollups[0].max, (Decimal{3, 0}));
  const auto latest = (*store)->latest(0);
  ASSERT_TRUE(latest.ok());
  EXPECT_FALSE(latest->has_value());
  // Past the rollups' retention, rows and blocks go.
  ASSERT_TRUE((*store)->delete_before(kT0 + Seconds{86400}, kT0 + Seconds{86400}).ok());
  EXPECT_EQ(rows_of(path, "tsdb_blocks"), 0);
  EXPECT_EQ(rows_of(path, "tsdb_chunks"), 0);
}

TEST(ChunkStore, RetentionDeletesExactlyTheRowsWhoseNewestSampleIsOlder) {
  TempDir dir;
  auto store = ChunkStore::open(dir.file("minewatch.db"));
  ASSERT_TRUE(store.ok());
  SeriesIndex index;
  ASSERT_TRUE(index.get_or_add("140421001", "CH4").ok());
  // One sample every hour for a day: one chunk per 6 h window, last samples at +5 h, +11 h...
  std::vector<SeriesSample> samples;
  for (int h = 0; h < 24; ++h) samples.push_back({kT0 + Seconds{h * 3600}, Decimal{h, 0}, 0});
  ASSERT_TRUE((*store)->write(index, 0, seal(0, samples)).ok());
  // Raw: the cut at +11 h keeps the chunk ending exactly at +11 h, drops the one at +5 h;
  // its rollups stay.
  auto deleted = (*store)->delete_before(kT0 + Seconds{11 * 3600}, kT0);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  std::vector<SeriesSample> got;
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{86400}, got).ok());
  ASSERT_EQ(got.size(), 18U);
  EXPECT_EQ(got.front().time, kT0 + Seconds{6 * 3600});
  std::vector<Rollup> rollups;
  ASSERT_TRUE((*store)->read_rollups(0, kT0, kT0 + Seconds{86400}, rollups).ok());
  EXPECT_EQ(rollups, compute_rollups(samples));
  // Raw and rollups cut at +17 h + 1 s: the raw of the chunks ending at +11 and +17 h goes
  // (2) and the rows ending at +5, +11 and +17 h (3), rollups with them.
  deleted = (*store)->delete_before(kT0 + Seconds{17 * 3600 + 1}, kT0 + Seconds{17 * 3600 + 1});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2 + 3);
  got.clear();
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{86400}, got).ok());
  ASSERT_EQ(got.size(), 6U);
  EXPECT_EQ(got.front().time, kT0 + Seconds{18 * 3600});
  rollups.clear();
  ASSERT_TRUE((*store)->read_rollups(0, kT0, kT0 + Seconds{86400}, rollups).ok());
  ASSERT_EQ(rollups.size(), 6U);
  EXPECT_EQ(rollups.front().period, kT0 + Seconds{18 * 3600});
}

// Passes in steps of one series, each from the last pass's cut, find every chunk that
// became old since, and only those: the same rows as one pass over everything.
TEST(ChunkStore, RetentionInStepsFromTheLastCutMissesNothing) {
  TempDir dir;
  const auto path = dir.file("minewatch.db");
  auto store = ChunkStore::open(path);
  ASSERT_TRUE(store.ok());
  SeriesIndex index;
  std::vector<StoredChunk> chunks;
  for (SeriesId id = 0; id < 3; ++id) {
    ASSERT_TRUE(index.get_or_add("140421001", "P" + std::to_string(id)).ok());
    // One sample an hour for two days: 8 chunks per series, one per 6 h window.
    std::vector<SeriesSample> samples;
    for (int h = 0; h < 48; ++h) samples.push_back({kT0 + Seconds{h * 3600}, Decimal{h, 0}, 0});
    for (auto& c : seal(id, samples)) chunks.push_back(std::move(c));
  }
  ASSERT_TRUE((*store)->write(index, 0, chunks).ok());
  const auto pass = [&](Time raw_before) {
    std::int64_t rows = 0;
    ChunkStore::RetentionStep step;
    int steps = 0;
    do {
      auto r = (*store)->retention_step(raw_before, kT0, step.next, 1);
      EXPECT_TRUE(r.ok()) << r.status().to_string();
      if (!r.ok()) return std::int64_t{-1};
      step = *r;
      rows += step.rows;
      ++steps;
    } while (!step.done);
    EXPECT_EQ(steps, 3);
    return rows;
  };
  const std::string raw_rows = "tsdb_chunks WHERE position >= 0";
  // Windows end at +5 h, +11 h, ... +47 h. A cut at +9 h, inside the second window, takes
  // the first; the next cut must still find the second, which began before +9 h.
  EXPECT_EQ(pass(kT0 + Seconds{9 * 3600}), 3);
  EXPECT_EQ(rows_of(path, raw_rows), 21);
  EXPECT_EQ(pass(kT0 + Seconds{9 * 3600}), 0);
  EXPECT_EQ(pass(kT0 + Seconds{12 * 3600}), 3);
  EXPECT_EQ(rows_of(path, raw_rows), 18);
  // The next cut, 13 h later: the windows ending at +17 h and +23 h.
  EXPECT_EQ(pass(kT0 + Seconds{25 * 3600}), 6);
  EXPECT_EQ(rows_of(path, raw_rows), 12);
  // A cut behind the last one (retention made longer) clears nothing and keeps the mark.
  EXPECT_EQ(pass(kT0 + Seconds{6 * 3600}), 0);
  EXPECT_EQ(pass(kT0 + Seconds{48 * 3600}), 12);
  EXPECT_EQ(rows_of(path, raw_rows), 0);
  EXPECT_EQ(rows_of(path, "tsdb_blocks WHERE data IS NOT NULL"), 0);
}

TEST(ChunkStore, ASealIsAllOrNothing) {
  TempDir dir;
  auto store = ChunkStore::open(dir.file("minewatch.db"));
  ASSERT_TRUE(store.ok());
  SeriesIndex index;
  ASSERT_TRUE(index.get_or_add("140421001", "CH4").ok());
  auto chunks = seal(0, {{kT0, Decimal{1, 0}, 0}, {kT0 + Seconds{30}, Decimal{2, 0}, 0}});
  StoredChunk too_long = chunks[0];
  too_long.chunk.first = kT0 - Seconds{7 * 3600};  // longer than max_chunk_span
  chunks.push_back(too_long);
  EXPECT_EQ((*store)->write(index, 0, chunks).code(), StatusCode::kInvalidArgument);
  const auto series = (*store)->load_series();
  ASSERT_TRUE(series.ok());
  EXPECT_TRUE(series->empty());
  std::vector<SeriesSample> got;
  ASSERT_TRUE((*store)->read_chunks(0, kT0, kT0 + Seconds{60}, got).ok());
  EXPECT_TRUE(got.empty());
}

}  // namespace
}  // namespace mw::tsdb
