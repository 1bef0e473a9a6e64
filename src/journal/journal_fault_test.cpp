// The journal under injected faults: short writes, failed fsyncs, a full disk, power loss.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "base/temp_dir.hpp"
#include "journal/journal.hpp"

namespace mw::journal {
namespace {

using ::mw::testing::TempDir;

std::vector<std::pair<std::uint64_t, std::string>> replay_all(Journal& j) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  EXPECT_TRUE(j.replay(1, [&](const Record& r) {
                 out.emplace_back(r.seq, std::string(r.payload));
                 return Status{};
               }).ok());
  return out;
}

class JournalFault : public ::testing::Test {
 protected:
  std::unique_ptr<Journal> open(Options o = {}) {
    auto j = Journal::open(fenv_, dir_, o);
    EXPECT_TRUE(j.ok()) << j.status().to_string();
    return j.ok() ? std::move(*j) : nullptr;
  }
  TempDir tmp_;
  std::string dir_ = tmp_.sub("j");
  FaultInjectionEnv fenv_{Env::posix()};
};

TEST_F(JournalFault, ShortWriteFailsThatGroupOnlyAndLeavesNoDebris) {
  std::vector<std::pair<std::uint64_t, std::string>> acked;
  {
    auto j = open();
    auto a = j->append_durable(1, "before");
    ASSERT_TRUE(a.ok());
    acked.emplace_back(*a, "before");
    fenv_.inject_short_write(7);
    auto b = j->append_durable(1, "torn-by-short-write");
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.status().code(), StatusCode::kIoError);
    EXPECT_NE(b.status().message().find("short write"), std::string::npos);
    auto c = j->append_durable(1, "after");
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    acked.emplace_back(*c, "after");
    EXPECT_EQ(j->stats().failed_groups, 1u);
  }
  auto j = open();
  EXPECT_EQ(j->recovery().torn_bytes, 0u);
  EXPECT_TRUE(j->recovery().corrupt.empty()) << j->recovery().to_string();
  EXPECT_EQ(replay_all(*j), acked);
}

TEST_F(JournalFault, FailedFsyncFailsTheWholeGroupAndIsSticky) {
  {
    auto j = open();
    ASSERT_TRUE(j->append_durable(1, "durable").ok());
    const auto s1 = *j->append(1, "a");
    const auto s2 = *j->append(1, "b");
    const auto s3 = *j->append(1, "c");
    fenv_.fail_syncs(1);
    const Status s = j->commit(s3);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("fsync failed"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("injected fsync failure"), std::string::npos);
    // Every member of the group gets the same answer.
    EXPECT_EQ(j->commit(s1), s);
    EXPECT_EQ(j->commit(s2), s);
    // And nothing more is accepted, even though the next fsync would work.
    EXPECT_EQ(j->append(1, "d").status(), s);
    EXPECT_FALSE(j->close().ok());
  }
  // Reopening is the way out; the acknowledged record is there.
  auto j = open();
  EXPECT_TRUE(j->recovery().corrupt.empty());
  const auto recs = replay_all(*j);
  ASSERT_FALSE(recs.empty());
  EXPECT_EQ(recs.front().second, "durable");
  ASSERT_TRUE(j->append_durable(1, "works again").ok());
}

TEST_F(JournalFault, FailedFsyncReachesEveryWaitingThread) {
  auto j = open();
  fenv_.fail_syncs(1000);  // every sync fails from here on
  std::vector<std::thread> threads;
  std::vector<Status> results(6);
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] { results[t] = j->append_durable(1, "x").status(); });
  }
  for (auto& th : threads) th.join();
  for (const auto& s : results) {
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kIoError) << s.to_string();
  }
  EXPECT_EQ(j->stats().syncs, 0u);
  EXPECT_EQ(j->stats().failed_groups, 1u);  // only one fsync was attempted
}

