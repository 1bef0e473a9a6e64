#include "pipeline/durable_replay.hpp"

#include "base/clock.hpp"
#include "base/json.hpp"
#include "ingest/netfile/file_name.hpp"
#include "pipeline/durable_pipeline.hpp"

namespace mw::pipeline {
namespace {

void append_quarantine_line(std::string& out, std::string_view file, std::string_view reason) {
  JsonWriter w(out);
  w.begin_object().key("file").value(file).key("reason").value(reason).end_object();
  out.push_back('\n');
}

}  // namespace

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
  std::uint64_t not_applied = 0;  // unreadable or quarantined: the pipeline never saw them
  bool started = false;
  QuorumClock event_clock;  // as replay_directory: docs/replay.md "The clock"
  Time advanced = Time::min();
  for (const ReplayFile& f : *files) {
    if (const auto name = netfile::parse_file_name(netfile::base_name(f.relative)); name.ok()) {
      event_clock.observe(name->mine_code, name->time);
    }
    if (event_clock.started() && event_clock.now() > advanced) {
      advanced = event_clock.now();
      p.advance_to(advanced);
    }
    if (f.time != Time::min() && (!started || f.time > clock.now())) {
      clock.set(f.time);
      started = true;
    }
    auto bytes = env.read_file(f.path);
    if (!bytes.ok()) {
      ++not_applied;
      append_quarantine_line(result.quarantine_jsonl, f.relative,
                             "cannot read: " + bytes.status().message());
      continue;
    }
    auto r = p.ingest(f.relative, *bytes);
    if (!r.ok()) return Status(r.status().code(), "replay: " + r.status().message());
    if (r->kind == IngestOutcome::Kind::kQuarantined) {
      ++not_applied;
      append_quarantine_line(result.quarantine_jsonl, f.relative, r->reason);
    }
  }
  if (event_clock.started()) p.advance_to(event_clock.now());
  result.alarms = p.episodes();
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
