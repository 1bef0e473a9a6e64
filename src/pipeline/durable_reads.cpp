// DurablePipeline's reads for the API: copies taken under the lock.
#include <algorithm>
#include <map>
#include <tuple>

#include "pipeline/durable_impl.hpp"
#include "store/alarm_repo.hpp"
#include "store/catalog_repo.hpp"

namespace mw::pipeline {

std::vector<Mine> DurablePipeline::mines() const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  std::vector<Mine> out;
  out.reserve(m.registry.size());
  for (const auto& [code, mine] : m.registry) out.push_back(mine);
  return out;
}

std::optional<MineView> DurablePipeline::mine_view(std::string_view code) const {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  const auto reg = m.registry.find(code);
  if (reg == m.registry.end()) return std::nullopt;
  MineView v;
  v.mine = reg->second;
  static const MineState kEmpty;
  const auto it = m.mines.find(code);
  const MineState& state = it == m.mines.end() ? kEmpty : it->second;
  v.last_upload = state.last_upload;

  // Points: definitions applied since the restart, else the catalog store's; latest samples
  // from the tsdb (heads, or the store for a series not seen since the restart).
  std::map<std::string, PointView, std::less<>> points;
  store::CatalogRepo repo(*m.db);
  if (!state.defs.empty()) {
    for (const auto& [pc, def] : state.defs) points[pc].def = def;
  } else if (auto defs = repo.list_points(code); defs.ok()) {
    for (PointDef& def : *defs) points[def.code].def = std::move(def);
  }
  if (auto latest = m.tsdb->latest_of_mine(code); latest.ok()) {
    for (tsdb::PointLatest& l : *latest) points[l.point].latest = l.sample;
  }
  for (auto& [pc, p] : points) {
    p.code = pc;
    v.points.push_back(std::move(p));
  }

  std::vector<Area> areas = state.areas;
  if (areas.empty()) {
    if (auto stored = repo.list_areas(code); stored.ok()) areas = std::move(*stored);
  }
  std::map<std::string, std::uint32_t, std::less<>> headcount;
  for (const Presence& p : state.underground) ++headcount[p.area];
  for (Area& a : areas) {
    AreaView av;
    const auto hc = headcount.find(a.code);
    av.headcount = hc == headcount.end() ? 0 : hc->second;
    av.area = std::move(a);
    v.areas.push_back(std::move(av));
  }
  std::sort(v.areas.begin(), v.areas.end(),
            [](const AreaView& a, const AreaView& b) { return a.area.code < b.area.code; });

  v.snapshot_time = state.snapshot_time;
  for (const Presence& p : state.underground) {
    PersonView pv{p.card, p.name, p.area, p.entry_time, p.leader};
    v.leader_on_shift = v.leader_on_shift || p.leader;
    v.underground.push_back(std::move(pv));
  }
  std::sort(v.underground.begin(), v.underground.end(),
            [](const PersonView& a, const PersonView& b) { return a.card < b.card; });
  return v;
}

std::vector<MineSummary> DurablePipeline::mine_summaries() const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  std::vector<MineSummary> out;
  out.reserve(m.registry.size());
  for (const auto& [code, mine] : m.registry) {
    MineSummary s;
    s.mine = mine;
    if (const auto it = m.mines.find(code); it != m.mines.end()) {
      s.last_upload = it->second.last_upload;
      s.people_underground = static_cast<std::uint32_t>(it->second.underground.size());
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<tsdb::SpanRange> DurablePipeline::series(std::string_view mine, std::string_view point,
                                                Time from, Time to) {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  (void)m.store_pending_series();  // a failure is in stats(); the query still answers
  return m.tsdb->range_by_span(mine, point, from, to);
}

std::vector<StoredAlarm> DurablePipeline::alarms(const AlarmQuery& query) const {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  auto rows = store::AlarmRepo(*m.db).list(query);
  if (!rows.ok()) return {};
  return std::move(rows).value();
}

std::optional<StoredAlarm> DurablePipeline::alarm(std::int64_t id) const {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  auto row = store::AlarmRepo(*m.db).get(id);
  if (!row.ok()) return std::nullopt;
  return std::move(row).value();
}

std::vector<Alarm> DurablePipeline::episodes() const {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  using Key = std::tuple<std::string, AlarmKind, std::string, Time>;
  std::map<Key, Alarm> merged;
  store::AlarmRepo repo(*m.db);
  AlarmQuery q;
  for (;;) {
    auto page = repo.list(q);
    if (!page.ok() || page->empty()) break;
    for (StoredAlarm& s : *page) {
      Key k{s.alarm.mine, s.alarm.kind, s.alarm.subject, s.alarm.start};
      merged.insert_or_assign(std::move(k), std::move(s.alarm));
    }
    q.after_id = page->back().id;
  }
  for (const Alarm& held : m.pipeline->alarms()) {  // what the rules hold wins: it may be newer
    Alarm a = m.stored_form(held);                  // a continued episode under its stored key
    Key k{a.mine, a.kind, a.subject, a.start};
    merged.insert_or_assign(std::move(k), std::move(a));
  }
  std::vector<Alarm> out;
  out.reserve(merged.size());
  for (auto& [k, a] : merged) out.push_back(std::move(a));
  std::sort(out.begin(), out.end(), alarms::alarm_order_less);
  return out;
}

DurableStats DurablePipeline::stats() const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  DurableStats s = m.counters;
  const journal::Stats js = m.journal->stats();
  s.journal_bytes = js.bytes;
  s.journal_fsyncs = js.syncs;
  const std::uint64_t durable = m.journal->last_durable_seq();
  const std::uint64_t ckpt = m.journal->checkpointed();
  s.journal_lag = durable > ckpt ? durable - ckpt : 0;
  s.quarantine_bytes = m.quarantine->bytes();
  s.store_errors = m.store_error.ok() ? 0 : 1;
  for (const auto& [kind, n] : m.opened_by_kind) s.alarms_opened.emplace_back(kind, n);
  return s;
}

void DurablePipeline::inspect(const std::function<void(const Pipeline&)>& fn) const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  fn(*m.pipeline);
}

}  // namespace mw::pipeline
