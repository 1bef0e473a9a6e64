#pragma once
// DemoUploader (`serve --demo N`): uploads a directory of networking files to a server over
// real HTTP PUT, each as its file time passes the clock — what N mines' central stations
// would do. Files whose time has passed go at once (definitions first at the same second),
// the rest as their time comes. Each mine uses its own upload key.
//
// Thread safety: one uploader thread; stats() from any thread.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::server {

struct DemoFile {
  std::string path;
  std::string name;
  std::string mine;
  Time time{};
  bool definition = false;  // CDDY, FZDY, RYQY, RYJZ, RYXX: before real-time files of a second
};

// Every networking file under `dir` (recursively), in upload order.
std::vector<DemoFile> list_demo_files(const std::string& dir);

struct DemoStats {
  std::uint64_t uploaded = 0;  // answered 201
  std::uint64_t rejected = 0;  // answered 4xx (a bug in the demo, or a quarantined file)
  std::uint64_t failed = 0;    // not answered or 5xx (retried)
  std::uint64_t pending = 0;
};

class DemoUploader {
 public:
  // `keys`: mine code → upload key. `clock` outlives the uploader.
  DemoUploader(std::vector<DemoFile> files, std::map<std::string, std::string> keys,
               std::string host, std::uint16_t port, const Clock& clock);
  ~DemoUploader();
  DemoUploader(const DemoUploader&) = delete;
  DemoUploader& operator=(const DemoUploader&) = delete;

  void start();
  void stop();
  DemoStats stats() const;

 private:
  void run(std::stop_token stop);

  std::vector<DemoFile> files_;
  std::map<std::string, std::string> keys_;
  std::string host_;
  std::uint16_t port_;
  const Clock& clock_;
  std::atomic<std::uint64_t> uploaded_{0}, rejected_{0}, failed_{0}, next_{0};
  std::jthread thread_;
};

}  // namespace mw::server
