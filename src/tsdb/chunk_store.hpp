#pragma once
// The sealed chunk store: durable chunks and their 5-minute rollups in one SQLite database
// (WAL), through the sqlite3 C API on its own tables (docs/formats/chunk.md §7):
//   tsdb_series (id ↔ mine + point code), so a restart reopens the same ids;
//   tsdb_blocks: per seal and mine, one zstd block (chunk.md §5) of the mine's chunks and
//     the block's timeline (its distinct sample times), which the rollup rows refer to;
//   tsdb_state ('batch' → the number of the writer's newest committed transaction, so a
//     reader knows which of the writer's queued chunks its snapshot already holds);
//   tsdb_chunks (series, first time) → last time, count, block id, position in the block,
//     and the rollup row of the chunk's samples (chunk.md §7.2).
// One write = one transaction: a crash leaves every chunk of a write stored or none (the
// Tsdb writes a seal in transactions of whole mines; the journal covers the rest).
// Blocks, chunks and rollup rows carry a CRC-32C, checked on every read: a damaged BLOB is
// kCorruption, never data.
//
// Thread safety: one ChunkStore (one connection) per thread. The shard thread writes through
// its own; readers on other threads open their own on the same file and see committed
// seals (SQLite WAL gives each read a consistent snapshot).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "tsdb/chunk_codec.hpp"
#include "tsdb/head.hpp"
#include "tsdb/rollup.hpp"
#include "tsdb/series_index.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mw::tsdb {

struct ChunkStoreOptions {
  // Longest time one chunk may cover: bounds the index scans of range reads. The head's
  // window (6 h) bounds its chunks; chunks longer than this are refused on write.
  Seconds max_chunk_span{6 * 3600};
};

// A chunk to store, with the rollup partials of its samples.
struct StoredChunk {
  SealedChunk chunk;
  std::vector<Rollup> rollups;
};

struct SeriesCode {
  std::string mine;
  std::string point;
};

// A series the store has not seen yet.
struct NewSeries {
  SeriesId id = 0;
  std::string mine;
  std::string point;
};

// One block (the chunks of one mine of one seal) encoded and ready to insert: everything a
// write computes, done before its transaction so the write lock is held for the inserts only.
struct PreparedBlock {
  struct Row {
    SeriesId series = 0;
    Time first;
    Time last;
    std::uint32_t count = 0;
    std::string rollups;  // encode_rollups, timeline-coded when the block has one
  };
  Time last;              // newest sample of the block
  std::string data;       // encode_block of the chunks
  std::string timeline;   // empty: none
  std::vector<Row> rows;  // position in the block = index
};

class ChunkStore {
 public:
  // delete_before's step size: ~2 index seeks per series, a few ms per step.
  static constexpr std::size_t kRetentionSeriesPerStep = 4096;

  // Opens or creates the database at `path` (WAL, synchronous=FULL) and its tables.
  static Result<std::unique_ptr<ChunkStore>> open(const std::filesystem::path& path,
                                                  ChunkStoreOptions options = {});
  ~ChunkStore();
  ChunkStore(const ChunkStore&) = delete;
  ChunkStore& operator=(const ChunkStore&) = delete;

  // Every stored series, by id (0, 1, 2, … with no gaps).
  Result<std::vector<SeriesCode>> load_series();

  // In one transaction: the series ids >= first_new_series of `index` (ids the store has
  // not seen), then the chunks and their rollups. A chunk with the key of a stored one
  // replaces it (a replay after a restart seals the same chunk again).
  Status write(const SeriesIndex& index, SeriesId first_new_series,
               std::span<const StoredChunk> chunks);

  // Encodes one block: no database access, safe from any thread. A chunk whose rollups are
  // empty gets them computed here. kInvalidArgument for a chunk longer than max_chunk_span.
  static Result<PreparedBlock> prepare_block(std::span<const StoredChunk> chunks,
                                             ChunkStoreOptions options);
  // In one transaction: `series`, then `blocks`, then `batch` as the stored batch number
  // (begin_read) when given.
  Status write_blocks(std::span<const NewSeries> series, std::span<const PreparedBlock> blocks,
                      std::optional<std::int64_t> batch = std::nullopt);
  // Opens a read transaction (one snapshot for every read until end_read) and returns the
  // batch number the snapshot holds (0 if none was written).
  Result<std::int64_t> begin_read();
  void end_read();

  // Samples of the chunks of `id` overlapping [from, to), oldest chunk first, every sample
  // of each such chunk (the caller trims).
  Status read_chunks(SeriesId id, Time from, Time to, std::vector<SeriesSample>& out);
  // Time of the newest stored sample of `id` (from the row, nothing decoded), if any.
  Result<std::optional<Time>> last_time(SeriesId id);
  // The newest stored sample of `id`, if any.
  Result<std::optional<SeriesSample>> latest(SeriesId id);
  // Rollup partials of `id` whose chunk overlaps [from, to), merged, sorted by period.
  Status read_rollups(SeriesId id, Time from, Time to, std::vector<Rollup>& out);

  // Drops the raw samples of chunks whose last sample is before raw_before (and the block
  // BLOBs left without any), and deletes the chunk rows, rollups included, whose last sample
  // is before rollup_before (and blocks left without rows). Returns the number of chunks
  // whose raw samples were dropped plus the number of rows deleted.
  Result<std::int64_t> delete_before(Time raw_before, Time rollup_before);

  // delete_before in steps of at most `max_series` series, each its own transaction, so the
  // caller can give the write lock to others between steps. Start with `from` = 0 and call
  // again with `next` until `done`; the block BLOBs and rows go in the last step. Chunk rows
  // are reached through their primary key, series by series, from the raw cut of the last
  // completed pass (tsdb_state 'raw_before', minus max_chunk_span) on: an hourly pass visits
  // an hour of rows, not the table (an age index on tsdb_chunks would cost ~0.03 B/sample).
  struct RetentionStep {
    std::int64_t rows = 0;  // counted as delete_before counts them
    SeriesId next = 0;
    bool done = false;
  };
  Result<RetentionStep> retention_step(Time raw_before, Time rollup_before, SeriesId from,
                                       std::size_t max_series);

  // Checkpoints the WAL into the main file (so its size is the data's size).
  Status checkpoint();

 private:
  struct Statements;  // prepared once, reused by every call
  ChunkStore(sqlite3* db, ChunkStoreOptions options);
  Status prepare();
  Status rollback(Status why);
  // Decodes the block into cached_chunks_ unless it is the cached one.
  Status load_block(std::int64_t block);
  // Decodes the block's timeline into cached_times_ (empty if it has none) unless cached.
  Status load_times(std::int64_t block);
  // Appends the samples of the chunk a read_chunks/latest row names.
  Status decode_into(sqlite3_stmt* row, SeriesId id, std::vector<SeriesSample>& out);

  sqlite3* db_;
  ChunkStoreOptions options_;
  std::unique_ptr<Statements> stmts_;
  // The last block read: the points of a mine and the chunks of a window share one.
  std::int64_t cached_block_ = -1;
  std::vector<std::string> cached_chunks_;
  // The last block timeline read: the rollup rows of one seal share it.
  std::int64_t cached_times_block_ = -1;
  std::vector<Time> cached_times_;
};

}  // namespace mw::tsdb
