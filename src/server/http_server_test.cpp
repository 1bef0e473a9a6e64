#include "server/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdlib>
#include <future>
#include <thread>

#include "base/temp_dir.hpp"
#include "server/http_client.hpp"
#include "server/live.hpp"
#include "server/socket_test_util.hpp"

namespace mw::server {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using testing::RawSocket;

// A gate a handler waits at until the test opens it.
struct Gate {
  std::promise<void> opened;
  std::shared_future<void> wait = opened.get_future().share();
  std::atomic<int> arrived{0};
  void open() { opened.set_value(); }
};

// Principal from a test header: "x-test-user: name scope" (the real server asks Auth).
std::optional<Principal> test_auth(const Request& r) {
  const auto v = r.header("x-test-user");
  if (!v) return std::nullopt;
  Principal p;
  const auto space = v->find(' ');
  p.name = std::string(v->substr(0, space));
  p.scope = space == std::string_view::npos ? "" : std::string(v->substr(space + 1));
  p.role = p.scope.empty() ? Role::kNational : Role::kProvince;
  return p;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::kGet, "/hello", [](const Request& r, const PathParams&) {
      return Response::json(200, r.principal ? "\"" + r.principal->name + "\"" : "\"anon\"");
    });
    router_.add(Method::kPost, "/echo", [](const Request& r, const PathParams&) {
      std::string q(r.query_param("q").value_or(""));
      return Response::json(200, r.body + "|" + q + "|" + r.path);
    });
    router_.add(Method::kGet, "/wait", [this](const Request&, const PathParams&) {
      gate_.arrived.fetch_add(1);
      gate_.wait.wait();
      return Response::json(200, "\"done\"");
    });
    router_.add(Method::kGet, "/throw", [](const Request&, const PathParams&) -> Response {
      throw std::runtime_error("handler bug");
    });
  }

  void start(HttpServerOptions o = {}) {
    o.port = 0;
    o.io_threads = 2;
    o.worker_threads = 4;
    HttpHooks hooks;
    hooks.authenticate = test_auth;
    hooks.on_request = [this](const AccessLogEntry& e) {
      std::lock_guard lock(log_mu_);
      log_.push_back(access_log_json(e));
    };
    hooks.live = &bus_;
    auto s = HttpServer::start(std::move(o), router_, std::move(hooks));
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(s).value();
  }
  void TearDown() override {
    if (!gate_opened_) gate_.open();
    if (server_) server_->stop(Seconds{2});
  }
  void open_gate() {
    gate_opened_ = true;
    gate_.open();
  }
  void wait_arrivals(int n) {
    for (int i = 0; i < 500 && gate_.arrived.load() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_GE(gate_.arrived.load(), n);
  }
  std::vector<std::string> log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  Router router_;
  LiveBus bus_;
  Gate gate_;
  bool gate_opened_ = false;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, RoutesKeepAliveAnd404And405OverOneConnection) {
  start();
  HttpClient c("127.0.0.1", server_->port());
  auto r1 = c.request(Method::kGet, "/hello", {}, {{"X-Test-User", "li 14"}});
  ASSERT_TRUE(r1.ok()) << r1.status().to_string();
  EXPECT_EQ(r1->status, 200U);
  EXPECT_EQ(r1->body, "\"li\"");
  auto r2 = c.request(Method::kPost, "/echo?q=a%20b+c&x=1", "body");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->body, "body|a b c|/echo");
  auto r3 = c.request(Method::kGet, "/nope");
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->status, 404U);
  EXPECT_NE(r3->body.find("\"error\""), std::string::npos);
  auto r4 = c.request(Method::kDelete, "/hello");
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ(r4->status, 405U);
  auto r5 = c.request(Method::kHead, "/hello");
  ASSERT_TRUE(r5.ok());
  EXPECT_EQ(r5->status, 200U);
  EXPECT_EQ(r5->body, "");
  EXPECT_EQ(server_->stats().connections_accepted, 1U);  // all five on one connection
  // The log line is written once the response is sent, maybe just after the client read it.
  for (int i = 0; i < 200 && log().size() < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto lines = log();
  ASSERT_EQ(lines.size(), 5U);
  EXPECT_NE(lines[0].find("\"path\":\"/hello\",\"status\":200"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"user\":\"li\""), std::string::npos);
  EXPECT_EQ(lines[1].find("a b"), std::string::npos) << "no query or body in the access log";
}

