#include "pipeline/replay.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>
#include <tuple>

#include "base/clock.hpp"
#include "base/json.hpp"
#include "ingest/netfile/file_name.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/durable_replay.hpp"

namespace mw::pipeline {
namespace {

namespace fs = std::filesystem;

bool is_txt(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(c | 0x20); });
  return ext == ".txt";
}

bool is_definition(netfile::FileType t) {
  using netfile::FileType;
  return t == FileType::kCddy || t == FileType::kFzdy || t == FileType::kRyqy ||
         t == FileType::kRyjz || t == FileType::kRyxx || t == FileType::kPersonnelParams;
}

void append_quarantine(std::string& out, std::string_view file, std::string_view reason) {
  JsonWriter w(out);
  w.begin_object().key("file").value(file).key("reason").value(reason).end_object();
  out.push_back('\n');
}

Status write_file(Env& env, const std::string& path, std::string_view data) {
  auto f = env.new_writable_file(path);
  if (!f.ok()) return f.status();
  MW_RETURN_IF_ERROR((*f)->append(data));
  return (*f)->close();
}

}  // namespace

Result<std::vector<ReplayFile>> list_replay_files(const std::string& dir,
                                                  const netfile::Profile& profile) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::invalid_argument("replay: " + dir + " is not a readable directory");
  }
  std::vector<ReplayFile> files;
  fs::recursive_directory_iterator it(dir, ec);
  if (ec) return Status::io_error("replay: cannot read " + dir + ": " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) return Status::io_error("replay: cannot read " + dir + ": " + ec.message());
    if (!it->is_regular_file(ec) || !is_txt(it->path())) continue;
    ReplayFile f;
    f.path = it->path().string();
    f.relative = it->path().lexically_relative(dir).generic_string();
    const std::string name = it->path().filename().string();
    if (const auto parsed = netfile::parse_file_name(name); parsed.ok()) {
      f.time = parsed->time;
      const netfile::TypeSpec* spec = profile.find_type(parsed->type_name);
      f.definition = spec != nullptr && is_definition(spec->kind);
    }
    files.push_back(std::move(f));
  }
  if (ec) return Status::io_error("replay: cannot read " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(), [](const ReplayFile& a, const ReplayFile& b) {
    return std::tuple(a.time, !a.definition, std::string_view(a.relative)) <
           std::tuple(b.time, !b.definition, std::string_view(b.relative));
  });
  return files;
}

Result<std::uint64_t> walk_replay_files(std::span<const ReplayFile> files, ManualClock& clock,
                                        Env& env, const std::function<void(Time)>& advance_to,
                                        const ReplayIngest& ingest, std::string& quarantine_jsonl) {
  std::uint64_t unreadable = 0;
  bool started = false;
  QuorumClock event_clock;  // docs/replay.md "The clock": no single mine pulls it ahead
  Time advanced = Time::min();
  for (const ReplayFile& f : files) {
    // Event time: timers up to the newest time two mines have reached (this file's included)
    // fire before the file is applied, as they would have while waiting for it.
    if (const auto name = netfile::parse_file_name(netfile::base_name(f.relative)); name.ok()) {
      event_clock.observe(name->mine_code, name->time);
    }
    if (event_clock.started() && event_clock.now() > advanced) {
      advanced = event_clock.now();
      advance_to(advanced);
    }
    // The decoder's future check is against the newest name time (the file's own at most).
    if (f.time != Time::min() && (!started || f.time > clock.now())) {
      clock.set(f.time);
      started = true;
    }
    auto bytes = env.read_file(f.path);
    if (!bytes.ok()) {
      ++unreadable;
      append_quarantine(quarantine_jsonl, f.relative, "cannot read: " + bytes.status().message());
      continue;
    }
    auto reason = ingest(f, *bytes);
    if (!reason.ok()) return std::move(reason).take_status();
    if (!reason->empty()) append_quarantine(quarantine_jsonl, f.relative, *reason);
  }
  if (event_clock.started()) advance_to(event_clock.now());
  return unreadable;
}

