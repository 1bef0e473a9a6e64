#pragma once
// Who is calling and what they may see (architecture.md §6 "Access"). A supervisor's scope
// is a region-code prefix of GB/T 2260 (the first digits of a mine code): "" the nation,
// "14" Shanxi, "1404" one city; a mine user's scope is one whole mine code.

#include <cstdint>
#include <string>
#include <string_view>

namespace mw::server {

enum class Role : std::uint8_t { kNational, kProvince, kCity, kMine, kViewer };

struct Principal {
  std::int64_t user_id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string scope;  // region prefix, or a mine code for Role::kMine

  // Whether this caller may see `mine` at all (a mine outside scope answers 404, not 403).
  bool can_see(std::string_view mine) const noexcept {
    if (role == Role::kMine) return mine == scope;
    return mine.substr(0, scope.size()) == scope;
  }
  // Viewers read; everyone else may also act (acknowledge, dispose, verify) within scope.
  bool can_act() const noexcept { return role != Role::kViewer; }
};

}  // namespace mw::server