TEST_F(HttpServerTest, HandlerExceptionIs500AndServerStaysUp) {
  start();
  HttpClient c("127.0.0.1", server_->port());
  auto r = c.request(Method::kGet, "/throw");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 500U);
  EXPECT_EQ(c.request(Method::kGet, "/hello")->status, 200U);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413BeforeTheBodyIsRead) {
  HttpServerOptions o;
  o.limits.max_body_bytes = 1000;
  start(o);
  RawSocket s(server_->port());
  ASSERT_TRUE(s.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"));
  const std::string answer = s.read("}");
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0U) << answer;
  EXPECT_NE(answer.find("larger than 1000 bytes"), std::string::npos);
  // A body just under the limit is fine.
  HttpClient c("127.0.0.1", server_->port());
  EXPECT_EQ(c.request(Method::kPost, "/echo", std::string(900, 'x'))->status, 200U);
  EXPECT_EQ(c.request(Method::kPost, "/echo", std::string(1001, 'x'))->status, 413U);
}

TEST_F(HttpServerTest, OversizedHeaderIs431AndGarbageIs400) {
  HttpServerOptions o;
  o.limits.max_header_bytes = 2048;
  start(o);
  {
    RawSocket s(server_->port());
    ASSERT_TRUE(
        s.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
    const std::string answer = s.read("}");
    EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0U) << answer;
  }
  {
    RawSocket s(server_->port());
    ASSERT_TRUE(s.send("GARBAGE\x01\x02 nonsense\r\n\r\n"));
    const std::string answer = s.read("}");
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0U) << answer;
  }
  {
    RawSocket s(server_->port());
    ASSERT_TRUE(s.send("GET /he%zzllo HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string answer = s.read("}");
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0U) << answer;
  }
}

TEST_F(HttpServerTest, SlowLorisIsCutOffAtTheHeaderDeadlineWhileOthersAreServed) {
  HttpServerOptions o;
  o.limits.header_timeout = Seconds{1};
  start(o);
  RawSocket slow(server_->port());
  ASSERT_TRUE(slow.send("GET /hello HTTP/1.1\r\n"));
  const auto t0 = std::chrono::steady_clock::now();
  bool cut = false;
  // One header byte every 100 ms: each arrives well within any per-read timeout.
  for (int i = 0; i < 40 && !cut; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cut = !slow.send("X");
    if (i == 3) {
      HttpClient c("127.0.0.1", server_->port());
      EXPECT_EQ(c.request(Method::kGet, "/hello")->status, 200U);
    }
  }
  slow.set_timeout(std::chrono::seconds(3));
  const std::string rest = slow.read();
  EXPECT_TRUE(rest.empty()) << rest;
  EXPECT_TRUE(cut || slow.closed());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_GE(server_->stats().timeouts, 1U);
}

TEST_F(HttpServerTest, FloodBeyondInFlightLimitGets503WithRetryAfter) {
  HttpServerOptions o;
  o.limits.max_in_flight = 2;
  start(o);
  std::vector<std::future<Result<ClientResponse>>> waiting;
  for (int i = 0; i < 2; ++i) {
    waiting.push_back(std::async(std::launch::async, [port = server_->port()] {
      HttpClient c("127.0.0.1", port);
      return c.request(Method::kGet, "/wait");
    }));
  }
  wait_arrivals(2);
  HttpClient c("127.0.0.1", server_->port());
  auto r = c.request(Method::kGet, "/hello");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503U);
  EXPECT_EQ(r->header("retry-after"), "1");
  open_gate();
  for (auto& f : waiting) EXPECT_EQ(f.get()->status, 200U);
  EXPECT_EQ(c.request(Method::kGet, "/hello")->status, 200U);
  EXPECT_EQ(server_->stats().overloaded, 1U);
}

