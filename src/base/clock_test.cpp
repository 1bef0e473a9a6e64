#include "base/clock.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace mw {
namespace {

TEST(ManualClock, StartsWhereToldAndMovesOnlyWhenTold) {
  const Time start = *parse_china_time("2026-09-23 10:13:19");
  ManualClock clock(start);
  EXPECT_EQ(clock.now(), start);
  EXPECT_EQ(clock.now(), start);
  clock.advance(Seconds{90});
  EXPECT_EQ(format_china_time(clock.now()), "2026-09-23 10:14:49");
  clock.set(start);
  EXPECT_EQ(clock.now(), start);
}

TEST(ManualClock, DefaultsToTheEpoch) {
  const ManualClock clock;
  EXPECT_EQ(clock.now().time_since_epoch().count(), 0);
}

TEST(ManualClock, ConcurrentAdvancesAreNotLost) {
  ManualClock clock;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.advance(Seconds{1});
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(clock.now().time_since_epoch().count(), 4000);
}

TEST(SystemClock, FollowsTheWallClockInWholeSeconds) {
  const auto before = std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  const Time now = SystemClock::instance().now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
  // Used through the interface, as the pipeline does.
  const Clock& clock = SystemClock::instance();
  EXPECT_GE(clock.now(), now);
}

}  // namespace
}  // namespace mw
