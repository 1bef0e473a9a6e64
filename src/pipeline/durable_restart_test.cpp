// DurablePipeline restarts whose journal no longer reaches back to where an alarm began: the
// checkpoint keeps `rule_history` (at least 7 h) of journal, and an episode may be open for
// longer (a sensor stuck high, a mine offline for days).
#include <gtest/gtest.h>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"
#include "pipeline/durable_test_fixture.hpp"

namespace mw::pipeline {
namespace {

using testing::TestFile;

// File `i` of a stream whose MN0001 stays over its 1.00 %CH4 threshold from file 1 until
// file `high_until` (exclusive): one long gas.alarm episode.
TestFile long_alarm_file(std::size_t i, std::size_t high_until) {
  TestFile f = testing::stream_file(testing::kTestMine, i);
  if (i == 0) return f;
  f.bytes =
      testing::test_cdss(testing::kTestMine, f.time, i < high_until ? "1.20" : "0.30", "0.25");
  return f;
}

class DurableRestartTest : public testing::DurableFixture {
 protected:
  std::unique_ptr<DurablePipeline> open() { return open_keeping(Seconds{3600}); }
  void send(DurablePipeline& p, const TestFile& f) { (void)send_file(p, f); }
};

// File `i` of a stream whose MN0001 is over its threshold for files [from, until).
TestFile high_between(std::size_t i, std::size_t from, std::size_t until) {
  TestFile f = testing::stream_file(testing::kTestMine, i);
  if (i == 0) return f;
  const bool high = i >= from && i < until;
  f.bytes = testing::test_cdss(testing::kTestMine, f.time, high ? "1.20" : "0.30", "0.25");
  return f;
}

TEST_F(DurableRestartTest, APointDefinedBeforeTheKeptJournalStillAlarmsAfterARestart) {
  auto p = open();
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  for (std::size_t i = 0; i < 1000; ++i) send(*p, high_between(i, 0, 0));  // CDDY, then normal
  ASSERT_TRUE(p->checkpoint().ok());
  p.reset();

  p = open();  // the journal kept no longer holds the CDDY (file 0) that set the thresholds
  ASSERT_NE(p, nullptr);
  ASSERT_LT(p->stats().recovered_records, 1000u);
  for (std::size_t i = 1000; i < 1010; ++i) send(*p, high_between(i, 1005, 1008));
  const std::vector<StoredAlarm> alarms = p->alarms({}).value();
  ASSERT_EQ(alarms.size(), 1u) << "no threshold known after the restart";
  EXPECT_EQ(alarms[0].alarm.kind, AlarmKind::kGasAlarm);
  EXPECT_EQ(alarms[0].alarm.start, high_between(1005, 1005, 1008).time);
  ASSERT_TRUE(p->close().ok());
}

TEST_F(DurableRestartTest, AnAlarmOpenLongerThanTheKeptJournalIsStoredOnceAcrossARestart) {
  constexpr std::size_t kHighUntil = 1100;  // 9 h of 30-s files over the threshold
  auto p = open();
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  for (std::size_t i = 0; i < 1000; ++i) send(*p, long_alarm_file(i, kHighUntil));
  ASSERT_TRUE(p->checkpoint().ok());
  const Time started = long_alarm_file(1, kHighUntil).time;
  {
    const std::vector<StoredAlarm> before = p->alarms({}).value();
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].alarm.start, started);
  }
  ASSERT_GT(p->stats().journal_bytes, 0u);
  p.reset();

  p = open();
  ASSERT_NE(p, nullptr);
  // The journal no longer reaches the episode's first file: the restart saw less than all.
  ASSERT_LT(p->stats().recovered_records, 1000u);
  for (std::size_t i = 1000; i < kHighUntil + 20; ++i) send(*p, long_alarm_file(i, kHighUntil));
  const std::vector<StoredAlarm> after = p->alarms({}).value();
  ASSERT_EQ(after.size(), 1u) << "the episode was stored twice";
  EXPECT_EQ(after[0].alarm.start, started);
  ASSERT_TRUE(after[0].alarm.end.has_value()) << "the stored episode never closed";
  EXPECT_EQ(*after[0].alarm.end, long_alarm_file(kHighUntil, kHighUntil).time);
  const std::vector<Alarm> episodes = p->episodes().value();
  ASSERT_EQ(episodes.size(), 1u);
  EXPECT_EQ(episodes[0], after[0].alarm);
  ASSERT_TRUE(p->close().ok());
}

}  // namespace
}  // namespace mw::pipeline