TEST_F(JournalFault, DiskFullRefusesThenResumesLosingNothingAcknowledged) {
  Options o;
  o.segment_bytes = 300;  // rotations also meet the full disk
  std::vector<std::pair<std::uint64_t, std::string>> acked;
  {
    auto j = open(o);
    for (int i = 0; i < 10; ++i) {
      const std::string p = "pre-" + std::to_string(i);
      acked.emplace_back(*j->append_durable(1, p), p);
    }
    fenv_.set_free_space(10);
    for (int i = 0; i < 5; ++i) {
      auto r = j->append_durable(1, "while full " + std::to_string(i));
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
      EXPECT_NE(r.status().message().find("disk full writing " + dir_ + "/"), std::string::npos)
          << r.status().message();
    }
    fenv_.clear_disk_full();
    for (int i = 0; i < 10; ++i) {
      const std::string p = "post-" + std::to_string(i);
      auto r = j->append_durable(1, p);
      ASSERT_TRUE(r.ok()) << r.status().to_string();
      acked.emplace_back(*r, p);
    }
    EXPECT_EQ(replay_all(*j), acked);
  }
  auto j = open(o);
  EXPECT_EQ(j->recovery().torn_bytes, 0u);
  EXPECT_TRUE(j->recovery().corrupt.empty()) << j->recovery().to_string();
  EXPECT_EQ(replay_all(*j), acked);
}

TEST_F(JournalFault, DiskFullDuringRotationKeepsWritingTheOldSegment) {
  Options o;
  o.segment_bytes = 64;
  auto j = open(o);
  ASSERT_TRUE(j->append_durable(1, std::string(80, 'a')).ok());  // reaches the size: rotates
  const auto segments = j->stats().segments_created;
  // Room for the next record but not for a new segment's header after it.
  fenv_.set_free_space(20 + 80 + 10);
  ASSERT_TRUE(j->append_durable(1, std::string(80, 'b')).ok());
  EXPECT_EQ(j->stats().segments_created, segments);  // the rotation failed quietly
  fenv_.clear_disk_full();
  ASSERT_TRUE(j->append_durable(1, "c").ok());
  EXPECT_EQ(j->stats().segments_created, segments + 1);
  j.reset();
  auto again = open(o);
  EXPECT_TRUE(again->recovery().corrupt.empty()) << again->recovery().to_string();
  EXPECT_EQ(replay_all(*again).size(), 3u);
}

TEST_F(JournalFault, PowerLossKeepsEveryAcknowledgedRecord) {
  Options o;
  o.segment_bytes = 256;
  std::vector<std::pair<std::uint64_t, std::string>> acked;
  {
    auto j = open(o);
    for (int i = 0; i < 30; ++i) {
      const std::string p = "acked-" + std::to_string(i);
      acked.emplace_back(*j->append_durable(1, p), p);
    }
    ASSERT_TRUE(j->checkpoint(5).ok());
    // Written but never synced: the power cut takes it.
    fenv_.fail_syncs(1);
    ASSERT_FALSE(j->append_durable(1, "written, sync failed").ok());
    fenv_.set_active(false);  // the power goes
  }
  ASSERT_TRUE(fenv_.drop_unsynced_data().ok());
  fenv_.set_active(true);
  auto j = open(o);
  EXPECT_TRUE(j->recovery().corrupt.empty()) << j->recovery().to_string();
  EXPECT_EQ(j->checkpointed(), 5u);
  const auto recs = replay_all(*j);
  // Everything after the checkpoint that was acknowledged is back, and nothing else.
  std::vector<std::pair<std::uint64_t, std::string>> want;
  for (const auto& r : acked) {
    if (r.first > 5) want.push_back(r);
  }
  std::vector<std::pair<std::uint64_t, std::string>> got;
  for (const auto& r : recs) {
    if (r.first > 5) got.push_back(r);
  }
  EXPECT_EQ(got, want);
}

TEST_F(JournalFault, PowerLossRightAfterCreatingTheJournal) {
  {
    auto j = open();
    ASSERT_TRUE(j->append_durable(1, "one").ok());
    ASSERT_TRUE(j->append(1, "unsynced").ok());
    fenv_.set_active(false);
  }
  ASSERT_TRUE(fenv_.drop_unsynced_data().ok());
  fenv_.set_active(true);
  auto j = open();
  const auto recs = replay_all(*j);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].second, "one");
}

}  // namespace
}  // namespace mw::journal
