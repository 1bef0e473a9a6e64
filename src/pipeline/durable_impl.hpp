#pragma once
// DurablePipeline's state, shared by durable_pipeline.cpp (open, recovery, ingest, the
// clock) and durable_reads.cpp (the API's reads). Private to the pipeline module.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "journal/journal.hpp"
#include "pipeline/active_alarms.hpp"
#include "pipeline/data_dir.hpp"
#include "pipeline/definition_cache.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/storing_evaluator.hpp"
#include "store/db.hpp"
#include "store/personnel_history.hpp"

namespace mw::pipeline {

// The Pipeline's clock: the caller's, never moving backwards, and during recovery the
// arrival time of the record being replayed. Read and set under DurablePipeline's mutex only.
class PipelineClock final : public Clock {
 public:
  explicit PipelineClock(const Clock& base) : base_(base) {}
  Time now() const override {
    if (override_) return *override_;
    return std::max(base_.now(), floor_);
  }
  void set_override(std::optional<Time> t) { override_ = t; }
  void raise_floor(Time t) { floor_ = std::max(floor_, t); }

 private:
  const Clock& base_;
  std::optional<Time> override_;
  Time floor_ = Time::min();
};

// Heterogeneous lookup by string_view: on_sample finds a point without making a string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

// What the API shows of a mine beyond the stores: the newest definitions, lists and
// snapshot the pipeline applied (rebuilt by the journal replay after a restart; the catalog
// store answers for what is older), and each point's newest sample, so a mine page reads
// none of the stores the apply writes (issue 6: reads must not queue behind applies).
struct MineState {
  // Shared, never changed: a new or changed definition is a new object (on_point_defs), so the
  // mine page's cache and PointView hold this one instead of a copy (issue 6).
  std::map<std::string, std::shared_ptr<const PointDef>, std::less<>> defs;
  std::vector<Area> areas;
  std::vector<Person> people;
  std::optional<Time> last_upload;
  std::optional<Time> snapshot_time;
  std::vector<Presence> underground;  // of the newest snapshot, underground only
  // Each point's newest sample, in order of first sight. A mine's files list their points in
  // the same order, so `cursor` finds the next one with one compare (a hash lookup per sample
  // was 3 % of serve_bench's CPU); the index answers the rest.
  std::vector<std::pair<std::string, Sample>> latest;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> latest_index;
  std::size_t cursor = 0;
  void note_latest(std::string_view point, const Sample& s);
  // note_latest at `slot`, a position in `latest` the caller keeps for `point` (its catalog
  // handle, durable_store.cpp): found or added on first use, then no lookup at all.
  void note_latest_at(std::uint32_t& slot, std::string_view point, const Sample& s);
  // The stores' part, read once (mine_view, under `mu`): definitions and areas older than
  // the journal replay, and the newest stored sample of points not seen since the restart.
  bool seeded = false;
  std::vector<std::shared_ptr<const PointDef>> stored_defs;
  std::vector<Area> stored_areas;
};

// One journal record waiting for its apply, in journal order: an accepted file (pointers into
// its ingest() caller's frame, which waits until `done`) or a clock tick. Whoever finds the
// first outstanding record ready applies it and every ready record after it, and wakes only
// the callers whose records it applied (no notify_all: issue 6's thundering herd).
struct PendingRecord {
  const netfile::DecodedFile* file = nullptr;  // null: a tick
  const std::string* digest = nullptr;
  const std::string* key = nullptr;  // dedup key, in in_flight until applied
  Time at{};                         // received_at of a file; the tick's time
  bool durable = false;              // the caller's journal commit succeeded (ticks: at once)
  bool done = false;
  FileResult result;
  std::condition_variable wake;  // the caller waits here for `done`
};

struct DurablePipeline::Impl final : StoreSink, alarms::AlarmSink {
  Impl(DurableOptions o, const RulePack& p, const netfile::Profile& pr, const Clock& c)
      : options(std::move(o)), pack(p), profile(pr), clock(c), pclock(c) {}

