#include "server/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/temp_dir.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/durable_test_files.hpp"
#include "server/event_log.hpp"
#include "server/http_client.hpp"
#include "server/server_test_util.hpp"
#include "store/open_db.hpp"

namespace mw::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace fs = std::filesystem;
using WsStream = beast::websocket::stream<beast::tcp_stream>;

// ctest runs tests from the source tree with MW_SOURCE_DIR set (cmake/Minewatch.cmake).
const fs::path kScenario =
    fs::path(std::getenv("MW_SOURCE_DIR") != nullptr ? std::getenv("MW_SOURCE_DIR") : ".") /
    "tests/scenarios/gas_alarm_face_1_00";
constexpr std::string_view kMine = "140421000111";

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Server::start(testing::test_config(dir_), clock_);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(s).value();
    auto registry = parse_mine_registry(read_all(kScenario / "mines.csv"));
    ASSERT_TRUE(registry.ok());
    ASSERT_TRUE(server_->pipeline().import_registry(*registry).ok());
    auto key = server_->auth().rotate_upload_key(kMine, "test");
    ASSERT_TRUE(key.ok()) << key.status().to_string();
    key_ = *key;
    for (const auto& [user, scope] : {std::pair{"shanxi", "14"}, std::pair{"shaanxi", "61"}}) {
      ASSERT_TRUE(server_->auth()
                      .add_user(user, "correct horse battery", Role::kProvince, scope, "test")
                      .ok());
    }
  }

  std::string login(const std::string& user) {
    HttpClient c("127.0.0.1", server_->port());
    auto r = c.request(Method::kPost, "/api/v1/session",
                       R"({"user":")" + user + R"(","password":"correct horse battery"})",
                       {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200U) << r->body;
    const auto cookie = r->header("set-cookie");
    EXPECT_TRUE(cookie.has_value());
    return std::string(cookie->substr(0, cookie->find(';')));
  }

  std::unique_ptr<WsStream> live(const std::string& cookie) {
    auto ws = std::make_unique<WsStream>(ioc_);
    beast::get_lowest_layer(*ws).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    ws->set_option(
        beast::websocket::stream_base::decorator([cookie](beast::websocket::request_type& r) {
          r.set(beast::http::field::cookie, cookie);
        }));
    ws->handshake("127.0.0.1", "/api/v1/live");
    beast::flat_buffer b;
    ws->read(b);  // {"event":"subscribed",...}
    EXPECT_NE(beast::buffers_to_string(b.data()).find("subscribed"), std::string::npos);
    return ws;
  }

  Result<ClientResponse> put(const std::string& name, const std::string& bytes,
                             const std::string& key) {
    HttpClient c("127.0.0.1", server_->port());
    return c.request(Method::kPut, "/api/v1/mines/" + std::string(kMine) + "/files/" + name, bytes,
                     {{"Authorization", "Bearer " + key}});
  }

  mw::testing::TempDir dir_{"mw_server"};
  ManualClock clock_{*parse_iso8601("2026-09-23T10:05:00+08:00")};
  net::io_context ioc_;
  std::unique_ptr<Server> server_;
  std::string key_;
};

