// The writer thread: reads see queued chunks exactly once, errors surface and nothing queued
// is dropped, stored_through() follows the writer.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "base/temp_dir.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::tsdb {
namespace {

using ::mw::testing::TempDir;

const Time kT0{Seconds{1'790'121'600}};  // a 6 h window boundary
constexpr std::size_t kPerMine = 7;

std::string mine_code(std::size_t mine) { return "1404210" + std::to_string(10 + mine); }
std::string point_code(std::size_t i) { return "MN" + std::to_string(1000 + i); }

// Rollups of `all` in [period_of(from), to) by brute-force grouping (one scale per series).
std::vector<Rollup> brute_rollups(const std::vector<SeriesSample>& all, Time from, Time to) {
  std::map<std::int64_t, std::vector<SeriesSample>> groups;
  for (const auto& s : all) {
    const std::int64_t p = s.time.time_since_epoch().count() / 300 * 300;
    if (Time{Seconds{p}} >= period_of(from) && Time{Seconds{p}} < to) groups[p].push_back(s);
  }
  std::vector<Rollup> out;
  for (const auto& [p, g] : groups) {
    Rollup r{Time{Seconds{p}}, 0,         g[0].value, g[0].value,
             g[0].time,        g[0].time, 0,          g[0].value.scale};
    for (const auto& s : g) {
      ++r.count;
      r.sum += s.value.mantissa;
      if (s.value.compare(r.min) < 0) r.min = s.value, r.min_time = s.time;
      if (s.value.compare(r.max) > 0) r.max = s.value, r.max_time = s.time;
    }
    out.push_back(r);
  }
  return out;
}

// Holds every writer transaction at `step` until released (or fails them while `failing`).
// The hook owns its state: a writer may still be in it when the valve goes.
class WriterValve {
 public:
  explicit WriterValve(WriterStep step = WriterStep::kBeforeWrite) {
    set_write_fault_for_testing([state = state_, step](WriterStep at) -> Status {
      if (at != step) return {};
      state->released.wait();
      if (state->failing) return Status::io_error("injected: disk on fire");
      return {};
    });
  }
  ~WriterValve() {
    open();
    set_write_fault_for_testing({});
  }
  void open() {
    if (!state_->opened.exchange(true)) state_->promise.set_value();
  }
  void fail(bool on) { state_->failing = on; }

 private:
  struct State {
    std::promise<void> promise;
    std::shared_future<void> released = promise.get_future().share();
    std::atomic<bool> opened{false};
    std::atomic<bool> failing{false};
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

class TsdbWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fleet_ = make_fleet(3 * kPerMine, kPerMine, kT0, Seconds{86400}, Seconds{30}, 11);
    reopen();
  }
  void reopen() {
    db_.reset();
    auto db = Tsdb::open(dir_.file("minewatch.db"));
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  // Appends every series up to `until` (exclusive), from where the last call stopped.
  void append_until(Time until) {
    next_.resize(fleet_.size(), 0);
    for (std::size_t i = 0; i < fleet_.size(); ++i) {
      const auto& s = fleet_[i].samples;
      while (next_[i] < s.size() && s[next_[i]].time < until) {
        ASSERT_EQ(db_->append(mine_code(fleet_[i].mine), point_code(i), s[next_[i]++]).value(),
                  AppendOutcome::kAppended);
      }
    }
  }
  // Raw and rollup answers over the whole day equal the samples appended so far.
  void expect_exactly_once(std::size_t i) {
    const std::vector<SeriesSample> want(
        fleet_[i].samples.begin(),
        fleet_[i].samples.begin() + static_cast<std::ptrdiff_t>(next_[i]));
    const Time from = kT0, to = kT0 + Seconds{86400};
    const auto raw = db_->raw_range(mine_code(fleet_[i].mine), point_code(i), from, to);
    ASSERT_TRUE(raw.ok()) << raw.status().to_string();
    EXPECT_EQ(*raw, want) << "series " << i;
    const auto rolled = db_->rollup_range(mine_code(fleet_[i].mine), point_code(i), from, to);
    ASSERT_TRUE(rolled.ok()) << rolled.status().to_string();
    EXPECT_EQ(*rolled, brute_rollups(want, from, to)) << "series " << i;
  }
  std::size_t stored_samples(std::size_t i) {
    const auto id = db_->index().find(mine_code(fleet_[i].mine), point_code(i));
    if (!id) return 0;
    std::vector<SeriesSample> out;
    EXPECT_TRUE(db_->store().read_chunks(*id, kT0, kT0 + Seconds{86400}, out).ok());
    return out.size();
  }

  TempDir dir_;
  std::vector<SyntheticSeries> fleet_;
  std::vector<std::size_t> next_;
  std::unique_ptr<Tsdb> db_;
};

TEST_F(TsdbWriterTest, ReadsSeeQueuedChunksBeforeTheyAreStored) {
  WriterValve valve;  // the writer waits before its first transaction
  append_until(kT0 + Seconds{13 * 3600});
  ASSERT_TRUE(db_->seal(kT0 + Seconds{12 * 3600}).ok());
  EXPECT_GT(db_->queued_chunks(), 0U);
  EXPECT_EQ(stored_samples(0), 0U);  // only in the queue (and the heads)
  EXPECT_LT(db_->stored_through(), kT0 + Seconds{12 * 3600});
  for (const std::size_t i : {0U, 8U, 20U}) expect_exactly_once(i);
  valve.open();
  ASSERT_TRUE(db_->wait_stored().ok());
  EXPECT_EQ(db_->queued_chunks(), 0U);
  EXPECT_GT(stored_samples(0), 0U);
  EXPECT_EQ(db_->stored_through(), kT0 + Seconds{12 * 3600});
  for (const std::size_t i : {0U, 8U, 20U}) expect_exactly_once(i);
}

TEST_F(TsdbWriterTest, AChunkCommittedButStillQueuedIsReadOnce) {
  WriterValve valve(WriterStep::kCommitted);  // the writer stops between COMMIT and dequeue
  append_until(kT0 + Seconds{7 * 3600});
  ASSERT_TRUE(db_->seal(kT0 + Seconds{6 * 3600}).ok());
  for (int i = 0; i < 500 && stored_samples(0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(stored_samples(0), 0U);     // in the store ...
  EXPECT_GT(db_->queued_chunks(), 0U);  // ... and still in the queue
  for (std::size_t i = 0; i < kPerMine; ++i) expect_exactly_once(i);
  valve.open();
  ASSERT_TRUE(db_->wait_stored().ok());
}

TEST_F(TsdbWriterTest, ReadsWhileTheWriterStoresCountEverySampleOnce) {
  // Seal every 20 min of data time and read at once, while the writer commits behind.
  for (Time t = kT0 + Seconds{1200}; t <= kT0 + Seconds{86400}; t += Seconds{1200}) {
    append_until(t);
    ASSERT_TRUE(db_->seal(t).ok());
    expect_exactly_once(static_cast<std::size_t>((t - kT0).count() / 1200) % fleet_.size());
  }
  ASSERT_TRUE(db_->flush().ok());
  for (std::size_t i = 0; i < fleet_.size(); i += 5) expect_exactly_once(i);
}

TEST_F(TsdbWriterTest, AWriterErrorIsReportedAndTheChunksStayUntilStored) {
  WriterValve valve;
  valve.fail(true);
  valve.open();
  append_until(kT0 + Seconds{7 * 3600});
  ASSERT_TRUE(db_->seal(kT0 + Seconds{6 * 3600}).ok());  // queued; nothing failed yet
  const Status failed = db_->wait_stored();
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_NE(failed.message().find("disk on fire"), std::string::npos);
  EXPECT_GT(db_->queued_chunks(), 0U);
  expect_exactly_once(3);  // still readable from the queue
  valve.fail(false);       // the next retry succeeds
  ASSERT_TRUE(db_->wait_stored().ok());
  EXPECT_EQ(db_->queued_chunks(), 0U);
  reopen();  // after a restart the sealed windows come from the store alone
  const Time end = kT0 + Seconds{6 * 3600};
  std::vector<SeriesSample> want;
  for (const auto& s : fleet_[3].samples) {
    if (s.time < end) want.push_back(s);
  }
  const auto back = db_->raw_range(mine_code(fleet_[3].mine), point_code(3), kT0, end);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, want);
  EXPECT_EQ(stored_samples(3), want.size());
}

TEST_F(TsdbWriterTest, ClosingStoresWhatIsQueued) {
  append_until(kT0 + Seconds{13 * 3600});
  ASSERT_TRUE(db_->seal(kT0 + Seconds{12 * 3600}).ok());
  reopen();  // no flush, no wait: the destructor lets the writer finish
  const auto raw =
      db_->raw_range(mine_code(fleet_[5].mine), point_code(5), kT0, kT0 + Seconds{12 * 3600});
  ASSERT_TRUE(raw.ok());
  std::vector<SeriesSample> want;
  for (const auto& s : fleet_[5].samples) {
    if (s.time < kT0 + Seconds{12 * 3600}) want.push_back(s);
  }
  EXPECT_EQ(*raw, want);
}

TEST_F(TsdbWriterTest, StoredThroughMovesAtOnceWhenNothingIsQueued) {
  EXPECT_EQ(db_->stored_through(), Time::min());
  ASSERT_TRUE(db_->seal(kT0).ok());
  EXPECT_EQ(db_->stored_through(), kT0);
  ASSERT_TRUE(db_->seal(Time::min()).ok());  // an earlier seal does not move it back
  EXPECT_EQ(db_->stored_through(), kT0);
}

}  // namespace
}  // namespace mw::tsdb
