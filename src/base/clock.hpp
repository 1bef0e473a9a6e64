#pragma once
// Clock: where "now" comes from. serve uses the wall clock; replay and tests a manual one
// (architecture.md §3: event time rules, the pipeline clock is injected).

#include <atomic>

#include "base/time.hpp"

namespace mw {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time now() const = 0;
};

// The system's wall clock, truncated to seconds.
class SystemClock final : public Clock {
 public:
  Time now() const override;
  static const SystemClock& instance();
};

// A clock that moves only when told. Thread-safe: readers may race with set/advance.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start = Time{}) : now_(start.time_since_epoch().count()) {}
  Time now() const override { return Time{Seconds{now_.load(std::memory_order_acquire)}}; }
  void set(Time t) { now_.store(t.time_since_epoch().count(), std::memory_order_release); }
  void advance(Seconds d) { now_.fetch_add(d.count(), std::memory_order_acq_rel); }

 private:
  std::atomic<Seconds::rep> now_;
};

}  // namespace mw
