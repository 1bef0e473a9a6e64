#pragma once
// DurablePipeline: the Pipeline with a data directory behind it — the one path of
// architecture.md §1 end to end: decode → (quarantine with a reason | journal append, group
// commit, fsync) → acknowledge → apply to the pipeline (catalog, rules, alarms) → store
// series (tsdb), definitions (CatalogRepo) and alarm episodes (AlarmRepo). `replay
// --data-dir` and `serve` both use it (docs/storage.md "The data directory").
//
// Data directory (architecture.md §4):
//   journal/        raw accepted files (name + bytes + arrival time), docs/storage.md
//   minewatch.db    SQLite: catalog, alarms, ingested-file index, tsdb chunks and rollups
//                   (with store_dsn set, the relational part goes to PostgreSQL instead)
//   quarantine/     rejected files and a .reason beside each, bounded in total size
//
// Thread safety: every public method may be called from any thread at once. ingest()
// decodes and journals outside the apply lock (concurrent callers share one fsync, group
// commit), then applies in journal order under one mutex: the first caller whose record is
// next applies it and every durable record after it, waking only their callers. mines(),
// mine_summaries() and mine_view() read an in-memory view under a reader lock that an apply
// holds for one file only, active_alarms_of/under() counts of their own lock; the other reads
// take the apply mutex. All return copies (definitions shared, immutable).
//
// Restart: open() replays the journal from its checkpoint through the same decode and apply
// path, which rebuilds the rules' state; the stores are idempotent (tsdb drops samples at or
// before a series' newest stored time, catalog upserts, alarm episodes keyed by (mine, kind,
// subject, start)), so nothing is stored twice.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alarms/episode.hpp"
#include "base/clock.hpp"
#include "base/env.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "model/sample.hpp"
#include "pipeline/active_alarms.hpp"
#include "pipeline/evaluator.hpp"
#include "pipeline/pipeline.hpp"
#include "rules/rule_pack.hpp"
#include "rules/thresholds.hpp"
#include "store/alarm_repo.hpp"
#include "store/db.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::pipeline {

using store::AlarmQuery;
using store::StoredAlarm;

struct DurableOptions {
  std::filesystem::path data_dir;  // created if missing (its parent must exist)
  std::size_t shards = 1;
  std::string store_dsn;  // empty: SQLite minewatch.db in data_dir; else open_db() target
  // Lifecycle events after they are stored (the live bus). Called under the apply lock,
  // never for events re-derived while open() replays the journal. May be null.
  alarms::AlarmSink* listener = nullptr;
  Env* env = nullptr;  // journal and quarantine files; null: Env::posix()
  // The rules: null = make_rules_evaluator (tests pass a recording fake).
  EvaluatorFactory factory;
  // How much event time of journal a restart replays to rebuild rule state: the longest
  // rule memory (personnel.overtime 10 h, a shift of leader_absent, fabrication's 1-h
  // windows) fits in a day. Segments older than this (and stored) are deleted at checkpoint.
  // Zero keeps the whole journal (replay --data-dir: a second replay rebuilds everything).
  Seconds rule_history{24 * 3600};
  // advance() seals, stores and checkpoints when this much pipeline-clock time has passed
  // since the last checkpoint.
  Seconds checkpoint_interval{600};
  // Quarantined files kept at most: oldest deleted first past this (a mine sending garbage
  // every 30 s must not fill the disk).
  std::uint64_t quarantine_bytes = 256ull << 20;
  // Age limits applied by apply_retention() (serve: hourly). architecture.md §4, the
  // regulations' minimums: raw samples ≥ 90 days, 5-minute statistics ≥ 2 years.
  Seconds raw_retention{90 * 86400};
  Seconds rollup_retention{2 * 366 * 86400};
  // durable_files rows (the dedup of re-sent files) go after this: a file re-sent later is
  // applied again and finds every point and snapshot newer than itself, so it changes nothing.
  Seconds file_retention{90 * 86400};
};

// What one apply_retention() deleted, in rows.
struct RetentionReport {
  std::int64_t series_rows = 0;     // tsdb chunks and rollups
  std::int64_t personnel_rows = 0;  // trips and area intervals ended over a year ago
  std::int64_t file_rows = 0;       // durable_files
};

// The PUT answer of contracts.md is built from this.
struct IngestOutcome {
  enum class Kind : std::uint8_t { kApplied, kDuplicate, kStale, kQuarantined };
  Kind kind = Kind::kApplied;
  std::string reason;  // kQuarantined: why, for a person
  std::string mine;
  std::string type;  // as in the file name ("CDSS")
  Time file_time{};
  std::size_t records = 0;
  std::size_t samples = 0;
  std::vector<std::string> diagnostics;  // names, as inspect prints them
};
std::string_view ingest_outcome_name(IngestOutcome::Kind kind) noexcept;  // "applied", ...

struct PointView {
  std::string code;
  // The pipeline's own definition (MineState::defs), shared, never changed: a new CDDY makes
  // a new one.
  // Null for a point seen in CDSS but never defined.
  std::shared_ptr<const PointDef> def;
  std::optional<Sample> latest;
  // A methane point's location class and effective thresholds (rules.md A1) under the mine's
  // gas grade now, worked out once per definition and grade; null for any other point.
  std::shared_ptr<const EffectiveThresholds> effective;
};

struct AreaView {
  Area area;
  std::uint32_t headcount = 0;  // people in it in the newest RYSS snapshot
};

