#pragma once
// Operator routes of the national administrators (docs/api.md, docs/accounts.md):
//
//   POST /api/v1/admin/mines   body: mines.csv (contracts.md) → 200 {"mines","new","updated"}
//
// The same format, defaults and checks as `minewatch mine import`; every bad row answers 422
// with its line ({"error", "errors":[{"line","message"}]}) and nothing is imported; a body
// past kMaxMinesCsvBytes answers 413. National users only: 401 anonymous, 403 any other role.
// Each import leaves a "mine.import" record in the hash-chained audit log.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "model/mine_registry.hpp"
#include "server/api_routes.hpp"

namespace mw::server {

// 4 MiB: a registry of ~25,000 mines at ~150 bytes a row (China has ~4,400 coal mines).
inline constexpr std::size_t kMaxMinesCsvBytes = 4u << 20;

struct RegistryRowError {
  std::size_t line = 0;  // 1-based line of mines.csv where the row starts
  std::string message;   // "mines.csv line 7, column gas_grade: …"
};

// Every bad row of `csv` (at most `max_errors`), each with its line; empty when
// parse_mine_registry(csv, defaults) succeeds.
std::vector<RegistryRowError> registry_errors(std::string_view csv, const MineDefaults& defaults,
                                              std::size_t max_errors = 100);

namespace api {
void add_admin_routes(Router& router, ApiDeps& deps);
}  // namespace api

// The routes of this file (documented in openapi.json, checked by api_admin_test.cpp).
std::span<const RouteSpec> admin_route_specs() noexcept;

}  // namespace mw::server
