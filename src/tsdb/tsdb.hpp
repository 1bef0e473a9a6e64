#pragma once
// The time-series store of one shard: series index + head chunks in memory, sealed chunks
// and 5-minute rollups in SQLite (chunk_store), queries that merge the two, and retention.
//
// Thread safety: a Tsdb belongs to its shard's thread (architecture.md §3); every method,
// queries included, runs on that thread, so appends take no lock. Readers on other threads
// either ask the shard (a message; the answer is a copy) or open their own ChunkStore on the
// same file for sealed data (WAL snapshot) — they never touch the heads directly.
//
// After a restart the heads are empty and the journal replays what was not sealed. The
// first append to a stored series after a reopen reads the time of its newest stored
// sample (one index lookup); samples at or before it are kDuplicate, so a replay stores
// nothing twice and rollups count nothing twice.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "tsdb/chunk_store.hpp"
#include "tsdb/head.hpp"
#include "tsdb/rollup.hpp"
#include "tsdb/series_index.hpp"

namespace mw::tsdb {

// Spans up to this are answered with raw samples, longer ones with 5-minute rollups:
// 6 h at 30 s is 720 points, about what a chart's width shows; a day of rollups is 288.
inline constexpr Seconds kRawSpanLimit{6 * 3600};

struct TsdbOptions {
  HeadOptions head;
  // architecture.md §4 (the regulations' minimums): raw values ≥ 90 days, 5-minute
  // statistics ≥ 2 years. A chunk or rollup row goes once its newest sample is older.
  Seconds raw_retention{90 * 86400};
  Seconds rollup_retention{2 * 366 * 86400};
};

struct PointLatest {
  std::string point;
  SeriesSample sample;
};

struct SpanRange {
  bool raw = true;  // raw samples, else 5-minute rollups
  std::vector<SeriesSample> samples;
  std::vector<Rollup> rollups;
};

class Tsdb {
 public:
  // Opens (or creates) the store at `path` and reloads its series index.
  static Result<std::unique_ptr<Tsdb>> open(const std::filesystem::path& path,
                                            TsdbOptions options = {});

  // kInvalidArgument for bad codes, an error of the store's lookup after a reopen; a bad
  // sample is an outcome (AppendOutcome), not an error.
  Result<AppendOutcome> append(std::string_view mine, std::string_view point,
                               const SeriesSample& sample);
  // Seals the heads whose window ended at or before `now` and stores them (one transaction).
  Status seal(Time now);
  // Seals and stores every head (shutdown).
  Status flush();

  // The newest sample of every point of `mine`, in order of first sight: from the heads,
  // or the store for a series not seen since a restart.
  Result<std::vector<PointLatest>> latest_of_mine(std::string_view mine);
  // Samples with from <= time < to, oldest first, one per time (heads and store merged).
  Result<std::vector<SeriesSample>> raw_range(std::string_view mine, std::string_view point,
                                              Time from, Time to);
  // 5-minute rollups whose period starts in [period_of(from), to), oldest first.
  Result<std::vector<Rollup>> rollup_range(std::string_view mine, std::string_view point, Time from,
                                           Time to);
  // raw_range when to − from <= kRawSpanLimit, else rollup_range.
  Result<SpanRange> range_by_span(std::string_view mine, std::string_view point, Time from,
                                  Time to);

  // Deletes stored chunks older than raw_retention and rollups older than rollup_retention
  // before `now`; returns the rows deleted.
  Result<std::int64_t> apply_retention(Time now);

  // Bytes held per series beyond its head samples, all series together: series index, head
  // state, duplicate floors, per-mine lists (container capacities; allocator headers not
  // counted). Issue 5 budgets 200 bytes per active series.
  std::size_t series_overhead_bytes() const noexcept;

  ChunkStore& store() { return *store_; }
  const SeriesIndex& index() const { return index_; }

 private:
  Tsdb(std::unique_ptr<ChunkStore> store, TsdbOptions options);
  Status store_sealed();

  TsdbOptions options_;
  std::unique_ptr<ChunkStore> store_;
  SeriesIndex index_;
  Head head_;
  SeriesId persisted_series_ = 0;  // ids below this are in tsdb_series
  // Per series loaded at open: kUnchecked until its first append, then the newest stored
  // time (samples at or before it are duplicates) until a newer sample passes it, then
  // kNoFloor. 8 bytes per series.
  static constexpr std::int64_t kUnchecked = INT64_MIN;
  static constexpr std::int64_t kNoFloor = INT64_MIN + 1;
  std::vector<std::int64_t> floor_;
  std::unordered_map<std::string, std::vector<SeriesId>> mine_series_;
};

}  // namespace mw::tsdb