  // --- StoreSink / AlarmSink: called by the pipeline under `mu` ---
  void on_point_defs(std::string_view mine, std::span<const PointDef> defs, Time t) override;
  void on_sample(std::string_view mine, std::string_view point, const Sample& s,
                 PointHandles& h) override;
  void on_areas(std::string_view mine, std::span<const Area> areas) override;
  void on_people(std::string_view mine, std::span<const Person> people) override;
  void on_presence_snapshot(std::string_view mine, Time t,
                            std::span<const Presence> snapshot) override;
  enum class EpisodeEvent : std::uint8_t { kOpened, kEscalated, kClosed };
  void on_opened(const alarms::Episode& e) override {
    store_episode(e, EpisodeEvent::kOpened);
    note_active(e.alarm);
  }
  void on_escalated(const alarms::Episode& e) override {
    store_episode(e, EpisodeEvent::kEscalated);
    note_active(e.alarm);
  }
  void on_closed(const alarms::Episode& e) override {
    store_episode(e, EpisodeEvent::kClosed);
    note_active(e.alarm);
  }

  // --- all below need `mu` ---
  void store_episode(const alarms::Episode& e, EpisodeEvent event);
  // After store_episode: `a` into active_alarms as stored (durable_reads.cpp).
  void note_active(const Alarm& a);
  void note_store_error(const Status& s);
  Status ensure_txn();
  Status commit_store();  // writes applied_seq with the rest
  void maybe_commit_store();
  Status store_pending_series();  // commits, then stores heads sealed by a window change
  void build_pipeline();
  // Replays the journal from its checkpoint into a fresh pipeline.
  Status recover();
  // Needs `mu` and `view_mu` held exclusively.
  FileResult apply(std::uint64_t seq, const netfile::DecodedFile& file, Time received_at,
                   const std::string& digest);
  // Applies the first outstanding records while they are ready, in journal order; wakes
  // their callers except `self` (the caller's own seq, 0 for none).
  void apply_ready(std::uint64_t self);
  void count_applied(const FileResult& r);
  Status checkpoint_locked();
  // --- a restart whose journal no longer reaches back to everything (durable_restart.cpp) ---
  // Sets replay_from and stored_open for the replay about to start.
  Status prepare_partial_replay();
  // Hands a new mine evaluator the stored definitions (points, areas, people) in force at
  // replay_from: the CDDY that defined them may be older than the journal kept.
  void seed_definitions(std::string_view mine, MineEvaluator& evaluator);
  // The first episode the rules open on a subject with a stored open episode that began
  // before replay_from continues that episode (the rules cannot re-derive its start).
  void adopt_if_continuing(const Alarm& opened);
  // `a` as stored: the start (and the worst severity so far) of the episode it continues.
  Alarm stored_form(const Alarm& a) const;
  // The committer thread: commits a store transaction kStoreTxnAge old that no call did,
  // so an idle pipeline never sits on the write lock. Runs until `closed`.
  void commit_loop();
  // Moves the pipeline clock to `t` (journaled first, applied in journal order).
  void advance_locked(std::unique_lock<std::mutex>& lock, Time t);
  void advance_pipeline(Time t);
  // `bytes`: the file as sent, for its legacy digest when the store must be asked.
  Result<bool> seen_before(const netfile::DecodedFile& file, const std::string& digest,
                           std::string_view bytes);
  // The newest file time in durable_files of (mine, type), read from the store once.
  Result<Time> newest_file_time(const netfile::DecodedFile& file);
  void note_applied_file(const netfile::DecodedFile& file);
  // A stored sample into its mine's `latest` (under view_mu, from on_sample).
  void note_latest(std::string_view mine, std::string_view point, const Sample& s);
  // The MineState of the mine whose file is being applied (on_sample's), else mines[mine].
  MineState& applying(std::string_view mine);
  // The stores' definitions, areas and latest samples of a mine's state (mine_view), once.
  void seed_view(std::string_view mine);

  const DurableOptions options;
  const RulePack& pack;
  const netfile::Profile& profile;
  const Clock& clock;
  Env* env = nullptr;
  DataDirLayout layout;

