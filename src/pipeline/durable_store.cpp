// DurablePipeline::Impl: what the tee and the episode tracker hand over, written to the
// stores (tsdb series, catalog, alarm episodes) inside one open store transaction that is
// committed in batches (durable_pipeline.cpp says when). Everything here runs under `mu`.
#include <algorithm>

#include "pipeline/durable_impl.hpp"
#include "store/alarm_repo.hpp"
#include "store/catalog_repo.hpp"
#include "store/personnel_repo.hpp"

namespace mw::pipeline {
namespace {

bool same_def(const PointDef& a, const PointDef& b) {
  PointDef x = a;
  x.time = b.time;  // 数据时间 is renewed by every upload (catalog_repo.hpp)
  return x == b;
}

}  // namespace

void DurablePipeline::Impl::note_store_error(const Status& s) {
  if (!s.ok() && store_error.ok()) store_error = s;
}

Status DurablePipeline::Impl::ensure_txn() {
  if (db->transaction_active()) return {};
  Status s = db->begin_write();
  if (!s.ok()) {
    note_store_error(s);
    return s;
  }
  txn_files = 0;
  txn_started = std::chrono::steady_clock::now();
  txn_opened.notify_one();
  return {};
}

Status DurablePipeline::Impl::commit_store() {
  if (!db->transaction_active()) return store_error;
  // Write-ahead: the store must never hold effects of journal records that are not durable.
  // Files are fsynced before they are applied, but clock ticks wait for the next group; an
  // alarm a tick closed, stored, then lost with the tick in a crash, would differ from what
  // the restart rebuilds.
  Status s = applied_seq > journal->last_durable_seq() ? journal->commit(applied_seq) : Status{};
  if (s.ok())
    s = store::exec_status(
        db->exec("INSERT INTO durable_state (name, value) VALUES ('applied_seq', ?) "
                 "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                 {static_cast<std::int64_t>(applied_seq)}));
  if (s.ok()) s = db->commit();
  if (!s.ok()) {
    if (db->transaction_active()) (void)db->rollback();
    note_store_error(s);
  }
  txn_files = 0;
  return s.ok() ? store_error : s;
}

void DurablePipeline::Impl::maybe_commit_store() {
  if (!db->transaction_active()) return;
  if (txn_files >= kStoreTxnFiles ||
      std::chrono::steady_clock::now() - txn_started >= kStoreTxnAge) {
    (void)store_pending_series();
  }
}

void DurablePipeline::Impl::commit_loop() {
  std::unique_lock lock(mu);
  while (!closed) {
    if (!db->transaction_active()) {
      txn_opened.wait(lock);
      continue;
    }
    const auto due = txn_started + kStoreTxnAge;
    if (std::chrono::steady_clock::now() < due) {
      txn_opened.wait_until(lock, due);
      continue;
    }
    // Every apply runs under `mu` from its BEGIN to its last write: no file is half stored.
    (void)store_pending_series();
  }
}

Status DurablePipeline::Impl::store_pending_series() {
  MW_RETURN_IF_ERROR(commit_store());
  // Queues the heads sealed because a sample crossed into the next window (the tsdb's writer
  // stores them off `mu`); nothing new is sealed at the minimum time. Reports a failed write.
  const Status s = tsdb->seal(Time::min());
  note_store_error(s);
  return s;
}

void DurablePipeline::Impl::on_point_defs(std::string_view mine, std::span<const PointDef> defs,
                                          Time t) {
  MineState& state = mines[std::string(mine)];
  store::CatalogRepo repo(*db);
  for (const PointDef& def : defs) {
    auto it = state.defs.find(def.code);
    // Unchanged: the same object, so the mine page's cache keeps its answer.
    if (it != state.defs.end() && same_def(*it->second, def)) continue;
    if (ensure_txn().ok()) note_store_error(repo.upsert_point(mine, def, t).status());
    state.defs.insert_or_assign(def.code, share_definition(def));
  }
}

MineState& DurablePipeline::Impl::applying(std::string_view mine) {
  return applying_state != nullptr && applying_mine == mine ? *applying_state
                                                            : mines[std::string(mine)];
}

void MineState::note_latest_at(std::uint32_t& slot, std::string_view point, const Sample& s) {
  // The slot is only ever handed out by this MineState, which lives as long as the catalog
  // that keeps it (build_pipeline resets both); the bound check keeps a mistake in memory.
  if (slot >= latest.size()) {
    const auto it = latest_index.find(point);
    if (it == latest_index.end()) {
      slot = static_cast<std::uint32_t>(latest.size());
      latest_index.emplace(std::string(point), latest.size());
      latest.emplace_back(std::string(point), s);
      return;
    }
    slot = static_cast<std::uint32_t>(it->second);
  }
  // The newest by time, as the tsdb keeps it (it drops a sample at or before its newest).
  if (latest[slot].second.time < s.time) latest[slot].second = s;
}

void DurablePipeline::Impl::on_sample(std::string_view mine, std::string_view point,
                                      const Sample& s, PointHandles& h) {
  if (h.series == PointHandles::kUnset) {
    auto id = tsdb->series(mine, point);
    if (id.ok()) {
      h.series = *id;
    } else {
      note_store_error(id.status());  // a bad code: tried again with the next sample
    }
  }
  if (h.series != PointHandles::kUnset) note_store_error(tsdb->append(h.series, s).status());
  applying(mine).note_latest_at(h.latest, point, s);  // the mine page's copy (durable_reads.cpp)
}

void DurablePipeline::Impl::on_areas(std::string_view mine, std::span<const Area> areas) {
  MineState& state = mines[std::string(mine)];
  if (std::equal(areas.begin(), areas.end(), state.areas.begin(), state.areas.end())) return;
  store::CatalogRepo repo(*db);
  if (ensure_txn().ok()) {
    for (const Area& a : areas) note_store_error(repo.upsert_area(mine, a));
  }
  state.areas.assign(areas.begin(), areas.end());
}

void DurablePipeline::Impl::on_people(std::string_view mine, std::span<const Person> people) {
  MineState& state = mines[std::string(mine)];
  if (std::equal(people.begin(), people.end(), state.people.begin(), state.people.end())) return;
  store::CatalogRepo repo(*db);
  if (ensure_txn().ok()) {
    for (const Person& p : people) note_store_error(repo.upsert_person(mine, p));
  }
  state.people.assign(people.begin(), people.end());
}

void DurablePipeline::Impl::on_presence_snapshot(std::string_view mine, Time t,
                                                 std::span<const Presence> snapshot) {
  const store::PersonnelUpdate update = personnel.apply(mine, t, snapshot);
  if (ensure_txn().ok()) note_store_error(store::PersonnelRepo(*db).write(update));
  MineState& state = mines[std::string(mine)];
  state.snapshot_time = t;
  state.underground.clear();
  for (const Presence& p : snapshot) {
    if (p.underground()) state.underground.push_back(p);
  }
}

void DurablePipeline::Impl::store_episode(const alarms::Episode& e, EpisodeEvent event) {
  if (event == EpisodeEvent::kOpened) adopt_if_continuing(e.alarm);
  const Alarm stored = stored_form(e.alarm);
  // Re-derived while replaying what the store already had: stored, and told, before.
  if (replaying && replay_seq <= stored_applied_seq) return;
  if (!ensure_txn().ok()) return;
  store::AlarmRepo repo(*db);
  const auto id = repo.upsert(stored, episode_evidence_json(e), pclock.now());
  if (!id.ok()) {
    note_store_error(id.status());
    return;
  }
  ++counters.alarms_stored;
  if (event == EpisodeEvent::kOpened) ++opened_by_kind[e.alarm.kind];
  if (replaying || options.listener == nullptr) return;
  alarms::Episode told = e;  // as stored: the listener looks episodes up by their key
  told.alarm = stored;
  switch (event) {
    case EpisodeEvent::kOpened: options.listener->on_opened(told); break;
    case EpisodeEvent::kEscalated: options.listener->on_escalated(told); break;
    case EpisodeEvent::kClosed: options.listener->on_closed(told); break;
  }
}

}  // namespace mw::pipeline
