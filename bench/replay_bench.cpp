// End-to-end detection: a simulated day of ≥ 50 mines (sim::simulate, kept in memory), then
// decode + catalog + rules + alarms exactly as `minewatch replay` runs them — same file order,
// same event clock — without storage and without reading files. Counters (docs/replay.md
// "Speed"): samples/s per core (CPU time, one thread; target ≥ 1 M), files, samples, alarms,
// rule state bytes per point, and recall / precision of the alarms against the simulator's
// truth (sim::score, contracts.md `minewatch score`).
//
// MW_REPLAY_BENCH_MINES / MW_REPLAY_BENCH_HOURS override the size (default 50 × 24 h);
// MW_REPLAY_BENCH_DUMP=<dir> also writes alarms.jsonl and truth.jsonl there.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "base/clock.hpp"
#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/alarm.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/replay.hpp"
#include "pipeline/rules_evaluator.hpp"
#include "rules/rule_pack.hpp"
#include "sim/score.hpp"
#include "sim/writer.hpp"

namespace mw {
namespace {

constexpr std::uint64_t kSeed = 7;          // docs/replay.md measured seed 7 too
constexpr double kIncidentsPerMineDay = 2;  // as the docs' 50-mine day

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && std::atoi(v) > 0 ? std::atoi(v) : fallback;
}

// One simulated file, its bytes in the data set's arena.
struct File {
  std::string path;  // "<mine>/<name>", as replay names it below the directory
  std::size_t offset = 0, size = 0;
  Time time = Time::min();
  bool definition = false;
  std::string mine;
};

// The simulator's output, in memory.
class MemorySink final : public sim::FileSink {
 public:
  Status write(std::string_view path, std::string_view bytes) override {
    if (path == "mines.csv") {
      mines_csv.assign(bytes);
    } else if (path == "truth.jsonl") {
      truth.assign(bytes);
    } else {
      File f;
      f.path = std::string(path);
      f.offset = arena.size();
      f.size = bytes.size();
      files.push_back(std::move(f));
      arena.append(bytes);
    }
    return {};
  }
  std::string arena, mines_csv, truth;
  std::vector<File> files;
};

struct DataSet {
  MemorySink sink;
  std::vector<Mine> mines;
  std::uint64_t cdss_records = 0;
};

bool is_definition(netfile::FileType t) {
  using netfile::FileType;
  return t == FileType::kCddy || t == FileType::kFzdy || t == FileType::kRyqy ||
         t == FileType::kRyjz || t == FileType::kRyxx || t == FileType::kPersonnelParams;
}

DataSet simulate_day() {
  DataSet d;
  {
    sim::SimulateOptions o;
    o.mines = env_int("MW_REPLAY_BENCH_MINES", 50);
    o.hours = env_int("MW_REPLAY_BENCH_HOURS", 24);
    o.seed = kSeed;
    o.incident_rate = kIncidentsPerMineDay;
    auto stats = sim::simulate(o, d.sink);
    if (!stats.ok()) throw std::runtime_error("simulate: " + stats.status().message());
    d.cdss_records = stats->samples;
    const RulePack& pack = default_rule_pack();
    auto mines = parse_mine_registry(d.sink.mines_csv, mine_defaults(pack));
    if (!mines.ok()) throw std::runtime_error("mines.csv: " + mines.status().message());
    d.mines = std::move(mines).value();
    // Replay order (docs/replay.md): name time, definitions first, then the path.
    const netfile::Profile& profile = *netfile::builtin_profile("national");
    for (File& f : d.sink.files) {
      const auto name = netfile::parse_file_name(netfile::base_name(f.path));
      if (!name.ok()) continue;
      f.time = name->time;
      f.mine = std::string(name->mine_code);
      const netfile::TypeSpec* spec = profile.find_type(name->type_name);
      f.definition = spec != nullptr && is_definition(spec->kind);
    }
    std::sort(d.sink.files.begin(), d.sink.files.end(), [](const File& a, const File& b) {
      return std::tuple(a.time, !a.definition, std::string_view(a.path)) <
             std::tuple(b.time, !b.definition, std::string_view(b.path));
    });
  }
  return d;
}

// Simulated once per process; every benchmark run replays the same bytes.
const DataSet& data_set() {
  static const DataSet d = simulate_day();
  return d;
}

struct RunResult {
  std::vector<Alarm> alarms;
  pipeline::PipelineStats stats;
  std::size_t rule_state_bytes = 0, points = 0;
};

// replay_directory's loop (src/pipeline/replay.cpp) over the in-memory files.
RunResult replay_in_memory(const DataSet& d) {
  const netfile::Profile& profile = *netfile::builtin_profile("national");
  ManualClock clock(Time{});
  pipeline::Pipeline p(d.mines, default_rule_pack(), profile, clock,
                       pipeline::rules_evaluator_factory());
  pipeline::QuorumClock event_clock;
  Time advanced = Time::min();
  for (const File& f : d.sink.files) {
    if (f.time != Time::min()) event_clock.observe(f.mine, f.time);
    if (event_clock.started() && event_clock.now() > advanced) {
      advanced = event_clock.now();
      p.advance_to(advanced);
    }
    if (f.time > clock.now()) clock.set(f.time);
    p.ingest(f.path, std::string_view(d.sink.arena).substr(f.offset, f.size));
  }
  if (event_clock.started()) p.advance_to(event_clock.now());
  return {p.alarms(), p.stats(), p.rule_state_bytes(), p.point_count()};
}

void BM_ReplaySimulatedDay(benchmark::State& state) {
  const DataSet& d = data_set();
  RunResult last;
  for (auto _ : state) {
    last = replay_in_memory(d);
    benchmark::DoNotOptimize(last.alarms.data());
  }
  const auto samples = static_cast<double>(last.stats.samples);
  state.SetItemsProcessed(static_cast<std::int64_t>(last.stats.samples) * state.iterations());
  state.counters["mines"] = static_cast<double>(d.mines.size());
  state.counters["files"] = static_cast<double>(last.stats.files_read);
  state.counters["quarantined"] = static_cast<double>(last.stats.files_quarantined);
  state.counters["samples"] = samples;
  state.counters["alarms"] = static_cast<double>(last.alarms.size());
  state.counters["state_B_per_point"] =
      last.points == 0
          ? 0.0
          : static_cast<double>(last.rule_state_bytes) / static_cast<double>(last.points);

  // Detection quality of the same run against the simulator's truth.
  std::string reported = pipeline::format_alarms_jsonl(last.alarms);
  if (const char* dump = std::getenv("MW_REPLAY_BENCH_DUMP"); dump != nullptr) {
    // For a look at the misses: the alarms and the truth, as replay and simulate write them.
    const auto save = [&](const std::string& name, const std::string& text) {
      if (std::FILE* f = std::fopen((std::string(dump) + "/" + name).c_str(), "wb")) {
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
      }
    };
    save("alarms.jsonl", reported);
    save("truth.jsonl", d.sink.truth);
  }
  auto truth = sim::parse_alarm_lines(d.sink.truth, "truth.jsonl");
  auto got = sim::parse_alarm_lines(reported, "alarms.jsonl");
  if (!truth.ok() || !got.ok()) {
    state.SkipWithError("cannot parse the alarms or the truth");
    return;
  }
  const sim::ScoreReport score = sim::score(*truth, *got);
  state.counters["expected"] = score.overall.expected;
  state.counters["false_alarms"] = score.overall.false_alarms;
  state.counters["recall"] = score.overall.recall.value_or(0.0);
  state.counters["precision"] = score.overall.precision.value_or(0.0);
  static bool printed = false;  // the per-kind table once, on stderr (bench.sh keeps stdout)
  if (!printed) {
    printed = true;
    std::fprintf(stderr, "%s", sim::format_score_table(score).c_str());
  }
}
BENCHMARK(BM_ReplaySimulatedDay)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace mw

BENCHMARK_MAIN();
