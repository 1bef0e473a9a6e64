// serve end to end on loopback (docs/serve.md "Benchmark"): simulated mines' networking
// files uploaded over HTTP PUT by concurrent clients to a real Server (journal fsync, rules,
// storage), a WebSocket client listening for alarm events, then the mine page API.
// Reports samples/s sustained, receipt → WebSocket alarm-event latency, API p99.
//
//   serve_bench [--mines N] [--hours H] [--clients C] [--seconds S]
// With --seconds the clients go over the upload set again until S seconds passed (`make
// soak`: 600 s); from the second pass on the files are duplicates (answered 201, applied
// once), so a soak measures the request path and stability rather than new samples.

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/env.hpp"
#include "base/temp_dir.hpp"
#include "model/mine_registry.hpp"
#include "server/demo_uploader.hpp"
#include "server/http_client.hpp"
#include "server/server.hpp"
#include "sim/cli.hpp"

namespace {

namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace net = boost::asio;
using Steady = std::chrono::steady_clock;
using namespace mw;
using namespace mw::server;

std::string read_all(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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

}  // namespace

int main(int argc, char** argv) {
  int mines = 20;
  double hours = 2;
  int clients = 8;
  int seconds = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--mines") mines = std::atoi(argv[i + 1]);
    if (a == "--hours") hours = std::atof(argv[i + 1]);
    if (a == "--clients") clients = std::atoi(argv[i + 1]);
    if (a == "--seconds") seconds = std::atoi(argv[i + 1]);
  }
  mw::testing::TempDir dir("mw_serve_bench");
  sim::SimulateArgs sa;
  sa.mines = mines;
  sa.hours = hours;
  sa.seed = 7;
  sa.incidents = 6;
  sa.out = dir.sub("sim");
  if (sim::run_simulate(
          sa, Env::posix(), [](std::string_view) {},
          [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stderr); }) != 0) {
    return 1;
  }
  auto files = list_demo_files(sa.out);
  // Every file's time has passed on this clock (no "from the future" rejections).
  ManualClock clock(files.back().time + Seconds{60});

  ServeConfig config;
  config.data_dir = dir.sub("data");
  config.listen = "127.0.0.1:0";
  config.access_log = "";
  config.worker_threads = static_cast<std::size_t>(clients) * 2;
  auto server = Server::start(config, clock);
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().to_string().c_str());
    return 1;
  }
  Server& srv = **server;
  auto registry = parse_mine_registry(read_all(sa.out + "/mines.csv"));
  if (!registry.ok() || !srv.pipeline().import_registry(*registry).ok()) return 1;
  std::map<std::string, std::string> keys;
  for (const Mine& m : *registry) keys[m.code] = *srv.auth().rotate_upload_key(m.code, "bench");
  (void)srv.auth().add_user("bench", "bench password 123", Role::kNational, "", "bench");
  HttpClient login("127.0.0.1", srv.port());
  auto session = login.request(Method::kPost, "/api/v1/session",
                               R"({"user":"bench","password":"bench password 123"})");
  std::string cookie;
  if (session.ok() && session->header("set-cookie")) {
    cookie = std::string(
        session->header("set-cookie")->substr(0, session->header("set-cookie")->find(';')));
  }

  // Latest PUT start per mine, for receipt → event latency.
  std::map<std::string, std::atomic<std::int64_t>> last_put;
  for (const auto& [m, k] : keys) last_put[m].store(0);
  std::mutex lat_mu;
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
      if (e.find("\"alarm.opened\"") == std::string::npos) return;
      const auto m = e.find("\"mine\":\"");
      const std::string mine = e.substr(m + 8, e.find('"', m + 8) - m - 8);
      const auto it = last_put.find(mine);
      if (it == last_put.end()) return;
      const std::int64_t now = Steady::now().time_since_epoch().count();
      std::lock_guard lock(lat_mu);
      event_ms.push_back(static_cast<double>(now - it->second.load()) / 1e6);
    };
    if (!ec) ws.async_read(b, on_read);
    while (!ec && !done.load() && !ioc.stopped()) ioc.run_for(std::chrono::milliseconds(200));
    beast::get_lowest_layer(ws).close();
  });

  // Each client owns whole mines (a mine's files stay in order).
  std::vector<std::vector<const DemoFile*>> work(static_cast<std::size_t>(clients));
  std::map<std::string, std::size_t> owner;
  for (const auto& f : files) {
    auto [it, added] = owner.try_emplace(f.mine, owner.size() % work.size());
    work[it->second].push_back(&f);
  }
  std::vector<std::string> bodies(files.size());
  std::map<const DemoFile*, std::size_t> index;
  for (std::size_t i = 0; i < files.size(); ++i) {
    bodies[i] = read_all(files[i].path);
    index[&files[i]] = i;
  }
  std::atomic<std::uint64_t> samples{0}, uploads{0}, errors{0};
  const auto t0 = Steady::now();
  const auto deadline = t0 + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (auto& mine_files : work) {
    threads.emplace_back([&, &mine_files = mine_files] {
      HttpClient c("127.0.0.1", srv.port());
      do {
        for (const DemoFile* f : mine_files) {
          last_put[f->mine].store(Steady::now().time_since_epoch().count());
          auto r = c.request(Method::kPut, "/api/v1/mines/" + f->mine + "/files/" + f->name,
                             bodies[index[f]], {{"Authorization", "Bearer " + keys[f->mine]}});
          if (!r.ok() || r->status != 201) {
            errors.fetch_add(1);
            continue;
          }
          uploads.fetch_add(1);
          samples.fetch_add(field(r->body, "samples"));
        }
      } while (seconds > 0 && Steady::now() < deadline);
    });
  }
  for (auto& t : threads) t.join();
  const double secs = std::chrono::duration<double>(Steady::now() - t0).count();

  // The mine page, after the load.
  std::vector<double> api_ms;
  HttpClient api("127.0.0.1", srv.port());
  for (int i = 0; i < 200; ++i) {
    const std::string& mine = registry->at(static_cast<std::size_t>(i) % registry->size()).code;
    const auto a = Steady::now();
    auto r = api.request(Method::kGet, "/api/v1/mines/" + mine, {}, {{"Cookie", cookie}});
    if (r.ok() && r->status == 200) {
      api_ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
    }
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  done.store(true);
  listener.join();
  const auto stats = srv.pipeline().stats();
  (void)srv.stop();
  std::printf("serve_bench: %d mines, %.1f h simulated, %d clients, %zu files\n", mines, hours,
              clients, files.size());
  std::printf("  uploads %llu (errors %llu) in %.2f s: %.0f files/s, %.0f samples/s, fsyncs %llu\n",
              static_cast<unsigned long long>(uploads.load()),
              static_cast<unsigned long long>(errors.load()), secs,
              static_cast<double>(uploads.load()) / secs,
              static_cast<double>(samples.load()) / secs,
              static_cast<unsigned long long>(stats.journal_fsyncs));
  std::printf("  alarm events %zu: receipt→WebSocket p50 %.2f ms p99 %.2f ms\n", event_ms.size(),
              percentile(event_ms, 0.5), percentile(event_ms, 0.99));
  std::printf("  GET /api/v1/mines/{mine}: %zu answered, p50 %.2f ms p99 %.2f ms\n", api_ms.size(),
              percentile(api_ms, 0.5), percentile(api_ms, 0.99));
  return 0;
}
