// Durable journal append throughput: batches of 1,000 samples × 20 bytes (a realistic upload,
// issue target: durable ingest ≥ 1M samples/s per core) from 1, 2 and 4 concurrent appenders,
// each batch acknowledged only after its group's fdatasync, on a temp dir ($TMPDIR or /tmp).
// Counters: samples/s = items_per_second, MB/s = bytes_per_second, batches/s, fsyncs/s.

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/crc32c.hpp"
#include "journal/journal.hpp"
#include "journal/record.hpp"

namespace {

constexpr int kSamplesPerBatch = 1000;
constexpr int kSampleBytes = 20;  // ~16–24 bytes of payload per sample (issue text)

std::string make_batch() {
  std::string b;
  b.reserve(kSamplesPerBatch * kSampleBytes);
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < kSamplesPerBatch * kSampleBytes; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b += static_cast<char>(x);
  }
  return b;
}

struct Shared {
  std::string dir;
  std::unique_ptr<mw::journal::Journal> journal;
  std::uint64_t syncs_before = 0;
};
Shared g_shared;

void BM_DurableAppend(benchmark::State& state) {
  if (state.thread_index() == 0) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "mw_journal_bench_XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      state.SkipWithError("mkdtemp failed");
      return;
    }
    g_shared.dir = tmpl;
    auto j = mw::journal::Journal::open(mw::Env::posix(), tmpl + "/j");
    if (!j.ok()) {
      state.SkipWithError(j.status().to_string().c_str());
      return;
    }
    g_shared.journal = std::move(*j);
    g_shared.syncs_before = g_shared.journal->stats().syncs;
  }
  const std::string batch = make_batch();
  std::int64_t batches = 0;
  for (auto _ : state) {
    auto seq = g_shared.journal->append_durable(1, batch);
    if (!seq.ok()) {
      state.SkipWithError(seq.status().to_string().c_str());
      break;
    }
    ++batches;
  }
  state.SetItemsProcessed(batches * kSamplesPerBatch);
  state.SetBytesProcessed(batches * static_cast<std::int64_t>(batch.size()));
  state.counters["batches/s"] =
      benchmark::Counter(static_cast<double>(batches), benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    const auto syncs = g_shared.journal->stats().syncs - g_shared.syncs_before;
    state.counters["fsyncs/s"] =
        benchmark::Counter(static_cast<double>(syncs), benchmark::Counter::kIsRate);
    g_shared.journal.reset();
    std::error_code ec;
    std::filesystem::remove_all(g_shared.dir, ec);
  }
}
// 8 and 16: a server with many uploads in flight, where group commit pays off.
BENCHMARK(BM_DurableAppend)
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->Threads(8)
    ->Threads(16)
    ->UseRealTime();

// The CPU cost of framing one batch (header + CRC32C), without any I/O.
void BM_EncodeBatch(benchmark::State& state) {
  const std::string batch = make_batch();
  std::string out;
  std::uint64_t seq = 0;
  for (auto _ : state) {
    out.clear();
    mw::journal::encode_record(out, ++seq, 1, batch);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kSamplesPerBatch);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}
BENCHMARK(BM_EncodeBatch);

void BM_Crc32cPortable(benchmark::State& state) {
  const std::string batch = make_batch();
  for (auto _ : state) {
    benchmark::DoNotOptimize(mw::crc32c_extend_portable(0, batch));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(batch.size()));
}
BENCHMARK(BM_Crc32cPortable);

}  // namespace

BENCHMARK_MAIN();
