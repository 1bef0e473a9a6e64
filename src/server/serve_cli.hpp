#pragma once
// `minewatch serve` (contracts.md "Running the server"): flags over the TOML config, the
// server until SIGINT/SIGTERM (then a graceful stop), and `--demo N`.

#include <functional>
#include <string>
#include <string_view>

#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::server {

struct ServeArgs {
  std::string config;    // TOML file; empty: defaults
  std::string data_dir;  // overrides the config's
  std::string listen;    // overrides the config's
  int demo = -1;         // overrides the config's when ≥ 0
  std::string web_dir;   // the built web UI (web/dist); overrides the config's
  double demo_hours = 24;
};

using Output = std::function<void(std::string_view)>;
// Writes `mines` simulated mines' networking files starting at `start` into `dir` (with its
// mines.csv). main() passes the simulator here, so the server does not depend on sim.
using DemoSimulator =
    std::function<Status(const std::string& dir, int mines, double hours, Time start)>;

// Exit status: 0 after a clean stop, 1 when the server could not start or stopped with an
// error, 2 for unusable arguments.
int run_serve(const ServeArgs& args, const DemoSimulator& simulate, const Output& out,
              const Output& err);

}  // namespace mw::server
