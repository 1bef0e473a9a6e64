#pragma once
// HttpServer: HTTP/1.1 (+ WebSocket /api/v1/live) on Boost.Beast, optionally over TLS.
// It turns bytes into Request, authenticates, routes, and turns Response into bytes; what
// a route does is the Router's business (routes are testable without sockets).
//
// Defences (docs/serve.md "Limits"): header and body size limits (431/413, before the body
// is read), a deadline for a whole request header and another for its body (slow-loris
// clients are cut off at the deadline, however slowly they trickle), at most N connections
// overall and per remote address, a per-remote request rate (429) and a global in-flight
// limit (503), both with Retry-After.
//
// Threads: `io_threads` run the sockets; handlers run on a separate pool of
// `worker_threads` (an upload waits for the journal's fsync there, never on an I/O thread).
// Thread safety: start() and stop() from one controlling thread; stats() from any.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "server/http.hpp"
#include "server/principal.hpp"

namespace mw::server {

class LiveBus;

struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;    // request line + headers: 431 beyond
  std::uint64_t max_body_bytes = 16ull << 20;  // a day's CDSS of a large mine is ~2 MiB
  Seconds header_timeout{10};                  // idle keep-alive wait + whole header
  Seconds body_timeout{60};                    // whole body (16 MiB at ~2 Mbit/s)
  Seconds write_timeout{60};                   // a response to a client that does not read
  std::size_t max_connections = 8192;
  std::size_t max_connections_per_remote = 512;  // a gateway multiplexes many mines
  std::size_t max_in_flight = 512;               // requests in handlers at once: 503 beyond
  // Requests per second per remote address (token bucket, `rate_burst` deep); 0: no limit.
  double rate_per_remote = 0;
  double rate_burst = 0;  // 0: 2 × rate_per_remote
};

struct TlsOptions {
  std::string cert_file;  // PEM certificate chain
  std::string key_file;   // PEM private key
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port (tests); see HttpServer::port()
  std::size_t io_threads = 2;
  std::size_t worker_threads = 8;
  HttpLimits limits;
  std::optional<TlsOptions> tls;
  std::string live_path = "/api/v1/live";
  std::size_t live_queue = 1024;  // events queued per WebSocket client before it is dropped
};

// One line of the access log: never bodies, queries or credentials.
struct AccessLogEntry {
  std::chrono::system_clock::time_point time;
  std::string remote;
  std::string_view method;
  std::string path;
  unsigned status = 0;
  std::uint64_t bytes = 0;  // response body bytes
  std::int64_t micros = 0;  // from the end of the request header to the response written
  std::string user;         // principal name, empty for anonymous callers
};
// {"time":"…Z","remote":…,"method":…,"path":…,"status":…,"bytes":…,"us":…,"user":…}
std::string access_log_json(const AccessLogEntry& entry);

struct HttpHooks {
  // Who is calling; empty function or nullopt: anonymous.
  std::function<std::optional<Principal>(const Request&)> authenticate;
  // Called for every request answered (from I/O threads; must be quick and thread-safe).
  std::function<void(const AccessLogEntry&)> on_request;
  // WebSocket /api/v1/live; null: the path answers 404.
  LiveBus* live = nullptr;
};

struct HttpServerStats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;  // over max_connections (per remote or overall)
  std::uint64_t requests = 0;
  std::uint64_t rate_limited = 0;  // 429
  std::uint64_t overloaded = 0;    // 503 for max_in_flight
  std::uint64_t timeouts = 0;      // connections cut by a header/body/write deadline
  std::size_t connections_open = 0;
  std::size_t in_flight = 0;
  std::size_t websockets_open = 0;
};

Result<Method> parse_method(std::string_view name);
std::string_view method_name(Method method) noexcept;
// Splits a request target into the percent-decoded path and query ('+' is a space in the
// query only). InvalidArgument for a target that is not origin-form or has a bad escape.
Status parse_target(std::string_view target, Request& out);

class HttpServer {
 public:
  // Binds and starts serving at once. `router` and what `hooks` point to must outlive the
  // server. Fails (kIoError) when the address cannot be bound or the TLS files not loaded.
  static Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options, const Router& router,
                                                   HttpHooks hooks);
  ~HttpServer();  // stop(0)
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const noexcept;
  // Graceful: stops accepting, closes idle connections and WebSockets, lets requests in
  // handlers finish (their responses carry Connection: close) for at most `grace`, then
  // closes everything and joins the threads. Idempotent.
  void stop(Seconds grace = Seconds{10});
  HttpServerStats stats() const;

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace mw::server
