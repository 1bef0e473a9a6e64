// serve end to end on loopback (docs/serve.md "Benchmark"): CDSS files of simulated mines,
// widened to realistic sizes and made on the fly so every sample is new (serve_load.hpp), PUT
// by concurrent HttpClient clients to a real Server (journal fsync, rules, storage) at a
// target rate; a WebSocket client times gas.alarm events from the PUT of the file carrying the
// over-limit; an API client times the mine page meanwhile. Then the same samples (the same
// generator from the same start) go to Debian's victoria-metrics over its Prometheus text
// import, as fast as the same clients can send them, and the ratio of the rates is printed.
//
//   serve_bench [--seconds S] [--rate R] [--mines N] [--clients C] [--min-points P]
//               [--max-points P] [--vm-seconds S] [--victoria PATH|none] [--workers W]
// --rate: samples/s to offer (the event clock runs as fast as that needs); 0 = as fast as
// the clients go (no pacing, no backlog figure). The process's whole CPU (server, load
// generator, clients) is on the same machine.

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/temp_dir.hpp"
#include "model/mine_registry.hpp"
#include "serve_load.hpp"
#include "server/http_client.hpp"
#include "server/server.hpp"
#include "victoria_peer.hpp"

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using Steady = std::chrono::steady_clock;
using namespace mw;
using namespace mw::server;
using namespace mw::bench;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

std::uint64_t field(const std::string& json, std::string_view key) {
  const auto at = json.find("\"" + std::string(key) + "\":");
  if (at == std::string::npos) return 0;
  return std::strtoull(json.c_str() + at + key.size() + 3, nullptr, 10);
}

std::string string_field(const std::string& json, std::string_view key) {
  const std::string k = "\"" + std::string(key) + "\":\"";
  const auto at = json.find(k);
  if (at == std::string::npos) return {};
  const auto from = at + k.size();
  return json.substr(from, json.find('"', from) - from);
}

double ms_since(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

std::uint64_t dir_bytes(const std::string& dir) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  }
  return n;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Args {
  int seconds = 60;
  double rate = 600000;
  int mines = 100;
  // Concurrent senders. Fewer threads contend less on 2 cores: unpaced 20-s runs on the
  // loaded machine gave 578k (6), 570k (8), 562k (12), 521k (32), 342k (128) samples/s.
  int clients = 12;
  int min_points = 100;
  int max_points = 1000;
  int vm_seconds = -1;  // -1: min(seconds, 60)
  int workers = 0;      // server worker_threads; 0: 2 × clients (an upload waits in one)
  std::string victoria = "/usr/bin/victoria-metrics";
};

// Sends one generated file; true when acknowledged, adding the samples stored to `samples`.
using Sender = std::function<bool(HttpClient&, const LoadMine&, const LoadFile&, std::uint64_t&)>;

struct PhaseResult {
  double seconds = 0;
  double cpu = 0;
  std::uint64_t files = 0, samples = 0, errors = 0;
  std::vector<double> lag_ms;  // per file: send start − the moment it was due (paced only)
  std::vector<double> ack_ms;  // per file: request sent → answer read
  std::size_t max_backlog = 0;
  std::size_t last_backlog = 0;
  std::vector<double> backlog;  // files due and unsent, sampled every second (paced only)
};

