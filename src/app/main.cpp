// minewatch: the command-line entry point. Parses flags and wires modules, nothing else
// (style.md §1).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "base/clock.hpp"
#include "base/env.hpp"
#include "base/time.hpp"
#include "ingest/netfile/inspect.hpp"
#include "pipeline/replay.hpp"
#include "pipeline/rules_evaluator.hpp"
#include "server/admin_cli.hpp"
#include "server/serve_cli.hpp"
#include "sim/cli.hpp"
#include "sim/live_sim.hpp"

namespace {

void write_to(std::FILE* f, std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"minewatch — mine safety monitoring and supervision"};
  app.require_subcommand(1);
  int exit_status = 0;

  auto* version = app.add_subcommand("version", "print the version");
  version->callback([] { std::puts("minewatch 0.1.0"); });

  mw::netfile::InspectArgs inspect_args;
  auto* inspect = app.add_subcommand(
      "inspect", "decode networking files and print their records and diagnostics as JSON lines");
  inspect->add_option("files", inspect_args.files, "networking files (.txt)")->required();
  auto* profile_opt = inspect
                          ->add_option("--profile", inspect_args.profile,
                                       "built-in profile: national, n-variant, legacy-a, "
                                       "legacy-params, crlf-counts")
                          ->capture_default_str();
  inspect->add_option("--profile-file", inspect_args.profile_file, "load a profile TOML")
      ->excludes(profile_opt);
  inspect->callback([&] {
    exit_status = mw::netfile::run_inspect(
        inspect_args, mw::Env::posix(), mw::SystemClock::instance().now(),
        [](std::string_view s) { write_to(stdout, s); },
        [](std::string_view s) { write_to(stderr, s); });
  });

  mw::pipeline::ReplayArgs replay_args;
  auto* replay = app.add_subcommand(
      "replay", "run networking files through detection on event time and write the alarms");
  replay->add_option("dir", replay_args.dir, "directory of networking files (recursive)")
      ->required();
  replay->add_option("--registry", replay_args.registry, "mines.csv")->required();
  replay->add_option("--alarms-out", replay_args.alarms_out, "alarms.jsonl to write")->required();
  replay->add_option("--quarantine-out", replay_args.quarantine_out,
                     "write {\"file\",\"reason\"} lines for unusable files here");
  replay->add_option("--rules", replay_args.rules, "rule pack TOML (default: rules/coal.toml)");
  replay->add_option("--profile", replay_args.profile, "built-in netfile profile")
      ->capture_default_str();
  replay->add_option("--data-dir", replay_args.data_dir,
                     "also store everything (journal, series, catalog, alarms) here, as serve "
                     "would");
  replay->callback([&] {
    exit_status = mw::pipeline::run_replay(
        replay_args, mw::Env::posix(), mw::pipeline::rules_evaluator_factory(),
        [](std::string_view s) { write_to(stdout, s); },
        [](std::string_view s) { write_to(stderr, s); });
  });

  mw::sim::SimulateArgs sim_args;
  auto* simulate = app.add_subcommand(
      "simulate", "write a realistic data set of simulated mines with known incidents");
  simulate->add_option("--mines", sim_args.mines, "number of mines")->required();
  simulate->add_option("--hours", sim_args.hours, "simulated hours")->required();
  simulate->add_option("--seed", sim_args.seed, "random seed (same seed, same bytes)")->required();
  simulate->add_option("--out", sim_args.out, "output directory")->required();
  simulate->add_option("--start", sim_args.start,
                       "start time, 'yyyy-MM-dd HH:mm:ss' China time (default 2026-09-23 "
                       "00:00:00)");
  simulate
      ->add_option("--incidents", sim_args.incidents,
                   "about this many sensor incidents per producing mine-day (0: none)")
      ->capture_default_str();
  simulate->add_option("--profile", sim_args.profile, "netfile profile to write")
      ->capture_default_str();
  simulate->callback([&] {
    exit_status = mw::sim::run_simulate(
        sim_args, mw::Env::posix(), [](std::string_view s) { write_to(stdout, s); },
        [](std::string_view s) { write_to(stderr, s); });
  });

  mw::sim::ScoreArgs score_args;
  auto* score = app.add_subcommand("score", "compare reported alarms with the expected ones");
  score->add_option("--truth", score_args.truth, "truth.jsonl (expected alarms)")->required();
  score->add_option("--alarms", score_args.alarms, "alarms.jsonl (reported alarms)")->required();
  score->add_flag("--json", score_args.json, "print one JSON object instead of a table");
  score->callback([&] {
    exit_status = mw::sim::run_score(
        score_args, mw::Env::posix(), [](std::string_view s) { write_to(stdout, s); },
        [](std::string_view s) { write_to(stderr, s); });
  });

  // serve (docs/serve.md); --demo simulates mines with sim's library and uploads them over HTTP.
  mw::server::ServeArgs serve_args;
  auto* serve = app.add_subcommand("serve", "run the platform: uploads, API, live events");
  serve->add_option("--config", serve_args.config, "TOML configuration (docs/serve.md)");
  serve->add_option("--data-dir", serve_args.data_dir, "data directory (overrides the config)");
  serve->add_option("--listen", serve_args.listen, "host:port (overrides the config)");
  serve->add_option("--demo", serve_args.demo, "simulate N mines uploading in real time");
  serve->add_option("--web-dir", serve_args.web_dir, "serve the built web UI (web/dist) at /");
  serve
      ->add_option("--demo-hours", serve_args.demo_hours,
                   "length of a simulated demo day (then the next begins)")
      ->capture_default_str();
  serve->callback([&] {
    const auto demo_simulator = [](int mines, double hours,
                                   mw::Time start) -> mw::Result<mw::server::DemoSimulation> {
      mw::sim::SimulateOptions o;
      o.mines = mines;
      o.hours = hours;
      o.seed = 1;
      o.start = start;
      o.incident_rate = 2;  // a few alarms per mine-day, so the demo has something to show
      auto sim = mw::sim::LiveSimulation::create(o);
      if (!sim.ok()) return sim.status();
      mw::server::DemoSimulation d;
      d.registry_csv = (*sim)->registry_csv();
      d.source = mw::sim::live_source(std::move(sim).value());
      return d;
    };
    exit_status = mw::server::run_serve(
        serve_args, demo_simulator,
        [](std::string_view s) {
          write_to(stdout, s);
          std::fflush(stdout);  // the URL and login must show at once, even through a pipe
        },
        [](std::string_view s) { write_to(stderr, s); });
  });

  // admin, mine, user, audit (docs/accounts.md).
  mw::server::add_admin_commands(app, exit_status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // contracts.md: 2 for unusable arguments
  }
  return exit_status;
}
