#pragma once
// Journal: the write-ahead log every batch passes through before its sender is acknowledged
// (architecture.md §4). Payloads are opaque bytes with a caller-chosen type tag; the format
// is docs/formats/journal.md.
//
// Thread-safety: all public methods may be called from any number of threads at once.
// append() only frames the record into memory under a short lock; commit() makes it durable.
// Concurrent committers share fsyncs (group commit): the first waiter becomes the leader,
// writes everything appended so far and fsyncs once; the others wait and are woken together.
// The segment file is touched only by the current leader, or by open()/close().

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.hpp"
#include "base/status.hpp"
#include "journal/format.hpp"
#include "journal/record.hpp"

namespace mw::journal {

class SegmentWriter;

struct Options {
  // A segment is closed once a group commit brings it to this size (journal.md §5).
  std::uint64_t segment_bytes = kDefaultSegmentBytes;
};

// What open() found on disk.
struct CorruptRecord {
  std::string segment;  // file name
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  std::string reason;
};

struct RecoveryReport {
  std::size_t segments = 0;    // segment files scanned
  std::uint64_t records = 0;   // valid records found in them
  std::uint64_t last_seq = 0;  // highest valid sequence number (0: none)
  std::uint64_t checkpoint = 0;
  std::uint64_t torn_bytes = 0;  // cut from the end of the last segment (an interrupted write)
  std::string torn_segment;
  std::vector<CorruptRecord> corrupt;  // damaged bytes elsewhere: skipped, never returned
  // One line for the log.
  std::string to_string() const;
};

struct Stats {
  std::uint64_t appends = 0;
  std::uint64_t bytes = 0;          // framed bytes appended
  std::uint64_t syncs = 0;          // successful group fsyncs
  std::uint64_t failed_groups = 0;  // groups whose write or fsync failed
  std::uint64_t segments_created = 0;
};

class Journal {
 public:
  // Opens (creating if needed) the journal in `dir`, whose parent must exist. Recovery scans
  // every segment and verifies every checksum: a torn tail of the last segment is cut off and
  // reported; damage anywhere else is reported as corruption and skipped. Appends then go to
  // a fresh segment.
  static Result<std::unique_ptr<Journal>> open(Env& env, std::string dir, Options options = {});

  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();  // close(), ignoring errors

  // Frames the record in memory and returns its sequence number; not durable until
  // commit(seq) (records stay in memory until some commit, so commit regularly). Fails once
  // an fsync has failed (until reopened) or after close().
  Result<std::uint64_t> append(std::uint16_t type, std::string_view payload);
  // Returns once every record up to `seq` is durable, or with the error that stopped its
  // group: kResourceExhausted when the disk is full (later appends work again once space
  // returns), kIoError for a failed write or fsync. After a failed write the group's bytes
  // are cut off again; after a failed fsync they may or may not be found after a reopen, so a
  // sender that retries may be stored twice (downstream applies a file once, contracts.md).
  Status commit(std::uint64_t seq);
  // append() + commit(): the sender may be acknowledged when this returns OK.
  Result<std::uint64_t> append_durable(std::uint16_t type, std::string_view payload);

  // Durably records that everything up to `seq` (which must be durable) has been applied
  // downstream, then deletes the segments that lie entirely at or before it.
  Status checkpoint(std::uint64_t seq);
  std::uint64_t checkpointed() const;

  // Calls `fn` for every durable record with sequence >= from_seq, in order; stops at and
  // returns the first error `fn` returns. Damaged records are skipped (open() reported them).
  Status replay(std::uint64_t from_seq, const std::function<Status(const Record&)>& fn);

  // Commits what is pending and closes the segment; later calls fail.
  Status close();

  const RecoveryReport& recovery() const { return report_; }
  Stats stats() const;
  std::uint64_t last_durable_seq() const;
  const std::string& dir() const { return dir_; }

 private:
  struct OpenKey {
    explicit OpenKey() = default;
  };

 public:
  // Only open() can call this (it alone can make an OpenKey).
  Journal(Env& env, std::string dir, Options options, OpenKey);

 private:
  struct Segment {
    std::uint64_t first_seq;
    std::string path;
  };
  // A run of sequence numbers whose group write failed, and why.
  struct FailedRange {
    std::uint64_t lo, hi;
    Status status;
  };

  Status recover();
  // Leads one group commit; called and returns with `lock` held.
  void run_group(std::unique_lock<std::mutex>& lock);
  Status status_of(std::uint64_t seq) const;  // for a resolved seq; needs mu_

  Env& env_;
  const std::string dir_;
  const Options options_;
  RecoveryReport report_;  // written only by open()

  mutable std::mutex mu_;
  std::condition_variable cv_;
  // --- guarded by mu_ ---
  std::string pending_;             // framed records not yet handed to a group
  std::string spare_;               // a cleared buffer, kept for its capacity
  std::uint64_t last_seq_ = 0;      // last sequence handed out
  std::uint64_t resolved_seq_ = 0;  // every seq <= this is durable or failed
  std::uint64_t durable_seq_ = 0;   // the last seq of the last successful group
  bool syncing_ = false;            // a leader owns active_
  bool closed_ = false;
  Status sticky_;  // a failed fsync or rollback: nothing more can be made durable
  std::vector<FailedRange> failed_;
  std::vector<Segment> segments_;  // oldest first; back() is active_
  std::uint64_t active_synced_bytes_ = 0;
  std::uint64_t checkpoint_seq_ = 0;
  Stats stats_;
  // --- owned by the leader (syncing_ == true), or by open()/close() ---
  std::unique_ptr<SegmentWriter> active_;

  std::mutex checkpoint_mu_;  // serialises checkpoint() and replay(); taken before mu_
};

}  // namespace mw::journal