// Runs `clients` threads over `mines` for `seconds`, offering `rate` samples/s (0: unpaced).
// `raise_clock` moves the server's clock to an event time (never backwards); `detail`, if
// set, adds the server's queues to each progress line (to tell a slow client from a backlog).
PhaseResult run_phase(std::vector<LoadMine>& mines, int clients, int seconds, double rate,
                      LoadFormat format, std::uint16_t port, const Sender& send,
                      const std::function<void(Time)>& raise_clock, const char* label,
                      const std::function<std::string()>& detail = {}) {
  PhaseResult res;
  Time first = next_upload(mines.front());
  double per_event_second = 0;
  for (const LoadMine& m : mines) {
    first = std::min(first, next_upload(m));
    per_event_second += static_cast<double>(m.points.size()) / static_cast<double>(m.poll.count());
  }
  const bool paced = rate > 0;
  const double speed = paced ? rate / per_event_second : 0;  // event seconds per wall second
  const auto t0 = Steady::now();
  const auto deadline = t0 + std::chrono::seconds(seconds);
  const auto due_wall = [&](Time t) {
    return t0 + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(
                    static_cast<double>((t - first).count()) / speed));
  };
  const auto event_now = [&] {
    return first + Seconds{static_cast<long long>(
                       std::chrono::duration<double>(Steady::now() - t0).count() * speed)};
  };
  std::vector<std::atomic<std::int64_t>> next(mines.size());
  for (std::size_t i = 0; i < mines.size(); ++i) {
    next[i].store(next_upload(mines[i]).time_since_epoch().count());
  }
  std::atomic<std::uint64_t> files{0}, samples{0}, errors{0};
  std::atomic<std::int64_t> interval_max_ack_us{0};
  std::mutex lag_mu;
  const double cpu0 = cpu_seconds();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      HttpClient client("127.0.0.1", port, std::chrono::seconds(30));
      std::vector<std::size_t> own;
      for (std::size_t i = static_cast<std::size_t>(c); i < mines.size();
           i += static_cast<std::size_t>(clients)) {
        own.push_back(i);
      }
      std::vector<double> lags, acks;
      LoadFile file;
      while (!own.empty() && Steady::now() < deadline) {
        std::size_t pick = own.front();
        for (std::size_t i : own) {
          if (next_upload(mines[i]) < next_upload(mines[pick])) pick = i;
        }
        LoadMine& m = mines[pick];
        const Time due = next_upload(m);
        if (paced) {
          const auto at = due_wall(due);
          if (at > Steady::now()) {
            std::this_thread::sleep_until(std::min(at, deadline));
            continue;
          }
          lags.push_back(std::chrono::duration<double, std::milli>(Steady::now() - at).count());
        }
        raise_clock(due);
        next_file(m, format, file);
        std::uint64_t stored = 0;
        const auto sent = Steady::now();
        const bool ok = send(client, m, file, stored);
        const double ack = ms_since(sent);
        acks.push_back(ack);
        const auto us = static_cast<std::int64_t>(ack * 1000);
        for (auto seen = interval_max_ack_us.load();
             us > seen && !interval_max_ack_us.compare_exchange_weak(seen, us);) {
        }
        if (ok) {
          files.fetch_add(1);
          samples.fetch_add(stored);
        } else {
          errors.fetch_add(1);
        }
        next[pick].store(next_upload(m).time_since_epoch().count());
      }
      std::lock_guard lock(lag_mu);
      res.lag_ms.insert(res.lag_ms.end(), lags.begin(), lags.end());
      res.ack_ms.insert(res.ack_ms.end(), acks.begin(), acks.end());
    });
  }
  // Progress every tenth of the run: the interval's rate and the backlog (files due, unsent).
  const int every = std::max(5, seconds / 10);
  auto last = t0;
  std::uint64_t last_samples = 0;
  double last_cpu = cpu0;
  // The backlog: files due by the event clock and not yet sent, over all mines.
  const auto backlog_now = [&] {
    std::size_t n = 0;
    const auto now = event_now().time_since_epoch().count();
    for (std::size_t i = 0; i < mines.size(); ++i) {
      const auto due = next[i].load();
      if (due <= now) n += static_cast<std::size_t>((now - due) / mines[i].poll.count() + 1);
    }
    return n;
  };
  auto last_sampled = t0;
  while (Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (paced) raise_clock(event_now());
    if (paced && Steady::now() - last_sampled >= std::chrono::seconds(1)) {
      last_sampled = Steady::now();
      const std::size_t b = backlog_now();
      res.backlog.push_back(static_cast<double>(b));
      res.max_backlog = std::max(res.max_backlog, b);
      res.last_backlog = b;
    }
    if (Steady::now() - last < std::chrono::seconds(every)) continue;
    const double dt = std::chrono::duration<double>(Steady::now() - last).count();
    last = Steady::now();
    const std::size_t backlog = paced ? res.last_backlog : 0;
    const std::uint64_t s = samples.load();
    const std::string backlog_text = paced ? std::to_string(backlog) + " files" : "-";
    const double cpu = cpu_seconds();
    const std::string extra = detail ? detail() : std::string();
    std::printf(
        "  [%s %5.0f s] %9.0f samples/s  backlog %s  slowest answer %.0f ms  "
        "errors %llu  cpu %.2f cores%s\n",
        label, std::chrono::duration<double>(last - t0).count(),
        static_cast<double>(s - last_samples) / dt, backlog_text.c_str(),
        static_cast<double>(interval_max_ack_us.exchange(0)) / 1000,
        static_cast<unsigned long long>(errors.load()), (cpu - last_cpu) / dt, extra.c_str());
    last_cpu = cpu;
    std::fflush(stdout);
    last_samples = s;
  }
  for (auto& t : threads) t.join();
  res.seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  res.cpu = cpu_seconds() - cpu0;
  res.files = files.load();
  res.samples = samples.load();
  res.errors = errors.load();
  return res;
}

