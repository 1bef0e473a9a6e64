// Simulator throughput at national scale (issue 3): 3,000 mines — about China's count of coal
// mines — written through the project's encoder into a null sink (bytes are counted, nothing
// is stored, so the figure is the simulator's own cost, not a disk's). A whole day of 3,000
// mines takes minutes, so the national benchmark is a 1-h slice (10:00–11:00, a production
// shift); a 24-h day of 20 mines shows the per-mine-day cost including the definition files.
// Reported: items_per_second = CDSS samples/s, files_per_second, bytes_per_second, mines.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string_view>

#include "base/time.hpp"
#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/profile.hpp"
#include "sim/writer.hpp"

namespace {

class NullSink final : public mw::sim::FileSink {
 public:
  mw::Status write(std::string_view path, std::string_view bytes) override {
    (void)path;
    bytes_ += bytes.size();
    return mw::Status::ok_status();
  }
  std::uint64_t bytes_ = 0;
};

void run(benchmark::State& state, int mines, double hours, mw::Time start) {
  mw::sim::SimulateOptions o;
  o.mines = mines;
  o.hours = hours;
  o.seed = 42;
  o.start = start;
  o.incident_rate = 1;  // a realistic share of incidents, near-misses and falsified mines
  mw::sim::SimulateStats last;
  for (auto _ : state) {
    NullSink sink;
    mw::Result<mw::sim::SimulateStats> r = mw::sim::simulate(o, sink);
    if (!r.ok()) {
      state.SkipWithError(r.status().to_string().c_str());
      return;
    }
    last = *r;
    benchmark::DoNotOptimize(sink.bytes_);
  }
  const auto it = static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(last.samples));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(last.bytes));
  state.counters["files_per_second"] =
      benchmark::Counter(it * static_cast<double>(last.files), benchmark::Counter::kIsRate);
  state.counters["samples"] = static_cast<double>(last.samples);
  state.counters["files"] = static_cast<double>(last.files);
  state.counters["mines"] = mines;
}

void BM_SimulateNationalHour(benchmark::State& state) {
  run(state, 3000, 1, *mw::china_civil_time(2026, 9, 23, 10, 0, 0));
}
BENCHMARK(BM_SimulateNationalHour)->Unit(benchmark::kSecond)->Iterations(1);

void BM_SimulateDayOf20Mines(benchmark::State& state) {
  run(state, 20, 24, *mw::china_civil_time(2026, 9, 23, 0, 0, 0));
}
BENCHMARK(BM_SimulateDayOf20Mines)->Unit(benchmark::kSecond)->Iterations(1);

// One CDSS file of `n` points through the encoder (the text check runs once per field).
void BM_EncodeCdss(benchmark::State& state) {
  const mw::netfile::Profile& p = *mw::netfile::builtin_profile("national");
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<mw::netfile::CdssRecord> records(n);
  const mw::Time t = *mw::china_civil_time(2026, 9, 23, 10, 13, 19);
  for (std::size_t i = 0; i < n; ++i) {
    records[i].point_code = "14042100011101MN0003";
    records[i].sensor_type_name = "环境瓦斯";
    records[i].location = "3105回风隅角";
    records[i].value = mw::Decimal{static_cast<std::int64_t>(i % 100), 2};
    records[i].unit = "%CH4";
    records[i].time = t;
  }
  mw::netfile::Header h;
  h.mine_code = "140421000111";
  h.mine_name = "山西长治鑫源煤业有限公司";
  h.upload_time = t;
  const mw::netfile::RecordList list{records};
  std::size_t bytes = 0;
  for (auto _ : state) {
    mw::Result<std::string> out = mw::netfile::encode_file(p, "CDSS", h, list, {});
    bytes = out->size();
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EncodeCdss)->Arg(60);

}  // namespace

BENCHMARK_MAIN();
