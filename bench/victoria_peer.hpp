#pragma once
// serve_bench's peer: Debian's victoria-metrics (single node) started on a free loopback port
// with its storage in a fresh directory under /tmp, as bench/peers/victoria.sh does; stopped
// (SIGTERM, then waited for) and its directory deleted by the destructor.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.hpp"

namespace mw::bench {

class VictoriaPeer {
 public:
  // Starts `binary` and waits (up to 60 s) until /health answers.
  static Result<std::unique_ptr<VictoriaPeer>> start(const std::string& binary);
  ~VictoriaPeer();
  VictoriaPeer(const VictoriaPeer&) = delete;
  VictoriaPeer& operator=(const VictoriaPeer&) = delete;

  std::uint16_t port() const { return port_; }
  // Makes every imported sample searchable and persistent (/internal/force_flush).
  Status flush();
  // Bytes under the storage directory.
  std::uint64_t disk_bytes() const;

 private:
  VictoriaPeer() = default;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string dir_;
};

}  // namespace mw::bench