struct PersonView {
  std::string card;
  std::string name;
  std::string area;
  Time entry{};  // 入井时刻
  bool leader = false;
};

struct MineView {
  Mine mine;
  std::optional<Time> last_upload;      // newest file time applied
  std::vector<PointView> points;        // by code
  std::vector<AreaView> areas;          // by code
  std::optional<Time> snapshot_time;    // of the newest RYSS applied
  std::vector<PersonView> underground;  // in that snapshot, by card
  bool leader_on_shift = false;         // a 矿领导 among them
};

// One mine of the mine list: what the pipeline holds in memory, without a store read.
struct MineSummary {
  Mine mine;
  std::optional<Time> last_upload;       // newest file time applied
  std::uint32_t people_underground = 0;  // in the newest RYSS snapshot
};

struct DurableStats {
  std::uint64_t files_applied = 0;
  std::uint64_t files_stale = 0;
  std::uint64_t files_duplicate = 0;
  std::uint64_t files_quarantined = 0;
  std::uint64_t files_failed = 0;  // not acknowledged (journal or store error)
  std::uint64_t records = 0;
  std::uint64_t samples = 0;        // applied to the rules and stored
  std::uint64_t journal_bytes = 0;  // framed bytes appended since open
  std::uint64_t journal_fsyncs = 0;
  std::uint64_t journal_lag = 0;                // records durable but not yet checkpointed
  std::uint64_t tsdb_queued_chunks = 0;         // sealed, waiting for the tsdb writer
  std::uint64_t quarantine_bytes = 0;           // on disk now
  std::uint64_t quarantine_write_failures = 0;  // rejected files that could not be kept
  std::uint64_t store_errors = 0;  // 1 once a store write failed: checkpoints stop until restart
  std::uint64_t recovered_records = 0;  // replayed by open()
  std::uint64_t alarms_stored = 0;      // rows written (inserts and updates)
  std::vector<std::pair<AlarmKind, std::uint64_t>> alarms_opened;  // by kind, since open
};

class DurablePipeline {
 public:
  // Opens (creating) the data directory, migrates the store, loads the registry from it,
  // and recovers: replays the journal from its checkpoint. `pack`, `profile` and `clock`
  // outlive the object.
  static Result<std::unique_ptr<DurablePipeline>> open(DurableOptions options, const RulePack& pack,
                                                       const netfile::Profile& profile,
                                                       const Clock& clock);
  ~DurablePipeline();  // close(), ignoring errors
  DurablePipeline(const DurablePipeline&) = delete;
  DurablePipeline& operator=(const DurablePipeline&) = delete;

  // Returns after the file is durable and applied. An error Status (disk full: kResource-
  // Exhausted, I/O) means NOT acknowledged and nothing applied: the sender may retry.
  // Quarantine is an outcome, not an error.
  Result<IngestOutcome> ingest(std::string_view file_name, std::string_view bytes);
  // The pipeline clock: timers; seals tsdb windows and checkpoints every checkpoint_interval.
  // Journaled (a few bytes, no fsync of its own), so a restart replays the same clock.
  void advance();
  // The same to `now` rather than the Clock's now (replay's event clock). Never backwards.
  void advance_to(Time now);
  // Seals every tsdb head, commits the stores, checkpoints the journal.
  Status checkpoint();
  // Deletes what is older than the options' retention (and personnel history over a year,
  // store/personnel_repo.hpp) at the pipeline clock's now, in steps short enough that uploads
  // keep flowing. An error (store busy) leaves the rest for the next run.
  Result<RetentionReport> apply_retention();
  // checkpoint(), then closes the journal; later calls fail.
  Status close();

  // --- reads (copies) ---
  std::vector<Mine> mines() const;  // the registry as stored, by code
  // Mine import (contracts.md `mine import`): upserts the store, then the pipeline.
  // `in_same_transaction` (optional) runs on the store inside the import's transaction after
  // the rows are written: the API's audit record commits with the import, or neither does.
  Status import_registry(std::vector<Mine> mines,
                         const std::function<Status(store::Db&)>& in_same_transaction = {});
  std::optional<MineView> mine_view(std::string_view mine) const;
  // Every registered mine, by code, in one pass (the API's mine list).
  std::vector<MineSummary> mine_summaries() const;
  Result<tsdb::SpanRange> series(std::string_view mine, std::string_view point, Time from, Time to);
  // A store error is an error, never an empty list (the API answers 5xx with the reason).
  Result<std::vector<StoredAlarm>> alarms(const AlarmQuery& query) const;
  // Empty for an unknown id.
  Result<std::optional<StoredAlarm>> alarm(std::int64_t id) const;
  // Active alarms (no end yet, as AlarmQuery::active means) by severity, counted in memory
  // under a lock of their own, never the apply lock: of one mine, and of each mine whose code
  // starts with `prefix` (mines with none left out). The first count after open, and after a
  // replay or a failed store write, reads the store once under the apply lock.
  Result<SeverityCounts> active_alarms_of(std::string_view mine) const;
  Result<std::map<std::string, SeverityCounts, std::less<>>> active_alarms_under(
      std::string_view prefix) const;
  // Every episode the rules hold in memory, in replay order, merged with the stored ones
  // (what `replay --data-dir` prints).
  Result<std::vector<Alarm>> episodes() const;
  DurableStats stats() const;
  // Runs `fn` on the in-memory pipeline under the lock (replay's summary, tests).
  void inspect(const std::function<void(const Pipeline&)>& fn) const;

 private:
  struct Impl;
  explicit DurablePipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::pipeline
