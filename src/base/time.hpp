#pragma once
// Event time. Every instant is UTC seconds (Time); mines write China local time
// (UTC+8, no zone suffix, netfile.md §1), converted here at the edges only.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.hpp"

namespace mw {

using Time = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;

// China Standard Time has had no daylight saving since 1991.
inline constexpr Seconds kChinaOffset{8 * 3600};

// "yyyy-MM-dd HH:mm:ss" China local time → UTC instant. Exactly 19 characters, fields
// range-checked (Feb 30 is refused). No allocation: safe on the decoder's hot path.
std::optional<Time> parse_china_time(std::string_view text) noexcept;
// "yyyyMMddHHmmss" (file names) → UTC instant.
std::optional<Time> parse_china_compact_time(std::string_view text) noexcept;

// UTC instant → "yyyy-MM-dd HH:mm:ss" China local time.
std::string format_china_time(Time t);
void append_china_time(std::string& out, Time t);
// UTC instant → "yyyyMMddHHmmss" China local time.
std::string format_china_compact_time(Time t);
// UTC instant → "2026-09-23T10:13:19+08:00" (ISO 8601 with the China offset).
std::string format_iso8601_china(Time t);
void append_iso8601_china(std::string& out, Time t);
// Parses what format_iso8601_china writes, and any ISO 8601 "yyyy-MM-ddTHH:mm:ss" with
// "Z" or a "+hh:mm"/"-hh:mm" offset.
std::optional<Time> parse_iso8601(std::string_view text) noexcept;

// Builds a UTC instant from China local civil time; nullopt when a field is out of range.
std::optional<Time> china_civil_time(int year, int month, int day, int hour, int minute,
                                     int second) noexcept;

}  // namespace mw
