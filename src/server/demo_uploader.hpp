#pragma once
// DemoUploader (`serve --demo N`): uploads simulated mines' networking files to a server over
// real HTTP PUT, each as its file time passes the clock — what N mines' central stations
// would do. The files come from a DemoSource a window at a time, a bounded lead ahead of the
// clock, and are held in memory only until sent: the first uploads start at once, and memory
// and disk stay flat however long the demo runs (the whole day written up front took minutes
// and 1.3 GB for 50 mines). Files whose time has passed go at once (definitions first at the
// same second), the rest as their time comes. Each mine uses its own upload key.
//
// A failure (the source, or the server not answering) is logged once with its reason, shown
// by stats() (the server's /healthz and /metrics) and retried with a growing wait until it
// passes.
//
// Thread safety: one uploader thread (the source is called only there); stats() from any
// thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::server {

struct DemoFile {
  std::string path;  // on disk (list_demo_files); empty when `bytes` holds the file
  std::string name;
  std::string mine;
  Time time{};
  bool definition = false;  // CDDY, FZDY, RYQY, RYJZ, RYXX: before real-time files of a second
  std::string bytes;
};

// Every networking file under `dir` (recursively), in upload order.
std::vector<DemoFile> list_demo_files(const std::string& dir);

// Where a source puts each file: path "<mine>/<file name>" (others, e.g. "mines.csv", are
// ignored by the uploader) and its bytes.
using DemoFileSink = std::function<void(std::string_view path, std::string_view bytes)>;
// Writes every file of events before `until` not written yet. main() wires the simulator
// (sim::LiveSimulation) here, so the server does not depend on sim.
using DemoSource = std::function<Status(Time until, const DemoFileSink& sink)>;

// How far ahead of the clock the source is asked for files: a file is in memory at most this
// long before it is due. Two minutes cover the simulator's upload jitter (seconds) and keep
// 50 mines' pending files to ~10 MB.
inline constexpr Seconds kDemoLead{120};

// A demo event for the operator, as an event-log record (server/event_log.hpp; `serve` writes
// it to its event log): a failure when it begins, once, with its reason, and the recovery.
using DemoLog = std::function<void(std::string_view line)>;

struct DemoOptions {
  Seconds lead = kDemoLead;
  // After a failure (the source, or the server not answering or answering 5xx — a 503 while
  // it is busy) the uploader waits `retry_first`, doubling up to `retry_max`, and tries the
  // same again; a success resets the wait. A demo never gives up: `make run` outlives a busy
  // server. One minute at most: a recovered server gets its files within a minute.
  std::chrono::milliseconds retry_first{1000};
  std::chrono::milliseconds retry_max{60'000};
  DemoLog log;  // empty: event-log lines on stderr
};

struct DemoStats {
  // Started, not stopped, and its last step succeeded (false while failing or stopped).
  bool running = false;
  std::uint64_t uploaded = 0;  // answered 201
  std::uint64_t rejected = 0;  // answered 4xx (a bug in the demo, or a quarantined file)
  std::uint64_t failed = 0;    // uploads not answered or answered 5xx (each retried)
  std::uint64_t retries = 0;   // waits after a failure of the source or of an upload
  std::uint64_t pending = 0;   // simulated, not yet sent
  // Why the demo is not running: the failure it is retrying, or "stopped"; empty while it
  // runs (and before it starts).
  std::string error;
  // The last clock reading at which every file due was sent (epoch before the first).
  Time caught_up{};
};

// The demo's lines of GET /metrics (docs/serve.md "Metrics"): minewatch_demo_running (gauge),
// minewatch_demo_files_total{outcome} and minewatch_demo_retries_total.
std::string demo_metrics(const DemoStats& stats);
// /healthz's "demo" object: {"running":…,"error":…|null,"uploaded":…,"rejected":…,"failed":…,
// "retries":…,"pending":…}.
std::string demo_health_json(const DemoStats& stats);

class DemoUploader {
 public:
  // `keys`: mine code → upload key. `clock` outlives the uploader. The first call to `source`
  // (from the uploader thread) is for now + lead.
  DemoUploader(DemoSource source, std::map<std::string, std::string> keys, std::string host,
               std::uint16_t port, const Clock& clock, DemoOptions options = {});
  ~DemoUploader();
  DemoUploader(const DemoUploader&) = delete;
  DemoUploader& operator=(const DemoUploader&) = delete;

  void start();
  void stop();
  DemoStats stats() const;
  // stats() that stays callable after the uploader is gone (then: not running, "stopped"),
  // for the server's /healthz and /metrics, which may outlive it.
  std::function<DemoStats()> stats_source() const;

 private:
  struct Order {  // upload order: time, definitions first, name
    bool operator()(const DemoFile& a, const DemoFile& b) const;
  };
  // What stats() reads, shared with stats_source()'s copies.
  struct Shared {
    std::atomic<std::uint64_t> uploaded{0}, rejected{0}, failed{0}, retries{0}, pending{0};
    std::atomic<Seconds::rep> caught_up{0};
    mutable std::mutex mu;
    bool running = false;  // guarded by mu
    std::string error;     // guarded by mu
    DemoStats read() const;
  };
  void run(std::stop_token stop);
  Status fill(Time until);
  // A step failed: logs the first failure of a run of them, counts the retry, returns the wait.
  std::chrono::milliseconds failed_step(const std::string& reason);
  void step_succeeded();

  DemoSource source_;
  std::map<std::string, std::string> keys_;
  std::string host_;
  std::uint16_t port_;
  const Clock& clock_;
  DemoOptions options_;
  std::vector<DemoFile> pending_;  // a min-heap in upload order (uploader thread only)
  // Uploader thread only: the current run of failures (0: none) and its next wait.
  std::uint64_t failing_ = 0;
  std::chrono::milliseconds backoff_{0};
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
  std::jthread thread_;
};

}  // namespace mw::server
