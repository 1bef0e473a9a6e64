// Journal: append, group commit, rotation, checkpoint, close.

#include <algorithm>
#include <utility>

#include "journal/checkpoint.hpp"
#include "journal/journal.hpp"
#include "journal/segment_writer.hpp"

namespace mw::journal {

Journal::Journal(Env& env, std::string dir, Options options, OpenKey)
    : env_(env), dir_(std::move(dir)), options_(options) {}

Journal::~Journal() { (void)close(); }

Result<std::uint64_t> Journal::append(std::uint16_t type, std::string_view payload) {
  if (payload.size() > kMaxPayloadBytes) {
    return Status::invalid_argument("journal record of " + std::to_string(payload.size()) +
                                    " bytes is over the limit of " +
                                    std::to_string(kMaxPayloadBytes));
  }
  // Compressed outside the lock: concurrent senders compress in parallel.
  thread_local std::string compressed;
  const std::uint16_t flags = compress_payload(payload, compressed);
  const std::string_view stored = flags != 0 ? std::string_view(compressed) : payload;
  std::lock_guard lock(mu_);
  if (closed_) return Status::failed_precondition("journal " + dir_ + " is closed");
  if (!sticky_.ok()) return sticky_;
  const std::uint64_t seq = ++last_seq_;
  const std::size_t before = pending_.size();
  encode_record(pending_, seq, type, stored, flags);
  ++stats_.appends;
  stats_.bytes += pending_.size() - before;
  return seq;
}

Result<std::uint64_t> Journal::append_durable(std::uint16_t type, std::string_view payload) {
  auto seq = append(type, payload);
  if (!seq.ok()) return seq;
  MW_RETURN_IF_ERROR(commit(*seq));
  return seq;
}

Status Journal::status_of(std::uint64_t seq) const {
  // Newest first: a waiter is almost always in the most recent group.
  for (auto it = failed_.rbegin(); it != failed_.rend(); ++it) {
    if (seq >= it->lo && seq <= it->hi) return it->status;
    if (it->hi < seq) break;
  }
  return {};
}

Status Journal::commit(std::uint64_t seq) {
  std::unique_lock lock(mu_);
  if (seq > last_seq_) {
    return Status::invalid_argument("commit of journal sequence " + std::to_string(seq) +
                                    " which was never appended");
  }
  for (;;) {
    if (seq <= resolved_seq_) return status_of(seq);
    if (!sticky_.ok()) return sticky_;
    if (!syncing_) {
      run_group(lock);
      continue;
    }
    cv_.wait(lock);
  }
}

void Journal::run_group(std::unique_lock<std::mutex>& lock) {
  syncing_ = true;
  std::string batch;
  batch.swap(spare_);
  batch.swap(pending_);  // pending_ gets the spare capacity, batch the records
  const std::uint64_t lo = resolved_seq_ + 1;
  const std::uint64_t hi = last_seq_;
  lock.unlock();

  bool sticky = false;
  Status s = active_->append(batch);
  if (!s.ok()) {
    // Nothing of this group was acknowledged: cut the partial write so the segment stays
    // clean and later groups can follow it (this is how a full disk recovers).
    Status rb = active_->rollback();
    if (!rb.ok()) {
      s = Status(rb.code(), "journal cannot undo a failed write (" + s.message() +
                                "): " + rb.message() + "; reopen the journal");
      sticky = true;
    } else {
      s = Status(s.code(),
                 "journal write failed, the batch was not stored (retry later): " + s.message());
    }
  } else {
    s = active_->sync();
    // On Linux a failed fsync may already have dropped the dirty pages and cleared the
    // error, so a retry could "succeed" without the data: never retry, refuse until reopened.
    if (!s.ok()) {
      s = Status(s.code(), "journal fsync failed, refusing appends until reopened: " + s.message());
      sticky = true;
    }
  }
  std::unique_ptr<SegmentWriter> rotated;
  if (s.ok() && active_->size() >= options_.segment_bytes) {
    auto next = SegmentWriter::create(env_, dir_, hi + 1);
    // A failed rotation is harmless: keep appending to the current segment, retry next group.
    if (next.ok()) rotated = std::move(*next);
  }

  lock.lock();
  if (s.ok()) {
    durable_seq_ = hi;
    ++stats_.syncs;
    active_synced_bytes_ = active_->synced_size();
    if (rotated) {
      (void)active_->close();  // already synced; a close error loses nothing
      active_ = std::move(rotated);
      segments_.push_back({active_->first_seq(), active_->path()});
      active_synced_bytes_ = active_->synced_size();
      ++stats_.segments_created;
    }
  } else {
    ++stats_.failed_groups;
    // Consecutive failures with the same cause merge, so a long disk-full spell is one entry.
    if (!failed_.empty() && failed_.back().hi + 1 == lo &&
        failed_.back().status.code() == s.code()) {
      failed_.back().hi = hi;
      failed_.back().status = s;
    } else {
      failed_.push_back({lo, hi, s});
    }
    if (sticky) sticky_ = s;
  }
  resolved_seq_ = hi;
  syncing_ = false;
  batch.clear();
  spare_.swap(batch);
  cv_.notify_all();
}

Status Journal::close() {
  std::unique_lock lock(mu_);
  if (closed_) return {};
  while (syncing_) cv_.wait(lock);
  Status s;
  if (last_seq_ > resolved_seq_ && sticky_.ok()) {
    run_group(lock);
    s = status_of(last_seq_);
  }
  closed_ = true;
  if (!sticky_.ok() && s.ok()) s = sticky_;
  if (active_) {
    Status c = active_->close();
    if (s.ok()) s = c;
  }
  cv_.notify_all();
  return s;
}

Status Journal::checkpoint(std::uint64_t seq) {
  std::lock_guard checkpoint_lock(checkpoint_mu_);
  {
    std::lock_guard lock(mu_);
    if (seq > durable_seq_) {
      return Status::invalid_argument("journal checkpoint " + std::to_string(seq) +
                                      " is past the last durable record " +
                                      std::to_string(durable_seq_));
    }
    if (seq <= checkpoint_seq_) return {};  // checkpoints only move forward
  }
  MW_RETURN_IF_ERROR(write_checkpoint(env_, dir_, seq));
  std::vector<std::string> doomed;
  {
    std::lock_guard lock(mu_);
    checkpoint_seq_ = seq;
    // Segment i holds sequences below segment i+1's first; the active one is never deleted.
    std::size_t keep = 0;
    while (keep + 1 < segments_.size() && segments_[keep + 1].first_seq <= seq + 1) ++keep;
    for (std::size_t i = 0; i < keep; ++i) doomed.push_back(segments_[i].path);
    segments_.erase(segments_.begin(), segments_.begin() + static_cast<std::ptrdiff_t>(keep));
  }
  for (const auto& path : doomed) MW_RETURN_IF_ERROR(env_.remove_file(path));
  if (!doomed.empty()) MW_RETURN_IF_ERROR(env_.sync_dir(dir_));
  return {};
}

std::uint64_t Journal::checkpointed() const {
  std::lock_guard lock(mu_);
  return checkpoint_seq_;
}

Stats Journal::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::uint64_t Journal::last_durable_seq() const {
  std::lock_guard lock(mu_);
  return durable_seq_;
}

}  // namespace mw::journal
