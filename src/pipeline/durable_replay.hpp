#pragma once
// `minewatch replay --data-dir` (contracts.md): the replay of replay.hpp — same files, same
// order, same event clock, so the same alarms — through a DurablePipeline, which also stores
// everything (journal, series, catalog, alarms) exactly as `serve` would. Replaying the same
// input into the same directory again stores nothing twice: every file is a duplicate, and
// the rules are rebuilt from the journal (kept whole: rule_history 0), so the alarms printed
// are the same again.

#include <string>
#include <vector>

#include "base/env.hpp"
#include "pipeline/replay.hpp"

namespace mw::pipeline {

Result<ReplayResult> replay_into_data_dir(const std::string& dir, std::vector<Mine> registry,
                                          const ReplaySetup& setup, Env& env,
                                          const std::string& data_dir);

}  // namespace mw::pipeline
