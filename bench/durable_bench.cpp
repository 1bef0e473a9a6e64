// Durable ingest end to end (issue 5 target: ≥ 1 M samples/s per core): real CDSS files of
// 1,000 methane points each go through DurablePipeline — decode, journal append + group
// commit + fdatasync, the rules, tsdb heads, catalog and alarm stores — from 1, 2, 4, 8 and 16
// sender threads (each its own mine), on a temp dir ($TMPDIR or /tmp): how far group commit
// scales (serve's 64 workers wait for fsyncs the same way). After the run the
// data directory is closed (heads sealed and stored) and its size is reported.
// Counters: items_per_second = samples/s (wall); samples/cpu-s = per core; files/s; fsyncs/file;
// journal B/sample (the raw files as journaled); disk B/sample (journal + minewatch.db + WAL after
// close).

#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"

namespace {

namespace fs = std::filesystem;
using mw::pipeline::DurablePipeline;

constexpr int kPointsPerFile = 1000;
constexpr int kFilesPerThreadPerIteration = 16;

std::string mine_code(int i) { return "1404210" + std::to_string(10000 + i); }

// One CDSS file of `mine` at step `step` (30 s apart): 1,000 methane points whose values
// wander like real ones (the tsdb's compression sees realistic data).
mw::pipeline::testing::TestFile cdss(const std::string& mine, std::int64_t step) {
  mw::pipeline::testing::TestFile f;
  f.time = mw::pipeline::testing::test_start() + mw::Seconds{30 * step};
  const std::string ts = mw::format_china_time(f.time);
  f.name = mine + "_CDSS_" + mw::format_china_compact_time(f.time) + ".txt";
  f.bytes = mine + ";鑫源;" + ts + "~";
  char buf[160];
  for (int p = 1; p <= kPointsPerFile; ++p) {
    const int hundredths = 20 + static_cast<int>((step * 7 + p * 13) % 17);
    std::snprintf(buf, sizeof buf, "%sMN%04d;环境瓦斯;3105回风巷;0.%02d;%%CH4;0;%s~", mine.c_str(),
                  p, hundredths, ts.c_str());
    f.bytes += buf;
  }
  f.bytes += "||";
  return f;
}

// User + system CPU seconds of the whole process (every sender thread and the journal's
// group commits), for samples per CPU-second: the "per core" figure.
double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto sec = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

std::uint64_t dir_bytes(const fs::path& dir) {
  std::uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) n += e.file_size();
  }
  return n;
}

void BM_DurableIngest(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const char* tmp = std::getenv("TMPDIR");
  const fs::path dir =
      fs::path(tmp != nullptr ? tmp : "/tmp") / ("mw_durable_bench_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  mw::ManualClock clock(mw::pipeline::testing::test_start());
  mw::pipeline::DurableOptions options;
  options.data_dir = dir;
  auto opened = DurablePipeline::open(options, mw::default_rule_pack(),
                                      *mw::netfile::builtin_profile("national"), clock);
  if (!opened.ok()) {
    state.SkipWithError(opened.status().to_string().c_str());
    return;
  }
  std::unique_ptr<DurablePipeline> p = std::move(*opened);
  std::vector<mw::Mine> reg;
  for (int t = 0; t < threads; ++t) reg.push_back(mw::pipeline::testing::test_mine(mine_code(t)));
  (void)p->import_registry(reg);

  std::int64_t step = 0;
  std::atomic<std::uint64_t> samples{0};
  std::atomic<bool> failed{false};
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::vector<mw::pipeline::testing::TestFile>> files(
        static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      for (int i = 0; i < kFilesPerThreadPerIteration; ++i) {
        files[static_cast<std::size_t>(t)].push_back(cdss(mine_code(t), step + i));
      }
    }
    clock.set(files[0].back().time);
    state.ResumeTiming();
    const double cpu_before = process_cpu_seconds();
    std::vector<std::thread> senders;
    for (int t = 0; t < threads; ++t) {
      senders.emplace_back([&, t] {
        for (const auto& f : files[static_cast<std::size_t>(t)]) {
          auto r = p->ingest(f.name, f.bytes);
          if (!r.ok()) {
            failed = true;
            return;
          }
          samples += r->samples;
        }
      });
    }
    for (auto& s : senders) s.join();
    p->advance();
    cpu += process_cpu_seconds() - cpu_before;
    step += kFilesPerThreadPerIteration;
  }
  if (failed) state.SkipWithError("ingest failed");
  const mw::pipeline::DurableStats s = p->stats();
  (void)p->close();
  const double n = static_cast<double>(samples.load());
  const double files = static_cast<double>(s.files_applied);
  state.SetItemsProcessed(static_cast<std::int64_t>(samples.load()));
  state.counters["samples/cpu-s"] = cpu > 0 ? n / cpu : 0;
  state.counters["files/s"] = benchmark::Counter(files, benchmark::Counter::kIsRate);
  state.counters["fsyncs/file"] = files > 0 ? static_cast<double>(s.journal_fsyncs) / files : 0;
  state.counters["journal B/sample"] = n > 0 ? static_cast<double>(s.journal_bytes) / n : 0;
  state.counters["disk B/sample"] = n > 0 ? static_cast<double>(dir_bytes(dir)) / n : 0;
  p.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_DurableIngest)
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Arg(16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
