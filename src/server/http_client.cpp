#include "server/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/http_server.hpp"

namespace mw::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::optional<std::string_view> ClientResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

struct HttpClient::Impl {
  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  Status connect() {
    stream.emplace(ioc);
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (!ec) {
      stream->expires_after(timeout);
      stream->async_connect(results, [&ec](beast::error_code e, const tcp::endpoint&) { ec = e; });
      run();
    }
    if (ec) {
      stream.reset();
      return Status::unavailable("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                                 describe(ec));
    }
    buffer.clear();
    return {};
  }

  // Runs the private io_context until the pending operation completed; the stream's
  // deadline (expires_after) closes the socket when it passes, which completes the operation
  // with beast::error::timeout. Synchronous Beast reads would ignore that deadline.
  void run() {
    ioc.restart();
    ioc.run();
  }

  std::string describe(const beast::error_code& ec) const {
    if (ec == beast::error::timeout) {
      return "timed out after " + std::to_string(timeout.count()) + " ms";
    }
    return ec.message();
  }
};

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (impl_->stream) {
    beast::error_code ec;
    impl_->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
    impl_->stream.reset();
  }
}

Result<ClientResponse> HttpClient::request(
    Method method, std::string_view target, std::string body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  Impl& s = *impl_;
  http::request<http::string_body> req;
  const std::string_view name = method_name(method);
  req.method(http::string_to_verb(beast::string_view(name.data(), name.size())));
  req.target(beast::string_view(target.data(), target.size()));
  req.version(11);
  req.set(http::field::host, s.host);
  req.set(http::field::user_agent, "minewatch");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = std::move(body);
  req.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = !s.stream;
    if (fresh) MW_RETURN_IF_ERROR(s.connect());
    // One deadline for the whole exchange, write and read.
    s.stream->expires_after(s.timeout);
    beast::error_code ec;
    http::async_write(*s.stream, req, [&ec](beast::error_code e, std::size_t) { ec = e; });
    s.run();
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    if (method == Method::kHead) parser.skip(true);  // a HEAD answer has no body
    // A server may answer early (413) and stop reading, failing the write: read the answer.
    beast::error_code read_ec = ec;
    if (ec != beast::error::timeout) {
      http::async_read(*s.stream, s.buffer, parser,
                       [&read_ec](beast::error_code e, std::size_t) { read_ec = e; });
      s.run();
    }
    if (!read_ec) ec = {};
    if (!ec) ec = read_ec;
    if (ec) {
      close();
      // A kept-alive connection the server closed meanwhile: try once on a new one (never
      // after a timeout: the server is stuck, not gone).
      if (!fresh && attempt == 0 && ec != beast::error::timeout) continue;
      return Status::unavailable("HTTP " + std::string(name) + " " + std::string(target) + ": " +
                                 s.describe(ec));
    }
    auto res = parser.release();
    ClientResponse out;
    out.status = res.result_int();
    for (const auto& f : res) {
      std::string key(f.name_string().data(), f.name_string().size());
      for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      out.headers.emplace_back(std::move(key), std::string(f.value().data(), f.value().size()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return out;
  }
  return Status::unavailable("HTTP request failed");
}

}  // namespace mw::server
