#include "tsdb/tsdb.hpp"

#include <algorithm>
#include <climits>

namespace mw::tsdb {

namespace {

// Sorts partials by period (usually they are: store, then queue, then heads) and folds those
// of one period together.
void merge_by_period(std::vector<Rollup>& rollups) {
  const auto by_period = [](const Rollup& a, const Rollup& b) { return a.period < b.period; };
  if (!std::is_sorted(rollups.begin(), rollups.end(), by_period)) {
    std::stable_sort(rollups.begin(), rollups.end(), by_period);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rollups.size(); ++i) {
    if (kept > 0 && rollups[kept - 1].period == rollups[i].period) {
      merge_rollup(rollups[kept - 1], rollups[i]);
    } else {
      if (kept != i) rollups[kept] = rollups[i];
      ++kept;
    }
  }
  rollups.resize(kept);
}

}  // namespace

Tsdb::Tsdb(std::unique_ptr<ChunkStore> store, std::unique_ptr<ChunkStore> writer_store,
           TsdbOptions options)
    : options_(std::move(options)),
      store_(std::move(store)),
      writer_store_(std::move(writer_store)),
      head_(options_.head) {}

Tsdb::~Tsdb() {
  {
    std::lock_guard lock(qmu_);
    stop_ = true;
  }
  queued_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Result<std::unique_ptr<Tsdb>> Tsdb::open(const std::filesystem::path& path, TsdbOptions options) {
  const ChunkStoreOptions store_options{.max_chunk_span = options.head.window};
  auto store = ChunkStore::open(path, store_options);
  if (!store.ok()) return store.status();
  auto writer_store = ChunkStore::open(path, store_options);
  if (!writer_store.ok()) return writer_store.status();
  auto series = (*store)->load_series();
  if (!series.ok()) return series.status();
  auto batch = (*store)->begin_read();
  if (!batch.ok()) return batch.status();
  (*store)->end_read();
  std::unique_ptr<Tsdb> db(new Tsdb(std::move(*store), std::move(*writer_store), options));
  db->next_batch_ = *batch + 1;
  for (const SeriesCode& code : *series) {
    auto id = db->index_.get_or_add(code.mine, code.point);
    if (!id.ok() || *id != db->index_.size() - 1) {
      return Status::corruption("tsdb store: stored series " + code.mine + "/" + code.point +
                                " is invalid or listed twice");
    }
    db->mine_series_[code.mine].push_back(*id);
  }
  db->persisted_series_ = static_cast<SeriesId>(db->index_.size());
  db->floor_.assign(db->index_.size(), kUnchecked);
  db->writer_ = std::thread([raw = db.get()] { raw->write_loop(); });
  return db;
}

Result<SeriesId> Tsdb::series(std::string_view mine, std::string_view point) {
  const std::size_t before = index_.size();
  auto id = index_.get_or_add(mine, point);
  if (!id.ok()) return id.status();
  if (index_.size() != before) mine_series_[std::string(mine)].push_back(*id);
  return *id;
}

Result<AppendOutcome> Tsdb::append(std::string_view mine, std::string_view point,
                                   const SeriesSample& sample) {
  auto id = series(mine, point);
  if (!id.ok()) return id.status();
  return append(*id, sample);
}

Result<AppendOutcome> Tsdb::append(SeriesId id, const SeriesSample& sample) {
  if (id >= index_.size()) {
    return Status::invalid_argument("tsdb series id " + std::to_string(id) +
                                    " was not given by this store");
  }
  if (id < floor_.size() && floor_[id] != kNoFloor) {
    std::int64_t& floor = floor_[id];
    if (floor == kUnchecked) {
      auto last = store_->last_time(id);
      if (!last.ok()) return last.status();
      floor = *last ? (*last)->time_since_epoch().count() : kNoFloor;
    }
    if (floor != kNoFloor) {
      // A journal replay after a restart: this sample is already sealed.
      if (sample.time.time_since_epoch().count() <= floor) return AppendOutcome::kDuplicate;
      floor = kNoFloor;
    }
  }
  return head_.append(id, sample);
}

Result<std::int64_t> Tsdb::read_store(bool snapshot, const std::function<Status()>& read) {
  // Nothing queued: the writer has nothing to commit until the owner seals again.
  if (!snapshot) {
    MW_RETURN_IF_ERROR(read());
    return std::int64_t{0};
  }
  auto batch = store_->begin_read();
  if (!batch.ok()) return batch.status();
  const Status s = read();
  store_->end_read();
  MW_RETURN_IF_ERROR(s);
  return *batch;
}

Status Tsdb::flush() {
  head_.seal_all();
  queue_sealed(Time::min());
  return wait_stored();
}

Result<std::vector<PointLatest>> Tsdb::latest_of_mine(std::string_view mine) {
  std::vector<PointLatest> out;
  const auto it = mine_series_.find(std::string(mine));
  if (it == mine_series_.end()) return out;
  out.reserve(it->second.size());
  for (const SeriesId id : it->second) {
    std::optional<SeriesSample> s = head_.latest(id);
    if (!s) {
      auto stored = store_->latest(id);
      if (!stored.ok()) return stored.status();
      s = *stored;
    }
    if (s) out.push_back({std::string(index_.point_of(id)), *s});
  }
  return out;
}

Result<std::vector<SeriesSample>> Tsdb::raw_range(std::string_view mine, std::string_view point,
                                                  Time from, Time to) {
  std::vector<SeriesSample> out;
  const auto id = index_.find(mine, point);
  if (!id || from >= to) return out;
  queue_sealed(Time::min());  // a head sealed by an append is readable from the queue
  const auto queued = queued_batches();
  auto batch = read_store(!queued.empty(), [&] { return store_->read_chunks(*id, from, to, out); });
  if (!batch.ok()) return batch.status();
  read_queued(queued, *batch, *id, from, to, &out, nullptr);
  const std::size_t stored = out.size();
  head_.read(*id, from, to, out);
  if (stored == 0) return out;  // head samples alone are in order and in range
  std::erase_if(out, [&](const SeriesSample& s) { return s.time < from || s.time >= to; });
  // Chunks are sorted and disjoint unless a replay stored a sample twice.
  std::stable_sort(out.begin(), out.end(),
                   [](const SeriesSample& a, const SeriesSample& b) { return a.time < b.time; });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const SeriesSample& a, const SeriesSample& b) { return a.time == b.time; }),
      out.end());
  return out;
}

