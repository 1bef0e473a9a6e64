// DurablePipeline::apply_retention: the stores' age limits, applied in small steps so the
// uploads' applies never wait long behind a delete (docs/storage.md "Retention").
#include "pipeline/durable_impl.hpp"
#include "store/personnel_repo.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::pipeline {

Result<RetentionReport> DurablePipeline::apply_retention() {
  Impl& m = *impl_;
  RetentionReport report;
  Time now;
  std::vector<std::string> codes;
  {
    std::lock_guard lock(m.mu);
    now = m.pclock.now();
    for (const auto& [code, mine] : m.registry) codes.push_back(code);
    // Chunks sealed but still queued for the tsdb writer would be stored after this pass's
    // cut and escape it (a clock that jumped, a restart after a long stop): store them
    // first, as checkpoint() does. In service the queue is empty or a few batches.
    if (Status s = m.commit_store(); !s.ok()) return s;
    if (Status s = m.tsdb->wait_stored(); !s.ok()) return s;
  }
  // Series chunks and rollups, a few thousand series per step under the apply lock (the
  // tsdb's reads share its connection).
  tsdb::ChunkStore::RetentionStep step;
  do {
    std::lock_guard lock(m.mu);
    // The store's open batch holds SQLite's write lock, which the step's turn needs.
    if (Status s = m.commit_store(); !s.ok()) return s;
    auto r = m.tsdb->retention_step(now, step.next);
    if (!r.ok()) return std::move(r).take_status();
    step = *r;
    report.series_rows += step.rows;
  } while (!step.done);
  {
    std::lock_guard lock(m.mu);
    if (Status s = m.ensure_txn(); !s.ok()) return s;
    auto people = store::PersonnelRepo(*m.db).apply_retention(now);
    if (!people.ok()) return std::move(people).take_status();
    report.personnel_rows = *people;
  }
  // The dedup table: one (mine, type) range per statement, through its primary key; the
  // apply lock is taken per mine, so a national registry's delete is thousands of short
  // steps, not one long one.
  const Time cutoff = now - m.options.file_retention;
  for (const std::string& code : codes) {
    std::lock_guard lock(m.mu);
    if (Status s = m.ensure_txn(); !s.ok()) return s;
    for (const netfile::TypeSpec& type : m.profile.types) {
      auto n = m.db->exec("DELETE FROM durable_files WHERE mine = ? AND type = ? AND file_time < ?",
                          {code, type.name, cutoff});
      if (!n.ok()) return std::move(n).take_status();
      report.file_rows += *n;
    }
  }
  return report;
}

}  // namespace mw::pipeline
