#pragma once
// Helpers shared by the netfile unit tests (not part of the library).

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::netfile::testing {

inline constexpr std::string_view kMine = "140421000111";
inline constexpr std::string_view kPersonMine = "520203000512";

inline const Profile& profile(std::string_view name) {
  const Profile* p = builtin_profile(name);
  if (p == nullptr) throw std::logic_error("missing built-in profile");  // test bug
  return *p;
}
inline const Profile& national() { return profile("national"); }

// The fixed "now" of these tests: 2026-09-23 10:20:00 China time.
inline DecodeOptions options() { return DecodeOptions{*parse_china_time("2026-09-23 10:20:00")}; }

// "header~r1~r2~||" with the national terminators.
inline std::string body(std::string_view header, std::initializer_list<std::string_view> records) {
  std::string out(header);
  out += '~';
  for (std::string_view r : records) {
    out += r;
    out += '~';
  }
  out += "||";
  return out;
}

inline std::string std_header(std::string_view mine = kMine) {
  return std::string(mine) + ";测试煤矿;2026-09-23 10:13:19";
}

inline DecodedFile decode_national(std::string_view type, std::string_view bytes,
                                   std::string_view mine = kMine) {
  const std::string name = std::string(mine) + "_" + std::string(type) + "_20260923101319.txt";
  return decode(name, bytes, national(), options());
}

inline bool has_diag(const DecodedFile& f, DiagCode code) {
  return std::any_of(f.diagnostics.begin(), f.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.code == code; });
}

inline const Diagnostic* find_diag(const DecodedFile& f, DiagCode code) {
  for (const Diagnostic& d : f.diagnostics) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

}  // namespace mw::netfile::testing
