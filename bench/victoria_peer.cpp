#include "victoria_peer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "server/http_client.hpp"

extern char** environ;

namespace mw::bench {
namespace {

namespace fs = std::filesystem;

// A free loopback port chosen by the kernel (the peer binds it a moment later).
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

Result<std::unique_ptr<VictoriaPeer>> VictoriaPeer::start(const std::string& binary) {
  if (::access(binary.c_str(), X_OK) != 0) {
    return Status::not_found(binary + " not found (apt-get install victoria-metrics)");
  }
  std::string tmpl = "/tmp/mw-serve-vm.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::io_error("cannot create a /tmp directory");
  std::unique_ptr<VictoriaPeer> peer(new VictoriaPeer());
  peer->dir_ = tmpl;
  peer->port_ = free_port();
  std::vector<std::string> args = {
      binary,
      "-httpListenAddr=127.0.0.1:" + std::to_string(peer->port_),
      "-storageDataPath=" + peer->dir_ + "/data",
      // The load is dated 2026-09; the default retention (1 month) would drop it.
      "-retentionPeriod=100y",
      "-loggerLevel=ERROR",
  };
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = peer->dir_ + "/server.log";
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::io_error("cannot start " + binary);
  peer->pid_ = pid;
  server::HttpClient probe("127.0.0.1", peer->port_, std::chrono::seconds(2));
  for (int i = 0; i < 600; ++i) {
    auto r = probe.request(server::Method::kGet, "/health");
    if (r.ok() && r->status == 200) return peer;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::unavailable("victoria-metrics did not answer /health in 60 s (log: " + log + ")");
}

VictoriaPeer::~VictoriaPeer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

Status VictoriaPeer::flush() {
  server::HttpClient c("127.0.0.1", port_, std::chrono::seconds(120));
  auto r = c.request(server::Method::kGet, "/internal/force_flush");
  if (!r.ok()) return r.status();
  if (r->status / 100 != 2)
    return Status::io_error("force_flush answered " + std::to_string(r->status));
  return {};
}

std::uint64_t VictoriaPeer::disk_bytes() const {
  std::uint64_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir_ + "/data", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) n += it->file_size(ec);
  }
  return n;
}

}  // namespace mw::bench