Result<std::vector<Rollup>> Tsdb::rollup_range(std::string_view mine, std::string_view point,
                                               Time from, Time to) {
  std::vector<Rollup> out;
  const auto id = index_.find(mine, point);
  if (!id || from >= to) return out;
  const Time start = period_of(from);
  queue_sealed(Time::min());
  const auto queued = queued_batches();
  auto batch =
      read_store(!queued.empty(), [&] { return store_->read_rollups(*id, start, to, out); });
  if (!batch.ok()) return batch.status();
  read_queued(queued, *batch, *id, start, to, nullptr, &out);
  std::vector<SeriesSample> recent;
  head_.read(*id, start, to, recent);
  const auto head_rollups = compute_rollups(recent);
  out.insert(out.end(), head_rollups.begin(), head_rollups.end());
  merge_by_period(out);
  std::erase_if(out, [&](const Rollup& r) { return r.period < start || r.period >= to; });
  return out;
}

Result<SpanRange> Tsdb::range_by_span(std::string_view mine, std::string_view point, Time from,
                                      Time to) {
  SpanRange out;
  out.raw = to - from <= kRawSpanLimit;
  if (out.raw) {
    auto raw = raw_range(mine, point, from, to);
    if (!raw.ok()) return raw.status();
    out.samples = std::move(*raw);
  } else {
    auto rolled = rollup_range(mine, point, from, to);
    if (!rolled.ok()) return rolled.status();
    out.rollups = std::move(*rolled);
  }
  return out;
}

std::size_t Tsdb::series_overhead_bytes() const noexcept {
  std::size_t n = index_.memory_bytes() + head_.series_count() * Head::per_series_overhead_bytes() +
                  floor_.capacity() * sizeof(std::int64_t) +
                  mine_series_.bucket_count() * sizeof(void*);
  // A map node: the key and value, plus the next pointer and the cached hash.
  constexpr std::size_t kNode =
      sizeof(std::string) + sizeof(std::vector<SeriesId>) + sizeof(void*) + sizeof(std::size_t);
  for (const auto& [mine, ids] : mine_series_) {
    n += kNode + (mine.capacity() > 15 ? mine.capacity() + 1 : 0) +
         ids.capacity() * sizeof(SeriesId);
  }
  return n;
}

Result<std::int64_t> Tsdb::apply_retention(Time now) {
  std::int64_t rows = 0;
  ChunkStore::RetentionStep step;
  do {
    auto r = retention_step(now, step.next);
    if (!r.ok()) return std::move(r).take_status();
    step = *r;
    rows += step.rows;
  } while (!step.done);
  return rows;
}

Result<ChunkStore::RetentionStep> Tsdb::retention_step(Time now, SeriesId from) {
  // Each step takes its own write turn: the writer and the store's transactions get the
  // database between steps, so an upload never waits for a whole pass.
  if (!take_turn()) {
    return Status::unavailable(
        "tsdb retention: no write turn on the database (another writer holds it); try again");
  }
  auto r = store_->retention_step(now - options_.raw_retention, now - options_.rollup_retention,
                                  from, ChunkStore::kRetentionSeriesPerStep);
  give_turn();
  return r;
}

}  // namespace mw::tsdb
