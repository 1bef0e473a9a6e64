#include "server/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace mw::server {
namespace {

using Steady = std::chrono::steady_clock;

// A loopback listener that accepts connections and never answers (a stuck server): it holds
// every accepted socket open until destroyed. Reads what arrives so the client's write ends.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
             ::listen(fd_, 8) == 0;
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      accepted_.store(true);
      char buf[4096];
      while (!stop_.load()) {
        timeval tv{0, 50000};
        fd_set set;
        FD_ZERO(&set);
        FD_SET(c, &set);
        if (::select(c + 1, &set, nullptr, nullptr, &tv) > 0 && ::read(c, buf, sizeof buf) <= 0) {
          break;
        }
      }
      while (!stop_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ::close(c);
    });
  }
  ~SilentServer() {
    stop_.store(true);
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  bool bound() const { return bound_; }
  std::uint16_t port() const { return port_; }
  bool accepted() const { return accepted_.load(); }

 private:
  int fd_ = -1;
  bool bound_ = false;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> accepted_{false};
  std::thread thread_;
};

TEST(HttpClientTest, ServerThatNeverAnswersTimesOutWithinTheDeadline) {
  SilentServer server;
  ASSERT_TRUE(server.bound());
  HttpClient client("127.0.0.1", server.port(), std::chrono::milliseconds(300));
  const auto start = Steady::now();
  auto r = client.request(Method::kPut, "/api/v1/mines/m/files/f.txt", "bytes");
  const auto took = Steady::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(server.accepted());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("timed out after 300 ms"), std::string::npos)
      << r.status().message();
  EXPECT_GE(took, std::chrono::milliseconds(250));
  // One attempt only (no retry of a stuck server), with slack for a loaded machine.
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

TEST(HttpClientTest, RefusedConnectionIsUnavailableAtOnce) {
  std::uint16_t port = 0;
  {
    SilentServer closed;  // a port that was just free; nothing listens once it is gone
    port = closed.port();
  }
  HttpClient client("127.0.0.1", port, std::chrono::milliseconds(5000));
  const auto start = Steady::now();
  auto r = client.request(Method::kGet, "/healthz");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("cannot connect"), std::string::npos) << r.status().message();
  EXPECT_LT(Steady::now() - start, std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace mw::server
