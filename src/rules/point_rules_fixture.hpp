#pragma once
// Test helpers for PointRules: a FindingSink that records, point definitions as a mine
// writes them, and a driver that feeds samples minute by minute.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/point.hpp"
#include "model/sample.hpp"
#include "rules/finding_recorder.hpp"
#include "rules/point_rules.hpp"
#include "rules/rule_pack.hpp"

namespace mw::rules::testing {

// Heap allocations of the whole test process so far (alloc_hook_test.cpp).
std::uint64_t allocations() noexcept;

inline Decimal dec(std::string_view s) { return parse_decimal(s).value(); }

// 2026-11-29 08:00:00 China time, plus minutes and seconds.
inline Time at(int minutes, int seconds = 0) {
  return china_civil_time(2026, 11, 29, 8, 0, 0).value() + Seconds{minutes * 60 + seconds};
}

inline constexpr const char* kMine = "140421000111";
inline constexpr const char* kCh4 = "140421000111MN0001";
inline constexpr const char* kCo = "140421000111MN0002";
inline constexpr const char* kFeed = "140421000111KG0003";
inline constexpr const char* kBreaker = "140421000111KG0004";

// A compliant coal-face methane sensor cutting the feed kFeed.
inline PointDef methane_def(std::string location = "1201采煤工作面", const char* alarm = "1.00",
                            const char* cut = "1.50", const char* restore = "1.00",
                            bool relation = true) {
  PointDef p;
  p.code = kCh4;
  p.sensor_type = 1;
  p.unit = "%CH4";
  p.location = std::move(location);
  if (alarm != nullptr) p.thresholds.high_alarm = dec(alarm);
  if (cut != nullptr) p.thresholds.high_cut = dec(cut);
  if (restore != nullptr) p.thresholds.high_restore = dec(restore);
  if (relation) p.relations.push_back({RelationKind::kPowerCut, kCh4, "断电", kFeed});
  p.time = at(-60);
  return p;
}

inline PointDef co_def(const char* alarm = "24") {
  PointDef p;
  p.code = kCo;
  p.sensor_type = 4;
  p.unit = "ppm";
  p.location = "1201回风巷";
  if (alarm != nullptr) p.thresholds.high_alarm = dec(alarm);
  p.time = at(-60);
  return p;
}

inline PointDef switch_def(const char* code, std::uint16_t type) {
  PointDef p;
  p.code = code;
  p.sensor_type = type;
  p.value_kind = ValueKind::kSwitch;
  p.location = "1201工作面配电点";
  p.time = at(-60);
  return p;
}

inline Mine test_mine() {
  Mine m;
  m.code = kMine;
  return m;
}

// A PointRules over the default pack with the usual four points defined.
struct Harness {
  explicit Harness(std::vector<PointDef> defs = {methane_def(), co_def(), switch_def(kFeed, 1011),
                                                 switch_def(kBreaker, 1009)})
      : mine(test_mine()), rules(default_rule_pack(), mine, sink) {
    rules.on_point_defs(defs, at(-60));
  }

  void sample(const char* point, Time t, const char* value, std::uint16_t status = 0) {
    rules.on_sample(point, Sample{t, dec(value), status});
  }
  // One sample a minute at minutes [from, to] (inclusive), then a file end each time.
  void minutes(const char* point, int from, int to, const char* value, std::uint16_t status = 0) {
    for (int m = from; m <= to; ++m) {
      sample(point, at(m), value, status);
      rules.on_realtime_file_end(at(m));
    }
  }

  Mine mine;
  RecordingSink sink;
  PointRules rules;
};

}  // namespace mw::rules::testing
