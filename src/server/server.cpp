#include "server/server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "base/json.hpp"
#include "ingest/netfile/profile.hpp"
#include "rules/rule_pack.hpp"
#include "server/api_routes.hpp"
#include "server/auth_routes.hpp"
#include "server/drop_watcher.hpp"
#include "server/event_log.hpp"
#include "server/metrics.hpp"
#include "server/static_files.hpp"
#include "server/upload_routes.hpp"
#include "store/migrations.hpp"
#include "store/open_db.hpp"
#include "store/workflow_repo.hpp"
#include "workflow/alarm_workflow.hpp"

namespace mw::server {
namespace {

// How often the timer thread escalates overdue alarms: well inside a minute, the unit of
// the escalation setting.
constexpr Seconds kEscalationCheck{5};
// Retention passes (wall time): hourly keeps each pass an hour of rows; a failed one (the
// store busy) is tried again sooner.
constexpr std::chrono::minutes kRetentionEvery{60};
constexpr std::chrono::minutes kRetentionRetry{5};

// A failing escalation sweep (every 5 s) logs its first failure, then at most this often:
// an operator sees it is still failing without 720 lines an hour.
constexpr Seconds kSweepFailureLineEvery{60};

std::int64_t ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
      .count();
}

}  // namespace

struct Server::Impl {
  ServeConfig config;
  const Clock* clock = nullptr;
  RulePack pack;
  const netfile::Profile* profile = nullptr;
  LiveBus bus;
  LiveAlarmSink sink{bus};
  std::unique_ptr<MineStatusTracker> status;
  std::unique_ptr<pipeline::DurablePipeline> pipeline;
  std::unique_ptr<Auth> auth;
  std::unique_ptr<workflow::AlarmWorkflow> workflow;
  ApiDeps api;
  UploadDeps uploads;
  HttpMetrics http_metrics;
  std::unique_ptr<LogFile> access_log;  // one JSON line per request; null: none
  // The server's own events; shared with the demo's log (Server::demo_log()).
  std::shared_ptr<EventLog> events = std::make_shared<EventLog>();
  std::atomic<std::uint64_t> sweeps_ok{0}, sweeps_failed{0};  // escalation sweeps
  Router router;
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<DropWatcher> drop;
  std::jthread timer;
  std::jthread retention;  // the stores' age limits, hourly (retention_loop)
  RetentionStats retention_stats;
  std::chrono::milliseconds retention_first{0};
  std::mutex timer_mu;
  std::condition_variable_any timer_cv;
  bool stopped = false;
  mutable std::mutex demo_mu;
  std::function<DemoStats()> demo;  // guarded by demo_mu; empty without --demo

  std::optional<DemoStats> demo_stats() const {
    const std::lock_guard lock(demo_mu);
    if (!demo) return std::nullopt;
    return demo();
  }

  std::string db_target() const {
    return config.store_dsn.empty() ? config.data_dir + "/minewatch.db" : config.store_dsn;
  }
  void tick_loop(std::stop_token stop);
  void retention_loop(std::stop_token stop);
  std::string metrics() const;
  std::string sweep_metrics() const;
};

void Server::Impl::tick_loop(std::stop_token stop) {
  Time last_escalation{};
  RepeatedFailureLog sweep_log(*events, "escalation", kSweepFailureLineEvery);
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(timer_mu);
      timer_cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
    }
    if (stop.stop_requested()) break;
    pipeline->advance();
    const Time now = clock->now();
    status->tick(now);
    if (now - last_escalation >= kEscalationCheck) {
      last_escalation = now;
      // A failure (store busy or broken) is retried at the next check.
      if (const auto r = escalate_overdue(*pipeline, *workflow); r.ok()) {
        sweeps_ok.fetch_add(1);
        sweep_log.passed(now);
      } else {
        sweeps_failed.fetch_add(1);
        sweep_log.failed(now, r.status());
      }
    }
  }
}

