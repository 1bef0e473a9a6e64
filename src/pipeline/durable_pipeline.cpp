// DurablePipeline: open and recovery, ingest (decode → quarantine | journal → apply), the
// clock and checkpoints. Reads are in durable_reads.cpp, store writes in durable_store.cpp.
#include "pipeline/durable_pipeline.hpp"

#include <algorithm>

#include "ingest/netfile/decoder.hpp"
#include "pipeline/durable_impl.hpp"
#include "pipeline/rules_evaluator.hpp"
#include "store/catalog_repo.hpp"
#include "store/migrations.hpp"
#include "store/open_db.hpp"
#include "store/personnel_repo.hpp"
#include "store/sqlite_write_gate.hpp"

namespace mw::pipeline {
namespace {

// Journal kept for the tsdb beyond rule_history: a record's samples lie in windows that end
// at most one head window (6 h) after it arrived, and are sealed by then; one hour of slack.
Seconds min_journal_keep() { return tsdb::HeadOptions{}.window + Seconds{3600}; }

IngestOutcome::Kind kind_of(FileResult::Outcome o) {
  switch (o) {
    case FileResult::Outcome::kApplied: return IngestOutcome::Kind::kApplied;
    case FileResult::Outcome::kStale: return IngestOutcome::Kind::kStale;
    case FileResult::Outcome::kQuarantined: return IngestOutcome::Kind::kQuarantined;
  }
  return IngestOutcome::Kind::kApplied;
}

}  // namespace

std::string_view ingest_outcome_name(IngestOutcome::Kind kind) noexcept {
  switch (kind) {
    case IngestOutcome::Kind::kApplied: return "applied";
    case IngestOutcome::Kind::kDuplicate: return "duplicate";
    case IngestOutcome::Kind::kStale: return "stale";
    case IngestOutcome::Kind::kQuarantined: return "quarantined";
  }
  return "unknown";
}

std::string dedup_key(const netfile::DecodedFile& file, std::string_view digest) {
  std::string key = file.mine_code;
  key.append("|").append(file.type_name).append("|");
  key.append(std::to_string(file.name_time.time_since_epoch().count())).append("|");
  key.append(digest);
  return key;
}

// --- Impl: recovery, apply, checkpoint (all under mu) ---

void DurablePipeline::Impl::build_pipeline() {
  std::vector<Mine> list;
  list.reserve(registry.size());
  for (const auto& [code, mine] : registry) list.push_back(mine);
  EvaluatorFactory inner = options.factory ? options.factory : rules_evaluator_factory();
  if (replay_from) {
    // Under `mu`: a mine's evaluator is made when its first file applies.
    inner = [this, made = std::move(inner)](const RulePack& p, const Mine& mine,
                                            FindingSink& findings) {
      std::unique_ptr<MineEvaluator> e = made(p, mine, findings);
      seed_definitions(mine.code, *e);
      return e;
    };
  }
  pipeline.reset();  // its evaluators call into `mines`
  mines.clear();
  pipeline = std::make_unique<Pipeline>(std::move(list), pack, profile, pclock,
                                        storing_evaluator_factory(std::move(inner), *this),
                                        Pipeline::Options{options.shards, this});
}

Status DurablePipeline::Impl::recover() {
  MW_RETURN_IF_ERROR(prepare_partial_replay());
  std::unique_lock view(view_mu);  // readers see the state before the replay or after it
  build_pipeline();
  since_checkpoint.clear();
  last_tick.reset();
  replaying = true;
  std::unordered_set<std::string> seen;
  Time last = Time::min();
  const Status s = journal->replay(journal->checkpointed() + 1, [&](const journal::Record& rec) {
    replay_seq = rec.seq;
    if (rec.type == kJournalTick) {
      auto t = decode_tick(rec.payload);
      if (!t.ok()) return t.status();
      advance_pipeline(*t);
      since_checkpoint.emplace_back(rec.seq, *t);
      applied_seq = std::max(applied_seq, rec.seq);
      return Status{};
    }
    if (rec.type != kJournalNetfile) return Status{};  // a later version's record type
    auto jf = decode_journaled_file(rec.payload);
    if (!jf.ok()) return jf.status();
    last = std::max(last, jf->received_at);
    const netfile::DecodedFile file =
        netfile::decode(jf->name, jf->bytes, profile, netfile::DecodeOptions{jf->received_at});
    if (!file.accepted) return Status{};  // accepted by an older profile; nothing to apply
    const std::string digest = file_digest(jf->bytes);
    // A sender that retried after a failed fsync may be in the journal twice.
    if (!seen.insert(dedup_key(file, digest)).second) return Status{};
    pclock.set_override(jf->received_at);
    (void)apply(rec.seq, file, jf->received_at, digest);
    pclock.set_override(std::nullopt);
    ++counters.recovered_records;
    maybe_commit_store();
    return Status{};
  });
  pclock.set_override(std::nullopt);
  if (last != Time::min()) pclock.raise_floor(last);
  replaying = false;
  return s;
}

namespace {
std::string mine_type_key(const netfile::DecodedFile& file) {
  std::string key = file.mine_code;
  key.append("|").append(file.type_name);
  return key;
}
}  // namespace

Result<Time> DurablePipeline::Impl::newest_file_time(const netfile::DecodedFile& file) {
  std::string key = mine_type_key(file);
  if (const auto it = newest_file.find(key); it != newest_file.end()) return it->second;
  Time newest = Time::min();
  MW_RETURN_IF_ERROR(
      db->query("SELECT MAX(file_time) FROM durable_files WHERE mine = ? AND type = ?",
                {file.mine_code, file.type_name}, [&](store::Row& row) {
                  if (!row.is_null(0)) newest = row.time(0);
                  return Status{};
                }));
  newest_file.emplace(std::move(key), newest);
  return newest;
}

void DurablePipeline::Impl::note_applied_file(const netfile::DecodedFile& file) {
  // Only a time already read from the store is raised: one the journal replay alone saw
  // could be older than a row written before the checkpoint.
  const auto it = newest_file.find(mine_type_key(file));
  if (it != newest_file.end() && it->second < file.name_time) it->second = file.name_time;
}

Result<bool> DurablePipeline::Impl::seen_before(const netfile::DecodedFile& file,
                                                const std::string& digest, std::string_view bytes) {
  if (in_flight.contains(dedup_key(file, digest))) return true;
  auto newest = newest_file_time(file);
  if (!newest.ok()) return std::move(newest).take_status();
  if (file.name_time > *newest) return false;  // newer than every file stored: not a re-send
  bool found = false;
  // Rows written before the digest's v2 hold the legacy one (data_dir.hpp).
  MW_RETURN_IF_ERROR(
      db->query("SELECT seq FROM durable_files WHERE mine = ? AND type = ? AND file_time = ? AND "
                "digest IN (?, ?)",
                {file.mine_code, file.type_name, file.name_time, digest, legacy_file_digest(bytes)},
                [&](store::Row&) {
                  found = true;
                  return Status{};
                }));
  return found;
}

FileResult DurablePipeline::Impl::apply(std::uint64_t seq, const netfile::DecodedFile& file,
                                        Time received_at, const std::string& digest) {
  (void)ensure_txn();
  applying_state = &mines[file.mine_code];  // on_sample's mine, without a lookup per sample
  applying_mine = file.mine_code;
  FileResult r = pipeline->ingest_decoded(file);
  applying_state = nullptr;
  applying_mine = {};
  if (r.outcome != FileResult::Outcome::kQuarantined) {
    MineState& state = mines[file.mine_code];
    if (!state.last_upload || *state.last_upload < file.name_time) {
      state.last_upload = file.name_time;
    }
    if (db->transaction_active()) {
      note_store_error(store::exec_status(db->exec(
          "INSERT INTO durable_files (mine, type, file_time, digest, seq) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (mine, type, file_time, digest) DO NOTHING",
          {file.mine_code, file.type_name, file.name_time, digest,
           static_cast<std::int64_t>(seq)})));
    }
    note_applied_file(file);
  }
  since_checkpoint.emplace_back(seq, received_at);
  applied_seq = std::max(applied_seq, seq);
  ++txn_files;
  return r;
}

void DurablePipeline::Impl::count_applied(const FileResult& r) {
  if (r.outcome == FileResult::Outcome::kStale) {
    ++counters.files_stale;
  } else {
    ++counters.files_applied;
  }
  counters.records += r.records;
  counters.samples += r.samples;
}

void DurablePipeline::Impl::apply_ready(std::uint64_t self) {
  while (!outstanding.empty()) {
    const auto it = outstanding.begin();
    const std::uint64_t seq = it->first;
    PendingRecord& p = *it->second;
    if (!p.durable) break;  // its caller's commit has not returned: journal order waits
    {
      std::unique_lock view(view_mu);  // per record, so a read waits for one apply at most
      if (p.file != nullptr) {
        p.result = apply(seq, *p.file, p.at, *p.digest);
      } else {
        (void)ensure_txn();
        advance_pipeline(p.at);
        since_checkpoint.emplace_back(seq, p.at);
        applied_seq = std::max(applied_seq, seq);
      }
    }
    if (p.file != nullptr) {
      count_applied(p.result);
      in_flight.erase(*p.key);
    }
    outstanding.erase(it);
    p.done = true;
    if (seq != self) p.wake.notify_one();
    if (p.file != nullptr) maybe_commit_store();
  }
  if (outstanding.empty()) idle.notify_all();
}

Status DurablePipeline::Impl::checkpoint_locked() {
  MW_RETURN_IF_ERROR(commit_store());
  const Time now = pclock.now();
  MW_RETURN_IF_ERROR(tsdb->seal(now));
  last_checkpoint = now;
  if (options.rule_history.count() == 0) return {};  // keep the whole journal
  // Clock ticks wait in memory for the next file's group; an idle node syncs them here.
  if (applied_seq > journal->last_durable_seq()) (void)journal->commit(applied_seq);
  const Seconds keep = std::max(options.rule_history, min_journal_keep());
  std::uint64_t upto = 0;
  const std::uint64_t durable = journal->last_durable_seq();
  // Nor past samples the tsdb writer has only queued (issue 6): a crash would lose them.
  const Time stored = tsdb->stored_through();
  while (!since_checkpoint.empty() && since_checkpoint.front().second + keep <= now &&
         since_checkpoint.front().second + min_journal_keep() <= stored &&
         since_checkpoint.front().first <= durable) {
    upto = since_checkpoint.front().first;
    since_checkpoint.pop_front();
  }
  if (upto > journal->checkpointed()) return journal->checkpoint(upto);
  return {};
}

// --- DurablePipeline ---

DurablePipeline::DurablePipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DurablePipeline::~DurablePipeline() { (void)close(); }

Result<std::unique_ptr<DurablePipeline>> DurablePipeline::open(DurableOptions options,
                                                               const RulePack& pack,
                                                               const netfile::Profile& profile,
                                                               const Clock& clock) {
  auto impl = std::make_unique<Impl>(std::move(options), pack, profile, clock);
  Impl& m = *impl;
  m.env = m.options.env != nullptr ? m.options.env : &Env::posix();
  if (m.options.data_dir.empty()) {
    return Status::invalid_argument("data directory: no path given (--data-dir)");
  }
  m.layout = data_dir_layout(m.options.data_dir);
  if (Status s = m.env->create_dir(m.layout.root); !s.ok()) {
    return Status(s.code(), "data directory " + m.layout.root + ": " + s.message());
  }
  auto db = store::open_db(m.options.store_dsn.empty() ? m.layout.db : m.options.store_dsn);
  if (!db.ok()) return std::move(db).take_status();
  m.db = std::move(*db);
  MW_RETURN_IF_ERROR(store::migrate(*m.db, clock));
  if (auto reader = store::open_db(m.options.store_dsn.empty() ? m.layout.db : m.options.store_dsn);
      reader.ok()) {
    m.read_db = std::move(*reader);
  }
  tsdb::TsdbOptions tsdb_options;
  tsdb_options.raw_retention = m.options.raw_retention;
  tsdb_options.rollup_retention = m.options.rollup_retention;
  // The tsdb's writer takes turns with the store's transactions on the same file (issue 6).
  if (auto gate = store::SqliteWriteGate::for_file(m.layout.db)) {
    tsdb_options.write_turn = {[gate](std::chrono::milliseconds t) { return gate->acquire(t); },
                               [gate] { gate->release(); }};
  }
  auto tsdb = tsdb::Tsdb::open(m.layout.db, std::move(tsdb_options));
  if (!tsdb.ok()) return std::move(tsdb).take_status();
  m.tsdb = std::move(*tsdb);
  auto quarantine = Quarantine::open(*m.env, m.layout.quarantine, m.options.quarantine_bytes);
  if (!quarantine.ok()) return std::move(quarantine).take_status();
  m.quarantine = std::move(*quarantine);

  auto stored_mines = store::CatalogRepo(*m.db).list_mines();
  if (!stored_mines.ok()) return std::move(stored_mines).take_status();
  for (Mine& mine : *stored_mines) {
    std::string code = mine.code;
    m.registry.insert_or_assign(std::move(code), std::move(mine));
  }
  auto applied =
      store::query_int64(*m.db, "SELECT value FROM durable_state WHERE name = ?", {"applied_seq"});
  if (applied.ok()) {
    m.stored_applied_seq = static_cast<std::uint64_t>(*applied);
  } else if (applied.status().code() != StatusCode::kNotFound) {
    return std::move(applied).take_status();
  }

  MW_RETURN_IF_ERROR(store::PersonnelRepo(*m.db).restore(m.personnel));

  auto journal = journal::Journal::open(*m.env, m.layout.journal);
  if (!journal.ok()) return std::move(journal).take_status();
  m.journal = std::move(*journal);

  {
    std::lock_guard lock(m.mu);
    MW_RETURN_IF_ERROR(m.recover());
    MW_RETURN_IF_ERROR(m.commit_store());
  }
  m.committer = std::thread([&m] { m.commit_loop(); });
  return std::unique_ptr<DurablePipeline>(new DurablePipeline(std::move(impl)));
}

Result<IngestOutcome> DurablePipeline::ingest(std::string_view file_name, std::string_view bytes) {
  Impl& m = *impl_;
  Time now;
  {
    std::lock_guard lock(m.mu);
    if (m.closed) return Status::failed_precondition("data directory is closed");
    now = m.pclock.now();
  }
  const netfile::DecodedFile file =
      netfile::decode(file_name, bytes, m.profile, netfile::DecodeOptions{now});
  IngestOutcome out;
  out.mine = file.mine_code;
  out.type = file.type_name;
  out.file_time = file.name_time;
  out.records = file.record_count();
  for (const netfile::Diagnostic& d : file.diagnostics) {
    out.diagnostics.emplace_back(netfile::diag_name(d.code));
  }
  const auto quarantined = [&](std::string reason) -> Result<IngestOutcome> {
    out.kind = IngestOutcome::Kind::kQuarantined;
    out.reason = std::move(reason);
    out.records = 0;
    const Status kept = m.quarantine->keep(file_name, bytes, out.reason);
    std::lock_guard lock(m.mu);
    ++m.counters.files_quarantined;
    if (!kept.ok()) ++m.counters.quarantine_write_failures;
    return out;
  };
  if (!file.accepted) {
    return quarantined(file.reason.empty() ? "rejected by the decoder" : file.reason);
  }

  const std::string digest = file_digest(bytes);
  const std::string key = dedup_key(file, digest);
  const std::string payload = encode_journaled_file(now, file_name, bytes);
  PendingRecord pending;
  pending.file = &file;
  pending.digest = &digest;
  pending.key = &key;
  pending.at = now;
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(m.mu);
    if (m.closed) return Status::failed_precondition("data directory is closed");
    if (!m.registry.contains(file.mine_code)) {
      seq = 0;
    } else {
      auto seen = m.seen_before(file, digest, bytes);
      if (!seen.ok()) {
        ++m.counters.files_failed;
        return std::move(seen).take_status();
      }
      if (*seen) {
        ++m.counters.files_duplicate;
        out.kind = IngestOutcome::Kind::kDuplicate;
        return out;
      }
      auto appended = m.journal->append(kJournalNetfile, payload);
      if (!appended.ok()) {
        ++m.counters.files_failed;
        return std::move(appended).take_status();
      }
      seq = *appended;
      m.outstanding.emplace(seq, &pending);
      m.in_flight.insert(key);
    }
  }
  if (seq == 0) {
    return quarantined("mine " + file.mine_code + " is not in the registry (mines.csv)");
  }

