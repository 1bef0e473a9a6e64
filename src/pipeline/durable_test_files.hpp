#pragma once
// Test helper (durable pipeline tests, its kill -9 child, its benchmark): a deterministic
// stream of real networking files for a mine — a CDDY first, then a CDSS every 30 s with two
// methane points, one of which goes over its 1.00 %CH4 alarm threshold (gas.alarm) for 5 of
// every 40 files. Header-only.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/time.hpp"
#include "model/mine.hpp"

namespace mw::pipeline::testing {

inline constexpr std::string_view kTestMine = "140421000111";

struct TestFile {
  std::string name;
  std::string bytes;
  Time time{};
};

inline Mine test_mine(std::string_view code = kTestMine) {
  Mine m;
  m.code = std::string(code);
  m.name = "鑫源 " + m.code;
  m.province = m.code.substr(0, 2);
  m.gas_grade = GasGrade::kHigh;
  return m;
}

inline Time test_start() { return *china_civil_time(2026, 9, 23, 10, 0, 0); }

inline std::string test_cddy(std::string_view mine, Time t) {
  const std::string ts = format_china_time(t);
  const std::string m(mine);
  return m + ";鑫源;KJ95X;监控;厂家;2028-06-30;" + ts + "~" + m +
         "MN0001;01;001;0001;MN;%CH4;4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;3105回风隅角;;;;"
         "D-" +
         m + "KG0003-断电器:D-" + m + "KG0004;" + ts + "~||";
}

inline std::string test_cdss(std::string_view mine, Time t, std::string_view v1,
                             std::string_view v2) {
  const std::string ts = format_china_time(t);
  const std::string m(mine);
  return m + ";鑫源;" + ts + "~" + m + "MN0001;环境瓦斯;3105回风隅角;" + std::string(v1) +
         ";%CH4;0;" + ts + "~" + m + "MN0002;环境瓦斯;3105回风巷;" + std::string(v2) + ";%CH4;0;" +
         ts + "~||";
}

// File `i` of the stream of `mine` (0: the CDDY; then a CDSS every 30 s).
inline TestFile stream_file(std::string_view mine, std::size_t i, Time t0 = test_start()) {
  TestFile f;
  f.time = t0 + Seconds{30 * static_cast<std::int64_t>(i)};
  const std::string stamp = format_china_compact_time(f.time);
  if (i == 0) {
    f.name = std::string(mine) + "_CDDY_" + stamp + ".txt";
    f.bytes = test_cddy(mine, f.time);
    return f;
  }
  const bool high = i % 40 >= 10 && i % 40 < 15;
  const std::string v2 = "0." + std::to_string(20 + i % 7);
  f.name = std::string(mine) + "_CDSS_" + stamp + ".txt";
  f.bytes = test_cdss(mine, f.time, high ? "1.20" : "0.30", v2);
  return f;
}

}  // namespace mw::pipeline::testing
