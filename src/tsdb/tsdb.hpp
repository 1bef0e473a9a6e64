#pragma once
// The time-series store of one shard: series index + head chunks in memory, sealed chunks
// and 5-minute rollups in SQLite (chunk_store), queries that merge the two, and retention.
//
// Sealing is cheap: seal() moves the sealed head chunks into a queue; the Tsdb's writer
// thread encodes them into blocks, computes their rollups and writes them through a
// connection of its own, in short transactions of whole mines (issue 6: storing them in the
// caller's thread stalled uploads and reads for 0.2-1.6 s). Queries read heads, queue and
// store, each sample exactly once: a reader's store snapshot names the writer's last
// committed transaction (tsdb_state 'batch'), and queued transactions up to it are skipped.
//
// Thread safety: every public method is called from one thread at a time, the owner's (the
// shard thread, or any thread under the owner's lock, as DurablePipeline's `mu`): the index,
// the heads and the reading connection are the owner's and take no lock. The writer thread
// touches only the queued chunks (immutable once queued), its own connection, and the queue
// and its state under the Tsdb's own small mutex, which the owner takes only to queue, to
// snapshot the queue for a read, and to wait. stored_through(), queued_chunks() and
// wait_stored() only take that mutex: safe from any thread. Readers on other threads ask
// the owner or open their own ChunkStore on the same file for stored data (WAL snapshot;
// queued chunks are not seen there).
//
// After a restart the heads are empty and the journal replays what was not sealed. The
// first append to a stored series after a reopen reads the time of its newest stored
// sample (one index lookup); samples at or before it are kDuplicate, so a replay stores
// nothing twice and rollups count nothing twice.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
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

// Turns among the writers of one database file in this process (DurablePipeline passes
// store::SqliteWriteGate): the writer acquires before BEGIN IMMEDIATE and releases after
// COMMIT, so it queues first come, first served with the pipeline's store transaction instead
// of polling SQLite's busy handler. Empty functions: no turns taken.
struct WriteTurn {
  std::function<bool(std::chrono::milliseconds)> acquire;  // false: timed out, not taken
  std::function<void()> release;
};

struct TsdbOptions {
  HeadOptions head;
  WriteTurn write_turn;
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
  // sample is an outcome (AppendOutcome), not an error. series() + append(id).
  Result<AppendOutcome> append(std::string_view mine, std::string_view point,
                               const SeriesSample& sample);
  // The id of (mine, point), adding the series on first sight (kInvalidArgument for bad
  // codes). An id stays valid for this Tsdb's life: a caller resolves a point once and then
  // appends by id, without a lookup per sample (issue 6).
  Result<SeriesId> series(std::string_view mine, std::string_view point);
  // append() of a series by the id series() gave; kInvalidArgument for an unknown id.
  Result<AppendOutcome> append(SeriesId id, const SeriesSample& sample);
  // Stores what is queued (a failing write is tried once more), then stops the writer.
  ~Tsdb();
  Tsdb(const Tsdb&) = delete;
  Tsdb& operator=(const Tsdb&) = delete;

  // Seals the heads whose window ended at or before `now` and queues them for the writer
  // (nothing is written here). Returns the writer's error while its oldest queued transaction
  // is failing (until a write succeeds): that transaction stays queued, readable, and is
  // retried kWriterRetry later, never dropped.
  Status seal(Time now);
  // Seals every head and waits until everything queued is stored (shutdown).
  Status flush();
  // Waits until everything queued so far is stored; returns the error of a write that failed
  // meanwhile (its chunks stay queued). The caller must not hold the write turn or an open
  // write transaction on the same file: the writer needs it.
  Status wait_stored();
  // Every chunk of a window ending at or before this is stored (the `now` of the newest
  // seal whose chunks are all written); Time::min() before any. A journal may be trimmed
  // only up to what this covers.
  Time stored_through() const;
  // Chunks queued, not yet stored.
  std::size_t queued_chunks() const;

  // The newest sample of every point of `mine`, in order of first sight: from the heads,
  // or the store for a series not seen since a restart.
  Result<std::vector<PointLatest>> latest_of_mine(std::string_view mine);
  // Samples with from <= time < to, oldest first, one per time (heads, queue and store).
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
  // One step of it (ChunkStore::retention_step, each with its own write turn): start at 0,
  // repeat with `next` until `done`. An owner that shares the Tsdb between threads takes its
  // lock per step, so a pass never holds it long.
  Result<ChunkStore::RetentionStep> retention_step(Time now, SeriesId from);

  // Bytes held per series beyond its head samples, all series together: series index, head
  // state, duplicate floors, per-mine lists (container capacities; allocator headers not
  // counted). Issue 5 budgets 200 bytes per active series.
  std::size_t series_overhead_bytes() const noexcept;

  // The owner's connection (reads, retention). Chunks still queued are not in it.
  ChunkStore& store() { return *store_; }
  const SeriesIndex& index() const { return index_; }

 private:
  struct Batch;  // one transaction of the writer (tsdb_writer.cpp)
  struct Queued {
    std::shared_ptr<const Batch> batch;
    std::optional<Time> through;  // stored_through() once this one is written
  };
  Tsdb(std::unique_ptr<ChunkStore> store, std::unique_ptr<ChunkStore> writer_store,
       TsdbOptions options);
  // Moves the sealed head chunks and the new series into the queue; once they are stored,
  // stored_through() is at least `through`.
  void queue_sealed(Time through);
  // The queued batches, for a read.
  std::vector<std::shared_ptr<const Batch>> queued_batches() const;
  // Runs `read` on the owner's connection, in one snapshot when `snapshot`, and returns the
  // writer's batch number that snapshot holds (0 without one: the caller skips no batch).
  Result<std::int64_t> read_store(bool snapshot, const std::function<Status()>& read);
  // Appends the samples (or rollups) of `id`'s queued chunks overlapping [from, to) of the
  // batches numbered above `stored`.
  static void read_queued(std::span<const std::shared_ptr<const Batch>> queued, std::int64_t stored,
                          SeriesId id, Time from, Time to, std::vector<SeriesSample>* samples,
                          std::vector<Rollup>* rollups);
  void write_loop();  // the writer thread
  Status write_batch(const Batch& batch);
  bool take_turn();
  void give_turn();

  TsdbOptions options_;
  std::unique_ptr<ChunkStore> store_;         // the owner's
  std::unique_ptr<ChunkStore> writer_store_;  // the writer thread's
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
  std::int64_t next_batch_ = 1;  // owner only

  mutable std::mutex qmu_;
  std::condition_variable queued_cv_;  // wakes the writer: a batch was queued, or stop
  std::condition_variable stored_cv_;  // wakes waiters: a batch was written, or failed
  // --- guarded by qmu_ ---
  std::deque<Queued> queue_;
  std::size_t queued_chunks_ = 0;
  Status writer_error_;  // of the last write, if it failed
  std::uint64_t failures_ = 0;
  Time stored_through_ = Time::min();
  bool stop_ = false;
  // ---
  std::thread writer_;
};

// A failed transaction of the writer is tried again after this (a busy or full disk).
inline constexpr std::chrono::milliseconds kWriterRetry{200};

// Tests only: every Tsdb's writer calls `fault` before each transaction (kBeforeWrite; a
// non-OK status fails that transaction as a write error would) and after its commit, before
// the batch leaves the queue (kCommitted; the status is ignored). Empty function: none.
enum class WriterStep : std::uint8_t { kBeforeWrite, kCommitted };
void set_write_fault_for_testing(std::function<Status(WriterStep)> fault);

}  // namespace mw::tsdb
