#pragma once
// DemoUploader (`serve --demo N`): uploads simulated mines' networking files to a server over
// real HTTP PUT, each as its file time passes the clock — what N mines' central stations
// would do. The files come from a DemoSource a window at a time, a bounded lead ahead of the
// clock, and are held in memory only until sent: the first uploads start at once, and memory
// and disk stay flat however long the demo runs (the whole day written up front took minutes
// and 1.3 GB for 50 mines). Files whose time has passed go at once (definitions first at the
// same second), the rest as their time comes. Each mine uses its own upload key.
//
// Thread safety: one uploader thread (the source is called only there); stats() from any
// thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::server {

struct DemoFile {
  std::string path;  // on disk (list_demo_files); empty when `bytes` holds the file
  std::string name;
  std::string mine;
  Time time{};
  bool definition = false;  // CDDY, FZDY, RYQY, RYJZ, RYXX: before real-time files of a second
  std::string bytes;
};

// Every networking file under `dir` (recursively), in upload order.
std::vector<DemoFile> list_demo_files(const std::string& dir);

// Where a source puts each file: path "<mine>/<file name>" (others, e.g. "mines.csv", are
// ignored by the uploader) and its bytes.
using DemoFileSink = std::function<void(std::string_view path, std::string_view bytes)>;
// Writes every file of events before `until` not written yet. main() wires the simulator
// (sim::LiveSimulation) here, so the server does not depend on sim.
using DemoSource = std::function<Status(Time until, const DemoFileSink& sink)>;

// How far ahead of the clock the source is asked for files: a file is in memory at most this
// long before it is due. Two minutes cover the simulator's upload jitter (seconds) and keep
// 50 mines' pending files to ~10 MB.
inline constexpr Seconds kDemoLead{120};

struct DemoStats {
  std::uint64_t uploaded = 0;  // answered 201
  std::uint64_t rejected = 0;  // answered 4xx (a bug in the demo, or a quarantined file)
  std::uint64_t failed = 0;    // not answered or 5xx (retried)
  std::uint64_t pending = 0;   // simulated, not yet sent
  std::string error;           // the source failed: the demo stopped (empty while it runs)
  // The last clock reading at which every file due was sent (epoch before the first).
  Time caught_up{};
};

class DemoUploader {
 public:
  // `keys`: mine code → upload key. `clock` outlives the uploader. The first call to `source`
  // (from the uploader thread) is for now + lead.
  DemoUploader(DemoSource source, std::map<std::string, std::string> keys, std::string host,
               std::uint16_t port, const Clock& clock, Seconds lead = kDemoLead);
  ~DemoUploader();
  DemoUploader(const DemoUploader&) = delete;
  DemoUploader& operator=(const DemoUploader&) = delete;

  void start();
  void stop();
  DemoStats stats() const;

 private:
  struct Order {  // upload order: time, definitions first, name
    bool operator()(const DemoFile& a, const DemoFile& b) const;
  };
  void run(std::stop_token stop);
  Status fill(Time until);

  DemoSource source_;
  std::map<std::string, std::string> keys_;
  std::string host_;
  std::uint16_t port_;
  const Clock& clock_;
  Seconds lead_;
  std::vector<DemoFile> pending_;  // a min-heap in upload order (uploader thread only)
  std::atomic<std::uint64_t> uploaded_{0}, rejected_{0}, failed_{0}, pending_count_{0};
  std::atomic<Seconds::rep> caught_up_{0};
  mutable std::mutex error_mu_;
  std::string error_;  // guarded by error_mu_
  std::jthread thread_;
};

}  // namespace mw::server
