// DurablePipeline's reads for the API: copies. The mine reads take view_mu shared and never
// wait for the write queue; the alarm reads take the write lock (one store connection).
#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>

#include "pipeline/durable_impl.hpp"
#include "store/alarm_repo.hpp"
#include "store/catalog_repo.hpp"

namespace mw::pipeline {

std::vector<Mine> DurablePipeline::mines() const {
  const Impl& m = *impl_;
  std::shared_lock view(m.view_mu);
  std::vector<Mine> out;
  out.reserve(m.registry.size());
  for (const auto& [code, mine] : m.registry) out.push_back(mine);
  return out;
}

void MineState::note_latest(std::string_view point, const Sample& s) {
  std::size_t i = cursor;
  if (i >= latest.size() || latest[i].first != point) {
    const auto it = latest_index.find(point);
    if (it == latest_index.end()) {
      latest_index.emplace(std::string(point), latest.size());
      latest.emplace_back(std::string(point), s);
      cursor = latest.size();
      return;
    }
    i = it->second;
  }
  // The newest by time, as the tsdb keeps it (it drops a sample at or before its newest).
  if (latest[i].second.time < s.time) latest[i].second = s;
  cursor = i + 1;
}

void DurablePipeline::Impl::note_latest(std::string_view mine, std::string_view point,
                                        const Sample& s) {
  MineState& state = applying_state != nullptr && applying_mine == mine ? *applying_state
                                                                        : mines[std::string(mine)];
  state.note_latest(point, s);
}

void DurablePipeline::Impl::seed_view(std::string_view code) {
  store::CatalogRepo repo(*db);
  auto defs = repo.list_points(code);
  auto areas = repo.list_areas(code);
  auto latest = tsdb->latest_of_mine(code);  // heads, or the store for series not seen since
  std::unique_lock view(view_mu);
  MineState& state = mines[std::string(code)];
  if (state.seeded) return;
  if (defs.ok()) {
    state.stored_defs.clear();
    state.stored_defs.reserve(defs->size());
    for (PointDef& d : *defs) state.stored_defs.push_back(share_definition(std::move(d)));
  }
  if (areas.ok()) state.stored_areas = std::move(*areas);
  if (latest.ok()) {
    for (const tsdb::PointLatest& l : *latest) state.note_latest(l.point, l.sample);
  }
  state.seeded = defs.ok() && areas.ok() && latest.ok();  // a failed read is tried again
}

namespace {

// The points of a mine: its definitions (the pipeline's own, with their effective thresholds
// from the cache) joined with each point's newest sample, by code. Built without a map or a
// copy of a definition: a mine page of ~1000 points runs this on every request (issue 6).
std::vector<PointView> points_of(const Mine& mine, const MineState& state, DefinitionCache& cache) {
  std::vector<PointView> points;
  points.reserve(std::max(state.defs.size(), state.stored_defs.size()) + state.latest.size());
  {
    DefinitionCache::Lookup lookup = cache.for_mine(mine.code, mine.gas_grade);
    auto add = [&](const std::shared_ptr<const PointDef>& def) {
      DefinitionCache::Entry e = lookup(def);
      PointView p;
      p.code = def->code;
      p.def = std::move(e.def);
      p.effective = std::move(e.effective);
      points.push_back(std::move(p));
    };
    // Definitions applied since the restart, then the catalog store's of the points no CDDY
    // has named since: a mine's systems (safety monitoring, gas drainage) send their CDDYs
    // apart, so after a restart one system's file must not hide the other's points.
    for (const auto& [pc, def] : state.defs) add(def);
    for (const auto& def : state.stored_defs) {
      if (!state.defs.contains(def->code)) add(def);
    }
  }
  const auto by_code = [](const PointView& a, const PointView& b) { return a.code < b.code; };
  if (!std::is_sorted(points.begin(), points.end(), by_code)) {
    std::sort(points.begin(), points.end(), by_code);
  }
  const std::size_t defined = points.size();
  for (const auto& [pc, sample] : state.latest) {
    const auto it =
        std::lower_bound(points.begin(), points.begin() + static_cast<std::ptrdiff_t>(defined), pc,
                         [](const PointView& p, const std::string& code) { return p.code < code; });
    if (it != points.begin() + static_cast<std::ptrdiff_t>(defined) && it->code == pc) {
      it->latest = sample;
      continue;
    }
    PointView p;  // seen in CDSS, never defined
    p.code = pc;
    p.latest = sample;
    points.push_back(std::move(p));
  }
  if (points.size() > defined) {
    const auto mid = points.begin() + static_cast<std::ptrdiff_t>(defined);
    std::sort(mid, points.end(), by_code);
    std::inplace_merge(points.begin(), mid, points.end(), by_code);
  }
  return points;
}

MineView view_of(const Mine& mine, const MineState& state, DefinitionCache& cache) {
  MineView v;
  v.mine = mine;
  v.last_upload = state.last_upload;
  v.points = points_of(mine, state, cache);

  std::vector<Area> areas = state.areas.empty() ? state.stored_areas : state.areas;
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

}  // namespace

std::optional<MineView> DurablePipeline::mine_view(std::string_view code) const {
  Impl& m = *impl_;
  {
    std::shared_lock view(m.view_mu);
    const auto reg = m.registry.find(code);
    if (reg == m.registry.end()) return std::nullopt;
    const auto it = m.mines.find(code);
    if (it != m.mines.end() && it->second.seeded) {
      return view_of(reg->second, it->second, m.definitions);
    }
  }
  {
    // Once per mine (and after import_registry rebuilds the state): the stores' part, which
    // needs the write lock. Never under view_mu: the lock order is mu, then view_mu.
    std::lock_guard lock(m.mu);
    m.seed_view(code);
  }
  std::shared_lock view(m.view_mu);
  const auto reg = m.registry.find(code);
  if (reg == m.registry.end()) return std::nullopt;
  static const MineState kEmpty;
  const auto it = m.mines.find(code);
  return view_of(reg->second, it == m.mines.end() ? kEmpty : it->second, m.definitions);
}

std::vector<MineSummary> DurablePipeline::mine_summaries() const {
  const Impl& m = *impl_;
  std::shared_lock view(m.view_mu);
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

namespace {

// Runs `read` on the pipeline's own connection when the apply lock is free (it sees the
// newest applies), else on the reader connection (what is committed) rather than queue
// behind the applies (issue 6: the mine page reads active alarms).
template <class State, class Read>  // State: DurablePipeline::Impl (private)
auto read_alarms(State& m, Read read) {
  std::unique_lock lock(m.mu, std::try_to_lock);
  if (!lock.owns_lock() && m.read_db != nullptr) {
    std::lock_guard reader(m.read_mu);
    return read(*m.read_db);
  }
  if (!lock.owns_lock()) lock.lock();
  return read(*m.db);
}

}  // namespace

Result<std::vector<StoredAlarm>> DurablePipeline::alarms(const AlarmQuery& query) const {
  return read_alarms(*impl_, [&](store::Db& db) { return store::AlarmRepo(db).list(query); });
}

Result<std::optional<StoredAlarm>> DurablePipeline::alarm(std::int64_t id) const {
  auto row = read_alarms(*impl_, [&](store::Db& db) { return store::AlarmRepo(db).get(id); });
  if (row.ok()) return std::optional<StoredAlarm>(std::move(row).value());
  if (row.status().code() == StatusCode::kNotFound) return std::optional<StoredAlarm>();
  return std::move(row).take_status();
}

namespace {

// The store's active alarms into `m.active_alarms` (under `mu`, on the pipeline's own
// connection: it sees what the applies wrote, committed or not, and no apply can note an
// episode meanwhile).
template <class State>  // State: DurablePipeline::Impl (private)
Status seed_active_alarms(State& m) {
  std::vector<Alarm> active;
  store::AlarmRepo repo(*m.db);
  AlarmQuery q;
  q.active = true;
  q.with_evidence = false;
  q.limit = 1000;
  for (;;) {
    auto page = repo.list(q);
    if (!page.ok()) return std::move(page).take_status();  // never "no alarms" for a failure
    for (StoredAlarm& a : *page) active.push_back(std::move(a.alarm));
    if (page->size() < q.limit) break;
    q.after_id = page->back().id;
  }
  m.active_alarms.reset(active);
  return {};
}

// `count(active_alarms)`, seeding the counts from the store first when they need it.
template <class State, class Count>
auto count_active(State& m, Count count)
    -> Result<typename decltype(count(m.active_alarms))::value_type> {
  if (auto c = count(m.active_alarms)) return std::move(*c);
  std::lock_guard lock(m.mu);
  if (auto c = count(m.active_alarms)) return std::move(*c);  // another reader seeded them
  MW_RETURN_IF_ERROR(seed_active_alarms(m));
  return std::move(*count(m.active_alarms));  // seeded: nothing invalidates it without `mu`
}

}  // namespace

void DurablePipeline::Impl::note_active(const Alarm& a) {
  // A replay re-derives episodes the store holds already (maybe otherwise), and a failed
  // store write leaves the store behind: either way the counts are read from the store again.
  if (replaying || !store_error.ok()) {
    active_alarms.invalidate();
  } else {
    active_alarms.note(stored_form(a));
  }
}

Result<SeverityCounts> DurablePipeline::active_alarms_of(std::string_view mine) const {
  return count_active(*impl_, [&](const ActiveAlarms& a) { return a.of_mine(mine); });
}

Result<std::map<std::string, SeverityCounts, std::less<>>> DurablePipeline::active_alarms_under(
    std::string_view prefix) const {
  return count_active(*impl_, [&](const ActiveAlarms& a) { return a.under(prefix); });
}

Result<std::vector<Alarm>> DurablePipeline::episodes() const {
  Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  using Key = std::tuple<std::string, AlarmKind, std::string, Time>;
  std::map<Key, Alarm> merged;
  store::AlarmRepo repo(*m.db);
  AlarmQuery q;
  for (;;) {
    auto page = repo.list(q);
    if (!page.ok()) return std::move(page).take_status();
    if (page->empty()) break;
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
  s.tsdb_queued_chunks = m.tsdb->queued_chunks();
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
