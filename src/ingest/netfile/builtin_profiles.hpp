#pragma once
// The text of profiles/*.toml, compiled in by src/ingest/CMakeLists.txt (a generated
// source). Use builtin_profile() in profile.hpp rather than this.

#include <span>
#include <string_view>

namespace mw::netfile {

struct BuiltinProfileText {
  std::string_view file;  // "profiles/national.toml"
  std::string_view toml;
};

std::span<const BuiltinProfileText> builtin_profile_texts() noexcept;

}  // namespace mw::netfile
