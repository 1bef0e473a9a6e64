#pragma once
// `minewatch replay` (contracts.md): every networking file under a directory, in order of
// the time in its name (definition files before real-time files of the same second), through
// the Pipeline on event time — the clock is the newest data time seen, never the wall clock
// — so the same input gives byte-identical output.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/env.hpp"
#include "base/status.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "pipeline/evaluator.hpp"
#include "pipeline/pipeline.hpp"
#include "rules/rule_pack.hpp"

namespace mw::pipeline {

// One networking file found under the replay directory.
struct ReplayFile {
  std::string path;         // as read (the directory joined with `relative`)
  std::string relative;     // below the directory, '/'-separated: what output lines name
  Time time = Time::min();  // from the file name; min when the name does not parse
  bool definition = false;  // CDDY, FZDY, RYQY, RYJZ, RYXX, personnel parameters
};

// Files named *.txt (any case) under `dir`, recursively, in replay order: name time, then
// definitions first, then the relative path. Other files (mines.csv, expected.jsonl) are
// not networking files and are left alone. Fails when `dir` is not a readable directory.
Result<std::vector<ReplayFile>> list_replay_files(const std::string& dir,
                                                  const netfile::Profile& profile);

// Ingests one file read from the replay directory: the reason it was quarantined ("" when
// used), or an error that ends the replay (the durable path's journal or store failing).
using ReplayIngest =
    std::function<Result<std::string>(const ReplayFile& file, std::string_view bytes)>;

// The file walk `replay` and `replay --data-dir` share (docs/replay.md "The clock"): before
// each file, `advance_to` the newest time two mines have reached when it moved; `clock` (the
// decoder's now) follows the newest name time; then the file is read and handed to `ingest`,
// and a last `advance_to` after the input. Unreadable and quarantined files get a
// {"file":…,"reason":…} line in `quarantine_jsonl`. Returns the number of unreadable files.
Result<std::uint64_t> walk_replay_files(std::span<const ReplayFile> files, ManualClock& clock,
                                        Env& env, const std::function<void(Time)>& advance_to,
                                        const ReplayIngest& ingest, std::string& quarantine_jsonl);

struct ReplayResult {
  std::vector<Alarm> alarms;     // in replay order (start, mine, kind name, subject)
  std::string quarantine_jsonl;  // {"file":…,"reason":…} lines, in file order
  PipelineStats stats;           // unreadable files count as read and quarantined
  // At the end of the input (for the rule-state budgets).
  std::size_t rule_state_bytes = 0;
  std::size_t points = 0;
  std::size_t people = 0;
};

struct ReplaySetup {
  const RulePack* pack = nullptr;
  const netfile::Profile* profile = nullptr;
  EvaluatorFactory factory;
  std::size_t shards = 1;
};

// Replays `dir` for the mines of `registry`.
Result<ReplayResult> replay_directory(const std::string& dir, std::vector<Mine> registry,
                                      const ReplaySetup& setup, Env& env);

// One append_alarm_json line per alarm, each ending in '\n'.
std::string format_alarms_jsonl(std::span<const Alarm> alarms);
// The summary replay prints: files read / quarantined / stale, records, samples, the rule
// state held at the end, and the alarms by kind (kinds in registry order, only those
// raised), one "name: value" per line.
std::string format_replay_summary(const ReplayResult& result);

struct ReplayArgs {
  std::string dir;
  std::string registry;        // mines.csv
  std::string alarms_out;      // alarms.jsonl
  std::string quarantine_out;  // optional
  std::string rules;           // optional rule pack TOML; default rules/coal.toml (built in)
  std::string profile = "national";
  // --data-dir: also store everything there as serve would (durable_replay.hpp); "" none.
  std::string data_dir{};
};

// The command: 0 when the input was processed, whatever it held; 2 for unusable arguments
// (registry, rule pack, profile, unreadable directory, unwritable outputs), each named on
// `err`. The summary goes to `out`.
int run_replay(const ReplayArgs& args, Env& env, const EvaluatorFactory& factory,
               const std::function<void(std::string_view)>& out,
               const std::function<void(std::string_view)>& err);

}  // namespace mw::pipeline
