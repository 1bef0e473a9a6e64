// `serve --demo`: the simulator's mines (sim) uploading to a real server (server) window by
// window — where the two modules meet, as in main().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/temp_dir.hpp"
#include "base/time.hpp"
#include "server/http_client.hpp"
#include "server/serve_cli.hpp"
#include "server/server.hpp"
#include "server/server_test_util.hpp"
#include "sim/live_sim.hpp"

namespace mw {
namespace {

namespace fs = std::filesystem;

// main()'s demo simulator, with more incidents per mine-day so a few hours show several kinds.
server::DemoSimulator simulator(double incidents) {
  return [incidents](int mines, double hours, Time start) -> Result<server::DemoSimulation> {
    sim::SimulateOptions o;
    o.mines = mines;
    o.hours = hours;
    o.seed = 1;
    o.start = start;
    o.incident_rate = incidents;
    auto created = sim::LiveSimulation::create(o);
    if (!created.ok()) return created.status();
    server::DemoSimulation d;
    d.registry_csv = (*created)->registry_csv();
    d.source = sim::live_source(std::move(created).value());
    return d;
  };
}

// Waits (wall time, at most 2 min) until `done` holds.
bool wait_for(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// The demo's log lines, as run_serve writes them to stderr.
struct LogLines {
  std::mutex mu;
  std::vector<std::string> lines;
  server::DemoLog sink() {
    return [this](std::string_view line) {
      const std::lock_guard lock(mu);
      lines.emplace_back(line);
    };
  }
  std::vector<std::string> containing(std::string_view what) {
    const std::lock_guard lock(mu);
    std::vector<std::string> out;
    for (const std::string& l : lines) {
      if (l.find(what) != std::string::npos) out.push_back(l);
    }
    return out;
  }
};

// Waits (wall time) until the uploader has sent everything due at the clock's reading.
bool wait_caught_up(const server::DemoUploader& up, Time now) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (std::chrono::steady_clock::now() < deadline) {
    if (up.stats().caught_up >= now) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(Demo, UploadsAtOnceAndItsIncidentsBecomeAlarmsOfSeveralKindsOverHttp) {
  testing::TempDir dir("mw_demo");
  ManualClock clock(*parse_iso8601("2026-09-23T09:00:00+08:00"));
  const server::ServeConfig c = server::testing::test_config(dir);
  // What an earlier version left: the whole day on disk. The demo removes it.
  fs::create_directories(fs::path(c.data_dir) / "demo" / "140421000111");
  auto srv = server::Server::start(c, clock);
  ASSERT_TRUE(srv.ok()) << srv.status().to_string();
  server::Server& s = **srv;

  const auto t0 = std::chrono::steady_clock::now();
  auto demo = server::start_demo(s, 3, 24, simulator(48), clock, [](std::string_view) {});
  ASSERT_TRUE(demo.ok()) << demo.status().to_string();
  EXPECT_FALSE(fs::exists(fs::path(c.data_dir) / "demo"));
  // The 10 minutes before the start go at once.
  ASSERT_TRUE(wait_caught_up(*demo->uploader, clock.now()));
  const auto first_window = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(first_window, std::chrono::seconds(60));
  EXPECT_GT(demo->uploader->stats().uploaded, 3U * 10);  // 3 mines: definitions and 10 min
  EXPECT_GT(demo->uploader->stats().pending, 0U);        // a lead ahead, not more

  // Three hours of the clock 5 min at a time, each step's files sent before the next.
  for (int minute = 5; minute <= 180; minute += 5) {
    clock.advance(Seconds{300});
    ASSERT_TRUE(wait_caught_up(*demo->uploader, clock.now())) << "minute " << minute;
    // Never more than the lead (2 min) of 3 mines' files in memory.
    ASSERT_LT(demo->uploader->stats().pending, 3U * 200);
  }
  const server::DemoStats st = demo->uploader->stats();
  EXPECT_EQ(st.rejected, 0U);
  EXPECT_EQ(st.error, "");

  server::HttpClient http("127.0.0.1", s.port());
  auto login = http.request(server::Method::kPost, "/api/v1/session",
                            R"({"user":"admin","password":")" + demo->password + R"("})",
                            {{"Content-Type", "application/json"}});
  ASSERT_TRUE(login.ok());
  ASSERT_EQ(login->status, 200U) << login->body;
  const auto cookie = login->header("set-cookie");
  ASSERT_TRUE(cookie.has_value());
  auto alarms = http.request(server::Method::kGet, "/api/v1/alarms?limit=500", {},
                             {{"Cookie", std::string(cookie->substr(0, cookie->find(';')))}});
  ASSERT_TRUE(alarms.ok());
  ASSERT_EQ(alarms->status, 200U) << alarms->body;
  std::set<std::string> kinds;
  for (std::size_t at = alarms->body.find("\"kind\":\""); at != std::string::npos;
       at = alarms->body.find("\"kind\":\"", at + 1)) {
    const std::size_t from = at + 8;
    const std::string kind = alarms->body.substr(from, alarms->body.find('"', from) - from);
    if (kind.find('.') != std::string::npos) kinds.insert(kind);  // "gas.alarm", not evidence
  }
  EXPECT_GE(kinds.size(), 3U) << alarms->body.substr(0, 2000);
  std::string seen;
  for (const std::string& k : kinds) seen += k + " ";
  std::printf("alarm kinds over HTTP: %s\n", seen.c_str());
  demo->uploader->stop();
  EXPECT_TRUE(s.stop(Seconds{5}).ok());
}

// A simulator that fails while `broken` is set (as a full disk or a planning bug would), and
// otherwise is main()'s.
server::DemoSimulator breakable(std::shared_ptr<std::atomic<bool>> broken) {
  return [broken](int mines, double hours, Time start) -> Result<server::DemoSimulation> {
    auto d = simulator(2)(mines, hours, start);
    if (!d.ok()) return d;
    d->source = [broken, inner = std::move(d->source)](Time until,
                                                       const server::DemoFileSink& sink) {
      if (broken->load()) return Status::io_error("no space left on device (test)");
      return inner(until, sink);
    };
    return d;
  };
}

TEST(Demo, AFailingSimulatorIsLoggedOnceShownByHealthzAndMetricsAndRetriedUntilItWorks) {
  testing::TempDir dir("mw_demo_fail");
  ManualClock clock(*parse_iso8601("2026-09-23T09:00:00+08:00"));
  auto srv = server::Server::start(server::testing::test_config(dir), clock);
  ASSERT_TRUE(srv.ok()) << srv.status().to_string();
  server::Server& s = **srv;
  server::HttpClient http("127.0.0.1", s.port());
  // Without --demo, /healthz says nothing of a demo.
  auto before = http.request(server::Method::kGet, "/healthz");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->body.find("\"demo\""), std::string::npos) << before->body;

  auto broken = std::make_shared<std::atomic<bool>>(true);
  LogLines log;
  server::DemoOptions options;
  options.retry_first = std::chrono::milliseconds(10);
  options.retry_max = std::chrono::milliseconds(40);
  options.log = log.sink();
  auto demo = server::start_demo(
      s, 2, 24, breakable(broken), clock, [](std::string_view) {}, options);
  ASSERT_TRUE(demo.ok()) << demo.status().to_string();
  server::DemoUploader& up = *demo->uploader;
  ASSERT_TRUE(wait_for([&] { return up.stats().retries >= 5; }));

  auto health = http.request(server::Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200U);  // the server serves; the demo is what fails
  EXPECT_NE(health->body.find(R"x("demo":{"running":false,"error":"the simulator failed: )x"
                              R"x(no space left on device (test)")x"),
            std::string::npos)
      << health->body;
  auto metrics = http.request(server::Method::kGet, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics->body.find("\nminewatch_demo_running 0\n"), std::string::npos);
  EXPECT_EQ(metrics->body.find("minewatch_demo_retries_total 0\n"), std::string::npos);
  // Logged once with the reason, not at every retry.
  EXPECT_EQ(log.containing("no space left on device (test)").size(), 1U);
  EXPECT_EQ(up.stats().uploaded, 0U);

  // The disk is freed: the demo goes on by itself and catches up with the clock.
  broken->store(false);
  ASSERT_TRUE(wait_caught_up(up, clock.now()));
  const server::DemoStats st = up.stats();
  EXPECT_TRUE(st.running);
  EXPECT_EQ(st.error, "");
  EXPECT_GT(st.uploaded, 2U * 10);  // definitions and 10 min of 2 mines
  EXPECT_GE(st.retries, 5U);
  health = http.request(server::Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_NE(health->body.find(R"("demo":{"running":true,"error":null,"uploaded":)"),
            std::string::npos)
      << health->body;
  metrics = http.request(server::Method::kGet, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics->body.find("\nminewatch_demo_running 1\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("minewatch_demo_files_total{outcome=\"uploaded\"} " +
                               std::to_string(st.uploaded) + "\n"),
            std::string::npos)
      << metrics->body;
  EXPECT_EQ(log.containing("running again").size(), 1U);

  // Stopped (the server outlives it): not running, and why.
  up.stop();
  health = http.request(server::Method::kGet, "/healthz");
  ASSERT_TRUE(health.ok());
  EXPECT_NE(health->body.find(R"("demo":{"running":false,"error":"stopped")"), std::string::npos)
      << health->body;
  demo->uploader.reset();
  metrics = http.request(server::Method::kGet, "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics->body.find("\nminewatch_demo_running 0\n"), std::string::npos);
  EXPECT_TRUE(s.stop(Seconds{5}).ok());
}

}  // namespace
}  // namespace mw