void Server::Impl::retention_loop(std::stop_token stop) {
  std::chrono::milliseconds wait = retention_first;
  while (true) {
    {
      std::unique_lock lock(timer_mu);
      timer_cv.wait_for(lock, stop, wait, [] { return false; });
    }
    if (stop.stop_requested()) break;
    const auto began = std::chrono::steady_clock::now();
    const auto r = pipeline->apply_retention();
    if (r.ok()) {
      const std::int64_t rows = r->series_rows + r->personnel_rows + r->file_rows;
      retention_stats.passes.fetch_add(1);
      retention_stats.rows.fetch_add(static_cast<std::uint64_t>(rows));
      events->info("retention", {{"rows", rows},
                                 {"series_rows", r->series_rows},
                                 {"personnel_rows", r->personnel_rows},
                                 {"file_rows", r->file_rows},
                                 {"ms", ms_since(began)}});
    } else {  // the store was busy or failing: the rest waits for the next pass
      retention_stats.failures.fetch_add(1);
      events->error("retention.failed",
                    {{"reason", r.status().message()},
                     {"code", status_code_name(r.status().code())},
                     {"ms", ms_since(began)},
                     {"retry_in_s", std::chrono::seconds(kRetentionRetry).count()}});
    }
    wait = r.ok() ? kRetentionEvery : kRetentionRetry;
  }
}

std::string Server::Impl::metrics() const {
  MetricsInputs in;
  in.http = &http_metrics;
  if (http) in.server = http->stats();
  in.pipeline = pipeline->stats();
  in.retention = &retention_stats;
  in.live = bus.stats();
  in.mines_online = status->online_count();
  if (drop) {
    const DropStats d = drop->stats();
    in.drop_files = d.files;
    in.drop_quarantined = d.quarantined;
  }
  std::string out = render_metrics(in);
  out += sweep_metrics();
  if (const auto d = demo_stats()) out += demo_metrics(*d);
  return out;
}

