#include "tsdb/tsdb.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/temp_dir.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/tsdb_testing.hpp"

namespace mw::tsdb {
namespace {

using ::mw::testing::TempDir;
using testing::brute_raw;
using testing::brute_rollups;
using testing::kT0;
using testing::mine_code;
using testing::point_code;

constexpr std::size_t kPerMine = 13;

// Appends the fleet in time order across series as a shard sees it, sealing every hour.
void ingest(Tsdb& db, const std::vector<SyntheticSeries>& fleet) {
  std::vector<std::size_t> next(fleet.size(), 0);
  Time clock = kT0;
  for (bool more = true; more;) {
    more = false;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const auto& s = fleet[i].samples;
      // One hour of each series per round.
      while (next[i] < s.size() && s[next[i]].time < clock + Seconds{3600}) {
        const auto r = db.append(mine_code(fleet[i].mine), point_code(i), s[next[i]++]);
        ASSERT_TRUE(r.ok());
        ASSERT_EQ(*r, AppendOutcome::kAppended);
      }
      more = more || next[i] < s.size();
    }
    clock += Seconds{3600};
    ASSERT_TRUE(db.seal(clock).ok());
  }
}

class TsdbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fleet_ = make_fleet(3 * kPerMine, kPerMine, kT0, Seconds{2 * 86400}, Seconds{30}, 7);
    auto db = Tsdb::open(path());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  std::filesystem::path path() const { return dir_.file("minewatch.db"); }
  void reopen() {
    db_.reset();
    auto db = Tsdb::open(path());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  // Raw and rollup queries over ranges that cut windows, chunks and periods, for a few series.
  void expect_queries_match() {
    const Seconds ranges[][2] = {{Seconds{0}, Seconds{2 * 86400}},
                                 {Seconds{5 * 3600 + 17}, Seconds{7 * 3600 + 1}},
                                 {Seconds{86400 - 1}, Seconds{86400 + 601}},
                                 {Seconds{47 * 3600}, Seconds{49 * 3600}},
                                 {Seconds{123}, Seconds{124}}};
    for (const std::size_t i : {0U, 4U, 13U, 38U}) {
      const auto& all = fleet_[i].samples;
      for (const auto& r : ranges) {
        const Time from = kT0 + r[0], to = kT0 + r[1];
        const auto raw = db_->raw_range(mine_code(fleet_[i].mine), point_code(i), from, to);
        ASSERT_TRUE(raw.ok()) << raw.status().to_string();
        EXPECT_EQ(*raw, brute_raw(all, from, to)) << "series " << i << " from " << r[0].count();
        const auto rolled = db_->rollup_range(mine_code(fleet_[i].mine), point_code(i), from, to);
        ASSERT_TRUE(rolled.ok()) << rolled.status().to_string();
        EXPECT_EQ(*rolled, brute_rollups(all, from, to)) << "series " << i;
      }
    }
  }

  TempDir dir_;
  std::vector<SyntheticSeries> fleet_;
  std::unique_ptr<Tsdb> db_;
};

TEST_F(TsdbTest, QueriesMatchBruteForceWithHeadsAndStoreMixed) {
  ingest(*db_, fleet_);  // the last window is still in the heads
  expect_queries_match();
  ASSERT_TRUE(db_->flush().ok());
  expect_queries_match();
}

TEST_F(TsdbTest, LatestOfMineComesFromHeadsThenFromTheStoreAfterARestart) {
  ingest(*db_, fleet_);
  const auto check = [&] {
    const auto latest = db_->latest_of_mine(mine_code(1));
    ASSERT_TRUE(latest.ok()) << latest.status().to_string();
    ASSERT_EQ(latest->size(), kPerMine);
    for (std::size_t k = 0; k < kPerMine; ++k) {
      const std::size_t i = kPerMine + k;
      EXPECT_EQ((*latest)[k].point, point_code(i));
      EXPECT_EQ((*latest)[k].sample, fleet_[i].samples.back());
    }
  };
  check();
  ASSERT_TRUE(db_->flush().ok());
  reopen();
  check();
  const auto none = db_->latest_of_mine("999999999");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(TsdbTest, ARestartReopensTheSameSeriesIdsAndData) {
  ingest(*db_, fleet_);
  ASSERT_TRUE(db_->flush().ok());
  const auto id_before = db_->index().find(mine_code(2), point_code(30));
  reopen();
  EXPECT_EQ(db_->index().size(), fleet_.size());
  EXPECT_EQ(db_->index().find(mine_code(2), point_code(30)), id_before);
  expect_queries_match();
  // A new series after the restart gets the next id and is stored with the next seal.
  SeriesSample s{kT0 + Seconds{3 * 86400}, Decimal{5, 1}, 0};
  ASSERT_TRUE(db_->append("140421099", "NEW", s).ok());
  ASSERT_TRUE(db_->flush().ok());
  reopen();
  EXPECT_EQ(db_->index().find("140421099", "NEW"), static_cast<SeriesId>(fleet_.size()));
  const auto back = db_->raw_range("140421099", "NEW", s.time, s.time + Seconds{1});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, std::vector<SeriesSample>{s});
}

TEST_F(TsdbTest, ReplayedSamplesAreNotStoredOrCountedTwice) {
  ingest(*db_, fleet_);
  ASSERT_TRUE(db_->flush().ok());
  reopen();
  // The journal replays the last 2 hours after a crash: samples already sealed arrive again.
  const auto& all = fleet_[0].samples;
  const Time from = kT0 + Seconds{46 * 3600};
  for (const auto& s : all) {
    if (s.time >= from) {
      const auto r = db_->append(mine_code(0), point_code(0), s);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(*r, AppendOutcome::kDuplicate);
    }
  }
  // One sample newer than everything stored is taken.
  const SeriesSample newer{all.back().time + Seconds{30}, Decimal{1, 2}, 0};
  ASSERT_EQ(db_->append(mine_code(0), point_code(0), newer).value(), AppendOutcome::kAppended);
  auto want = all;
  want.push_back(newer);
  const Time end = newer.time + Seconds{1};
  ASSERT_TRUE(db_->flush().ok());
  const auto raw = db_->raw_range(mine_code(0), point_code(0), from - Seconds{3600}, end);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, brute_raw(want, from - Seconds{3600}, end));
  const auto rolled = db_->rollup_range(mine_code(0), point_code(0), from - Seconds{3600}, end);
  ASSERT_TRUE(rolled.ok());
  EXPECT_EQ(*rolled, brute_rollups(want, from - Seconds{3600}, end));
}

