#include "server/demo_uploader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "ingest/netfile/file_name.hpp"
#include "server/http.hpp"
#include "server/http_server.hpp"

namespace mw::server {
namespace {

constexpr std::string_view kMine = "140421000111";

bool wait_for(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// A mine's central station as a test sees it: answers every upload 503 ("busy") while
// `outage` is set, 201 otherwise, and records what it took. Over a real loopback socket.
class FakeStation {
 public:
  FakeStation() {
    router_.add(Method::kPut, "/api/v1/mines/{mine}/files/{name}",
                [this](const Request& r, const PathParams& p) {
                  if (outage.load()) return Response::error(503, "journal busy (test)");
                  const std::lock_guard lock(mu_);
                  taken_.push_back(p.at("name"));
                  auth_.emplace_back(r.header("authorization").value_or(""));
                  return Response::json(201, "{}");
                });
    HttpServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;
    auto s = HttpServer::start(std::move(o), router_, HttpHooks{});
    if (s.ok()) http_ = std::move(s).value();
  }
  ~FakeStation() {
    if (http_) http_->stop(Seconds{1});
  }
  FakeStation(const FakeStation&) = delete;
  FakeStation& operator=(const FakeStation&) = delete;

  std::uint16_t port() const { return http_ ? http_->port() : 0; }
  std::vector<std::string> taken() {
    const std::lock_guard lock(mu_);
    return taken_;
  }
  std::vector<std::string> auth() {
    const std::lock_guard lock(mu_);
    return auth_;
  }

  std::atomic<bool> outage{false};

 private:
  Router router_;
  std::unique_ptr<HttpServer> http_;
  std::mutex mu_;
  std::vector<std::string> taken_, auth_;
};

// A CDSS file every 10 s from `start`, each written once (as the simulator's source does).
DemoSource every_10s(Time start) {
  auto next = std::make_shared<Time>(start);
  return [next](Time until, const DemoFileSink& sink) {
    for (; *next < until; *next += Seconds{10}) {
      sink(std::string(kMine) + "/" + netfile::make_file_name(kMine, "CDSS", *next), "x");
    }
    return Status::ok_status();
  };
}

struct LogLines {
  std::mutex mu;
  std::vector<std::string> lines;
  DemoLog sink() {
    return [this](std::string_view line) {
      const std::lock_guard lock(mu);
      lines.emplace_back(line);
    };
  }
  std::vector<std::string> all() {
    const std::lock_guard lock(mu);
    return lines;
  }
};

TEST(DemoUploader, A503PhaseIsRetriedWithBackoffLoggedOnceAndEveryFileGetsThroughInOrder) {
  FakeStation station;
  ASSERT_NE(station.port(), 0);
  const Time t0 = *parse_iso8601("2026-09-23T09:00:00+08:00");
  ManualClock clock(t0);
  station.outage = true;
  LogLines log;
  DemoOptions o;
  o.lead = Seconds{60};
  o.retry_first = std::chrono::milliseconds(5);
  o.retry_max = std::chrono::milliseconds(20);
  o.log = log.sink();
  // The files of the minute before t0 are due at once.
  DemoUploader up(every_10s(t0 - Seconds{60}), {{std::string(kMine), "k1"}}, "127.0.0.1",
                  station.port(), clock, o);
  EXPECT_FALSE(up.stats().running);  // not started
  up.start();
  ASSERT_TRUE(wait_for([&] { return up.stats().failed >= 4; }));
  DemoStats st = up.stats();
  EXPECT_FALSE(st.running);
  EXPECT_NE(st.error.find("answered 503"), std::string::npos) << st.error;
  EXPECT_NE(st.error.find("journal busy (test)"), std::string::npos) << st.error;
  EXPECT_GE(st.retries, st.failed);  // every failed upload waited before its retry
  EXPECT_EQ(st.uploaded, 0U);
  EXPECT_TRUE(station.taken().empty());

  station.outage = false;
  ASSERT_TRUE(wait_for([&] { return up.stats().caught_up >= t0; }));
  st = up.stats();
  EXPECT_TRUE(st.running);
  EXPECT_EQ(st.error, "");
  EXPECT_EQ(st.uploaded, 7U);  // t0-60 s … t0: a file is due at its time
  EXPECT_EQ(st.rejected, 0U);
  const std::vector<std::string> taken = station.taken();
  ASSERT_EQ(taken.size(), 7U);
  for (std::size_t i = 0; i < taken.size(); ++i) {
    EXPECT_EQ(taken[i],
              netfile::make_file_name(
                  kMine, "CDSS", t0 - Seconds{60} + Seconds{10 * static_cast<std::int64_t>(i)}));
  }
  EXPECT_EQ(station.auth().front(), "Bearer k1");
  // One line when the outage began (with the server's answer), one when it ended.
  const std::vector<std::string> lines = log.all();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_NE(lines[0].find("answered 503"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("running again after " + std::to_string(st.retries)), std::string::npos)
      << lines[1];

  // The clock moves on: the next files go as their time comes.
  clock.advance(Seconds{30});
  ASSERT_TRUE(wait_for([&] { return up.stats().caught_up >= t0 + Seconds{30}; }));
  EXPECT_EQ(up.stats().uploaded, 10U);
  up.stop();
  EXPECT_FALSE(up.stats().running);
  EXPECT_EQ(up.stats().error, "stopped");
}

TEST(DemoUploader, WaitsDoubleUpToTheMaximumWhileTheServerIsUnreachable) {
  // Nothing listens here: every upload fails to connect.
  std::uint16_t closed_port = 0;
  {
    FakeStation gone;
    closed_port = gone.port();
  }
  ASSERT_NE(closed_port, 0);
  const Time t0 = *parse_iso8601("2026-09-23T09:00:00+08:00");
  ManualClock clock(t0);
  DemoOptions o;
  o.retry_first = std::chrono::milliseconds(20);
  o.retry_max = std::chrono::milliseconds(80);
  LogLines log;
  o.log = log.sink();
  DemoUploader up(every_10s(t0 - Seconds{60}), {}, "127.0.0.1", closed_port, clock, o);
  const auto started = std::chrono::steady_clock::now();
  up.start();
  // Waits 20, 40, 80, 80, 80 ms: the 6th attempt comes no sooner than 300 ms after the first.
  ASSERT_TRUE(wait_for([&] { return up.stats().failed >= 6; }));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, std::chrono::milliseconds(300));
  up.stop();
  const DemoStats st = up.stats();
  EXPECT_EQ(st.uploaded, 0U);
  EXPECT_EQ(st.error, "stopped");
  ASSERT_EQ(log.all().size(), 1U);  // once, however many retries
  EXPECT_NE(log.all()[0].find("upload of " + std::string(kMine) + "_CDSS_"), std::string::npos)
      << log.all()[0];
}

}  // namespace
}  // namespace mw::server
