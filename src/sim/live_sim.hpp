#pragma once
// LiveSimulation (`serve --demo`): the simulator's mines written a window at a time as a
// clock passes, for as long as the demo runs. Each `day` (SimulateOptions::hours) is planned
// afresh from the same seed, so a mine keeps its layout, people and points from day to day
// and memory stays that of one day's plans, however long the demo runs.
//
// Not thread-safe: one owner (the demo's uploader thread).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "model/mine.hpp"
#include "sim/writer.hpp"

namespace mw::sim {

class MineSim;

// A FileSink that hands each file to a function (the demo keeps them in memory until sent).
class CallbackSink final : public FileSink {
 public:
  using Fn = std::function<void(std::string_view path, std::string_view bytes)>;
  explicit CallbackSink(Fn fn) : fn_(std::move(fn)) {}
  Status write(std::string_view path, std::string_view bytes) override {
    fn_(path, bytes);
    return Status::ok_status();
  }

 private:
  Fn fn_;
};

class LiveSimulation {
 public:
  // InvalidArgument for the options simulate() refuses (mines < 1, hours out of range, an
  // unknown profile, a bad incident rate).
  static Result<std::unique_ptr<LiveSimulation>> create(const SimulateOptions& options);
  ~LiveSimulation();
  LiveSimulation(const LiveSimulation&) = delete;
  LiveSimulation& operator=(const LiveSimulation&) = delete;

  const std::vector<Mine>& mines() const noexcept { return mines_; }
  // mines.csv of the simulated mines (contracts.md).
  std::string registry_csv() const;
  // Writes every file of events before `until` not written yet ("<mine>/<name>" paths),
  // starting new days as `until` passes their start.
  Status advance(Time until, FileSink& sink);
  const SimulateStats& stats() const noexcept { return stats_; }

 private:
  explicit LiveSimulation(const SimulateOptions& options);
  Status start_day(FileSink& sink);

  SimulateOptions options_;
  Seconds day_{};
  std::vector<Mine> mines_;
  std::vector<std::unique_ptr<MineSim>> sims_;  // this day's
  Time day_start_{}, day_end_{};
  bool started_ = false;
  SimulateStats stats_;
};

// `sim` written a window at a time through a CallbackSink: the shape of the server's
// DemoSource, which main() passes to `serve --demo` (the server does not depend on sim).
using LiveSource = std::function<Status(Time until, const CallbackSink::Fn& sink)>;
LiveSource live_source(std::shared_ptr<LiveSimulation> sim);

}  // namespace mw::sim
