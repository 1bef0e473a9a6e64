#pragma once
// Env: the file operations storage needs, behind a small interface so tests can inject
// faults (style.md §6, after leveldb's Env). Env::posix() is the real file system;
// FaultInjectionEnv wraps any Env with scripted short writes, failing syncs, a full disk and
// simulated power loss.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"

namespace mw {

// A file being written from its end. Not thread-safe: one owner at a time.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends `data`; may buffer it in memory until flush()/sync(). After a failed append,
  // flush or sync, what follows the last successful sync is unspecified: truncate() to it.
  virtual Status append(std::string_view data) = 0;
  // Hands buffered bytes to the operating system (survives a process crash, not power loss).
  virtual Status flush() = 0;
  // flush() and then fdatasync(): after OK the bytes survive power loss.
  virtual Status sync() = 0;
  // Flushes and closes; further calls fail. The destructor closes too, ignoring errors.
  virtual Status close() = 0;
  // Bytes appended so far, buffered ones included.
  virtual std::uint64_t size() const = 0;
  // Drops buffered bytes and cuts the file to `size` bytes, to roll back a failed write.
  virtual Status truncate(std::uint64_t size) = 0;
};

// A file read from its start. Not thread-safe: one owner at a time.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to buf.size() bytes; returns how many, 0 at the end of the file.
  virtual Result<std::size_t> read(std::span<char> buf) = 0;
  virtual Status skip(std::uint64_t n) = 0;
};

// The file system. Implementations are thread-safe: any method may be called from any
// thread at once; the files they return are not (see above).
class Env {
 public:
  virtual ~Env() = default;

  // Creates `path` or empties it if it exists.
  virtual Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) = 0;
  // Opens `path` for appending after its current end, creating it if missing.
  virtual Result<std::unique_ptr<WritableFile>> new_appendable_file(const std::string& path) = 0;
  virtual Result<std::unique_ptr<SequentialFile>> new_sequential_file(const std::string& path) = 0;
  virtual Result<std::string> read_file(const std::string& path) = 0;
  // Names of the entries of `dir` (not "." or ".."), sorted.
  virtual Result<std::vector<std::string>> list_dir(const std::string& dir) = 0;
  // Creates `dir`; OK if it already exists as a directory. The parent must exist.
  virtual Status create_dir(const std::string& dir) = 0;
  virtual Status remove_file(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (POSIX rename).
  virtual Status rename_file(const std::string& from, const std::string& to) = 0;
  // Makes creations, removals and renames inside `dir` durable.
  virtual Status sync_dir(const std::string& dir) = 0;
  virtual Result<std::uint64_t> file_size(const std::string& path) = 0;
  virtual bool exists(const std::string& path) = 0;
  // Cuts `path` to `size` bytes and syncs it.
  virtual Status truncate_file(const std::string& path, std::uint64_t size) = 0;

  // The real file system: POSIX file descriptors, O_CLOEXEC, fdatasync. Errors name the
  // path and strerror; ENOSPC is kResourceExhausted "disk full writing <path>".
  static Env& posix();
};

// Wraps another Env and injects faults into it (style.md §6; after leveldb's
// fault_injection_test). Tracks, per file written through it, how many bytes were synced, so
// drop_unsynced_data() can simulate a power loss. Thread-safe: every method takes one mutex;
// the files it returns follow the WritableFile contract.
class FaultInjectionEnv final : public Env {
 public:
  explicit FaultInjectionEnv(Env& base) : base_(base) {}
  ~FaultInjectionEnv() override;

  // --- fault script ---
  // The next append to any file writes only its first `keep_bytes` bytes, then fails.
  void inject_short_write(std::size_t keep_bytes);
  // The next `count` WritableFile::sync / sync_dir calls fail (and sync nothing).
  void fail_syncs(int count);
  // From now on at most `bytes` more bytes can be appended; past that, appends write what
  // fits and fail with kResourceExhausted "disk full writing <path>".
  void set_free_space(std::uint64_t bytes);
  // Space returns: no limit any more.
  void clear_disk_full();
  // While inactive (after a simulated power cut), every write, sync, remove or rename fails.
  void set_active(bool active);
  // Simulates power loss: each file written through this Env is cut back to its last synced
  // size; files created since their directory was last synced are removed.
  Status drop_unsynced_data();

  // --- counters ---
  std::uint64_t sync_calls() const;      // successful WritableFile::sync calls
  std::uint64_t dir_sync_calls() const;  // successful sync_dir calls
  std::uint64_t bytes_appended() const;

  // --- Env ---
  Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> new_appendable_file(const std::string& path) override;
  Result<std::unique_ptr<SequentialFile>> new_sequential_file(const std::string& path) override;
  Result<std::string> read_file(const std::string& path) override;
  Result<std::vector<std::string>> list_dir(const std::string& dir) override;
  Status create_dir(const std::string& dir) override;
  Status remove_file(const std::string& path) override;
  Status rename_file(const std::string& from, const std::string& to) override;
  Status sync_dir(const std::string& dir) override;
  Result<std::uint64_t> file_size(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status truncate_file(const std::string& path, std::uint64_t size) override;

 private:
  class File;
  friend class File;
  struct FileState {
    std::uint64_t synced_size = 0;
    bool dir_synced = false;  // its directory entry is durable
  };
  // Decides how much of an append of `n` bytes to `path` may be written; sets `fault`.
  std::size_t admit_append(const std::string& path, std::size_t n, Status& fault);
  Status before_sync(const std::string& path);
  void after_sync(const std::string& path, std::uint64_t size);

  Env& base_;
  mutable std::mutex mu_;
  std::map<std::string, FileState> files_;
  std::optional<std::size_t> short_write_;
  int failing_syncs_ = 0;
  std::optional<std::uint64_t> free_space_;
  bool active_ = true;
  std::uint64_t sync_calls_ = 0;
  std::uint64_t dir_sync_calls_ = 0;
  std::uint64_t bytes_appended_ = 0;
};

// "dir/name", without doubling a trailing slash.
std::string join_path(std::string_view dir, std::string_view name);
// The directory part of `path` ("." when there is none).
std::string parent_dir(std::string_view path);

}  // namespace mw