TEST_F(HttpServerTest, PerRemoteRateLimitIs429) {
  HttpServerOptions o;
  o.limits.rate_per_remote = 1;
  o.limits.rate_burst = 3;
  start(o);
  HttpClient c("127.0.0.1", server_->port());
  std::vector<unsigned> codes;
  for (int i = 0; i < 5; ++i) codes.push_back(c.request(Method::kGet, "/hello")->status);
  EXPECT_EQ(codes, (std::vector<unsigned>{200, 200, 200, 429, 429}));
  auto r = c.request(Method::kGet, "/hello");
  EXPECT_TRUE(r->header("retry-after").has_value());
}

TEST_F(HttpServerTest, PerRemoteConnectionLimitRefusesTheExtraConnection) {
  HttpServerOptions o;
  o.limits.max_connections_per_remote = 2;
  start(o);
  RawSocket a(server_->port()), b(server_->port());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  RawSocket extra(server_->port());
  extra.set_timeout(std::chrono::seconds(2));
  EXPECT_TRUE(extra.read().empty());
  EXPECT_TRUE(extra.closed());
  EXPECT_GE(server_->stats().connections_refused, 1U);
}

TEST_F(HttpServerTest, GracefulStopFinishesTheRequestInFlightAndRefusesNewOnes) {
  start();
  const auto port = server_->port();
  auto pending = std::async(std::launch::async, [port] {
    HttpClient c("127.0.0.1", port);
    return c.request(Method::kGet, "/wait");
  });
  RawSocket idle(port);  // an idle keep-alive connection is closed at once
  wait_arrivals(1);
  auto stopper = std::async(std::launch::async, [this] { server_->stop(Seconds{10}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  idle.set_timeout(std::chrono::seconds(2));
  EXPECT_TRUE(idle.read().empty());
  EXPECT_TRUE(idle.closed());
  open_gate();
  auto r = pending.get();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->status, 200U);
  EXPECT_EQ(r->header("connection"), "close");
  stopper.get();
  HttpClient late("127.0.0.1", port, std::chrono::seconds(2));
  EXPECT_FALSE(late.request(Method::kGet, "/hello").ok());
}

TEST_F(HttpServerTest, TlsHandshakeWithASelfSignedCertificate) {
  mw::testing::TempDir dir("mw_tls");
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
      " -keyout " +
      dir.sub("key.pem") + " -out " + dir.sub("cert.pem") + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl must be installed for this test";
  HttpServerOptions o;
  o.tls = TlsOptions{dir.sub("cert.pem"), dir.sub("key.pem")};
  start(o);

  net::io_context ioc;
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.load_verify_file(dir.sub("cert.pem"));
  ctx.set_verify_mode(net::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  stream.handshake(net::ssl::stream_base::client);
  beast::http::request<beast::http::string_body> req{beast::http::verb::get, "/hello", 11};
  req.set(beast::http::field::host, "localhost");
  req.set("X-Test-User", "wang");
  beast::http::write(stream, req);
  beast::flat_buffer buf;
  beast::http::response<beast::http::string_body> res;
  beast::http::read(stream, buf, res);
  EXPECT_EQ(res.result_int(), 200U);
  EXPECT_EQ(res.body(), "\"wang\"");

  // Plain HTTP to the TLS port gets no answer.
  HttpClient plain("127.0.0.1", server_->port(), std::chrono::seconds(3));
  EXPECT_FALSE(plain.request(Method::kGet, "/hello").ok());
}

using WsStream = beast::websocket::stream<beast::tcp_stream>;

std::unique_ptr<WsStream> open_ws(net::io_context& ioc, std::uint16_t port, std::string user,
                                  beast::error_code& ec) {
  auto ws = std::make_unique<WsStream>(ioc);
  beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(*ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  ws->set_option(beast::websocket::stream_base::decorator(
      [user](beast::websocket::request_type& r) { r.set("X-Test-User", user); }));
  beast::get_lowest_layer(*ws).expires_never();
  ws->set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
  ws->handshake("127.0.0.1", "/api/v1/live", ec);
  return ws;
}

std::string read_text(WsStream& ws, beast::error_code& ec) {
  beast::flat_buffer b;
  ws.read(b, ec);
  return beast::buffers_to_string(b.data());
}

TEST_F(HttpServerTest, LiveEventsReachOnlyClientsThatMaySeeTheMine) {
  start();
  net::io_context ioc;
  beast::error_code ec;
  auto shanxi = open_ws(ioc, server_->port(), "zhang 14", ec);
  ASSERT_FALSE(ec) << ec.message();
  auto shaanxi = open_ws(ioc, server_->port(), "zhao 61", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_NE(read_text(*shanxi, ec).find("\"subscribed\""), std::string::npos);
  EXPECT_NE(read_text(*shaanxi, ec).find("\"subscribed\""), std::string::npos);
  bus_.publish("140105001001", R"({"event":"test","mine":"140105001001"})");
  bus_.publish("610105001001", R"({"event":"test","mine":"610105001001"})");
  EXPECT_EQ(read_text(*shanxi, ec), R"({"event":"test","mine":"140105001001"})");
  EXPECT_EQ(read_text(*shaanxi, ec), R"({"event":"test","mine":"610105001001"})");
  EXPECT_EQ(server_->stats().websockets_open, 2U);
}

TEST_F(HttpServerTest, LiveNeedsAPrincipal) {
  start();
  RawSocket s(server_->port());
  ASSERT_TRUE(
      s.send("GET /api/v1/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
             "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
  const std::string answer = s.read("}");
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0U) << answer;
  EXPECT_EQ(server_->stats().websockets_open, 0U);
}

TEST_F(HttpServerTest, ASlowLiveClientIsDroppedWithACloseReasonAndPublishNeverBlocks) {
  HttpServerOptions o;
  o.live_queue = 4;
  start(o);
  net::io_context ioc;
  beast::error_code ec;
  auto ws = open_ws(ioc, server_->port(), "slow", ec);
  ASSERT_FALSE(ec);
  EXPECT_NE(read_text(*ws, ec).find("subscribed"), std::string::npos);
  // The client reads nothing while far more than fits in socket buffers is published.
  const std::string big(256 * 1024, 'x');
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) bus_.publish("140105001001", "\"" + big + "\"");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  // Drain: some events, then the close with its reason.
  for (int i = 0; i < 300 && !ec; ++i) (void)read_text(*ws, ec);
  EXPECT_EQ(ec, beast::websocket::error::closed);
  EXPECT_EQ(ws->reason().code, beast::websocket::close_code::policy_error);
  EXPECT_NE(std::string(ws->reason().reason.c_str()).find("too slow"), std::string::npos);
  EXPECT_EQ(bus_.stats().clients_dropped, 1U);
}

TEST(ParseTargetTest, DecodesPathAndQuery) {
  Request r;
  ASSERT_TRUE(
      parse_target("/api/v1/mines/14%2001?kind=gas.alarm&active=true&x=%E7%85%A4&e", r).ok());
  EXPECT_EQ(r.path, "/api/v1/mines/14 01");
  ASSERT_EQ(r.query.size(), 4U);
  EXPECT_EQ(r.query_param("kind"), "gas.alarm");
  EXPECT_EQ(r.query_param("x"), "煤");
  EXPECT_EQ(r.query_param("e"), "");
  EXPECT_FALSE(parse_target("http://evil/x", r).ok());
  EXPECT_FALSE(parse_target("/a%2", r).ok());
  EXPECT_FALSE(parse_target("/a%00b", r).ok());
  EXPECT_FALSE(parse_target("/a?b=%g0", r).ok());
}

}  // namespace
}  // namespace mw::server