constexpr const char* kUsage =
    "usage: serve_bench [--seconds S] [--rate R] [--mines N] [--clients C] [--min-points P]\n"
    "                   [--max-points P] [--vm-seconds S] [--victoria PATH|none] [--workers W]\n"
    "  --rate R      samples/s to offer; 0 = as fast as the clients go (default 600000)\n"
    "  --vm-seconds  seconds of the VictoriaMetrics phase (default: min(seconds, 60))\n"
    "  --victoria    the victoria-metrics binary, or none to skip the peer\n";

// nullopt: --help, or a flag this benchmark does not know (a typo must not silently run
// the 10-minute default).
std::optional<Args> parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--help" || k == "-h" || i + 1 >= argc) return std::nullopt;
    const char* v = argv[i + 1];
    if (k == "--seconds") {
      a.seconds = std::atoi(v);
    } else if (k == "--rate") {
      a.rate = std::atof(v);
    } else if (k == "--mines") {
      a.mines = std::atoi(v);
    } else if (k == "--clients") {
      a.clients = std::atoi(v);
    } else if (k == "--min-points") {
      a.min_points = std::atoi(v);
    } else if (k == "--max-points") {
      a.max_points = std::atoi(v);
    } else if (k == "--vm-seconds") {
      a.vm_seconds = std::atoi(v);
    } else if (k == "--workers") {
      a.workers = std::atoi(v);
    } else if (k == "--victoria") {
      a.victoria = v;
    } else {
      std::fprintf(stderr, "serve_bench: unknown flag %s\n", k.c_str());
      return std::nullopt;
    }
  }
  if (a.vm_seconds < 0) a.vm_seconds = std::min(a.seconds, 60);
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  // scripts/bench.sh runs every *_bench with Google Benchmark flags; `make bench` runs this
  // one on its own with a short duration.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).starts_with("--benchmark")) return 0;
  }
  const std::optional<Args> parsed = parse_args(argc, argv);
  if (!parsed) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const Args& args = *parsed;
  mw::testing::TempDir dir("mw_serve_bench");
  LoadSpec spec;
  spec.mines = args.mines;
  spec.min_points = args.min_points;
  spec.max_points = args.max_points;
  auto load = make_load(spec, dir.sub("sim"));
  if (!load.ok()) {
    std::fprintf(stderr, "serve_bench: %s\n", load.status().to_string().c_str());
    return 1;
  }
  if (Status s = check_writer(load->mines.front()); !s.ok()) {
    std::fprintf(stderr, "serve_bench: %s\n", s.to_string().c_str());
    return 1;
  }
  const std::vector<LoadMine> initial = load->mines;  // the peer gets the same samples
  std::vector<std::size_t> sizes;
  std::size_t points = 0;
  for (const LoadMine& m : load->mines) {
    sizes.push_back(m.points.size());
    points += m.points.size();
  }
  std::sort(sizes.begin(), sizes.end());
  const double per_event_second = load->samples_per_event_second();
  std::printf(
      "serve_bench: %zu mines, %zu points (per mine min %zu, median %zu, max %zu), polls "
      "10-30 s: %.0f samples per event second; offered %.0f samples/s (event clock ×%.0f), %d "
      "clients, %d s\n",
      load->mines.size(), points, sizes.front(), sizes[sizes.size() / 2], sizes.back(),
      per_event_second, args.rate, args.rate > 0 ? args.rate / per_event_second : 0.0, args.clients,
      args.seconds);
  std::fflush(stdout);

  ManualClock clock(load->start + Seconds{30});
  std::mutex clock_mu;
  const auto raise_clock = [&](Time t) {
    std::lock_guard lock(clock_mu);
    if (t > clock.now()) clock.set(t);
  };
  ServeConfig config;
  config.data_dir = dir.sub("data");
  config.listen = "127.0.0.1:0";
  config.access_log = "";
  config.worker_threads =
      static_cast<std::size_t>(args.workers > 0 ? args.workers : 2 * args.clients);
  Server::Tuning tuning;
  // Accounts on the wall clock: at ×267 event time a session would be touched and the
  // upload-key cache reloaded hundreds of times more often than in service.
  tuning.accounts_clock = &SystemClock::instance();
  // The journal kept for restarts: the least the pipeline allows (a tsdb window + 1 h, 7 h)
  // rather than 24 h, so 10 min at 600k samples/s (~47 MB/s of journal) keep ~4 GB on disk.
  tuning.rule_history = Seconds{7 * 3600};
  auto server = Server::start(config, clock, tuning);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().to_string().c_str());
    return 1;
  }
  Server& srv = **server;
  auto registry = parse_mine_registry(load->mines_csv);
  if (!registry.ok() || !srv.pipeline().import_registry(*registry).ok()) return 1;
  std::map<std::string, std::string> keys;
  for (const Mine& m : *registry) {
    keys[m.code] = "Bearer " + *srv.auth().rotate_upload_key(m.code, "bench");
  }
  (void)srv.auth().add_user("bench", "bench password 123", Role::kNational, "", "bench");
  HttpClient setup("127.0.0.1", srv.port());
  auto session = setup.request(Method::kPost, "/api/v1/session",
                               R"({"user":"bench","password":"bench password 123"})");
  std::string cookie;
  if (session.ok() && session->header("set-cookie")) {
    cookie = std::string(
        session->header("set-cookie")->substr(0, session->header("set-cookie")->find(';')));
  }
  for (const LoadMine& m : load->mines) {
    for (const auto& [name, bytes] : m.definitions) {
      auto r = setup.request(Method::kPut, "/api/v1/mines/" + m.code + "/files/" + name, bytes,
                             {{"Authorization", keys[m.code]}});
      if (!r.ok() || r->status != 201) {
        std::fprintf(stderr, "serve_bench: definitions %s not stored: %s\n", name.c_str(),
                     r.ok() ? r->body.c_str() : r.status().to_string().c_str());
        return 1;
      }
    }
  }

  // PUT start of each file carrying an over-limit, by "mine|point", until its event arrives.
  std::mutex lat_mu;
  std::map<std::string, Steady::time_point> pending;
  std::vector<double> event_ms;
  std::atomic<bool> done{false};
  std::thread listener([&] {
    net::io_context ioc;
    beast::websocket::stream<beast::tcp_stream> ws(ioc);
    beast::error_code ec;
    beast::get_lowest_layer(ws).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), srv.port()), ec);
    if (ec) return;
    ws.set_option(beast::websocket::stream_base::decorator(
        [&](beast::websocket::request_type& r) { r.set(beast::http::field::cookie, cookie); }));
    ws.handshake("127.0.0.1", "/api/v1/live", ec);
    // tcp_stream deadlines apply to asynchronous reads only: read asynchronously, poll done.
    beast::flat_buffer b;
    std::function<void(beast::error_code, std::size_t)> on_read;
    on_read = [&](beast::error_code rec, std::size_t) {
      if (rec) return;
      const std::string e = beast::buffers_to_string(b.data());
      b.consume(b.size());
      ws.async_read(b, on_read);
      if (e.find("\"alarm.opened\"") == std::string::npos ||
          e.find("\"kind\":\"gas.alarm\"") == std::string::npos) {
        return;
      }
      const std::string key = string_field(e, "mine") + "|" + string_field(e, "subject");
      std::lock_guard lock(lat_mu);
      const auto it = pending.find(key);
      if (it == pending.end()) return;
      event_ms.push_back(ms_since(it->second));
      pending.erase(it);
    };
    if (!ec) ws.async_read(b, on_read);
    while (!ec && !done.load() && !ioc.stopped()) ioc.run_for(std::chrono::milliseconds(200));
    beast::get_lowest_layer(ws).close();
  });
  // The mine page, every 50 ms while the load runs.
  std::vector<double> api_ms;
  std::uint64_t api_errors = 0;
  std::thread api([&] {
    HttpClient c("127.0.0.1", srv.port());
    for (std::size_t i = 0; !done.load(); ++i) {
      const std::string& mine = registry->at(i % registry->size()).code;
      const auto a = Steady::now();
      auto r = c.request(Method::kGet, "/api/v1/mines/" + mine, {}, {{"Cookie", cookie}});
      if (r.ok() && r->status == 200) {
        api_ms.push_back(ms_since(a));
      } else {
        ++api_errors;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });

  const Sender put = [&](HttpClient& c, const LoadMine& m, const LoadFile& f,
                         std::uint64_t& stored) {
    if (!f.injected_point.empty()) {
      std::lock_guard lock(lat_mu);
      pending[m.code + "|" + f.injected_point] = Steady::now();
    }
    auto r = c.request(Method::kPut, "/api/v1/mines/" + m.code + "/files/" + f.name, f.bytes,
                       {{"Authorization", keys[m.code]}});
    if (!r.ok() || r->status != 201) {
      if (r.ok()) std::fprintf(stderr, "serve_bench: %u %s\n", r->status, r->body.c_str());
      return false;
    }
    stored = field(r->body, "samples");
    return true;
  };
  // The server's queues: journal not yet checkpointed, chunks not yet stored, SQLite's WAL.
  const auto queues = [&] {
    const auto st = srv.pipeline().stats();
    std::error_code ec;
    const auto wal =
        std::filesystem::file_size(std::filesystem::path(config.data_dir) / "minewatch.db-wal", ec);
    char text[160];
    std::snprintf(text, sizeof text, "  journal lag %llu  tsdb queue %llu  wal %.0f MB",
                  static_cast<unsigned long long>(st.journal_lag),
                  static_cast<unsigned long long>(st.tsdb_queued_chunks),
                  ec ? 0.0 : static_cast<double>(wal) / 1e6);
    return std::string(text);
  };
  const PhaseResult mw =
      run_phase(load->mines, args.clients, args.seconds, args.rate, LoadFormat::kNetfile,
                srv.port(), put, raise_clock, "minewatch", queues);
  done.store(true);
  api.join();
  listener.join();
  const std::size_t overlimits_sent = event_ms.size() + pending.size();
  const auto stats = srv.pipeline().stats();
  const double mw_rate = static_cast<double>(mw.samples) / mw.seconds;
  // As fast as the clients go, for the same time as the peer: the like-for-like rate.
  PhaseResult mw_max;
  const bool peer_run = args.victoria != "none" && args.vm_seconds > 0;
  if (peer_run && args.rate > 0) {
    mw_max = run_phase(load->mines, args.clients, args.vm_seconds, 0, LoadFormat::kNetfile,
                       srv.port(), put, raise_clock, "minewatch unpaced", queues);
  }
  (void)srv.stop();
  const std::uint64_t data_bytes = dir_bytes(config.data_dir);
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf(
      "minewatch: %llu files (errors %llu), %llu samples in %.1f s: %.0f files/s, %.0f "
      "samples/s; CPU %.2f cores; peak RSS %ld MiB\n",
      static_cast<unsigned long long>(mw.files), static_cast<unsigned long long>(mw.errors),
      static_cast<unsigned long long>(mw.samples), mw.seconds,
      static_cast<double>(mw.files) / mw.seconds, mw_rate, mw.cpu / mw.seconds, u.ru_maxrss / 1024);
  std::printf("  data directory %.2f GB after the stop (journal kept 7 h of event time)\n",
              static_cast<double>(data_bytes) / 1e9);
  std::printf("  upload answered (201, durable) p50 %.2f ms p99 %.2f ms max %.1f ms\n",
              percentile(mw.ack_ms, 0.5), percentile(mw.ack_ms, 0.99), percentile(mw.ack_ms, 1.0));
  std::printf("  journal fsyncs %llu (%.2f files per fsync), journal lag %llu records at the end\n",
              static_cast<unsigned long long>(stats.journal_fsyncs),
              stats.journal_fsyncs
                  ? static_cast<double>(mw.files + 1) / static_cast<double>(stats.journal_fsyncs)
                  : 0.0,
              static_cast<unsigned long long>(stats.journal_lag));
  if (args.rate > 0) {
    std::printf(
        "  send lag behind schedule: p50 %.1f ms p99 %.1f ms max %.1f ms; backlog max %zu "
        "files, at the end %zu\n",
        percentile(mw.lag_ms, 0.5), percentile(mw.lag_ms, 0.99), percentile(mw.lag_ms, 1.0),
        mw.max_backlog, mw.last_backlog);
    // Growth, not a passing burst: the mean backlog of the run's first half against its
    // second's, from one sample a second.
    const std::size_t half = mw.backlog.size() / 2;
    const auto mean = [](auto first, auto last) {
      return first == last ? 0.0
                           : std::accumulate(first, last, 0.0) / static_cast<double>(last - first);
    };
    std::printf(
        "  backlog, %zu one-second samples: p50 %.0f p99 %.0f files; mean %.1f in the first "
        "half, %.1f in the second\n",
        mw.backlog.size(), percentile(mw.backlog, 0.5), percentile(mw.backlog, 0.99),
        mean(mw.backlog.begin(), mw.backlog.begin() + static_cast<std::ptrdiff_t>(half)),
        mean(mw.backlog.begin() + static_cast<std::ptrdiff_t>(half), mw.backlog.end()));
  }
  std::printf(
      "  gas.alarm events %zu (of %zu over-limits sent): receipt→WebSocket p50 %.2f ms "
      "p99 %.2f ms max %.2f ms\n",
      event_ms.size(), overlimits_sent, percentile(event_ms, 0.5), percentile(event_ms, 0.99),
      percentile(event_ms, 1.0));
  std::printf(
      "  GET /api/v1/mines/{mine} under load: %zu answered (errors %llu), p50 %.2f ms p99 "
      "%.2f ms\n",
      api_ms.size(), static_cast<unsigned long long>(api_errors), percentile(api_ms, 0.5),
      percentile(api_ms, 0.99));
  const double mw_max_rate =
      mw_max.seconds > 0 ? static_cast<double>(mw_max.samples) / mw_max.seconds : mw_rate;
  if (mw_max.seconds > 0) {
    std::printf(
        "minewatch unpaced: %llu samples (errors %llu) in %.1f s: %.0f samples/s; "
        "upload answered p50 %.2f ms p99 %.2f ms\n",
        static_cast<unsigned long long>(mw_max.samples),
        static_cast<unsigned long long>(mw_max.errors), mw_max.seconds, mw_max_rate,
        percentile(mw_max.ack_ms, 0.5), percentile(mw_max.ack_ms, 0.99));
  }
  std::fflush(stdout);

  if (!peer_run) return 0;
  auto vm = VictoriaPeer::start(args.victoria);
  if (!vm.ok()) {
    std::printf("victoria-metrics: not run: %s\n", vm.status().to_string().c_str());
    return 0;
  }
  std::vector<LoadMine> again = initial;
  const Sender post = [](HttpClient& c, const LoadMine&, const LoadFile& f, std::uint64_t& stored) {
    auto r = c.request(Method::kPost, "/api/v1/import/prometheus", f.bytes);
    if (!r.ok() || r->status / 100 != 2) return false;
    stored = f.samples;
    return true;
  };
  PhaseResult peer = run_phase(
      again, args.clients, args.vm_seconds, 0, LoadFormat::kPrometheus, (*vm)->port(), post,
      [](Time) {}, "victoria");
  const auto f0 = Steady::now();
  const Status flushed = (*vm)->flush();
  peer.seconds += std::chrono::duration<double>(Steady::now() - f0).count();
  const double vm_rate = static_cast<double>(peer.samples) / peer.seconds;
  std::printf(
      "victoria-metrics: %llu samples (errors %llu) in %.1f s incl. force_flush (%s): "
      "%.0f samples/s unpaced; load generator CPU %.2f cores; %llu bytes on disk\n",
      static_cast<unsigned long long>(peer.samples), static_cast<unsigned long long>(peer.errors),
      peer.seconds, flushed.ok() ? "ok" : flushed.to_string().c_str(), vm_rate,
      peer.cpu / peer.seconds, static_cast<unsigned long long>((*vm)->disk_bytes()));
  std::printf(
      "ratio minewatch / victoria-metrics: %.2f× unpaced, same clients and time (%.2f× "
      "for the paced run's rate)\n",
      vm_rate > 0 ? mw_max_rate / vm_rate : 0.0, vm_rate > 0 ? mw_rate / vm_rate : 0.0);
  return 0;
}
