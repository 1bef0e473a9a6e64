// PointRules as a whole: the hot path allocates nothing, and its speed.

#include "rules/point_rules.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "rules/point_rules_fixture.hpp"

namespace mw::rules {
namespace {

using testing::at;
using testing::Harness;

// 200 methane, 100 CO and 100 feed points, as a large mine sends them.
std::vector<PointDef> large_mine() {
  std::vector<PointDef> defs;
  for (int i = 0; i < 200; ++i) {
    PointDef d = testing::methane_def(i % 2 == 0 ? "1201采煤工作面" : "1201掘进工作面");
    d.code = "140421000111MN" + std::to_string(1000 + i);
    d.relations[0].point = d.code;
    d.relations[0].target_point = "140421000111KG" + std::to_string(3000 + i / 2);
    defs.push_back(std::move(d));
  }
  for (int i = 0; i < 100; ++i) {
    PointDef d = testing::co_def();
    d.code = "140421000111MN" + std::to_string(2000 + i);
    defs.push_back(std::move(d));
  }
  for (int i = 0; i < 100; ++i) {
    defs.push_back(testing::switch_def("", 1011));
    defs.back().code = "140421000111KG" + std::to_string(3000 + i);
  }
  return defs;
}

TEST(PointRules, QuietSamplesAllocateNothing) {
  const std::vector<PointDef> defs = large_mine();
  Harness h(defs);
  ASSERT_EQ(h.rules.point_count(), 400u);
  const char* methane[] = {"0.12", "0.31", "0.45", "0.08"};
  const char* co[] = {"0", "2", "5", "3"};
  std::vector<Sample> values;  // parsed outside the measured loop
  for (int k = 0; k < 4; ++k) {
    values.push_back(Sample{Time{}, testing::dec(methane[k]), 0});
    values.push_back(Sample{Time{}, testing::dec(co[k]), 0});
    values.push_back(Sample{Time{}, testing::dec("1"), 0});
  }
  const std::uint64_t before = testing::allocations();
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t samples = 0;
  for (int minute = 0; minute < 60; ++minute) {
    const Time t = at(minute);
    for (const PointDef& d : defs) {
      const std::size_t kind = d.sensor_type == 1 ? 0 : d.sensor_type == 4 ? 1 : 2;
      Sample s = values[static_cast<std::size_t>(minute % 4) * 3 + kind];
      s.time = t;
      if (minute == 3) s.status = kStatusCalibrating;  // one short calibration, nothing else
      h.rules.on_sample(d.code, s);
      ++samples;
    }
    h.rules.on_realtime_file_end(t);
    h.rules.advance(t);
  }
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(testing::allocations() - before, 0u);
  EXPECT_TRUE(h.sink.findings.empty()) << alarm_kind_name(h.sink.findings.front().kind);
  const double secs = std::chrono::duration<double>(elapsed).count();
  std::printf("PointRules: %zu samples in %.3f s (%.0f samples/s)\n", samples, secs,
              static_cast<double>(samples) / secs);
}

TEST(PointRules, AllocationCounterSeesAllocations) {
  // The hook is live: without it the test above would pass vacuously.
  const std::uint64_t before = testing::allocations();
  auto* v = new std::vector<int>(100);
  delete v;
  EXPECT_GE(testing::allocations() - before, 2u);
}

// A cached PointRef follows its point through definition changes: a new point sorted before
// it (its dense index moves), its removal, and its return (issue 6 handles).
TEST(PointRules, PointRefFollowsItsPointAcrossDefinitionChanges) {
  Harness h;
  PointRules::PointRef ref;
  const auto code_of = [&](std::uint32_t i) {
    return i == PointRules::kNoPoint ? std::string("none") : std::string(h.rules.point_code(i));
  };
  EXPECT_EQ(code_of(h.rules.on_sample(ref, testing::kCh4, Sample{at(0), testing::dec("0.2"), 0})),
            testing::kCh4);
  const std::uint32_t before = ref.index;
  // A point whose code sorts first: every index after it moves by one.
  PointDef first = testing::switch_def("140421000111AA0001", 1011);
  h.rules.on_point_defs(std::vector<PointDef>{first, testing::methane_def(), testing::co_def(),
                                              testing::switch_def(testing::kFeed, 1011),
                                              testing::switch_def(testing::kBreaker, 1009)},
                        at(1));
  const std::uint32_t moved =
      h.rules.on_sample(ref, testing::kCh4, Sample{at(2), testing::dec("1.2"), 0});
  EXPECT_EQ(code_of(moved), testing::kCh4);
  EXPECT_EQ(moved, before + 1);
  ASSERT_FALSE(h.sink.findings.empty());  // the alarm is the methane point's, not a neighbour's
  EXPECT_EQ(h.sink.findings.back().kind, AlarmKind::kGasAlarm);
  EXPECT_EQ(h.sink.findings.back().subject, testing::kCh4);
  // Gone from the full set: the ref answers "unknown" until the point is defined again.
  h.rules.on_point_defs(std::vector<PointDef>{testing::co_def()}, at(3));
  EXPECT_EQ(h.rules.on_sample(ref, testing::kCh4, Sample{at(4), testing::dec("0.2"), 0}),
            PointRules::kNoPoint);
  h.rules.on_point_defs(std::vector<PointDef>{testing::co_def(), testing::methane_def()}, at(5));
  EXPECT_EQ(code_of(h.rules.on_sample(ref, testing::kCh4, Sample{at(6), testing::dec("0.2"), 0})),
            testing::kCh4);
  // The plain call and the ref give the same index.
  PointRules::PointRef co;
  EXPECT_EQ(h.rules.on_sample(co, testing::kCo, Sample{at(7), testing::dec("1"), 0}),
            h.rules.on_sample(testing::kCo, Sample{at(8), testing::dec("1"), 0}));
}

}  // namespace
}  // namespace mw::rules
