#pragma once
// `minewatch simulate` and `minewatch score` (contracts.md): argument structs and the
// functions main() calls, so the command line stays flag parsing only (style.md §1).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/env.hpp"

namespace mw::sim {

using Output = std::function<void(std::string_view)>;

struct SimulateArgs {
  int mines = 10;
  double hours = 24;
  std::uint64_t seed = 1;
  std::string out;
  std::string start;  // "yyyy-MM-dd HH:mm:ss" China time, or ISO 8601; empty = default
  double incidents = 0;
  std::string profile = "national";
};
// Exit status: 0 written, 1 a write or encode failed, 2 unusable arguments.
int run_simulate(const SimulateArgs& args, Env& env, const Output& out, const Output& err);

struct ScoreArgs {
  std::string truth;
  std::string alarms;
  bool json = false;
};
// Exit status: 0 scored (whatever the recall), 2 unusable arguments or unreadable files.
int run_score(const ScoreArgs& args, Env& env, const Output& out, const Output& err);

}  // namespace mw::sim
