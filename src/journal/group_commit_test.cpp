// Group commit: concurrent appenders share fsyncs and every one is durable exactly once.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "journal/journal.hpp"
#include "journal/test_util.hpp"

namespace mw::journal {
namespace {

TEST(GroupCommit, ConcurrentAppendersShareFsyncs) {
  testing::TempDir tmp;
  FaultInjectionEnv fenv(Env::posix());  // counts the real fsyncs
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
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
    EXPECT_EQ(stats.appends, std::uint64_t{kThreads * kPerThread});
    EXPECT_LT(fsyncs, stats.appends) << "no fsync was shared";
    EXPECT_EQ(stats.syncs, fsyncs);
    std::printf("%d appends, %llu fsyncs\n", kThreads * kPerThread,
                static_cast<unsigned long long>(fsyncs));
  }
  // Each thread saw its own sequence numbers rise; all are distinct.
  std::set<std::uint64_t> all;
  for (const auto& v : seqs) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), std::size_t{kThreads * kPerThread});

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
