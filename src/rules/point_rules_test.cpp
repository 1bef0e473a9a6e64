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

}  // namespace
}  // namespace mw::rules
