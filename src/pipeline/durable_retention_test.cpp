// DurablePipeline::apply_retention: raw samples, rollups and the dedup rows go at their
// ages, nothing younger goes, and a file re-sent after its dedup row went changes nothing.
#include <gtest/gtest.h>

#include <memory>

#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"
#include "pipeline/durable_test_fixture.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::pipeline {
namespace {

using testing::stream_file;
using testing::test_mine;
using testing::test_start;

constexpr std::size_t kFiles = 48;  // one CDSS every 10 min: 8 h

class DurableRetentionTest : public testing::DurableFixture {
 protected:
  std::unique_ptr<DurablePipeline> open() {
    DurableOptions o;
    o.rule_history = Seconds{600};
    o.raw_retention = Seconds{2 * 86400};
    o.rollup_retention = Seconds{4 * 86400};
    o.file_retention = Seconds{3 * 86400};
    return open_with(std::move(o));
  }
  // Samples of point 1 over the stream's first 8 h: raw (span ≤ 6 h each) and rollups.
  std::size_t raw_samples(DurablePipeline& p) {
    std::size_t n = 0;
    for (const Time from : {test_start(), test_start() + tsdb::kRawSpanLimit}) {
      auto r = p.series(testing::kTestMine, point_, from, from + tsdb::kRawSpanLimit);
      EXPECT_TRUE(r.ok()) << r.status().to_string();
      if (r.ok()) n += r->samples.size();
    }
    return n;
  }
  std::size_t rollups(DurablePipeline& p) {
    auto r = p.series(testing::kTestMine, point_, test_start(), test_start() + Seconds{86400});
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->rollups.size() : 0;
  }
  // Moves the clock (and the pipeline) to `t` after the stream's start.
  void at(DurablePipeline& p, Seconds t) {
    clock_.set(test_start() + t);
    p.advance();
  }

  const std::string point_ = std::string(testing::kTestMine) + "MN0001";
};

TEST_F(DurableRetentionTest, EachStoreLetsGoAtItsAgeAndAResentFileChangesNothing) {
  auto p = open();
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({test_mine()}).ok());
  for (std::size_t i = 0; i <= kFiles; ++i) {
    EXPECT_EQ(send_file(*p, stream_file(testing::kTestMine, i * 20)).kind,
              IngestOutcome::Kind::kApplied);
  }
  ASSERT_TRUE(p->checkpoint().ok());  // every head sealed and stored
  const std::size_t raw = raw_samples(*p);
  const std::size_t rolled = rollups(*p);
  ASSERT_EQ(raw, kFiles);  // file 0 is the CDDY
  ASSERT_GT(rolled, 0U);
  const testing::TestFile old = stream_file(testing::kTestMine, 20);
  EXPECT_EQ(p->ingest(old.name, old.bytes)->kind, IngestOutcome::Kind::kDuplicate);

  // A day on, nothing is old enough.
  at(*p, Seconds{86400});
  auto r = p->apply_retention();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->series_rows + r->file_rows, 0);
  EXPECT_EQ(raw_samples(*p), raw);

  // Past raw retention: the samples go, the rollups stay, the dedup rows stay.
  at(*p, Seconds{2 * 86400 + 9 * 3600});
  r = p->apply_retention();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_GT(r->series_rows, 0);
  EXPECT_EQ(r->file_rows, 0);
  EXPECT_EQ(raw_samples(*p), 0U);
  EXPECT_EQ(rollups(*p), rolled);
  EXPECT_EQ(p->ingest(old.name, old.bytes)->kind, IngestOutcome::Kind::kDuplicate);
  // A second pass finds nothing more (its range starts at the last cut).
  r = p->apply_retention();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->series_rows, 0);

  // Past the dedup retention: the file rows go; the old file sent again is applied as stale
  // (every point has a newer sample) and stores nothing.
  at(*p, Seconds{3 * 86400 + 9 * 3600});
  r = p->apply_retention();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->file_rows, static_cast<std::int64_t>(kFiles + 1));
  auto again = p->ingest(old.name, old.bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, IngestOutcome::Kind::kStale);
  EXPECT_EQ(again->samples, 0U);

  // Past rollup retention: the rollups go too.
  at(*p, Seconds{4 * 86400 + 9 * 3600});
  r = p->apply_retention();
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_GT(r->series_rows, 0);
  EXPECT_EQ(rollups(*p), 0U);
  EXPECT_TRUE(p->close().ok());
}

}  // namespace
}  // namespace mw::pipeline
