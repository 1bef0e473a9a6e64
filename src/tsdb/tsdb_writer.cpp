// Tsdb's writer: the queue of sealed chunks, the thread that encodes and stores them, and
// the reads of what is still queued (tsdb.hpp says who may call what).
#include <algorithm>
#include <unordered_map>

#include "tsdb/tsdb.hpp"

namespace mw::tsdb {
namespace {

// Chunks per writer transaction (whole mines; a bigger mine goes alone): 512 rows and a few
// blocks insert in a few milliseconds, so the pipeline's BEGIN under its lock never waits
// long for the write turn (issue 6), while a 6-h window of 35k series still takes ~70
// commits, not 35k.
constexpr std::size_t kBatchChunks = 512;
// Longest wait for the write turn before the attempt counts as failed (and is retried).
constexpr std::chrono::milliseconds kTurnPatience{5000};

std::mutex fault_mu;
std::function<Status(WriterStep)>& fault_hook() {
  static std::function<Status(WriterStep)> hook;
  return hook;
}

Status injected_fault(WriterStep step) {
  std::function<Status(WriterStep)> hook;
  {
    std::lock_guard lock(fault_mu);
    hook = fault_hook();
  }
  return hook ? hook(step) : Status{};
}

}  // namespace

void set_write_fault_for_testing(std::function<Status(WriterStep)> fault) {
  std::lock_guard lock(fault_mu);
  fault_hook() = std::move(fault);
}

struct Tsdb::Batch {
  std::int64_t number = 0;  // tsdb_state 'batch' once written
  std::vector<NewSeries> series;
  std::vector<std::vector<StoredChunk>> blocks;  // one per mine; rollups computed on write
  std::size_t chunks = 0;
};

Status Tsdb::seal(Time now) {
  head_.seal_windows_before(now);
  queue_sealed(now);
  std::lock_guard lock(qmu_);
  return writer_error_;
}

void Tsdb::queue_sealed(Time through) {
  std::vector<SealedChunk> sealed = head_.take_sealed();
  std::vector<NewSeries> series;
  for (SeriesId id = persisted_series_; id < index_.size(); ++id) {
    series.push_back({id, std::string(index_.mine_of(id)), std::string(index_.point_of(id))});
  }
  persisted_series_ = static_cast<SeriesId>(index_.size());
  // One zstd block per mine of this seal (chunk.md §7.1): a mine's chunks share their
  // time sections, which the block stores once.
  std::unordered_map<std::string_view, std::size_t> group_of;
  std::vector<std::vector<StoredChunk>> groups;
  for (SealedChunk& c : sealed) {
    const auto [it, added] = group_of.try_emplace(index_.mine_of(c.series), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back({std::move(c), {}});
  }
  std::vector<std::shared_ptr<Batch>> batches;
  for (auto& group : groups) {
    if (batches.empty() ||
        (batches.back()->chunks > 0 && batches.back()->chunks + group.size() > kBatchChunks)) {
      batches.push_back(std::make_shared<Batch>());
    }
    batches.back()->chunks += group.size();
    batches.back()->blocks.push_back(std::move(group));
  }
  if (batches.empty() && !series.empty()) batches.push_back(std::make_shared<Batch>());
  if (!batches.empty()) batches.front()->series = std::move(series);
  for (auto& b : batches) b->number = next_batch_++;
  {
    std::lock_guard lock(qmu_);
    for (auto& b : batches) {
      queued_chunks_ += b->chunks;
      queue_.push_back({std::move(b), std::nullopt});
    }
    if (queue_.empty()) {
      stored_through_ = std::max(stored_through_, through);
    } else {
      std::optional<Time>& last = queue_.back().through;
      last = last ? std::max(*last, through) : through;
    }
  }
  if (!batches.empty()) queued_cv_.notify_one();
}

std::vector<std::shared_ptr<const Tsdb::Batch>> Tsdb::queued_batches() const {
  std::lock_guard lock(qmu_);
  std::vector<std::shared_ptr<const Batch>> out;
  out.reserve(queue_.size());
  for (const Queued& q : queue_) out.push_back(q.batch);
  return out;
}

void Tsdb::read_queued(std::span<const std::shared_ptr<const Batch>> queued, std::int64_t stored,
                       SeriesId id, Time from, Time to, std::vector<SeriesSample>* samples,
                       std::vector<Rollup>* rollups) {
  for (const auto& b : queued) {
    if (b->number <= stored) continue;  // the reader's snapshot holds it
    for (const auto& block : b->blocks) {
      for (const StoredChunk& c : block) {
        if (c.chunk.series != id || c.chunk.last < from || c.chunk.first >= to) continue;
        // Encoded by the head a moment ago: a failure is a bug, and the chunk is skipped
        // rather than the read failed (the writer reports it when it stores the chunk).
        auto decoded = decode_chunk(c.chunk.bytes);
        if (!decoded.ok()) continue;
        if (samples != nullptr) samples->insert(samples->end(), decoded->begin(), decoded->end());
        if (rollups != nullptr) {
          const auto partials = compute_rollups(*decoded);
          rollups->insert(rollups->end(), partials.begin(), partials.end());
        }
      }
    }
  }
}

bool Tsdb::take_turn() {
  return !options_.write_turn.acquire || options_.write_turn.acquire(kTurnPatience);
}

void Tsdb::give_turn() {
  if (options_.write_turn.release) options_.write_turn.release();
}

Status Tsdb::write_batch(const Batch& batch) {
  // Encoding and rollups before the transaction: the write turn is held for inserts only.
  std::vector<PreparedBlock> blocks;
  blocks.reserve(batch.blocks.size());
  for (const auto& chunks : batch.blocks) {
    auto block = ChunkStore::prepare_block(
        chunks, ChunkStoreOptions{.max_chunk_span = options_.head.window});
    if (!block.ok()) return block.status();
    blocks.push_back(std::move(*block));
  }
  MW_RETURN_IF_ERROR(injected_fault(WriterStep::kBeforeWrite));
  if (!take_turn()) {
    return Status::unavailable("tsdb writer: no write turn on the database within " +
                               std::to_string(kTurnPatience.count()) +
                               " ms (another writer holds it)");
  }
  const Status s = writer_store_->write_blocks(batch.series, blocks, batch.number);
  give_turn();
  if (s.ok()) (void)injected_fault(WriterStep::kCommitted);
  return s;
}

void Tsdb::write_loop() {
  std::unique_lock lock(qmu_);
  for (;;) {
    queued_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopped, all stored
    const std::shared_ptr<const Batch> batch = queue_.front().batch;
    lock.unlock();
    const Status s = write_batch(*batch);
    lock.lock();
    if (s.ok()) {
      writer_error_ = Status{};
      if (queue_.front().through) {
        stored_through_ = std::max(stored_through_, *queue_.front().through);
      }
      queued_chunks_ -= batch->chunks;
      queue_.pop_front();
    } else {
      ++failures_;
      writer_error_ = s;
    }
    stored_cv_.notify_all();
    if (!s.ok()) {
      // Stopping: what is left is in the journal, which a restart replays.
      if (stop_) return;
      queued_cv_.wait_for(lock, kWriterRetry, [&] { return stop_; });
    }
  }
}

Status Tsdb::wait_stored() {
  std::unique_lock lock(qmu_);
  const std::uint64_t failures = failures_;
  stored_cv_.wait(lock, [&] { return queue_.empty() || failures_ != failures; });
  return writer_error_;
}

Time Tsdb::stored_through() const {
  std::lock_guard lock(qmu_);
  return stored_through_;
}

std::size_t Tsdb::queued_chunks() const {
  std::lock_guard lock(qmu_);
  return queued_chunks_;
}

}  // namespace mw::tsdb