  mutable std::mutex mu;
  // `registry` and `mines` are written under `mu` AND `view_mu` (exclusive, one apply at a
  // time); readers take either, so the API's mine reads never wait for the write queue.
  // Lock order: mu, then view_mu.
  mutable std::shared_mutex view_mu;
  std::condition_variable idle;        // `outstanding` became empty
  std::condition_variable txn_opened;  // wakes the committer (a transaction began, or close)
  std::thread committer;
  // A second connection for alarm reads while an apply holds `mu` (WAL readers do not wait
  // for the writer): it sees what is committed, at most one store batch (kStoreTxnAge) old.
  // Null if it could not be opened: the reads then take `mu`.
  mutable std::mutex read_mu;
  std::unique_ptr<store::Db> read_db;  // guarded by read_mu
  // The API's reads without the apply lock (each locks itself): definitions and effective
  // thresholds for mine_view, the active alarms' counts (issue 6).
  mutable DefinitionCache definitions{pack};
  mutable ActiveAlarms active_alarms;
  // --- guarded by mu ---
  PipelineClock pclock;
  std::unique_ptr<store::Db> db;
  std::unique_ptr<tsdb::Tsdb> tsdb;
  std::unique_ptr<journal::Journal> journal;
  std::unique_ptr<Quarantine> quarantine;
  std::unique_ptr<Pipeline> pipeline;
  std::map<std::string, Mine, std::less<>> registry;
  std::map<std::string, MineState, std::less<>> mines;
  // Trips and area intervals from RYSS snapshots (brief D1); restored from the store at
  // open, so a journal replay's snapshots are stale to it and store nothing twice.
  store::PersonnelDeriver personnel;
  std::map<std::uint64_t, PendingRecord*> outstanding;  // appended, not yet applied or failed
  std::unordered_set<std::string> in_flight;            // dedup keys of those
  // Newest file time per "mine|type" in durable_files (or above it): a file newer than that
  // cannot be a duplicate, so only older ones query the store (issue 6).
  std::unordered_map<std::string, Time> newest_file;
  MineState* applying_state = nullptr;  // the mine of the file being applied (on_sample)
  std::string_view applying_mine;
  std::deque<std::pair<std::uint64_t, Time>> since_checkpoint;  // (seq, received_at)
  std::uint64_t applied_seq = 0;
  std::uint64_t stored_applied_seq = 0;  // durable_state at open: events up to it are stored
  // Receive time of the first record the restart replays; empty when the journal is whole
  // (never checkpointed), so the rules see everything and nothing needs seeding or adopting.
  std::optional<Time> replay_from;
  using EpisodeSubject = std::tuple<std::string, AlarmKind, std::string>;
  using EpisodeKey = std::tuple<std::string, AlarmKind, std::string, Time>;
  std::map<EpisodeSubject, Alarm> stored_open;  // open in the store, began before replay_from
  std::map<EpisodeKey, Alarm> adopted;          // rules' episode → the stored one it continues
  bool replaying = false;
  std::uint64_t replay_seq = 0;  // the record being replayed (or about to be)
  bool closed = false;
  std::size_t txn_files = 0;
  std::chrono::steady_clock::time_point txn_started{};
  std::optional<Time> last_checkpoint;
  std::optional<Time> last_tick;  // the pipeline clock as last advanced
  Status store_error;             // the first store failure since the last good commit
  DurableStats counters;
  std::map<AlarmKind, std::uint64_t> opened_by_kind;
};

// A store transaction is committed after this many files or once it is this old, whichever
// comes first (a commit is an fsync with SQLite FULL: docs/storage.md, 167 commits/s one per
// point; the journal holds everything, so the store may lag a little). The age bound is what
// another writer of the same database (workflow, accounts) waits at most for its turn in the
// write gate (store/sqlite_write_gate.hpp): 20 ms, two orders below an acknowledgement's
// patience, while 512 files of one point each still share one commit at full rate.
inline constexpr std::size_t kStoreTxnFiles = 512;
inline constexpr std::chrono::milliseconds kStoreTxnAge{20};

// "mine|type|time|digest": one networking file, whatever name it was sent under.
std::string dedup_key(const netfile::DecodedFile& file, std::string_view digest);

}  // namespace mw::pipeline
