#pragma once
// The live bus behind WebSocket /api/v1/live: alarm lifecycle events and mine status changes
// as JSON, each delivered only to the subscribers whose Principal::can_see its mine.
//
// Thread safety: LiveBus and LiveQueue may be used from any thread at once. publish() never
// blocks on a client: each subscriber has a bounded queue; when it overflows the queue is
// marked and the transport drops that client with a close reason (a slow client must not
// hold up ingest, which publishes from the pipeline's apply path).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "alarms/episode.hpp"
#include "base/time.hpp"
#include "server/principal.hpp"

namespace mw::server {

// One client's pending events.
class LiveQueue {
 public:
  explicit LiveQueue(std::size_t capacity) : capacity_(capacity) {}
  // Appends an event; false (and overflowed() from then on) when the queue is full.
  bool push(std::shared_ptr<const std::string> event);
  // Everything queued, oldest first; empties the queue.
  std::vector<std::shared_ptr<const std::string>> take_all();
  bool overflowed() const;
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<const std::string>> items_;
  std::size_t capacity_;
  bool overflowed_ = false;
};

class LiveBus;

// A subscription: lives as long as the WebSocket; unsubscribes when destroyed.
class LiveSubscription {
 public:
  LiveSubscription(LiveBus& bus, std::uint64_t id, Principal who, std::size_t capacity,
                   std::function<void()> notify);
  ~LiveSubscription();
  LiveSubscription(const LiveSubscription&) = delete;
  LiveSubscription& operator=(const LiveSubscription&) = delete;

  LiveQueue& queue() { return queue_; }
  const Principal& principal() const { return principal_; }

 private:
  friend class LiveBus;
  LiveBus& bus_;
  std::uint64_t id_;
  Principal principal_;
  LiveQueue queue_;
  std::function<void()> notify_;  // called (outside the bus lock) after a push
};

struct LiveBusStats {
  std::uint64_t events_published = 0;
  std::uint64_t events_delivered = 0;  // queued for a client
  std::uint64_t clients_dropped = 0;   // queues that overflowed
  std::size_t subscribers = 0;
};

class LiveBus {
 public:
  // Default per-client queue: a burst of every alarm of a large region opening at once.
  static constexpr std::size_t kDefaultQueue = 1024;

  // `notify` is called after events were queued; it must not block (post to the client's
  // executor). The subscription must be destroyed before the bus.
  std::unique_ptr<LiveSubscription> subscribe(Principal who, std::function<void()> notify,
                                              std::size_t capacity = kDefaultQueue);
  // Queues `json` for every subscriber that can see `mine`.
  void publish(std::string_view mine, std::string json);
  LiveBusStats stats() const;

 private:
  friend class LiveSubscription;
  void unsubscribe(std::uint64_t id);

  mutable std::mutex mu_;
  std::unordered_map<std::uint64_t, LiveSubscription*> subs_;
  std::uint64_t next_id_ = 1;
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> dropped_{0};
};

// Event JSON (docs/serve.md "Live events"):
//   {"event":"alarm.opened"|"alarm.escalated"|"alarm.closed","mine":…,"id":<episode id>,
//    "alarm":{…as replay writes it…}}
//   {"event":"mine.online"|"mine.offline","mine":…,"time":…,"last_upload":…|null}
std::string alarm_event_json(std::string_view event, const alarms::Episode& episode);
std::string mine_status_event_json(std::string_view mine, bool online, Time now,
                                   std::optional<Time> last_upload);

// Publishes the pipeline's alarm lifecycle to the bus (DurableOptions::listener).
class LiveAlarmSink final : public alarms::AlarmSink {
 public:
  explicit LiveAlarmSink(LiveBus& bus) : bus_(bus) {}
  void on_opened(const alarms::Episode& episode) override;
  void on_escalated(const alarms::Episode& episode) override;
  void on_closed(const alarms::Episode& episode) override;

 private:
  LiveBus& bus_;
};

// How long a mine may go without an accepted upload and still count as online (serve's
// `offline_minutes`; 10 min = two of the 5-min real-time files a central station sends).
inline constexpr Seconds kDefaultOfflineAfter{10 * 60};

// The one rule of "online" (docs/api.md), for the mine list, the mine page, the live events
// and the metric: the newest accepted upload lies at most `offline_after` before `now`
// (exactly `offline_after` ago is still online). `now` is the wall clock in serve.
bool mine_online(std::optional<Time> last_upload, Time now, Seconds offline_after) noexcept;

// Mine online/offline by mine_online(); changes are published as live events.
// note_upload() from upload handlers; tick() from the server's timer thread publishes the
// changes. Thread-safe.
class MineStatusTracker {
 public:
  MineStatusTracker(LiveBus& bus, Seconds gap) : bus_(bus), gap_(gap) {}
  // Seeds a mine's last upload at start (no event).
  void seed(std::string_view mine, std::optional<Time> last_upload, Time now);
  // An upload of `mine` was applied at wall time `now`; publishes mine.online on a change.
  void note_upload(std::string_view mine, Time now);
  // The same for a file of time `upload` (IngestOutcome::file_time, what the mine list's
  // last_upload shows) applied at `now`: a late old file does not bring a mine online.
  void note_upload(std::string_view mine, Time upload, Time now);
  // Publishes mine.offline for every online mine whose last upload is older than the gap.
  void tick(Time now);
  bool online(std::string_view mine) const;
  std::size_t online_count() const;

 private:
  struct State {
    std::optional<Time> last_upload;
    bool online = false;
  };
  LiveBus& bus_;
  Seconds gap_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, State> mines_;
};

}  // namespace mw::server
