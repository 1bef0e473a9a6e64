#include "server/config.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "server/http_client.hpp"
#include "server/http_server.hpp"

namespace mw::server {
namespace {

TEST(ServeConfigTest, EmptyDocumentKeepsDefaults) {
  auto c = parse_serve_config("", "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->escalation_after, Seconds{900});
  EXPECT_FALSE(c->tls.has_value());
  EXPECT_EQ(c->limits.max_body_bytes, 16ull << 20);
  EXPECT_EQ(c->access_log, "-");
  EXPECT_EQ(c->event_log, "-");  // stderr: journald's under systemd
}

// An upload holds a worker while it waits for the fsync: with the default, 32 uploads are in
// their handlers at once (and share one group commit). Each handler here waits until 32 have
// arrived (or 10 s): with fewer workers the rest queue and the count stays below 32.
TEST(ServeConfigTest, DefaultWorkersHold32WaitingUploadsAtOnce) {
  constexpr int kUploads = 32;
  std::atomic<int> arrived{0};
  Router router;
  router.add(Method::kPut, "/wait", [&](const Request&, const PathParams&) {
    const int me = arrived.fetch_add(1) + 1;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (arrived.load() < kUploads && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Response::json(200, std::to_string(std::max(me, arrived.load())));
  });
  HttpServerOptions o;
  o.port = 0;
  o.worker_threads = ServeConfig{}.worker_threads;
  auto server = HttpServer::start(o, router, HttpHooks{});
  ASSERT_TRUE(server.ok()) << server.status().to_string();
  std::vector<std::string> answers(kUploads);
  {
    std::vector<std::jthread> clients;
    for (int i = 0; i < kUploads; ++i) {
      clients.emplace_back([&, i] {
        HttpClient c("127.0.0.1", (*server)->port());
        auto r = c.request(Method::kPut, "/wait", "x");
        answers[static_cast<std::size_t>(i)] = r.ok() ? r->body : r.status().message();
      });
    }
  }
  for (const std::string& a : answers) EXPECT_EQ(a, std::to_string(kUploads));
  (*server)->stop(Seconds{2});
}

TEST(ServeConfigTest, EveryKeyIsRead) {
  auto c = parse_serve_config(R"(
listen = "0.0.0.0:9443"
data_dir = "/var/lib/minewatch"
store = "postgresql://mw@db/mw"
rules = "/etc/minewatch/coal.toml"
profile = "national"
shards = 2
io_threads = 4
worker_threads = 16
escalation_minutes = 20
offline_minutes = 5
raw_retention_days = 180
rollup_retention_days = 1000
drop_dir = "/srv/ftp"
drop_settle_seconds = 300
access_log = "/var/log/minewatch/access.log"
event_log = "/var/log/minewatch/events.log"
demo = 3
web_dir = "/usr/share/minewatch/web"
[limits]
max_header_bytes = 8192
max_body_bytes = 1048576
header_timeout_seconds = 5
body_timeout_seconds = 30
write_timeout_seconds = 20
max_connections = 100
max_connections_per_remote = 10
max_in_flight = 50
rate_per_remote = 20.5
rate_burst = 40
[tls]
cert = "/etc/minewatch/cert.pem"
key = "/etc/minewatch/key.pem"
)",
                              "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->listen, "0.0.0.0:9443");
  EXPECT_EQ(c->data_dir, "/var/lib/minewatch");
  EXPECT_EQ(c->store_dsn, "postgresql://mw@db/mw");
  EXPECT_EQ(c->rules, "/etc/minewatch/coal.toml");
  EXPECT_EQ(c->shards, 2U);
  EXPECT_EQ(c->io_threads, 4U);
  EXPECT_EQ(c->worker_threads, 16U);
  EXPECT_EQ(c->escalation_after, Seconds{1200});
  EXPECT_EQ(c->offline_after, Seconds{300});
  EXPECT_EQ(c->raw_retention_days, 180);
  EXPECT_EQ(c->rollup_retention_days, 1000);
  EXPECT_EQ(c->drop_dir, "/srv/ftp");
  EXPECT_EQ(c->drop_settle, Seconds{300});
  EXPECT_EQ(c->access_log, "/var/log/minewatch/access.log");
  EXPECT_EQ(c->event_log, "/var/log/minewatch/events.log");
  EXPECT_EQ(c->demo_mines, 3);
  EXPECT_EQ(c->web_dir, "/usr/share/minewatch/web");
  EXPECT_EQ(c->limits.max_header_bytes, 8192U);
  EXPECT_EQ(c->limits.max_body_bytes, 1048576U);
  EXPECT_EQ(c->limits.header_timeout, Seconds{5});
  EXPECT_EQ(c->limits.body_timeout, Seconds{30});
  EXPECT_EQ(c->limits.write_timeout, Seconds{20});
  EXPECT_EQ(c->limits.max_connections, 100U);
  EXPECT_EQ(c->limits.max_connections_per_remote, 10U);
  EXPECT_EQ(c->limits.max_in_flight, 50U);
  EXPECT_DOUBLE_EQ(c->limits.rate_per_remote, 20.5);
  EXPECT_DOUBLE_EQ(c->limits.rate_burst, 40);
  ASSERT_TRUE(c->tls.has_value());
  EXPECT_EQ(c->tls->cert_file, "/etc/minewatch/cert.pem");
}

TEST(ServeConfigTest, MistakesNameTheKeyAndLine) {
  const auto check = [](std::string_view toml, std::string_view expect) {
    auto c = parse_serve_config(toml, "t.toml");
    ASSERT_FALSE(c.ok()) << toml;
    EXPECT_NE(c.status().message().find(expect), std::string::npos) << c.status().message();
  };
  check("listne = \"x:1\"", "t.toml:1: listne: unknown key");
  check("listen = \"nohost\"", "host:port");
  check("listen = \"h:99999\"", "0-65535");
  check("\n\nio_threads = 0", "t.toml:3: io_threads: must be between 1 and 64");
  check("io_threads = \"2\"", "must be an integer");
  check("[limits]\nmax_body = 1", "limits.max_body: unknown key");
  check("[tls]\ncert = \"c.pem\"", "both cert and key");
  check("event_log = 1", "t.toml:1: event_log: must be a string");
  check("listen = ", "t.toml:1");
  // The regulations' minimums (90 days raw, 2 years of statistics) cannot be configured away.
  check("raw_retention_days = 30", "raw_retention_days: must be between 90 and");
  check("rollup_retention_days = 365", "rollup_retention_days: must be between 732 and");
}

TEST(ServeConfigTest, SplitListen) {
  auto a = split_listen("[::1]:8443");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, "::1");
  EXPECT_EQ(a->second, 8443);
  EXPECT_FALSE(split_listen(":80").ok());
  EXPECT_FALSE(split_listen("h:").ok());
}

// What the event log shows of the `store` setting: no password, the rest as written.
TEST(ServeConfigTest, StoreTargetsLoseTheirPasswords) {
  const auto f = [](std::string_view dsn, std::string_view kind, std::string_view shown) {
    EXPECT_EQ(store_kind(dsn), kind) << dsn;
    EXPECT_EQ(redact_dsn(dsn), shown) << dsn;
  };
  f("/var/lib/minewatch/minewatch.db", "sqlite", "/var/lib/minewatch/minewatch.db");
  f("postgresql://mw@db/mw", "postgresql", "postgresql://mw@db/mw");
  f("postgresql://mw:s3cret@db:5432/mw", "postgresql", "postgresql://mw:***@db:5432/mw");
  f("postgres://mw:s3cret@db", "postgresql", "postgres://mw:***@db");
  f("postgresql://mw:p@ss/w:rd@db/mw?sslmode=require", "postgresql",
    "postgresql://mw:***@db/mw?sslmode=require");
  f("postgresql://db/mw?user=mw&password=s3cret&sslmode=require#x", "postgresql",
    "postgresql://db/mw?user=mw&password=***&sslmode=require#x");
  f("postgresql:///mw?host=/run/postgresql", "postgresql", "postgresql:///mw?host=/run/postgresql");
  f("pg:host=db dbname=mw user=mw password=s3cret", "postgresql",
    "pg:host=db dbname=mw user=mw password=***");
  f("pg:host=db password = 'two words\\' and' dbname=mw", "postgresql",
    "pg:host=db password=*** dbname=mw");
  f("pg:password=s3cret\\ x host=db", "postgresql", "pg:password=*** host=db");
  // Unreadable: nothing of it is shown.
  f("pg:host=db password='s3cret", "postgresql", "pg:***");
  f("pg:host=db s3cret", "postgresql", "pg:***");
}

}  // namespace
}  // namespace mw::server