  const Status committed = m.journal->commit(seq);  // group commit: outside the lock
  std::unique_lock lock(m.mu);
  if (!committed.ok()) {
    m.outstanding.erase(seq);
    m.in_flight.erase(key);
    ++m.counters.files_failed;
    m.apply_ready(0);  // the records after it may be waiting for it
    return committed;
  }
  pending.durable = true;
  m.apply_ready(seq);
  pending.wake.wait(lock, [&] { return pending.done; });  // applied by us or an earlier caller
  lock.unlock();
  const FileResult& r = pending.result;
  out.kind = kind_of(r.outcome);
  out.reason = r.reason;
  out.records = r.records;
  out.samples = r.samples;
  return out;
}

void DurablePipeline::Impl::advance_pipeline(Time t) {
  pclock.set_override(t);
  pipeline->advance();
  pclock.set_override(std::nullopt);
  last_tick = t;
}

void DurablePipeline::Impl::advance_locked(std::unique_lock<std::mutex>& lock, Time t) {
  if (!last_tick || t > *last_tick) {
    // Journaled without an fsync of its own: it is durable with the next file's group, and
    // a tick lost with the files after it changes nothing those files could have shown.
    auto seq = journal->append(kJournalTick, encode_tick(t));
    if (!seq.ok()) return;  // the journal is failing: ingest says so; do not diverge from it
    PendingRecord tick;
    tick.at = t;
    tick.durable = true;  // needs no fsync of its own, only its turn
    outstanding.emplace(*seq, &tick);
    apply_ready(*seq);
    tick.wake.wait(lock, [&] { return tick.done; });
  }
  const Time now = pclock.now();
  if (!last_checkpoint) last_checkpoint = now;
  if (now - *last_checkpoint >= options.checkpoint_interval) {
    (void)checkpoint_locked();
  } else {
    maybe_commit_store();
  }
}

