#pragma once
// HttpClient: a small blocking HTTP/1.1 client (Beast) with one kept-alive connection.
// The demo uploads through it (as a real mine would), and the socket tests and the bench
// use it. Not thread-safe: one client per thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.hpp"
#include "server/http.hpp"

namespace mw::server {

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the answer. Reconnects (once) when the kept-alive
  // connection turned out closed. kUnavailable when the server cannot be reached or does
  // not answer in time: `timeout` bounds the connect and, separately, the whole exchange
  // (write and read) of each attempt ("timed out after N ms").
  Result<ClientResponse> request(
      Method method, std::string_view target, std::string body = {},
      const std::vector<std::pair<std::string, std::string>>& headers = {});
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::server
