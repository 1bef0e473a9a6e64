// DurablePipeline::Impl: a restart whose journal was checkpointed (rule_history), so the
// replay starts after records the rules never see again — the CDDY/RYQY/RYXX that defined a
// mine's points, areas and people, and the first sample of an episode still open. The
// definitions come back from the catalog store as they stood when the replay starts; an
// open episode's start comes back from the alarm store. All under `mu`.
#include <algorithm>

#include "pipeline/durable_impl.hpp"
#include "store/alarm_repo.hpp"
#include "store/catalog_repo.hpp"

namespace mw::pipeline {

Status DurablePipeline::Impl::prepare_partial_replay() {
  replay_from.reset();
  stored_open.clear();
  if (journal->checkpointed() == 0) return {};  // the whole journal: the rules see it all
  bool found = false;
  const Status s = journal->replay(journal->checkpointed() + 1, [&](const journal::Record& rec) {
    if (rec.type == kJournalTick) {
      if (auto t = decode_tick(rec.payload); t.ok()) replay_from = *t;
    } else if (rec.type == kJournalNetfile) {
      if (auto jf = decode_journaled_file(rec.payload); jf.ok()) replay_from = jf->received_at;
    }
    found = replay_from.has_value();
    // Stops the walk at the first record: only its time is needed.
    return found ? Status::failed_precondition("first record read") : Status{};
  });
  if (!found) {
    MW_RETURN_IF_ERROR(s);
    replay_from = Time::max();  // everything checkpointed: nothing replays
  }
  store::AlarmRepo repo(*db);
  store::AlarmQuery q;
  q.active = true;
  q.to = *replay_from;
  for (;;) {
    auto page = repo.list(q);
    if (!page.ok()) return std::move(page).take_status();
    if (page->empty()) break;
    for (StoredAlarm& row : *page) {
      EpisodeSubject subject{row.alarm.mine, row.alarm.kind, row.alarm.subject};
      auto [it, inserted] = stored_open.try_emplace(std::move(subject), row.alarm);
      if (!inserted && it->second.start < row.alarm.start) it->second = row.alarm;
    }
    q.after_id = page->back().id;
  }
  return {};
}

void DurablePipeline::Impl::seed_definitions(std::string_view mine, MineEvaluator& evaluator) {
  if (!replay_from) return;
  const Time t = *replay_from;
  store::CatalogRepo repo(*db);
  // A failed read leaves the mine as a plain restart would: defined by its next CDDY.
  if (auto current = repo.list_points(mine); current.ok() && !current->empty()) {
    std::vector<PointDef> defs;
    defs.reserve(current->size());
    for (const PointDef& def : *current) {
      if (auto at = repo.get_point_at(mine, def.code, t); at.ok()) defs.push_back(std::move(*at));
    }
    if (!defs.empty()) evaluator.on_point_defs(defs, t);
  }
  if (auto areas = repo.list_areas(mine); areas.ok() && !areas->empty()) {
    evaluator.on_areas(*areas, t);
  }
  if (auto people = repo.list_people(mine); people.ok() && !people->empty()) {
    evaluator.on_people(*people, t);
  }
}

void DurablePipeline::Impl::adopt_if_continuing(const Alarm& opened) {
  const auto it = stored_open.find(EpisodeSubject{opened.mine, opened.kind, opened.subject});
  if (it == stored_open.end() || !(it->second.start < opened.start)) return;
  adopted.try_emplace(EpisodeKey{opened.mine, opened.kind, opened.subject, opened.start},
                      it->second);
  stored_open.erase(it);
}

Alarm DurablePipeline::Impl::stored_form(const Alarm& a) const {
  if (adopted.empty()) return a;
  const auto it = adopted.find(EpisodeKey{a.mine, a.kind, a.subject, a.start});
  if (it == adopted.end()) return a;
  Alarm out = a;
  out.start = it->second.start;
  // The peak belongs to the severity it reached: the stored one's if it was worse.
  if (it->second.severity > out.severity) {
    out.severity = it->second.severity;
    out.peak = it->second.peak;
  }
  return out;
}

}  // namespace mw::pipeline
