#include "server/live.hpp"

#include <utility>

#include "base/json.hpp"

namespace mw::server {

bool LiveQueue::push(std::shared_ptr<const std::string> event) {
  std::lock_guard lock(mu_);
  if (overflowed_) return false;
  if (items_.size() >= capacity_) {
    overflowed_ = true;
    items_.clear();  // the client is dropped; what it missed is stored in the alarm list
    return false;
  }
  items_.push_back(std::move(event));
  return true;
}

std::vector<std::shared_ptr<const std::string>> LiveQueue::take_all() {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<const std::string>> out(std::make_move_iterator(items_.begin()),
                                                      std::make_move_iterator(items_.end()));
  items_.clear();
  return out;
}

bool LiveQueue::overflowed() const {
  std::lock_guard lock(mu_);
  return overflowed_;
}

std::size_t LiveQueue::size() const {
  std::lock_guard lock(mu_);
  return items_.size();
}

LiveSubscription::LiveSubscription(LiveBus& bus, std::uint64_t id, Principal who,
                                   std::size_t capacity, std::function<void()> notify)
    : bus_(bus),
      id_(id),
      principal_(std::move(who)),
      queue_(capacity),
      notify_(std::move(notify)) {}

LiveSubscription::~LiveSubscription() { bus_.unsubscribe(id_); }

std::unique_ptr<LiveSubscription> LiveBus::subscribe(Principal who, std::function<void()> notify,
                                                     std::size_t capacity) {
  std::lock_guard lock(mu_);
  const std::uint64_t id = next_id_++;
  auto sub =
      std::make_unique<LiveSubscription>(*this, id, std::move(who), capacity, std::move(notify));
  subs_.emplace(id, sub.get());
  return sub;
}

void LiveBus::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mu_);
  subs_.erase(id);
}

void LiveBus::publish(std::string_view mine, std::string json) {
  published_.fetch_add(1, std::memory_order_relaxed);
  auto event = std::make_shared<const std::string>(std::move(json));
  // notify() runs under the lock so a subscription cannot be destroyed between the push and
  // the call; it only posts to an executor, so the lock is held briefly.
  std::lock_guard lock(mu_);
  for (auto& [id, sub] : subs_) {
    if (!sub->principal_.can_see(mine)) continue;
    const bool was_overflowed = sub->queue_.overflowed();
    if (sub->queue_.push(event)) {
      delivered_.fetch_add(1, std::memory_order_relaxed);
    } else if (!was_overflowed) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
    } else {
      continue;  // already dropped and told
    }
    if (sub->notify_) sub->notify_();
  }
}

LiveBusStats LiveBus::stats() const {
  LiveBusStats s;
  s.events_published = published_.load(std::memory_order_relaxed);
  s.events_delivered = delivered_.load(std::memory_order_relaxed);
  s.clients_dropped = dropped_.load(std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  s.subscribers = subs_.size();
  return s;
}

std::string alarm_event_json(std::string_view event, const alarms::Episode& episode) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("event").value(event);
  w.key("mine").value(episode.alarm.mine);
  w.key("id").value(episode.id);
  std::string alarm;
  append_alarm_json(alarm, episode.alarm);
  w.key("alarm").raw(alarm);
  w.end_object();
  return out;
}

std::string mine_status_event_json(std::string_view mine, bool online, Time now,
                                   std::optional<Time> last_upload) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("event").value(online ? "mine.online" : "mine.offline");
  w.key("mine").value(mine);
  w.key("time").time_value(now);
  w.key("last_upload");
  if (last_upload) {
    w.time_value(*last_upload);
  } else {
    w.null();
  }
  w.end_object();
  return out;
}

void LiveAlarmSink::on_opened(const alarms::Episode& episode) {
  bus_.publish(episode.alarm.mine, alarm_event_json("alarm.opened", episode));
}
void LiveAlarmSink::on_escalated(const alarms::Episode& episode) {
  bus_.publish(episode.alarm.mine, alarm_event_json("alarm.escalated", episode));
}
void LiveAlarmSink::on_closed(const alarms::Episode& episode) {
  bus_.publish(episode.alarm.mine, alarm_event_json("alarm.closed", episode));
}

bool mine_online(std::optional<Time> last_upload, Time now, Seconds offline_after) noexcept {
  return last_upload && now - *last_upload <= offline_after;
}

void MineStatusTracker::seed(std::string_view mine, std::optional<Time> last_upload, Time now) {
  std::lock_guard lock(mu_);
  State& s = mines_[std::string(mine)];
  s.last_upload = last_upload;
  s.online = mine_online(last_upload, now, gap_);
}

void MineStatusTracker::note_upload(std::string_view mine, Time now) {
  note_upload(mine, now, now);
}

void MineStatusTracker::note_upload(std::string_view mine, Time upload, Time now) {
  bool changed = false;
  bool online = false;
  std::optional<Time> last;
  {
    std::lock_guard lock(mu_);
    State& s = mines_[std::string(mine)];
    // An older file arriving late never moves the newest upload back.
    if (!s.last_upload || *s.last_upload < upload) s.last_upload = upload;
    online = mine_online(s.last_upload, now, gap_);
    changed = online != s.online;
    s.online = online;
    last = s.last_upload;
  }
  if (changed) bus_.publish(mine, mine_status_event_json(mine, online, now, last));
}

void MineStatusTracker::tick(Time now) {
  std::vector<std::pair<std::string, std::optional<Time>>> gone;
  {
    std::lock_guard lock(mu_);
    for (auto& [mine, s] : mines_) {
      if (s.online && !mine_online(s.last_upload, now, gap_)) {
        s.online = false;
        gone.emplace_back(mine, s.last_upload);
      }
    }
  }
  for (const auto& [mine, last] : gone) {
    bus_.publish(mine, mine_status_event_json(mine, false, now, last));
  }
}

bool MineStatusTracker::online(std::string_view mine) const {
  std::lock_guard lock(mu_);
  const auto it = mines_.find(std::string(mine));
  return it != mines_.end() && it->second.online;
}

std::size_t MineStatusTracker::online_count() const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [mine, s] : mines_) n += s.online ? 1 : 0;
  return n;
}

}  // namespace mw::server
