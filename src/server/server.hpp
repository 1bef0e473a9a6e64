#pragma once
// Server: `minewatch serve` as an object (architecture.md §1, §6). It owns the data
// directory's DurablePipeline, Auth, the alarm workflow, the routes (uploads, accounts, read
// API, /metrics, /healthz), the live bus, the HTTP server, the drop-directory watcher and a
// timer thread that moves the pipeline clock (advance() every second: timers, seals,
// checkpoints), reports mines going offline and escalates overdue red alarms. Its own events
// (start, retention passes, escalation failures, hand-ups, stop) go to the event log.
//
// Thread safety: start() and stop() from one controlling thread; the accessors return
// objects that are themselves thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "server/auth.hpp"
#include "server/config.hpp"
#include "server/demo_uploader.hpp"
#include "server/http_server.hpp"
#include "server/live.hpp"

namespace mw::server {

class Server {
 public:
  // Opens the data directory (recovering the journal), binds, and serves. `clock` outlives
  // the server (SystemClock in production; tests may pass a ManualClock).
  static Result<std::unique_ptr<Server>> start(ServeConfig config,
                                               const Clock& clock = SystemClock::instance());
  // The same with settings a benchmark needs and a config file does not offer.
  struct Tuning {
    // Accounts (session idle and touch, the upload-key cache refresh) on this clock rather
    // than `clock`: serve_bench runs the data's clock hundreds of times faster than the wall
    // and keeps these wall-clock intervals at their real length. Null: `clock`.
    const Clock* accounts_clock = nullptr;
    // DurableOptions::rule_history (journal kept for restarts); unset: its default, 24 h.
    std::optional<Seconds> rule_history;
    // Wall time from start to the first retention pass (then hourly): a restart after a long
    // stop catches up soon, without slowing the start itself.
    std::chrono::milliseconds retention_first{std::chrono::minutes(1)};
  };
  static Result<std::unique_ptr<Server>> start(ServeConfig config, const Clock& clock,
                                               const Tuning& tuning);
  ~Server();  // stop(), ignoring errors
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // http(s)://host:port
  const ServeConfig& config() const;
  pipeline::DurablePipeline& pipeline();
  Auth& auth();
  LiveBus& bus();
  HttpServerStats http_stats() const;
  std::string metrics_text() const;  // what GET /metrics answers
  // The demo (`serve --demo`) whose state /healthz ("demo") and /metrics (minewatch_demo_*)
  // report from now on; DemoUploader::stats_source(). Callable from any thread.
  void set_demo(std::function<DemoStats()> stats);
  // DemoOptions::log for that demo: its failures and recoveries go to the event log
  // (`event_log`, docs/serve.md "Event log"). Stays valid after the server is gone.
  DemoLog demo_log() const;

  // Graceful: stops accepting, lets requests in flight finish (at most `grace`), stops the
  // watcher and timer, then checkpoints and closes the pipeline. Idempotent.
  Status stop(Seconds grace = Seconds{10});

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::server
