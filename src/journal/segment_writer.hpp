#pragma once
// SegmentWriter: the one segment file being appended to (docs/formats/journal.md §2, §5).
// Not thread-safe: owned by whichever thread leads the current group commit.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/env.hpp"
#include "base/status.hpp"

namespace mw::journal {

class SegmentWriter {
 public:
  // Creates `dir`/<first_seq>.wal (replacing an empty leftover of that name), writes and
  // syncs its header, and syncs the directory so the file survives a power loss.
  static Result<std::unique_ptr<SegmentWriter>> create(Env& env, const std::string& dir,
                                                       std::uint64_t first_seq);
  // Use create(); this only adopts an already opened file.
  SegmentWriter(std::string path, std::uint64_t first_seq, std::unique_ptr<WritableFile> file)
      : path_(std::move(path)), first_seq_(first_seq), file_(std::move(file)) {}

  // Appends framed records (not yet durable).
  Status append(std::string_view records) { return file_->append(records); }
  // Makes everything appended durable.
  Status sync();
  // Cuts the file back to its last synced size, undoing appends whose write failed.
  Status rollback();
  Status close() { return file_->close(); }

  std::uint64_t first_seq() const { return first_seq_; }
  const std::string& path() const { return path_; }
  std::uint64_t size() const { return file_->size(); }
  std::uint64_t synced_size() const { return synced_size_; }

 private:
  std::string path_;
  std::uint64_t first_seq_;
  std::unique_ptr<WritableFile> file_;
  std::uint64_t synced_size_ = 0;
};

}  // namespace mw::journal
