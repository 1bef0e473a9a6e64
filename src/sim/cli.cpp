#include "sim/cli.hpp"

#include <fmt/format.h>

#include "base/time.hpp"
#include "sim/score.hpp"
#include "sim/writer.hpp"

namespace mw::sim {

int run_simulate(const SimulateArgs& args, Env& env, const Output& out, const Output& err) {
  SimulateOptions options;
  options.mines = args.mines;
  options.hours = args.hours;
  options.seed = args.seed;
  options.profile = args.profile;
  options.incident_rate = args.incidents;
  if (!args.start.empty()) {
    auto t = parse_china_time(args.start);
    if (!t) t = parse_iso8601(args.start);
    if (!t) {
      err(
          fmt::format("simulate: --start '{}' is neither 'yyyy-MM-dd HH:mm:ss' (China time) nor "
                      "ISO 8601 with an offset\n",
                      args.start));
      return 2;
    }
    options.start = *t;
  }
  if (args.mines < 1 || args.hours <= 0 || args.incidents < 0) {
    err("simulate: --mines must be ≥ 1, --hours > 0 and --incidents ≥ 0\n");
    return 2;
  }
  if (Status s = env.create_dir(args.out); !s.ok()) {
    err(fmt::format("simulate: cannot create {}: {}\n", args.out, s.message()));
    return 2;
  }
  DirSink sink(env, args.out);
  auto stats = simulate(options, sink);
  if (!stats.ok()) {
    err(fmt::format("simulate: {}\n", stats.status().message()));
    return stats.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  out(
      fmt::format("simulate: {} mines, {} h from {}: {} files, {} bytes, {} samples, {} presence "
                  "records in {}\n",
                  args.mines, args.hours, format_china_time(options.start), stats->files,
                  stats->bytes, stats->samples, stats->presence, args.out));
  return 0;
}

int run_score(const ScoreArgs& args, Env& env, const Output& out, const Output& err) {
  auto load = [&](const std::string& path) -> Result<std::vector<AlarmKey>> {
    auto text = env.read_file(path);
    if (!text.ok()) return text.status();
    return parse_alarm_lines(*text, path);
  };
  auto truth = load(args.truth);
  if (!truth.ok()) {
    err(fmt::format("score: {}\n", truth.status().message()));
    return 2;
  }
  auto alarms = load(args.alarms);
  if (!alarms.ok()) {
    err(fmt::format("score: {}\n", alarms.status().message()));
    return 2;
  }
  const ScoreReport report = score(*truth, *alarms);
  out(args.json ? format_score_json(report) : format_score_table(report));
  return 0;
}

}  // namespace mw::sim
