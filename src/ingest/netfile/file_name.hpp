#pragma once
// File names: `<mine code>_<TYPE>_<yyyyMMddHHmmss>.txt` (netfile.md §1).

#include <string>
#include <string_view>

#include "base/status.hpp"
#include "base/time.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::netfile {

struct FileName {
  std::string_view mine_code;  // views into the name passed in
  std::string_view type_name;  // as written ("NRYSS")
  Time time{};
};

// The base name of a path ("a/b/x.txt" → "x.txt").
std::string_view base_name(std::string_view path) noexcept;

// Parses a base name (not a path). Fails naming what is wrong. Does not check that the
// type exists in a profile.
Result<FileName> parse_file_name(std::string_view name);

// "<mine>_<type name>_<yyyyMMddHHmmss>.txt" for writers.
std::string make_file_name(std::string_view mine_code, std::string_view type_name, Time t);

}  // namespace mw::netfile
