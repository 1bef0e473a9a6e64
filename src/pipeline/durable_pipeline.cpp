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

Result<bool> DurablePipeline::Impl::seen_before(const netfile::DecodedFile& file,
                                                const std::string& digest) {
  if (in_flight.contains(dedup_key(file, digest))) return true;
  bool found = false;
  MW_RETURN_IF_ERROR(db->query(
      "SELECT seq FROM durable_files WHERE mine = ? AND type = ? AND file_time = ? AND digest = ?",
      {file.mine_code, file.type_name, file.name_time, digest}, [&](store::Row&) {
        found = true;
        return Status{};
      }));
  return found;
}

FileResult DurablePipeline::Impl::apply(std::uint64_t seq, const netfile::DecodedFile& file,
                                        Time received_at, const std::string& digest) {
  (void)ensure_txn();
  FileResult r = pipeline->ingest_decoded(file);
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
  }
  since_checkpoint.emplace_back(seq, received_at);
  applied_seq = std::max(applied_seq, seq);
  ++txn_files;
  return r;
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
  tsdb::TsdbOptions tsdb_options;
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
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(m.mu);
    if (m.closed) return Status::failed_precondition("data directory is closed");
    if (!m.registry.contains(file.mine_code)) {
      seq = 0;
    } else {
      auto seen = m.seen_before(file, digest);
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
      m.outstanding.insert(seq);
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
    m.turn.notify_all();
    return committed;
  }
  m.turn.wait(lock, [&] { return *m.outstanding.begin() == seq; });  // journal order
  const FileResult r = m.apply(seq, file, now, digest);
  m.outstanding.erase(seq);
  m.in_flight.erase(key);
  m.turn.notify_all();
  m.maybe_commit_store();
  out.kind = kind_of(r.outcome);
  out.reason = r.reason;
  out.records = r.records;
  out.samples = r.samples;
  if (out.kind == IngestOutcome::Kind::kStale) {
    ++m.counters.files_stale;
  } else {
    ++m.counters.files_applied;
  }
  m.counters.records += r.records;
  m.counters.samples += r.samples;
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
    outstanding.insert(*seq);
    turn.wait(lock, [&] { return *outstanding.begin() == *seq; });
    (void)ensure_txn();
    advance_pipeline(t);
    since_checkpoint.emplace_back(*seq, t);
    applied_seq = std::max(applied_seq, *seq);
    outstanding.erase(*seq);
    turn.notify_all();
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
  m.turn.wait(lock, [&] { return m.outstanding.empty(); });
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
  m.turn.wait(lock, [&] { return m.outstanding.empty(); });
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

Status DurablePipeline::import_registry(std::vector<Mine> list) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  if (m.closed) return Status::failed_precondition("data directory is closed");
  m.turn.wait(lock, [&] { return m.outstanding.empty(); });
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
  bool changed = false;
  for (Mine& mine : list) {
    const auto it = m.registry.find(mine.code);
    if (it != m.registry.end() && it->second == mine) continue;
    changed = true;
    std::string code = mine.code;
    m.registry.insert_or_assign(std::move(code), std::move(mine));
  }
  MW_RETURN_IF_ERROR(m.commit_store());
  // The pipeline's registry is fixed at construction: rebuild its rule state with the new
  // one from the journal, as a restart would (everything replayed is already stored).
  if (!changed) return {};
  m.stored_applied_seq = m.applied_seq;
  MW_RETURN_IF_ERROR(m.recover());
  return m.commit_store();
}

}  // namespace mw::pipeline