std::string Server::Impl::sweep_metrics() const {
  std::string out =
      "# HELP minewatch_escalation_sweeps_total Sweeps for overdue red alarms (every 5 s) by "
      "outcome; a failed one is retried at the next and logged (event log, escalation.failed).\n"
      "# TYPE minewatch_escalation_sweeps_total counter\n";
  out += "minewatch_escalation_sweeps_total{outcome=\"ok\"} " + std::to_string(sweeps_ok.load()) +
         "\n";
  out += "minewatch_escalation_sweeps_total{outcome=\"failed\"} " +
         std::to_string(sweeps_failed.load()) + "\n";
  return out;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { (void)stop(Seconds{2}); }

Result<std::unique_ptr<Server>> Server::start(ServeConfig config, const Clock& clock) {
  return start(std::move(config), clock, Tuning{});
}

Result<std::unique_ptr<Server>> Server::start(ServeConfig config, const Clock& clock,
                                              const Tuning& tuning) {
  const Clock& accounts_clock = tuning.accounts_clock ? *tuning.accounts_clock : clock;
  auto impl = std::make_unique<Impl>();
  Impl& s = *impl;
  s.config = std::move(config);
  s.retention_first = tuning.retention_first;
  s.clock = &clock;
  auto listen = split_listen(s.config.listen);
  if (!listen.ok()) return listen.status();
  const auto began = std::chrono::steady_clock::now();
  // First: a bad log path is a config error found before a long journal recovery.
  auto events = EventLog::open(s.config.event_log);
  if (!events.ok())
    return Status(events.status().code(), "event_log: " + events.status().message());
  s.events = std::move(events).value();
  auto access = LogFile::open(s.config.access_log);
  if (!access.ok())
    return Status(access.status().code(), "access_log: " + access.status().message());
  s.access_log = std::move(access).value();
  // The journal's recovery may take minutes: say what is being opened first.
  s.events->info("starting", {{"data_dir", s.config.data_dir},
                              {"store", store_kind(s.config.store_dsn)},
                              {"target", redact_dsn(s.db_target())}});

  if (s.config.rules.empty()) {
    s.pack = default_rule_pack();
  } else {
    auto pack = load_rule_pack(s.config.rules);
    if (!pack.ok()) return pack.status();
    s.pack = std::move(pack).value();
  }
  s.profile = netfile::builtin_profile(s.config.profile);
  if (s.profile == nullptr) {
    return Status::invalid_argument("unknown networking file profile: " + s.config.profile);
  }
  s.status = std::make_unique<MineStatusTracker>(s.bus, s.config.offline_after);

  pipeline::DurableOptions opts;
  opts.data_dir = s.config.data_dir;
  opts.shards = s.config.shards;
  opts.store_dsn = s.config.store_dsn;
  opts.listener = &s.sink;
  if (tuning.rule_history) opts.rule_history = *tuning.rule_history;
  opts.raw_retention = Seconds{std::int64_t{s.config.raw_retention_days} * 86400};
  opts.rollup_retention = Seconds{std::int64_t{s.config.rollup_retention_days} * 86400};
  opts.file_retention = opts.raw_retention;
  auto pipe = pipeline::DurablePipeline::open(std::move(opts), s.pack, *s.profile, clock);
  if (!pipe.ok()) return pipe.status();
  s.pipeline = std::move(pipe).value();

  // Auth, the workflow and the API each get their own connection (store::Db is not shared
  // between threads); the pipeline migrated the store when it opened.
  auto auth_db = store::open_db(s.db_target());
  if (!auth_db.ok()) return auth_db.status();
  // Session and token checks read through a second connection: never behind a user write or
  // a session touch waiting for the write lock (issue 6).
  auto auth_reader = store::open_db(s.db_target());
  if (!auth_reader.ok()) return auth_reader.status();
  AuthOptions auth_options;
  auth_options.secure_cookies = s.config.tls.has_value();
  s.auth = std::make_unique<Auth>(std::move(auth_db).value(), std::move(auth_reader).value(),
                                  accounts_clock, auth_options);
  auto wf_db = store::open_db(s.db_target());
  if (!wf_db.ok()) return wf_db.status();
  workflow::WorkflowOptions wf;
  wf.escalation_after = s.config.escalation_after;
  wf.on_escalation = [&s](const workflow::EscalationEvent& e) {
    s.bus.publish(e.mine, escalation_event_json(e));
    s.events->info("alarm.handed_up", {{"alarm", e.alarm_id},
                                       {"mine", e.mine},
                                       {"to", store::workflow_level_name(e.level)},
                                       {"scope", e.scope}});
  };
  s.workflow = std::make_unique<workflow::AlarmWorkflow>(std::move(wf_db).value(), clock, wf);
  auto api_db = store::open_db(s.db_target());
  if (!api_db.ok()) return api_db.status();
  s.api.pipeline = s.pipeline.get();
  s.api.workflow = s.workflow.get();
  s.api.pack = &s.pack;
  s.api.clock = &clock;
  s.api.offline_after = s.config.offline_after;  // one online rule: list, page, live, metric
  s.api.store = std::move(api_db).value();

  const Time now = clock.now();
  for (const Mine& m : s.pipeline->mines()) {
    const auto view = s.pipeline->mine_view(m.code);
    s.status->seed(m.code, view ? view->last_upload : std::nullopt, now);
  }

  s.uploads.ingest = [&s](std::string_view name, std::string_view bytes) {
    return s.pipeline->ingest(name, bytes);
  };
  s.uploads.check_key = [&s](std::string_view mine, std::string_view key) {
    return s.auth->check_upload_key(mine, key);
  };
  s.uploads.on_ingested = [&s](std::string_view mine, const pipeline::IngestOutcome& outcome) {
    s.status->note_upload(mine, outcome.file_time, s.clock->now());
  };
  s.uploads.profile = s.profile;
  add_upload_routes(s.router, s.uploads);
  add_auth_routes(s.router, *s.auth);
  add_api_routes(s.router, s.api);
  // Last: the UI's index.html answers every other GET path (client-side routes).
  if (!s.config.web_dir.empty()) add_static_routes(s.router, s.config.web_dir);
  s.router.add(Method::kGet, "/metrics", [&s](const Request&, const PathParams&) {
    Response r = Response::json(200, s.metrics());
    r.content_type = "text/plain; version=0.0.4";
    return r;
  });
  s.router.add(Method::kGet, "/healthz", [&s](const Request&, const PathParams&) {
    const auto st = s.pipeline->stats();
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("status").value("ok");
    w.key("files_applied").value(st.files_applied);
    w.key("journal_lag").value(st.journal_lag);
    // Still 200 when the demo fails: the server serves; the demo says why it does not run.
    if (const auto d = s.demo_stats()) w.key("demo").raw(demo_health_json(*d));
    w.end_object();
    return Response::json(200, std::move(body));
  });

  HttpServerOptions http;
  http.host = listen->first;
  http.port = listen->second;
  http.io_threads = s.config.io_threads;
  http.worker_threads = s.config.worker_threads;
  http.limits = s.config.limits;
  http.tls = s.config.tls;
  HttpHooks hooks;
  hooks.authenticate = [&s](const Request& r) { return s.auth->authenticate(r); };
  hooks.on_request = [&s](const AccessLogEntry& e) {
    s.http_metrics.observe(e);
    if (s.access_log) s.access_log->write_line(access_log_json(e) + '\n');
  };
  hooks.live = &s.bus;
  auto server = HttpServer::start(std::move(http), s.router, std::move(hooks));
  if (!server.ok()) return server.status();
  s.http = std::move(server).value();

  if (!s.config.drop_dir.empty()) {
    DropOptions d;
    d.dir = s.config.drop_dir;
    d.settle = s.config.drop_settle;
    auto watcher = DropWatcher::start(
        d,
        [&s](std::string_view name, std::string_view bytes) {
          auto r = s.pipeline->ingest(name, bytes);
          if (r.ok() && r->kind != pipeline::IngestOutcome::Kind::kQuarantined) {
            s.status->note_upload(r->mine, r->file_time, s.clock->now());
          }
          return r;
        },
        clock);
    if (!watcher.ok()) return watcher.status();
    s.drop = std::move(watcher).value();
  }
  s.timer = std::jthread([&s](std::stop_token st) { s.tick_loop(st); });
  s.retention = std::jthread([&s](std::stop_token st) { s.retention_loop(st); });
  const auto st = s.pipeline->stats();
  std::unique_ptr<Server> out(new Server(std::move(impl)));
  s.events->info("start", {{"url", out->url()},
                           {"listen", s.config.listen},
                           {"store", store_kind(s.config.store_dsn)},
                           {"target", redact_dsn(s.db_target())},
                           {"data_dir", s.config.data_dir},
                           {"raw_retention_days", s.config.raw_retention_days},
                           {"rollup_retention_days", s.config.rollup_retention_days},
                           {"mines", s.pipeline->mines().size()},
                           {"recovered_records", st.recovered_records},
                           {"drop_dir", s.config.drop_dir},
                           {"ms", ms_since(began)}});
  return out;
}

std::uint16_t Server::port() const { return impl_->http ? impl_->http->port() : 0; }

std::string Server::url() const {
  auto listen = split_listen(impl_->config.listen);
  std::string host = listen.ok() ? listen->first : "127.0.0.1";
  if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(impl_->config.tls ? "https://" : "http://") + host + ":" +
         std::to_string(port());
}

const ServeConfig& Server::config() const { return impl_->config; }
pipeline::DurablePipeline& Server::pipeline() { return *impl_->pipeline; }
Auth& Server::auth() { return *impl_->auth; }
LiveBus& Server::bus() { return impl_->bus; }
HttpServerStats Server::http_stats() const { return impl_->http->stats(); }
std::string Server::metrics_text() const { return impl_->metrics(); }
void Server::set_demo(std::function<DemoStats()> stats) {
  const std::lock_guard lock(impl_->demo_mu);
  impl_->demo = std::move(stats);
}

DemoLog Server::demo_log() const {
  return [events = impl_->events](std::string_view record) { events->write_record(record); };
}

Status Server::stop(Seconds grace) {
  Impl& s = *impl_;
  if (s.stopped) return {};
  s.stopped = true;
  const auto began = std::chrono::steady_clock::now();
  const HttpServerStats before = s.http ? s.http->stats() : HttpServerStats{};
  s.events->info("stopping", {{"grace_s", grace.count()},
                              {"in_flight", before.in_flight},
                              {"connections", before.connections_open},
                              {"websockets", before.websockets_open}});
  if (s.http) s.http->stop(grace);
  const HttpServerStats after = s.http ? s.http->stats() : HttpServerStats{};
  if (s.drop) s.drop->stop();
  for (std::jthread* t : {&s.timer, &s.retention}) {
    if (t->joinable()) {
      t->request_stop();
      t->join();
    }
  }
  // What close() checkpoints: the journal records not yet in the store's checkpoint.
  const std::uint64_t lag = s.pipeline ? s.pipeline->stats().journal_lag : 0;
  Status closed = s.pipeline ? s.pipeline->close() : Status{};
  if (!closed.ok()) {
    s.events->error("stop.failed", {{"reason", closed.message()},
                                    {"code", status_code_name(closed.code())},
                                    {"ms", ms_since(began)}});
    return closed;
  }
  s.events->info("stopped", {{"requests_finished", after.requests - before.requests},
                             {"requests_cut", after.in_flight},
                             {"checkpointed_records", lag},
                             {"ms", ms_since(began)}});
  return closed;
}

}  // namespace mw::server