void DurablePipeline::advance() {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return;
  m.advance_locked(lock, m.pclock.now());
}

void DurablePipeline::advance_to(Time now) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return;
  m.advance_locked(lock, now);
}

Status DurablePipeline::checkpoint() {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return Status::failed_precondition("data directory is closed");
  m.idle.wait(lock, [&] { return m.outstanding.empty(); });
  // Trims all it can: what is sealed is stored first (the writer needs the write turn).
  MW_RETURN_IF_ERROR(m.commit_store());
  MW_RETURN_IF_ERROR(m.tsdb->seal(m.pclock.now()));
  MW_RETURN_IF_ERROR(m.tsdb->wait_stored());
  return m.checkpoint_locked();
}

Status DurablePipeline::close() {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return {};
  m.idle.wait(lock, [&] { return m.outstanding.empty(); });
  m.closed = true;
  Status s = m.commit_store();
  if (Status f = m.tsdb->flush(); s.ok()) s = f;
  if (s.ok()) s = m.checkpoint_locked();
  if (Status j = m.journal->close(); s.ok()) s = j;
  lock.unlock();
  m.txn_opened.notify_all();
  if (m.committer.joinable()) m.committer.join();
  return s;
}

Status DurablePipeline::import_registry(
    std::vector<Mine> list, const std::function<Status(store::Db&)>& in_same_transaction) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return Status::failed_precondition("data directory is closed");
  m.idle.wait(lock, [&] { return m.outstanding.empty(); });
  // The import in a transaction of its own: a bad row rolls back the import only.
  MW_RETURN_IF_ERROR(m.commit_store());
  MW_RETURN_IF_ERROR(m.ensure_txn());
  store::CatalogRepo repo(*m.db);
  for (const Mine& mine : list) {
    if (Status s = repo.upsert_mine(mine); !s.ok()) {
      (void)m.db->rollback();
      return s;
    }
  }
  if (in_same_transaction) {
    if (Status s = in_same_transaction(*m.db); !s.ok()) {
      (void)m.db->rollback();
      return s;
    }
  }
  bool changed = false;
  std::unique_lock view(m.view_mu);
  for (Mine& mine : list) {
    const auto it = m.registry.find(mine.code);
    if (it != m.registry.end() && it->second == mine) continue;
    changed = true;
    std::string code = mine.code;
    m.registry.insert_or_assign(std::move(code), std::move(mine));
  }
  view.unlock();
  MW_RETURN_IF_ERROR(m.commit_store());
  // The pipeline's registry is fixed at construction: rebuild its rule state with the new
  // one from the journal, as a restart would (everything replayed is already stored).
  if (!changed) return {};
  m.stored_applied_seq = m.applied_seq;
  MW_RETURN_IF_ERROR(m.recover());
  return m.commit_store();
}

}  // namespace mw::pipeline
