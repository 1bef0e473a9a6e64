// Group commit: concurrent appenders share fsyncs and every one is durable exactly once.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/temp_dir.hpp"
#include "journal/journal.hpp"

namespace mw::journal {
namespace {

TEST(GroupCommit, ConcurrentAppendersShareFsyncs) {
  ::mw::testing::TempDir tmp;
  FaultInjectionEnv fenv(Env::posix());  // counts the real fsyncs
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  constexpr std::size_t kTotal = std::size_t{kThreads} * kPerThread;
  std::vector<std::vector<std::uint64_t>> seqs(kThreads);
  {
    auto j = Journal::open(fenv, tmp.sub("j"));
    ASSERT_TRUE(j.ok());
    const auto syncs_before = fenv.sync_calls();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const std::string p = std::to_string(t) + ":" + std::to_string(i);
          auto seq = (*j)->append_durable(static_cast<std::uint16_t>(t), p);
          ASSERT_TRUE(seq.ok()) << seq.status().to_string();
          seqs[static_cast<std::size_t>(t)].push_back(*seq);
        }
      });
    }
    for (auto& th : threads) th.join();
    const auto stats = (*j)->stats();
    const auto fsyncs = fenv.sync_calls() - syncs_before;
    EXPECT_EQ(stats.appends, kTotal);
    EXPECT_LT(fsyncs, stats.appends) << "no fsync was shared";
    EXPECT_EQ(stats.syncs, fsyncs);
    std::printf("%zu appends, %llu fsyncs\n", kTotal, static_cast<unsigned long long>(fsyncs));
  }
  // Each thread saw its own sequence numbers rise; all are distinct.
  std::set<std::uint64_t> all;
  for (const auto& v : seqs) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), kTotal);

  auto j = Journal::open(Env::posix(), tmp.sub("j"));
  ASSERT_TRUE(j.ok());
  std::set<std::uint64_t> replayed;
  std::vector<int> next(kThreads, 0);
  ASSERT_TRUE((*j)->replay(1,
                           [&](const Record& r) {
                             replayed.insert(r.seq);
                             // Per thread, records come back in the order that thread wrote them.
                             auto& n = next[r.type];
                             EXPECT_EQ(r.payload, std::to_string(r.type) + ":" + std::to_string(n));
                             ++n;
                             return Status{};
                           })
                  .ok());
  EXPECT_EQ(replayed, all);
}

}  // namespace
}  // namespace mw::journal

namespace mw::journal {
namespace {

// Appenders, a checkpointer and a replayer all at once, with rotation: replay always sees an
// increasing run of intact records, and after the dust settles nothing acknowledged after the
// last checkpoint is missing.
TEST(GroupCommit, AppendCheckpointAndReplayConcurrently) {
  ::mw::testing::TempDir tmp;
  Options o;
  o.segment_bytes = 2048;
  auto opened = Journal::open(Env::posix(), tmp.sub("j"), o);
  ASSERT_TRUE(opened.ok());
  Journal& j = **opened;
  std::atomic<bool> stop{false};
  std::vector<std::thread> appenders;
  std::vector<std::vector<std::uint64_t>> acked(3);
  for (std::size_t t = 0; t < acked.size(); ++t) {
    appenders.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        auto seq = j.append_durable(1, "seq-payload-" + std::to_string(i));
        ASSERT_TRUE(seq.ok()) << seq.status().to_string();
        acked[t].push_back(*seq);
      }
    });
  }
  std::thread checkpointer([&] {
    while (!stop) {
      const auto durable = j.last_durable_seq();
      if (durable > 20) {
        EXPECT_TRUE(j.checkpoint(durable - 20).ok());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  int replays = 0;
  std::thread replayer([&] {
    while (!stop) {
      std::uint64_t prev = 0;
      const std::uint64_t from = j.checkpointed() + 1;
      Status s = j.replay(from, [&](const Record& r) {
        EXPECT_GT(r.seq, prev);
        EXPECT_GE(r.seq, from);
        EXPECT_EQ(r.payload.substr(0, 12), "seq-payload-");
        prev = r.seq;
        return Status{};
      });
      EXPECT_TRUE(s.ok()) << s.to_string();
      ++replays;
    }
  });
  for (auto& th : appenders) th.join();
  stop = true;
  checkpointer.join();
  replayer.join();
  EXPECT_GT(replays, 0);
  std::set<std::uint64_t> present;
  const std::uint64_t cp = j.checkpointed();
  ASSERT_TRUE(j.replay(cp + 1, [&](const Record& r) {
                 present.insert(r.seq);
                 return Status{};
               }).ok());
  for (const auto& v : acked) {
    for (auto seq : v) {
      if (seq > cp) {
        EXPECT_TRUE(present.count(seq)) << seq;
      }
    }
  }
}

}  // namespace
}  // namespace mw::journal
