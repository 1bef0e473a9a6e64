#pragma once
// `minewatch serve` (contracts.md "Running the server"): flags over the TOML config, the
// server until SIGINT/SIGTERM (then a graceful stop), and `--demo N`.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "server/demo_uploader.hpp"

namespace mw::server {

struct ServeArgs {
  std::string config;      // TOML file; empty: defaults
  std::string data_dir;    // overrides the config's
  std::string listen;      // overrides the config's
  int demo = -1;           // overrides the config's when ≥ 0
  std::string web_dir;     // the built web UI (web/dist); overrides the config's
  double demo_hours = 24;  // one simulated day; the demo goes on with the next
};

using Output = std::function<void(std::string_view)>;
// The demo's simulated mines: their mines.csv and their files, written a window at a time.
struct DemoSimulation {
  std::string registry_csv;
  DemoSource source;
};
// `mines` simulated mines from `start`, each simulated day `hours` long (then the next).
// main() passes the simulator here, so the server does not depend on sim.
using DemoSimulator = std::function<Result<DemoSimulation>(int mines, double hours, Time start)>;

class Server;

// The running demo: its uploader and the `admin` login's password.
struct Demo {
  std::unique_ptr<DemoUploader> uploader;
  std::string password;
};
// Starts the demo mines on `server` (simulated as their time comes, from 10 min before
// clock.now()), registers them, mints their upload keys and the `admin` demo user (its
// password kept 0600 in <data>/demo-admin-password). Nothing slow happens here: the login
// works at once and the uploads start at once. The server's /healthz and /metrics report the
// demo; `options` (retries, where failures are logged) go to its DemoUploader.
Result<Demo> start_demo(Server& server, int mines, double hours, const DemoSimulator& simulate,
                        const Clock& clock, const Output& out, DemoOptions options = {});

// Exit status: 0 after a clean stop, 1 when the server could not start or stopped with an
// error, 2 for unusable arguments.
int run_serve(const ServeArgs& args, const DemoSimulator& simulate, const Output& out,
              const Output& err);

}  // namespace mw::server