TEST_F(TsdbTest, RangeBySpanIsRawUpToSixHoursThenRollups) {
  ingest(*db_, fleet_);
  const Time from = kT0 + Seconds{3600};
  const auto six = db_->range_by_span(mine_code(0), point_code(0), from, from + kRawSpanLimit);
  ASSERT_TRUE(six.ok());
  EXPECT_TRUE(six->raw);
  EXPECT_EQ(six->samples, brute_raw(fleet_[0].samples, from, from + kRawSpanLimit));
  const Time to = from + kRawSpanLimit + Seconds{1};
  const auto more = db_->range_by_span(mine_code(0), point_code(0), from, to);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(more->raw);
  EXPECT_EQ(more->rollups, brute_rollups(fleet_[0].samples, from, to));
}

TEST_F(TsdbTest, RetentionKeepsRollupsLongerThanRawValues) {
  ingest(*db_, fleet_);
  ASSERT_TRUE(db_->flush().ok());
  // 91 days after the first day ends: its raw chunks are past 90 days, the second day's not.
  const Time now = kT0 + Seconds{86400} + Seconds{90 * 86400} + Seconds{1};
  const auto deleted = db_->apply_retention(now);
  ASSERT_TRUE(deleted.ok());
  EXPECT_GT(*deleted, 0);
  const auto& all = fleet_[0].samples;
  const auto raw = db_->raw_range(mine_code(0), point_code(0), kT0, kT0 + Seconds{2 * 86400});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, brute_raw(all, kT0 + Seconds{86400}, kT0 + Seconds{2 * 86400}));
  const auto rolled = db_->rollup_range(mine_code(0), point_code(0), kT0, kT0 + Seconds{2 * 86400});
  ASSERT_TRUE(rolled.ok());
  EXPECT_EQ(*rolled, brute_rollups(all, kT0, kT0 + Seconds{2 * 86400}));
  // Two years on, the rollups go too.
  ASSERT_TRUE(
      db_->apply_retention(kT0 + Seconds{2 * 86400} + Seconds{2 * 366 * 86400} + Seconds{1}).ok());
  const auto gone = db_->rollup_range(mine_code(0), point_code(0), kT0, kT0 + Seconds{2 * 86400});
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->empty());
}

