// DurablePipeline with the tsdb's writer thread (issue 6): a checkpoint never trims the
// journal past samples the writer has only queued, so a restart after losing the queue
// replays them; a writer error reaches store_errors.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"
#include "pipeline/durable_test_fixture.hpp"
#include "pipeline/rules_evaluator.hpp"
#include "tsdb/tsdb.hpp"
#include "tsdb/tsdb_testing.hpp"

namespace mw::pipeline {
namespace {

using testing::stream_file;
using testing::test_mine;
using testing::TestFile;
using tsdb::testing::WriterValve;

// One CDSS every 10 min of the test stream: 8 h in 48 files.
constexpr std::size_t kStep = 20;
constexpr std::size_t kFiles = 48;

class DurableTsdbTest : public testing::DurableFixture {
 protected:
  std::unique_ptr<DurablePipeline> open() { return open_keeping(Seconds{600}); }
  void send(DurablePipeline& p, const TestFile& f) {
    EXPECT_EQ(send_file(p, f).kind, IngestOutcome::Kind::kApplied) << f.name;
  }
  void send_stream(DurablePipeline& p) {
    ASSERT_TRUE(p.import_registry({test_mine()}).ok());
    send(p, stream_file(testing::kTestMine, 0));
    for (std::size_t i = 1; i <= kFiles; ++i) send(p, stream_file(testing::kTestMine, i * kStep));
  }
  std::size_t samples_of(DurablePipeline& p) {
    const std::string code = std::string(testing::kTestMine) + "MN0001";
    auto r = p.series(testing::kTestMine, code, testing::test_start(),
                      testing::test_start() + tsdb::kRawSpanLimit);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->samples.size() : 0;
  }
};

TEST_F(DurableTsdbTest, QueuedSamplesOutliveALostQueueThroughTheJournal) {
  {
    WriterValve valve;  // nothing reaches the tsdb tables
    auto p = open();
    ASSERT_NE(p, nullptr);
    send_stream(*p);
    // 14 h after the first file: a checkpoint would trim the first 7 h of journal, whose
    // samples are sealed but only queued.
    clock_.set(testing::test_start() + Seconds{14 * 3600});
    p->advance();
    EXPECT_EQ(samples_of(*p), 35U);  // files 1-35 lie in the first 6 h: read from the queue
    const DurableStats s = p->stats();
    EXPECT_GE(s.journal_lag, kFiles + 1) << "the journal was trimmed past queued samples";
    // The queue is lost as in a crash: every write fails, close gives up.
    valve.fail(true);
    valve.open();
    EXPECT_FALSE(p->close().ok());
  }
  auto p = open();  // the journal replays what the queue held
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(samples_of(*p), 35U);
  ASSERT_TRUE(p->checkpoint().ok());  // waits for the writer, then trims
  EXPECT_LT(p->stats().journal_lag, kFiles + 1);
  EXPECT_TRUE(p->close().ok());
  p = open();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(samples_of(*p), 35U);
}

TEST_F(DurableTsdbTest, AWriterErrorIsAStoreError) {
  WriterValve valve;
  valve.fail(true);
  valve.open();
  auto p = open();
  ASSERT_NE(p, nullptr);
  send_stream(*p);  // crosses the 06:00 UTC window: its heads are sealed and fail to store
  // Later files commit the store after its 20-ms age, which reports the tsdb's state.
  for (std::size_t i = kFiles + 1; i < kFiles + 100 && p->stats().store_errors == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    send(*p, stream_file(testing::kTestMine, i * kStep));
  }
  EXPECT_EQ(p->stats().store_errors, 1U);
  EXPECT_FALSE(p->checkpoint().ok());
}

}  // namespace
}  // namespace mw::pipeline
