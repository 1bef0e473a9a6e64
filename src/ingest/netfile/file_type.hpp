#pragma once
// The canonical meaning of a networking file (netfile.md §2–3). The names a file carries in
// its name ("CDSS", "NRYSS", "AQSS") belong to the profile; this enum is what they mean.

#include <cstdint>
#include <optional>
#include <string_view>

namespace mw::netfile {

// DO NOT renumber: values may be persisted with decoded batches.
enum class FileType : std::uint8_t {
  kCddy = 0,              // 测点定义 point definitions
  kCdss = 1,              // 测点实时 real-time values
  kTjsj = 2,              // 测点统计 statistics
  kYcbj = 3,              // 测点异常 abnormal / alarm records
  kFzdy = 4,              // 分站定义 outstation definitions
  kFzss = 5,              // 分站实时 outstation status
  kRyqy = 6,              // 区域 areas
  kRyjz = 7,              // 基站 stations
  kRyxx = 8,              // 人员信息 people
  kRyss = 9,              // 人员实时 real-time personnel snapshot
  kJzss = 10,             // 基站实时 station status
  kRycs = 11,             // 人员超时 overtime
  kRyqj = 12,             // 人员求救 SOS
  kRyxz = 13,             // 限制区域 restricted area
  kRycy = 14,             // 超员 over-staffing
  kPersonnelParams = 15,  // legacy-params RYCS: 人员参数 personnel parameters
  kPointSeries = 16,      // drainage, hydrology, ZKSS: generic point series
};
inline constexpr int kFileTypeCount = 17;

// Canonical key as used in profiles' `kind` ("CDSS", "PERSONNEL_PARAMS", "POINT_SERIES").
std::string_view file_type_key(FileType t) noexcept;
std::optional<FileType> file_type_from_key(std::string_view key) noexcept;

}  // namespace mw::netfile