TEST_F(ServerTest, UploadsOverHttpRaiseAnAlarmEventOnlyForClientsInScope) {
  auto shanxi = live(login("shanxi"));
  auto shaanxi = live(login("shaanxi"));
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kScenario)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 5U);
  for (const auto& f : files) {
    auto r = put(f.filename().string(), read_all(f), key_);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->status, 201U) << f << " " << r->body;
  }
  // The first upload brought the mine online; then the alarm opens.
  bool opened = false;
  for (int i = 0; i < 10 && !opened; ++i) {
    beast::flat_buffer b;
    shanxi->read(b);
    const std::string event = beast::buffers_to_string(b.data());
    if (event.find("\"alarm.opened\"") != std::string::npos) {
      opened = true;
      EXPECT_NE(event.find("\"kind\":\"gas.alarm\""), std::string::npos) << event;
      EXPECT_NE(event.find("140421000111MN0001"), std::string::npos);
    }
  }
  EXPECT_TRUE(opened);
  // The Shaanxi supervisor heard nothing of a Shanxi mine (tcp_stream deadlines apply to
  // asynchronous reads only, hence async_read and run_for).
  beast::flat_buffer b;
  bool heard = false;
  shaanxi->async_read(b, [&heard](beast::error_code ec, std::size_t) { heard = !ec; });
  ioc_.run_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(heard) << beast::buffers_to_string(b.data());
  beast::get_lowest_layer(*shaanxi).close();
  ioc_.run_for(std::chrono::milliseconds(100));

  // Sent twice, applied once.
  const auto before = server_->pipeline().stats().files_applied;
  auto again = put(files[0].filename().string(), read_all(files[0]), key_);
  EXPECT_EQ(again->status, 201U);
  EXPECT_EQ(server_->pipeline().stats().files_applied, before);

  HttpClient c("127.0.0.1", server_->port());
  auto metrics = c.request(Method::kGet, "/metrics");
  EXPECT_EQ(metrics->status, 200U);
  EXPECT_NE(metrics->body.find("minewatch_ingest_files_total{outcome=\"applied\"} " +
                               std::to_string(before)),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("minewatch_http_request_duration_seconds_bucket{route=\"upload\""),
            std::string::npos);
  EXPECT_NE(metrics->body.find("minewatch_alarms_opened_total{kind=\"gas.alarm\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("\nminewatch_tsdb_queued_chunks "), std::string::npos);
  EXPECT_EQ(c.request(Method::kGet, "/healthz")->status, 200U);
}

TEST_F(ServerTest, BadKeysTraversalAndOversizeStoreNothing) {
  const auto f = kScenario / "140421000111_CDDY_20260923100000.txt";
  const std::string bytes = read_all(f);
  EXPECT_EQ(put(f.filename().string(), bytes, "not-a-key")->status, 401U);
  HttpClient c("127.0.0.1", server_->port());
  EXPECT_EQ(c.request(Method::kPut, "/api/v1/mines/140421000111/files/..%2F..%2Fx.txt", bytes,
                      {{"Authorization", "Bearer " + key_}})
                ->status,
            404U);
  EXPECT_EQ(c.request(Method::kPut, "/api/v1/mines/140421000111/files/a..txt", bytes,
                      {{"Authorization", "Bearer " + key_}})
                ->status,
            400U);
  EXPECT_EQ(c.request(Method::kPut, "/api/v1/mines/140421000111/files/x.txt",
                      std::string(17u << 20, 'x'), {{"Authorization", "Bearer " + key_}})
                ->status,
            413U);
  EXPECT_EQ(
      c.request(Method::kPost, "/api/v1/ingest", "{not json", {{"Authorization", "Bearer " + key_}})
          ->status,
      400U);
  const auto st = server_->pipeline().stats();
  EXPECT_EQ(st.files_applied + st.files_quarantined + st.files_duplicate, 0U);
  // And the server still answers.
  EXPECT_EQ(put(f.filename().string(), bytes, key_)->status, 201U);
}

TEST_F(ServerTest, StopIsGracefulAndCheckpoints) {
  const auto f = kScenario / "140421000111_CDDY_20260923100000.txt";
  EXPECT_EQ(put(f.filename().string(), read_all(f), key_)->status, 201U);
  EXPECT_TRUE(server_->stop(Seconds{5}).ok());
  EXPECT_TRUE(server_->stop(Seconds{5}).ok());  // idempotent
  // No request after stop: HttpClient's synchronous reads have no deadline (Beast's
  // expires_after only bounds asynchronous operations), so a connection accepted by whatever
  // holds the port next hung this test under ASan. Refused connections after stop are
  // covered by HttpServerTest's graceful-stop case.
}

// The retention thread runs its passes and counts them (what a pass deletes is
// DurableRetentionTest's).
TEST(ServerRetentionTest, PassesRunAndAreCountedInMetrics) {
  ::mw::testing::TempDir dir;
  ManualClock clock{*parse_iso8601("2026-09-23T10:05:00+08:00")};
  Server::Tuning tuning;
  tuning.retention_first = std::chrono::milliseconds(0);
  auto s = Server::start(testing::test_config(dir), clock, tuning);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  HttpClient c("127.0.0.1", (*s)->port());
  const std::string ok_pass = "minewatch_retention_passes_total{outcome=\"ok\"} 1";
  std::string body;
  for (int i = 0; i < 100 && body.find(ok_pass) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto m = c.request(Method::kGet, "/metrics");
    ASSERT_TRUE(m.ok());
    body = m->body;
  }
  EXPECT_NE(body.find(ok_pass), std::string::npos) << body;
  EXPECT_NE(body.find("minewatch_retention_passes_total{outcome=\"failed\"} 0"), std::string::npos);
  EXPECT_TRUE((*s)->stop(Seconds{5}).ok());
}

// --- The event log (docs/serve.md "Event log") of a real server, written to a temp file. ---

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string field(const Fields& f, std::string_view key) {
  for (const auto& [k, v] : f) {
    if (k == key) return v;
  }
  return "<none>";
}

// Waits (wall time, at most 60 s: ASan on a shared machine) until `done` holds.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class ServerEventLogTest : public ::testing::Test {
 protected:
  ServeConfig config() const {
    ServeConfig c = testing::test_config(dir_);
    c.event_log = log_path_;
    return c;
  }
  std::unique_ptr<Server> start(const Server::Tuning& tuning = {}) {
    auto s = Server::start(config(), clock_, tuning);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  // Every line of the log, split into fields (each must parse).
  std::vector<Fields> lines() const {
    std::ifstream in(log_path_);
    std::vector<Fields> out;
    for (std::string line; std::getline(in, line);) {
      auto f = parse_log_line(line);
      EXPECT_TRUE(f.ok()) << f.status().to_string() << ": " << line;
      if (f.ok()) out.push_back(std::move(f).value());
    }
    return out;
  }
  std::vector<Fields> events(std::string_view event) const {
    std::vector<Fields> out;
    for (Fields& f : lines()) {
      if (field(f, "event") == event) out.push_back(std::move(f));
    }
    return out;
  }
  // Runs SQL on the server's SQLite store through a connection of its own, as another
  // program (or an operator's mistake) would.
  void on_store(std::string_view sql) {
    auto db = store::open_db(dir_.sub("data") + "/minewatch.db");
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    const Status done = (*db)->exec_script(sql);
    ASSERT_TRUE(done.ok()) << sql << ": " << done.to_string();
  }
  // Sends files 0..last of the durable tests' stream as a mine would, the clock at each.
  void send_stream(Server& s, std::size_t last) {
    namespace pt = pipeline::testing;
    ASSERT_TRUE(s.pipeline().import_registry({pt::test_mine()}).ok());
    for (std::size_t i = 0; i <= last; ++i) {
      const pt::TestFile f = pt::stream_file(pt::kTestMine, i);
      clock_.set(f.time);
      s.pipeline().advance();
      auto r = s.pipeline().ingest(f.name, f.bytes);
      ASSERT_TRUE(r.ok()) << r.status().to_string();
      ASSERT_EQ(r->kind, pipeline::IngestOutcome::Kind::kApplied) << f.name;
    }
  }

  mw::testing::TempDir dir_{"mw_server_log"};
  std::string log_path_ = dir_.sub("events.log");
  ManualClock clock_{pipeline::testing::test_start()};
};

TEST_F(ServerEventLogTest, StartAndStopSayWhatTheyDid) {
  auto s = start();
  ASSERT_NE(s, nullptr);
  const std::string url = s->url();
  ASSERT_TRUE(s->stop(Seconds{5}).ok());
  const auto l = lines();
  ASSERT_EQ(l.size(), 4U);
  EXPECT_EQ(field(l[0], "event"), "starting");
  EXPECT_EQ(field(l[0], "level"), "info");
  EXPECT_EQ(field(l[0], "data_dir"), dir_.sub("data"));
  EXPECT_EQ(field(l[1], "event"), "start");
  EXPECT_EQ(field(l[1], "url"), url);
  EXPECT_EQ(field(l[1], "listen"), "127.0.0.1:0");
  EXPECT_EQ(field(l[1], "store"), "sqlite");
  EXPECT_EQ(field(l[1], "target"), dir_.sub("data") + "/minewatch.db");
  EXPECT_EQ(field(l[1], "raw_retention_days"), "90");
  EXPECT_EQ(field(l[1], "rollup_retention_days"), "732");
  EXPECT_EQ(field(l[2], "event"), "stopping");
  EXPECT_EQ(field(l[2], "grace_s"), "5");
  EXPECT_EQ(field(l[3], "event"), "stopped");
  EXPECT_EQ(field(l[3], "requests_cut"), "0");
  EXPECT_NE(field(l[3], "checkpointed_records"), "<none>");
}

TEST_F(ServerEventLogTest, ALogThatCannotBeOpenedStopsTheStartAndSaysWhich) {
  for (const bool events : {true, false}) {
    ServeConfig c = config();
    (events ? c.event_log : c.access_log) = dir_.sub("no/such/dir/x.log");
    auto s = Server::start(c, clock_);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kIoError);
    EXPECT_EQ(s.status().message().rfind(events ? "event_log: " : "access_log: ", 0), 0U)
        << s.status().message();
    EXPECT_NE(s.status().message().find("no/such/dir/x.log"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir_.sub("data")));  // refused before the data directory opened
}

TEST_F(ServerEventLogTest, ThePasswordOfAPostgresqlStoreIsNotLogged) {
  ServeConfig c = config();
  // Port 1 refuses at once: the start fails after its first line, which names the store.
  c.store_dsn = "postgresql://minewatch:hunter2pass@127.0.0.1:1/mw?password=alsosecret";
  auto s = Server::start(c, clock_);
  ASSERT_FALSE(s.ok());
  std::ifstream in(log_path_);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("hunter2pass"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("alsosecret"), std::string::npos) << text.str();
  const auto starting = events("starting");
  ASSERT_EQ(starting.size(), 1U);
  EXPECT_EQ(field(starting[0], "store"), "postgresql");
  EXPECT_EQ(field(starting[0], "target"), "postgresql://minewatch:***@127.0.0.1:1/mw?password=***");
}

// A pass that deletes something says how much: the stream stored, the server restarted 100
// days later (past the 90 days of raw samples).
TEST_F(ServerEventLogTest, ARetentionPassLogsTheRowsItRemoved) {
  {
    auto s = start();
    ASSERT_NE(s, nullptr);
    send_stream(*s, 40);
    ASSERT_TRUE(s->pipeline().checkpoint().ok());  // every head sealed and stored
  }
  clock_.advance(Seconds{100 * 86400});
  Server::Tuning tuning;
  tuning.retention_first = std::chrono::milliseconds(0);
  auto s = start(tuning);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(eventually([&] { return !events("retention").empty(); }));
  const Fields pass = events("retention")[0];
  EXPECT_EQ(field(pass, "level"), "info");
  EXPECT_GT(std::stoll(field(pass, "series_rows")), 0);
  EXPECT_EQ(std::stoll(field(pass, "rows")), std::stoll(field(pass, "series_rows")) +
                                                 std::stoll(field(pass, "personnel_rows")) +
                                                 std::stoll(field(pass, "file_rows")));
  EXPECT_GE(std::stoll(field(pass, "ms")), 0);
  EXPECT_TRUE(events("retention.failed").empty());
}

// A real store failure: while the server was down another connection made a table the pass
// deletes from a view (reads work, so the server starts; deletes fail); the reason is logged.
TEST_F(ServerEventLogTest, ARetentionPassThatFailsLogsItsReason) {
  {
    auto s = start();
    ASSERT_NE(s, nullptr);
  }
  on_store(
      "ALTER TABLE personnel_trips RENAME TO personnel_trips_kept;"
      "CREATE VIEW personnel_trips AS SELECT * FROM personnel_trips_kept");
  Server::Tuning tuning;
  tuning.retention_first = std::chrono::milliseconds(0);
  auto s = start(tuning);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(eventually([&] { return !events("retention.failed").empty(); }));
  const Fields failed = events("retention.failed")[0];
  EXPECT_EQ(field(failed, "level"), "error");
  EXPECT_NE(field(failed, "reason").find("cannot modify personnel_trips because it is a view"),
            std::string::npos)
      << field(failed, "reason");
  EXPECT_EQ(field(failed, "retry_in_s"), "300");
  EXPECT_NE(s->metrics_text().find("minewatch_retention_passes_total{outcome=\"failed\"} 1"),
            std::string::npos);
  EXPECT_TRUE(events("retention").empty());
}

// The escalation sweep runs every 5 s of the server's clock; while the store is broken (the
// alarms' table renamed away by another connection) it fails each time, and the log says so
// at the first failure, then at most once a minute, then once when it works again.
TEST_F(ServerEventLogTest, EscalationSweepFailuresAreRateLimitedAndTheRecoveryLogged) {
  auto s = start();
  ASSERT_NE(s, nullptr);
  const auto sweeps = [&](std::string_view outcome, int n) {
    const std::string line = "minewatch_escalation_sweeps_total{outcome=\"" + std::string(outcome) +
                             "\"} " + std::to_string(n) + "\n";
    return eventually([&] { return s->metrics_text().find(line) != std::string::npos; });
  };
  ASSERT_TRUE(sweeps("ok", 1));  // the first, at the first tick
  on_store("ALTER TABLE alarms_episodes RENAME TO alarms_away");
  // One sweep per step: the clock moves 30 s, the next tick (1 s of wall time) sweeps.
  for (int n = 1; n <= 3; ++n) {
    clock_.advance(Seconds{30});
    ASSERT_TRUE(sweeps("failed", n)) << s->metrics_text();
  }
  on_store("ALTER TABLE alarms_away RENAME TO alarms_episodes");
  clock_.advance(Seconds{30});
  ASSERT_TRUE(sweeps("ok", 2));

  const auto failed = events("escalation.failed");
  ASSERT_EQ(failed.size(), 2U);  // at 30 s and at 90 s, not at 60 s
  EXPECT_EQ(field(failed[0], "level"), "warn");
  EXPECT_EQ(field(failed[0], "failures"), "1");
  EXPECT_NE(field(failed[0], "reason").find("no such table: alarms_episodes"), std::string::npos)
      << field(failed[0], "reason");
  EXPECT_EQ(field(failed[1], "failures"), "3");
  EXPECT_EQ(field(failed[1], "failing_s"), "60");
  const auto recovered = events("escalation.recovered");
  ASSERT_EQ(recovered.size(), 1U);
  EXPECT_EQ(field(recovered[0], "level"), "info");
  EXPECT_EQ(field(recovered[0], "failures"), "3");
}

// A red alarm nobody acknowledges is handed up after escalation_minutes (15): the log names it.
TEST_F(ServerEventLogTest, AnEscalationHandedUpIsLogged) {
  namespace pt = pipeline::testing;
  auto s = start();
  ASSERT_NE(s, nullptr);
  send_stream(*s, 9);
  // 2.00 %CH4: over the point's 1.50 cut threshold, so the gas alarm is red.
  for (std::size_t i = 10; i < 13; ++i) {
    pt::TestFile f = pt::stream_file(pt::kTestMine, i);
    f.bytes = pt::test_cdss(pt::kTestMine, f.time, "2.00", "0.20");
    clock_.set(f.time);
    s->pipeline().advance();
    ASSERT_TRUE(s->pipeline().ingest(f.name, f.bytes).ok());
  }
  store::AlarmQuery q;
  q.severity = {Severity::kRed};
  auto red = s->pipeline().alarms(q);
  ASSERT_TRUE(red.ok());
  ASSERT_FALSE(red->empty());
  clock_.advance(Seconds{16 * 60});
  ASSERT_TRUE(eventually([&] { return !events("alarm.handed_up").empty(); }));
  const Fields up = events("alarm.handed_up")[0];
  EXPECT_EQ(field(up, "level"), "info");
  EXPECT_EQ(field(up, "mine"), pt::kTestMine);
  EXPECT_EQ(field(up, "alarm"), std::to_string(red->front().id));
  EXPECT_EQ(field(up, "to"), "city");
}

// The demo's failures and recoveries go to the server's event log (Server::demo_log()).
TEST_F(ServerEventLogTest, TheDemosFailureAndRecoveryAreEvents) {
  auto s = start();
  ASSERT_NE(s, nullptr);
  int calls = 0;
  DemoSource source = [&calls](Time, const DemoFileSink&) {
    return ++calls == 1 ? Status::resource_exhausted("no space left on device (test)") : Status{};
  };
  DemoOptions o;
  o.retry_first = std::chrono::milliseconds(1);
  o.log = s->demo_log();
  DemoUploader demo(source, {}, "127.0.0.1", s->port(), clock_, o);
  demo.start();
  ASSERT_TRUE(eventually([&] { return !events("demo.recovered").empty(); }));
  demo.stop();
  const auto failed = events("demo.failed");
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(field(failed[0], "level"), "warn");
  EXPECT_EQ(field(failed[0], "reason"), "the simulator failed: no space left on device (test)");
  const auto recovered = events("demo.recovered");
  EXPECT_EQ(field(recovered[0], "level"), "info");
  EXPECT_EQ(field(recovered[0], "retries"), "1");
}

}  // namespace
}  // namespace mw::server
