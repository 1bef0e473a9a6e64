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
#include "tsdb/tsdb_testing.hpp"

namespace mw::tsdb {
namespace {

using ::mw::testing::TempDir;
using testing::brute_rollups;
using testing::kT0;
using testing::mine_code;
using testing::point_code;
using testing::WriterValve;

constexpr std::size_t kPerMine = 7;

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
