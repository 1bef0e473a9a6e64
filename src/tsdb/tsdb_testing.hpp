#pragma once
// Test helpers of the tsdb (tsdb tests and the durable pipeline's): brute-force answers to
// compare queries with, and a valve on the writer thread. Header-only; tests only.

#include <atomic>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tsdb/tsdb.hpp"

namespace mw::tsdb::testing {

inline const Time kT0{Seconds{1'790'121'600}};  // a 6 h window boundary
inline std::string mine_code(std::size_t mine) { return "1404210" + std::to_string(10 + mine); }
inline std::string point_code(std::size_t i) { return "MN" + std::to_string(1000 + i); }

// Samples of `all` with from <= time < to.
inline std::vector<SeriesSample> brute_raw(const std::vector<SeriesSample>& all, Time from,
                                           Time to) {
  std::vector<SeriesSample> out;
  for (const auto& s : all) {
    if (s.time >= from && s.time < to) out.push_back(s);
  }
  return out;
}

// Rollups of `all` in [period_of(from), to) by brute-force grouping (one scale per series).
inline std::vector<Rollup> brute_rollups(const std::vector<SeriesSample>& all, Time from, Time to) {
  std::map<std::int64_t, std::vector<SeriesSample>> groups;
  for (const auto& s : all) {
    const std::int64_t p = s.time.time_since_epoch().count() / 300 * 300;
    if (Time{Seconds{p}} >= period_of(from) && Time{Seconds{p}} < to) groups[p].push_back(s);
  }
  std::vector<Rollup> out;
  for (const auto& [p, g] : groups) {
    Rollup r{Time{Seconds{p}}, 0,         g[0].value, g[0].value,
             g[0].time,        g[0].time, 0,          g[0].value.scale};
    for (const auto& s : g) {
      ++r.count;
      r.sum += s.value.mantissa;
      if (s.value.compare(r.min) < 0) r.min = s.value, r.min_time = s.time;
      if (s.value.compare(r.max) > 0) r.max = s.value, r.max_time = s.time;
    }
    out.push_back(r);
  }
  return out;
}

// Holds every writer transaction at `step` until released (or fails them while `failing`).
// The hook owns its state: a writer may still be in it when the valve goes.
class WriterValve {
 public:
  explicit WriterValve(WriterStep step = WriterStep::kBeforeWrite) {
    set_write_fault_for_testing([state = state_, step](WriterStep at) -> Status {
      if (at != step) return {};
      state->released.wait();
      if (state->failing) return Status::io_error("injected: disk on fire");
      return {};
    });
  }
  ~WriterValve() {
    open();
    set_write_fault_for_testing({});
  }
  void open() {
    if (!state_->opened.exchange(true)) state_->promise.set_value();
  }
  void fail(bool on) { state_->failing = on; }

 private:
  struct State {
    std::promise<void> promise;
    std::shared_future<void> released = promise.get_future().share();
    std::atomic<bool> opened{false};
    std::atomic<bool> failing{false};
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace mw::tsdb::testing
