#include "alarms/episode_tracker.hpp"

#include <algorithm>
#include <utility>

namespace mw::alarms {
namespace {

EvidenceSet evidence_of(Finding& f) {
  EvidenceSet set;
  set.time = f.time;
  set.severity = f.severity;
  if (f.evidence.size() > kMaxEvidenceItems) f.evidence.resize(kMaxEvidenceItems);
  set.items = std::move(f.evidence);
  return set;
}

bool episode_less(const Episode* a, const Episode* b) {
  return alarm_order_less(a->alarm, b->alarm);
}

}  // namespace

EpisodeTracker::EpisodeTracker(Seconds flap_window, AlarmSink* sink)
    : flap_window_(flap_window), sink_(sink) {}

void EpisodeTracker::on_finding(Finding&& f) {
  Key key{f.mine, f.kind, f.subject};
  auto it = current_.find(key);
  if (f.edge == Finding::Edge::kClear) {
    if (it == current_.end() || it->second.alarm.end) return;  // nothing open to close
    it->second.alarm.end = std::max(f.time, it->second.alarm.start);
    return;
  }
  if (it != current_.end() && it->second.alarm.end) {
    Episode& e = it->second;
    if (f.start - *e.alarm.end <= flap_window_) {
      e.alarm.end.reset();  // flapping: the same episode goes on (rules.md part B)
      ++e.reopenings;
    } else {
      finalise(it);
      it = current_.end();
    }
  }
  if (it == current_.end()) {
    open(std::move(key), std::move(f));
  } else {
    update(it->second, std::move(f));
  }
}

void EpisodeTracker::open(Key key, Finding&& f) {
  Episode e;
  e.alarm.mine = std::move(f.mine);
  e.alarm.kind = f.kind;
  e.alarm.subject = std::move(f.subject);
  e.alarm.start = f.start;
  e.alarm.severity = f.severity;
  e.alarm.peak = f.peak;
  e.alarm.rule = std::move(f.rule);
  e.alarm.message = std::move(f.message);
  e.id = episode_id(e.alarm);
  e.raises = 1;
  e.evidence.push_back(evidence_of(f));
  e.last = e.evidence.front();
  const auto [it, inserted] = current_.emplace(std::move(key), std::move(e));
  if (sink_ != nullptr && inserted) sink_->on_opened(it->second);
}

void EpisodeTracker::update(Episode& e, Finding&& f) {
  ++e.raises;
  if (f.peak && (!e.alarm.peak || *f.peak > *e.alarm.peak)) e.alarm.peak = f.peak;
  EvidenceSet set = evidence_of(f);
  if (f.severity > e.alarm.severity) {
    e.alarm.severity = f.severity;
    // The message of the highest severity says what the episode came to.
    if (!f.message.empty()) e.alarm.message = std::move(f.message);
    e.evidence.push_back(set);
    e.last = std::move(set);
    if (sink_ != nullptr) sink_->on_escalated(e);
    return;
  }
  e.last = std::move(set);
}

void EpisodeTracker::finalise(std::map<Key, Episode>::iterator it) {
  Episode& e = it->second;
  e.final = true;
  finished_.push_back(std::move(e));
  current_.erase(it);
  if (sink_ != nullptr) sink_->on_closed(finished_.back());
}

void EpisodeTracker::advance(Time now) {
  for (auto it = current_.begin(); it != current_.end();) {
    const auto next = std::next(it);
    const auto& end = it->second.alarm.end;
    if (end && now - *end > flap_window_) finalise(it);
    it = next;
  }
}

std::vector<const Episode*> EpisodeTracker::episodes() const {
  std::vector<const Episode*> out;
  out.reserve(episode_count());
  for (const Episode& e : finished_) out.push_back(&e);
  for (const auto& [key, e] : current_) out.push_back(&e);
  std::sort(out.begin(), out.end(), episode_less);
  return out;
}

std::vector<Alarm> EpisodeTracker::alarms() const {
  std::vector<Alarm> out;
  out.reserve(episode_count());
  for (const Episode* e : episodes()) out.push_back(e->alarm);
  return out;
}

const Episode* EpisodeTracker::find(std::string_view mine, AlarmKind kind,
                                    std::string_view subject) const {
  const auto it = current_.find(Key{std::string(mine), kind, std::string(subject)});
  return it == current_.end() ? nullptr : &it->second;
}

std::size_t EpisodeTracker::open_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(current_.begin(), current_.end(),
                                                [](const auto& kv) { return kv.second.active(); }));
}

}  // namespace mw::alarms
