#pragma once
// DropWatcher: the directory mines' FTP uploads land in (architecture.md §6). A file is taken
// only once complete — inotify IN_CLOSE_WRITE (the writer closed it) or IN_MOVED_TO (renamed
// in, the safe way to publish) — ingested through the same durable path as an HTTP PUT, and
// then moved to done/ (acknowledged) or quarantine/ with `<name>.reason` beside it.
//
// Layout: <dir>/<file> or <dir>/<mine code>/.../<file> (netfile.md §1 FTP layout); a file
// under a mine's folder must name that mine (the FTP account is that mine's credential).
// Names starting with '.' (FTP clients' temporary files) are ignored until renamed.
// A file whose end marker `||` is missing may still be growing: it is left in place and
// retried, and quarantined only once it is older than `settle`. When the store refuses
// (disk full) the file stays and is retried at the next rescan.
//
// Thread safety: one watcher thread; stats() from any thread.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "pipeline/durable_pipeline.hpp"

namespace mw::server {

struct DropOptions {
  std::filesystem::path dir;
  Seconds settle{10 * 60};                      // netfile.md §1: 10 min seen in the field
  std::chrono::milliseconds rescan{30 * 1000};  // retry left-over files this often
};

struct DropStats {
  std::uint64_t files = 0;        // taken (done or quarantined)
  std::uint64_t quarantined = 0;  // of them, moved to quarantine/
  std::uint64_t retries = 0;      // left for later (incomplete, or the store refused)
};

using DropIngest =
    std::function<Result<pipeline::IngestOutcome>(std::string_view name, std::string_view bytes)>;

class DropWatcher {
 public:
  // Creates dir, done/ and quarantine/ if missing, takes what is already there, then watches.
  static Result<std::unique_ptr<DropWatcher>> start(DropOptions options, DropIngest ingest,
                                                    const Clock& clock);
  ~DropWatcher();
  DropWatcher(const DropWatcher&) = delete;
  DropWatcher& operator=(const DropWatcher&) = delete;

  void stop();
  DropStats stats() const;

  struct Impl;

 private:
  explicit DropWatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::server
