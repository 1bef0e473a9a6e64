#pragma once
// Test helpers for MineRules: a FindingSink that records, a mine, areas and people as a mine
// writes them, and snapshots built from headcounts.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "rules/finding_recorder.hpp"
#include "rules/mine_rules.hpp"
#include "rules/rule_pack.hpp"

namespace mw::rules::mine_testing {

using Recorder = testing::RecordingSink;

inline constexpr const char* kMineCode = "140421000111";

// 2026-11-29 China local time hh:mm:ss plus `day` days.
inline Time local(int hour, int minute, int second = 0, int day = 0) {
  return china_civil_time(2026, 11, 29, 0, 0, 0).value() +
         Seconds{((day * 24 + hour) * 60 + minute) * 60 + second};
}

// Card n: mine code + 5 digits (model/codes.hpp).
inline std::string card(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%05d", n);
  return std::string(kMineCode) + buf;
}
// Area n: mine code + 4 digits.
inline std::string area_code(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return std::string(kMineCode) + buf;
}

inline Mine mine(MineStatus status = MineStatus::kProducing) {
  Mine m;
  m.code = kMineCode;
  m.name = "测试煤矿";
  m.status = status;
  return m;
}

inline Area area(int n, std::uint32_t approved, AreaType type = AreaType::kKey) {
  return Area{area_code(n), type, approved, "区域" + std::to_string(n)};
}

// Card n underground in area `area_n` since `entry`.
inline Presence underground(int n, int area_n, Time entry, bool leader = false) {
  Presence p;
  p.card = card(n);
  p.name = "工人" + std::to_string(n);
  p.flag = UndergroundFlag::kUnderground;
  p.entry_time = entry;
  p.area = area_code(area_n);
  p.area_entry_time = entry;
  p.station = p.area + "000001";
  p.station_entry_time = entry;
  p.labour_organisation = "三八制";
  p.leader = leader;
  return p;
}

// Cards first .. first + count - 1, underground in area `area_n`.
inline std::vector<Presence> crowd(int first, int count, int area_n, Time entry) {
  std::vector<Presence> out;
  for (int i = 0; i < count; ++i) out.push_back(underground(first + i, area_n, entry));
  return out;
}

}  // namespace mw::rules::mine_testing
