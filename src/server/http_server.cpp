#include "server/http_server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/json.hpp"
#include "server/live.hpp"

namespace mw::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in`; '+' becomes a space when `plus_is_space` (query strings).
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;  // a NUL has no business in a path or a parameter
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string remote_address(const tcp::socket& socket) {
  beast::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  return ep.address().to_string();
}

// Token bucket per remote address.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst > 0 ? burst : 2 * rate) {}
  // 0 when allowed, else seconds to wait.
  unsigned acquire(const std::string& remote) {
    if (rate_ <= 0) return 0;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    if (buckets_.size() > kMaxRemotes) prune(now);
    auto [it, inserted] = buckets_.try_emplace(remote, Bucket{burst_, now});
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return static_cast<unsigned>((1 - b.tokens) / rate_) + 1;
  }

 private:
  // Bounds the table when many addresses come and go: full buckets carry no state.
  static constexpr std::size_t kMaxRemotes = 100000;
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  void prune(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
      if (it->second.tokens + elapsed * rate_ >= burst_) {
        it = buckets_.erase(it);
      } else {
        ++it;
      }
    }
  }
  double rate_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Graceful stop: close now if idle; otherwise close after the current response.
  virtual void shutdown() = 0;
};

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, const Router& r, HttpHooks h)
      : options(std::move(o)),
        router(r),
        hooks(std::move(h)),
        rate(options.limits.rate_per_remote, options.limits.rate_burst),
        ioc(static_cast<int>(std::max<std::size_t>(1, options.io_threads))),
        acceptor(net::make_strand(ioc)),
        workers(std::max<std::size_t>(1, options.worker_threads)) {}

  // Connection bookkeeping; false when a limit refuses the connection.
  bool admit(const std::string& remote, std::uint64_t& id) {
    std::lock_guard lock(mu);
    if (open_connections >= options.limits.max_connections) return false;
    std::size_t& n = per_remote[remote];
    if (n >= options.limits.max_connections_per_remote) return false;
    ++n;
    ++open_connections;
    id = next_session_id++;
    return true;
  }
  void track(std::uint64_t id, const std::shared_ptr<SessionBase>& s) {
    std::lock_guard lock(mu);
    sessions[id] = s;
  }
  void release(std::uint64_t id, const std::string& remote) {
    std::lock_guard lock(mu);
    sessions.erase(id);
    auto it = per_remote.find(remote);
    if (it != per_remote.end() && --it->second == 0) per_remote.erase(it);
    --open_connections;
    drained.notify_all();
  }

  Response dispatch(Request& req) const;
  void do_accept();
  void log(const AccessLogEntry& e) const {
    if (hooks.on_request) hooks.on_request(e);
  }

  HttpServerOptions options;
  const Router& router;
  HttpHooks hooks;
  RateLimiter rate;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> accepted{0}, refused{0}, requests{0}, rate_limited{0}, overloaded{0},
      timeouts{0};
  std::atomic<std::size_t> in_flight{0}, websockets{0};

  mutable std::mutex mu;  // guards the session table and connection counts
  std::condition_variable drained;
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;
  std::unordered_map<std::string, std::size_t> per_remote;
  std::size_t open_connections = 0;
  std::uint64_t next_session_id = 1;

  // Declared after the bookkeeping above: destroying them destroys sessions, which release().
  net::io_context ioc;
  std::optional<ssl::context> ssl_ctx;
  tcp::acceptor acceptor;
  net::thread_pool workers;
  // Keeps the I/O threads running while every connection waits on a handler in `workers`.
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool stopped = false;
};

Response HttpServer::Impl::dispatch(Request& req) const {
  if (hooks.authenticate) req.principal = hooks.authenticate(req);
  Router::Match m = router.match(req.method, req.path);
  if (m.handler == nullptr && req.method == Method::kHead) m = router.match(Method::kGet, req.path);
  if (m.handler == nullptr) {
    if (m.path_known) return Response::error(405, "method not allowed for " + req.path);
    return Response::error(404, "no such resource: " + req.path);
  }
  try {
    return (*m.handler)(req, m.params);
  } catch (const std::exception& e) {
    // A handler bug must not take the connection (or the server) down with it.
    return Response::error(500, std::string("internal error: ") + e.what());
  }
}

namespace {

template <class Stream>
beast::tcp_stream& lowest(Stream& s) {
  return beast::get_lowest_layer(s);
}

// Closes the transport: TLS close_notify first when there is one.
inline void close_stream(beast::tcp_stream& s) {
  beast::error_code ec;
  s.socket().shutdown(tcp::socket::shutdown_send, ec);
  s.close();
}
inline void close_stream(beast::ssl_stream<beast::tcp_stream>& s) {
  beast::error_code ec;
  beast::get_lowest_layer(s).expires_after(std::chrono::seconds(2));
  s.shutdown(ec);  // bounded by the deadline above
  beast::get_lowest_layer(s).close();
}

template <class Stream>
class LiveSession : public SessionBase, public std::enable_shared_from_this<LiveSession<Stream>> {
 public:
  LiveSession(Stream&& stream, HttpServer::Impl& srv, std::uint64_t id, std::string remote)
      : ws_(std::move(stream)), srv_(srv), id_(id), remote_(std::move(remote)) {
    srv_.websockets.fetch_add(1);
  }
  ~LiveSession() override {
    sub_.reset();
    srv_.websockets.fetch_sub(1);
    srv_.release(id_, remote_);
  }

  void run(http::request<http::string_body> req, Principal who) {
    principal_ = std::move(who);
    lowest(ws_.next_layer()).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "minewatch"); }));
    ws_.read_message_max(64 * 1024);  // clients only send control frames and small text
    ws_.async_accept(req,
                     beast::bind_front_handler(&LiveSession::on_accept, this->shared_from_this()));
  }

  void shutdown() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->close(websocket::close_code::going_away, "server shutting down");
    });
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    std::weak_ptr<LiveSession> weak = this->shared_from_this();
    auto executor = ws_.get_executor();
    sub_ = srv_.hooks.live->subscribe(
        principal_,
        [weak, executor] {
          if (auto self = weak.lock()) net::post(executor, [self] { self->pump(); });
        },
        srv_.options.live_queue);
    std::string hello;
    JsonWriter w(hello);
    w.begin_object().key("event").value("subscribed").key("user").value(principal_.name);
    w.key("scope").value(principal_.scope).end_object();
    out_.push_back(std::make_shared<const std::string>(std::move(hello)));
    pump();
    do_read();
  }

  void do_read() {
    ws_.async_read(in_, beast::bind_front_handler(&LiveSession::on_read, this->shared_from_this()));
  }
  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return;           // closed by the peer, a timeout, or our own close
    in_.consume(in_.size());  // the client has nothing to say; reading keeps pings flowing
    do_read();
  }

  void pump() {
    if (closing_ || writing_ || !sub_) return;
    if (sub_->queue().overflowed()) {
      close(websocket::close_code::policy_error, "too slow: event queue overflowed");
      return;
    }
    for (auto& e : sub_->queue().take_all()) out_.push_back(std::move(e));
    if (out_.empty()) return;
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(*out_.front()),
                    beast::bind_front_handler(&LiveSession::on_write, this->shared_from_this()));
  }
  void on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) return;
    out_.pop_front();
    pump();
  }

  void close(websocket::close_code code, const char* reason) {
    if (closing_) return;
    closing_ = true;
    // A close waits for a pending write; Beast allows one async_close beside a read/write.
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = this->shared_from_this()](beast::error_code) {});
  }

  websocket::stream<Stream> ws_;
  HttpServer::Impl& srv_;
  std::uint64_t id_;
  std::string remote_;
  Principal principal_;
  std::unique_ptr<LiveSubscription> sub_;
  beast::flat_buffer in_;
  std::deque<std::shared_ptr<const std::string>> out_;
  bool writing_ = false;
  bool closing_ = false;
};

template <class Stream>
class HttpSession : public SessionBase, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Stream&& stream, HttpServer::Impl& srv, std::uint64_t id, std::string remote)
      : stream_(std::move(stream)), srv_(srv), id_(id), remote_(std::move(remote)) {}
  ~HttpSession() override {
    if (!handed_over_) srv_.release(id_, remote_);
  }

  void start() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      net::dispatch(stream_.get_executor(),
                    beast::bind_front_handler(&HttpSession::do_read, this->shared_from_this()));
    } else {
      lowest(stream_).expires_after(srv_.options.limits.header_timeout);
      stream_.async_handshake(
          ssl::stream_base::server,
          beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
    }
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) lowest(self->stream_).socket().cancel();
    });
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) {
      if (ec == beast::error::timeout) srv_.timeouts.fetch_add(1);
      return;
    }
    do_read();
  }

  void do_read() {
    if (srv_.stopping.load()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.options.limits.max_header_bytes));
    parser_->body_limit(srv_.options.limits.max_body_bytes);
    idle_ = true;
    lowest(stream_).expires_after(srv_.options.limits.header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    idle_ = false;
    started_ = std::chrono::steady_clock::now();
    if (ec) return on_read_error(ec);
    auto& req = parser_->get();
    if (websocket::is_upgrade(req) && srv_.hooks.live != nullptr &&
        req.target() == srv_.options.live_path) {
      return upgrade();
    }
    const auto expect = req[http::field::expect];
    if (!expect.empty() && beast::iequals(expect, "100-continue")) {
      // curl waits a second for this before sending a body over 1 KiB.
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      lowest(stream_).expires_after(srv_.options.limits.write_timeout);
      http::async_write(
          stream_, *cont,
          [self = this->shared_from_this(), cont](beast::error_code wec, std::size_t) {
            if (wec) return self->close();
            self->read_body();
          });
      return;
    }
    read_body();
  }

  void read_body() {
    lowest(stream_).expires_after(srv_.options.limits.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_body, this->shared_from_this()));
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return reply_early(413, "request body larger than " +
                                  std::to_string(srv_.options.limits.max_body_bytes) + " bytes");
    }
    if (ec == http::error::header_limit) {
      return reply_early(431, "request header larger than " +
                                  std::to_string(srv_.options.limits.max_header_bytes) + " bytes");
    }
    if (ec == beast::error::timeout) {
      srv_.timeouts.fetch_add(1);
      return close();
    }
    if (&ec.category() == &http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return reply_early(400, "malformed HTTP request: " + ec.message());
    }
    close();  // end of stream, reset, cancelled by shutdown
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    handle(parser_->release());
  }

  // Answers before (or without) reading the body, then closes: the rest of the request is
  // unread, so the connection cannot carry another one.
  void reply_early(unsigned status, const std::string& message) {
    Request meta;
    meta.remote = remote_;
    if (parser_ && parser_->is_header_done()) {
      auto m = parse_method(sv(parser_->get().method_string()));
      if (m.ok()) meta.method = *m;
      (void)parse_target(sv(parser_->get().target()), meta);
    }
    keep_alive_ = false;
    linger_ = true;
    write(Response::error(status, message), meta, false);
  }

  // After an early reply the client may still be sending the body; closing at once would
  // reset the connection and lose the reply. Read and discard for a while (bounded), then close.
  void linger() {
    beast::error_code ec;
    lowest(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest(stream_).expires_after(std::chrono::seconds(2));
    discard_.resize(64 * 1024);
    do_discard();
  }
  void do_discard() {
    lowest(stream_).socket().async_read_some(
        net::buffer(discard_),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
          self->discarded_ += n;
          if (ec || self->discarded_ > kMaxDiscard) return self->close();
          self->do_discard();
        });
  }

  void handle(http::request<http::string_body> raw) {
    srv_.requests.fetch_add(1);
    Request req;
    req.remote = remote_;
    keep_alive_ = raw.keep_alive() && !srv_.stopping.load();
    const bool head = raw.method() == http::verb::head;
    auto method = parse_method(sv(raw.method_string()));
    if (!method.ok()) return write(Response::error(501, method.status().message()), req, head);
    req.method = *method;
    if (Status s = parse_target(sv(raw.target()), req); !s.ok()) {
      return write(Response::error(400, s.message()), req, head);
    }
    for (const auto& field : raw) {
      req.headers.emplace_back(lower(sv(field.name_string())), std::string(sv(field.value())));
    }
    req.body = std::move(raw.body());
    if (const unsigned wait = srv_.rate.acquire(remote_); wait > 0) {
      srv_.rate_limited.fetch_add(1);
      Response r = Response::error(429, "too many requests from " + remote_ + "; retry later");
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return write(std::move(r), req, head);
    }
    if (srv_.in_flight.fetch_add(1) >= srv_.options.limits.max_in_flight) {
      srv_.in_flight.fetch_sub(1);
      srv_.overloaded.fetch_add(1);
      Response r = Response::error(503, "server busy: too many requests in progress; retry");
      r.headers.emplace_back("Retry-After", "1");
      return write(std::move(r), req, head);
    }
    net::post(srv_.workers, [self = this->shared_from_this(), q = std::move(req), head]() mutable {
      Response answer = self->srv_.dispatch(q);
      self->srv_.in_flight.fetch_sub(1);
      net::post(self->stream_.get_executor(),
                [self, a = std::move(answer), q2 = std::move(q), head]() mutable {
                  self->write(std::move(a), q2, head);
                });
    });
  }

  void write(Response r, const Request& req, bool head) {
    if (srv_.stopping.load()) keep_alive_ = false;
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(r.status);
    res->set(http::field::server, "minewatch");
    res->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res->insert(name, value);
    res->keep_alive(keep_alive_);
    const std::uint64_t bytes = r.body.size();
    if (head) {
      res->content_length(bytes);
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    log_.time = std::chrono::system_clock::now();
    log_.remote = remote_;
    log_.method = method_name(req.method);
    log_.path = req.path;
    log_.status = r.status;
    log_.bytes = bytes;
    log_.user = req.principal ? req.principal->name : std::string();
    lowest(stream_).expires_after(srv_.options.limits.write_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
                        self->on_write(ec);
                      });
  }

  void on_write(beast::error_code ec) {
    log_.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started_)
                      .count();
    srv_.log(log_);
    if (ec) {
      if (ec == beast::error::timeout) srv_.timeouts.fetch_add(1);
      return close();
    }
    if (linger_ && std::is_same_v<Stream, beast::tcp_stream>) return linger();
    if (!keep_alive_) return close();
    do_read();
  }

  void upgrade() {
    auto req = parser_->release();
    Request meta;
    meta.remote = remote_;
    meta.method = Method::kGet;
    meta.path = srv_.options.live_path;
    for (const auto& field : req) {
      meta.headers.emplace_back(lower(sv(field.name_string())), std::string(sv(field.value())));
    }
    std::optional<Principal> who;
    if (srv_.hooks.authenticate) who = srv_.hooks.authenticate(meta);
    if (!who) {
      keep_alive_ = false;
      return write(Response::error(401, "sign in to receive live events"), meta, false);
    }
    handed_over_ = true;  // the WebSocket session takes over the connection's bookkeeping
    auto live = std::make_shared<LiveSession<Stream>>(std::move(stream_), srv_, id_, remote_);
    srv_.track(id_, live);
    live->run(std::move(req), std::move(*who));
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    close_stream(stream_);
  }

  Stream stream_;
  HttpServer::Impl& srv_;
  std::uint64_t id_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  AccessLogEntry log_;
  std::chrono::steady_clock::time_point started_;
  bool idle_ = false;
  bool keep_alive_ = true;
  bool closed_ = false;
  bool handed_over_ = false;
  bool linger_ = false;
  static constexpr std::size_t kMaxDiscard = 64u << 20;  // bounded by the 2 s deadline too
  std::vector<char> discard_;
  std::size_t discarded_ = 0;
};

}  // namespace

void HttpServer::Impl::do_accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      return do_accept();  // e.g. EMFILE: keep serving the connections we have
    }
    if (stopping.load()) return;
    const std::string remote = remote_address(socket);
    std::uint64_t id = 0;
    if (!admit(remote, id)) {
      refused.fetch_add(1);
      beast::error_code ignored;
      socket.close(ignored);
      return do_accept();
    }
    accepted.fetch_add(1);
    if (ssl_ctx) {
      auto s = std::make_shared<HttpSession<beast::ssl_stream<beast::tcp_stream>>>(
          beast::ssl_stream<beast::tcp_stream>(beast::tcp_stream(std::move(socket)), *ssl_ctx),
          *this, id, remote);
      track(id, s);
      s->start();
    } else {
      auto s = std::make_shared<HttpSession<beast::tcp_stream>>(
          beast::tcp_stream(std::move(socket)), *this, id, remote);
      track(id, s);
      s->start();
    }
    do_accept();
  });
}

Result<Method> parse_method(std::string_view name) {
  static constexpr std::pair<std::string_view, Method> kMethods[] = {
      {"GET", Method::kGet},        {"HEAD", Method::kHead},   {"POST", Method::kPost},
      {"PUT", Method::kPut},        {"PATCH", Method::kPatch}, {"DELETE", Method::kDelete},
      {"OPTIONS", Method::kOptions}};
  for (const auto& [n, m] : kMethods) {
    if (n == name) return m;
  }
  return Status::invalid_argument("method not supported: " + std::string(name));
}

std::string_view method_name(Method method) noexcept {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
  }
  return "?";
}

Status parse_target(std::string_view target, Request& out) {
  if (target.empty() || target.front() != '/') {
    return Status::invalid_argument("request target must be a path starting with '/'");
  }
  const auto q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  if (!percent_decode(raw_path, false, out.path)) {
    return Status::invalid_argument("bad percent-escape in the request path");
  }
  out.query.clear();
  if (q == std::string_view::npos) return {};
  std::string_view rest = target.substr(q + 1);
  const auto hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), true, key) ||
        (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), true, value))) {
      return Status::invalid_argument("bad percent-escape in the query string");
    }
    out.query.emplace_back(std::move(key), std::move(value));
  }
  return {};
}

std::string access_log_json(const AccessLogEntry& e) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  const auto secs = std::chrono::floor<std::chrono::seconds>(e.time);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(e.time - secs).count();
  const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  w.key("time").value(std::string_view(buf));
  w.key("remote").value(e.remote);
  w.key("method").value(e.method);
  w.key("path").value(e.path);
  w.key("status").value(e.status);
  w.key("bytes").value(e.bytes);
  w.key("us").value(e.micros);
  if (!e.user.empty()) w.key("user").value(e.user);
  w.end_object();
  return out;
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { stop(Seconds{0}); }

Result<std::unique_ptr<HttpServer>> HttpServer::start(HttpServerOptions options,
                                                      const Router& router, HttpHooks hooks) {
  auto impl = std::make_shared<Impl>(std::move(options), router, std::move(hooks));
  Impl& s = *impl;
  if (s.options.tls) {
    s.ssl_ctx.emplace(ssl::context::tls_server);
    s.ssl_ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1);
    beast::error_code ec;
    s.ssl_ctx->use_certificate_chain_file(s.options.tls->cert_file, ec);
    if (ec)
      return Status::io_error("TLS certificate " + s.options.tls->cert_file + ": " + ec.message());
    s.ssl_ctx->use_private_key_file(s.options.tls->key_file, ssl::context::pem, ec);
    if (ec) return Status::io_error("TLS key " + s.options.tls->key_file + ": " + ec.message());
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(s.options.host, ec);
  if (ec) return Status::invalid_argument("listen address " + s.options.host + ": " + ec.message());
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::io_error("cannot listen on " + s.options.host + ":" +
                            std::to_string(s.options.port) + ": " + ec.message());
  }
  s.port = s.acceptor.local_endpoint().port();
  s.do_accept();
  s.work.emplace(s.ioc.get_executor());
  for (std::size_t i = 0; i < std::max<std::size_t>(1, s.options.io_threads); ++i) {
    s.threads.emplace_back([&s] { s.ioc.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::uint16_t HttpServer::port() const noexcept { return impl_->port; }

void HttpServer::stop(Seconds grace) {
  Impl& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  s.stopping.store(true);
  net::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
  });
  std::vector<std::shared_ptr<SessionBase>> open;
  {
    std::lock_guard lock(s.mu);
    for (auto& [id, weak] : s.sessions) {
      if (auto p = weak.lock()) open.push_back(std::move(p));
    }
  }
  for (auto& p : open) p->shutdown();
  open.clear();
  {
    std::unique_lock lock(s.mu);
    s.drained.wait_for(lock, grace, [&s] { return s.open_connections == 0; });
  }
  s.work.reset();
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.workers.join();
}

HttpServerStats HttpServer::stats() const {
  const Impl& s = *impl_;
  HttpServerStats st;
  st.connections_accepted = s.accepted.load();
  st.connections_refused = s.refused.load();
  st.requests = s.requests.load();
  st.rate_limited = s.rate_limited.load();
  st.overloaded = s.overloaded.load();
  st.timeouts = s.timeouts.load();
  st.in_flight = s.in_flight.load();
  st.websockets_open = s.websockets.load();
  std::lock_guard lock(s.mu);
  st.connections_open = s.open_connections;
  return st;
}

}  // namespace mw::server