// Issue 5: at most 200 bytes per active series beyond its head samples.
TEST_F(TsdbTest, SeriesOverheadCountsEverySeriesAndStaysInTheBudget) {
  const auto empty = db_->series_overhead_bytes();
  constexpr std::size_t kSeries = 2000;
  for (std::size_t i = 0; i < kSeries; ++i) {
    ASSERT_TRUE(db_->append(mine_code(i / 200), point_code(i), {kT0, Decimal{1, 0}, 0}).ok());
  }
  const double per_series =
      static_cast<double>(db_->series_overhead_bytes() - empty) / static_cast<double>(kSeries);
  EXPECT_GE(per_series, static_cast<double>(Head::per_series_overhead_bytes()));
  EXPECT_LE(per_series, 200.0);
}

TEST_F(TsdbTest, BadCodesAreInvalidArgument) {
  const SeriesSample s{kT0, Decimal{1, 0}, 0};
  EXPECT_EQ(db_->append("", "P", s).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db_->append("140421001", std::string(200, 'x'), s).status().code(),
            StatusCode::kInvalidArgument);
  const auto unknown = db_->raw_range("140421001", "P", kT0, kT0 + Seconds{60});
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
}

// The id path (issue 6): an id from series() appends like the codes would, stays the same
// after a restart, skips samples a restart finds stored, and an id never given is refused.
TEST_F(TsdbTest, AppendByIdMatchesAppendByCodesAcrossARestart) {
  const auto id = db_->series(mine_code(0), point_code(0));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(db_->series(mine_code(0), point_code(0)).value(), *id);  // found, not added again
  const auto other = db_->series(mine_code(1), point_code(1));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *id);
  const SeriesSample a{kT0, Decimal{11, 1}, 0};
  const SeriesSample b{kT0 + Seconds{30}, Decimal{12, 1}, 0};
  ASSERT_EQ(db_->append(*id, a).value(), AppendOutcome::kAppended);
  ASSERT_EQ(db_->append(mine_code(0), point_code(0), b).value(), AppendOutcome::kAppended);
  EXPECT_EQ(db_->append(*id, b).value(), AppendOutcome::kDuplicate);
  ASSERT_TRUE(db_->flush().ok());
  reopen();
  EXPECT_EQ(db_->series(mine_code(0), point_code(0)).value(), *id);
  EXPECT_EQ(db_->append(*id, b).value(), AppendOutcome::kDuplicate);  // stored before
  const SeriesSample c{kT0 + Seconds{60}, Decimal{13, 1}, 0};
  ASSERT_EQ(db_->append(*id, c).value(), AppendOutcome::kAppended);
  const auto raw = db_->raw_range(mine_code(0), point_code(0), kT0, kT0 + Seconds{90});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, (std::vector<SeriesSample>{a, b, c}));
  const auto latest = db_->latest_of_mine(mine_code(0));
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ(latest->front().sample, c);
  EXPECT_EQ(db_->append(static_cast<SeriesId>(db_->index().size()), c).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(db_->series("", "P").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mw::tsdb