Result<ReplayResult> replay_directory(const std::string& dir, std::vector<Mine> registry,
                                      const ReplaySetup& setup, Env& env) {
  auto files = list_replay_files(dir, *setup.profile);
  if (!files.ok()) return std::move(files).take_status();
  ManualClock clock(Time{});
  Pipeline pipeline(std::move(registry), *setup.pack, *setup.profile, clock, setup.factory,
                    Pipeline::Options{setup.shards, nullptr});
  ReplayResult result;
  auto unreadable = walk_replay_files(
      *files, clock, env, [&](Time t) { pipeline.advance_to(t); },
      [&](const ReplayFile& f, std::string_view bytes) -> Result<std::string> {
        const FileResult r = pipeline.ingest(f.relative, bytes);
        return r.outcome == FileResult::Outcome::kQuarantined ? r.reason : std::string();
      },
      result.quarantine_jsonl);
  if (!unreadable.ok()) return std::move(unreadable).take_status();
  result.alarms = pipeline.alarms();
  result.stats = pipeline.stats();
  result.rule_state_bytes = pipeline.rule_state_bytes();
  result.points = pipeline.point_count();
  result.people = pipeline.person_count();
  result.stats.files_read += *unreadable;
  result.stats.files_quarantined += *unreadable;
  return result;
}

std::string format_alarms_jsonl(std::span<const Alarm> alarms) {
  std::string out;
  for (const Alarm& a : alarms) {
    append_alarm_json(out, a);
    out.push_back('\n');
  }
  return out;
}

std::string format_replay_summary(const ReplayResult& result) {
  const PipelineStats& s = result.stats;
  const std::vector<Alarm>& alarms = result.alarms;
  std::map<AlarmKind, std::uint64_t> by_kind;
  for (const Alarm& a : alarms) ++by_kind[a.kind];
  std::string out;
  const auto line = [&](std::string_view name, std::uint64_t v) {
    out.append(name).append(": ").append(std::to_string(v)).push_back('\n');
  };
  line("files read", s.files_read);
  line("files quarantined", s.files_quarantined);
  line("files stale", s.files_stale);
  line("records", s.records);
  line("records skipped", s.records_skipped);
  line("samples", s.samples);
  line("points", result.points);
  line("points unclassified", s.unclassified_points);
  line("people", result.people);
  line("rule state bytes", result.rule_state_bytes);
  line("alarms", alarms.size());
  for (const AlarmKind k : all_alarm_kinds()) {
    if (const auto it = by_kind.find(k); it != by_kind.end()) {
      line("alarms " + std::string(alarm_kind_name(k)), it->second);
    }
  }
  return out;
}

int run_replay(const ReplayArgs& args, Env& env, const EvaluatorFactory& factory,
               const std::function<void(std::string_view)>& out,
               const std::function<void(std::string_view)>& err) {
  constexpr int kBadArguments = 2;  // contracts.md: non-zero only for unusable arguments
  const auto fail = [&](const std::string& message) {
    err(message + "\n");
    return kBadArguments;
  };
  const netfile::Profile* profile = netfile::builtin_profile(args.profile);
  if (profile == nullptr) return fail("replay: unknown profile '" + args.profile + "'");
  RulePack custom;
  const RulePack* pack = &default_rule_pack();
  if (!args.rules.empty()) {
    auto loaded = load_rule_pack(args.rules);
    if (!loaded.ok()) return fail("replay: " + loaded.status().message());
    custom = std::move(loaded).value();
    pack = &custom;
  }
  auto csv = env.read_file(args.registry);
  if (!csv.ok()) return fail("replay: cannot read the registry: " + csv.status().message());
  auto mines = parse_mine_registry(*csv, mine_defaults(*pack));  // absent fields: the pack's
  if (!mines.ok()) return fail("replay: " + mines.status().message());

  const ReplaySetup setup{pack, profile, factory, 1};
  auto result =
      args.data_dir.empty()
          ? replay_directory(args.dir, std::move(mines).value(), setup, env)
          : replay_into_data_dir(args.dir, std::move(mines).value(), setup, env, args.data_dir);
  if (!result.ok()) return fail(result.status().message());

  if (Status s = write_file(env, args.alarms_out, format_alarms_jsonl(result->alarms)); !s.ok()) {
    return fail("replay: " + s.message());
  }
  if (!args.quarantine_out.empty()) {
    if (Status s = write_file(env, args.quarantine_out, result->quarantine_jsonl); !s.ok()) {
      return fail("replay: " + s.message());
    }
  }
  out(format_replay_summary(*result));
  return 0;
}

}  // namespace mw::pipeline
