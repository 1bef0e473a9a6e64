#include "pipeline/durable_replay.hpp"

#include "base/clock.hpp"
#include "pipeline/durable_pipeline.hpp"

namespace mw::pipeline {

Result<ReplayResult> replay_into_data_dir(const std::string& dir, std::vector<Mine> registry,
                                          const ReplaySetup& setup, Env& env,
                                          const std::string& data_dir) {
  auto files = list_replay_files(dir, *setup.profile);
  if (!files.ok()) return std::move(files).take_status();
  ManualClock clock(Time{});  // the decoder's now: the newest file name time
  DurableOptions options;
  options.data_dir = data_dir;
  options.shards = setup.shards;
  options.factory = setup.factory;
  options.rule_history = Seconds{0};  // keep the journal whole: a second replay rebuilds all
  auto opened = DurablePipeline::open(std::move(options), *setup.pack, *setup.profile, clock);
  if (!opened.ok()) {
    return Status(opened.status().code(), "replay: " + opened.status().message());
  }
  DurablePipeline& p = **opened;
  MW_RETURN_IF_ERROR(p.import_registry(std::move(registry)));

  ReplayResult result;
  std::uint64_t quarantined = 0;  // never reach the pipeline, so its stats miss them
  auto unreadable = walk_replay_files(
      *files, clock, env, [&](Time t) { p.advance_to(t); },
      [&](const ReplayFile& f, std::string_view bytes) -> Result<std::string> {
        auto r = p.ingest(f.relative, bytes);
        if (!r.ok()) return Status(r.status().code(), "replay: " + r.status().message());
        if (r->kind != IngestOutcome::Kind::kQuarantined) return std::string();
        ++quarantined;
        return r->reason;
      },
      result.quarantine_jsonl);
  if (!unreadable.ok()) return std::move(unreadable).take_status();
  const std::uint64_t not_applied = *unreadable + quarantined;
  auto episodes = p.episodes();
  if (!episodes.ok())
    return Status(episodes.status().code(), "replay: " + episodes.status().message());
  result.alarms = std::move(*episodes);
  p.inspect([&](const Pipeline& pipeline) {
    result.stats = pipeline.stats();  // after a restart: what the journal replay applied
    result.rule_state_bytes = pipeline.rule_state_bytes();
    result.points = pipeline.point_count();
    result.people = pipeline.person_count();
  });
  result.stats.files_read += not_applied;
  result.stats.files_quarantined += not_applied;
  MW_RETURN_IF_ERROR(p.close());
  return result;
}

}  // namespace mw::pipeline
