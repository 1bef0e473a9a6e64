// tsdb chunk codec: size and speed on the storage issue's workload — ~1,700 series × 1 day
// at 30 s, ≈ 60 % analog, 35 % switch, 5 % counters, fixed-decimal values
// (docs/formats/chunk.md §6 records the figures). Counters: bytes_per_sample, and
// items_per_second = samples/s.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "peers/tsdb_peers.hpp"
#include "tsdb/bit_stream.hpp"
#include "tsdb/block_codec.hpp"
#include "tsdb/chunk_codec.hpp"
#include "tsdb/column_coder.hpp"
#include "tsdb/head.hpp"
#include "tsdb/series_index.hpp"
#include "tsdb/synthetic_series.hpp"
#include "tsdb/tsdb.hpp"

namespace mw::tsdb {
namespace {

constexpr std::size_t kSeries = 1700;
constexpr std::size_t kPerMine = 200;       // a large mine's point count
const Time kStart{Seconds{1'790'121'600}};  // 2026-09-23 00:00 China time

const std::vector<SyntheticSeries>& fleet() {
  static const auto f =
      make_fleet(kSeries, kPerMine, kStart, Seconds{24 * 3600}, Seconds{30}, 2026);
  return f;
}

std::size_t total_samples() {
  std::size_t n = 0;
  for (const auto& s : fleet()) n += s.samples.size();
  return n;
}

const std::vector<std::string>& chunks() {
  static const auto c = [] {
    std::vector<std::string> out;
    for (const auto& s : fleet()) out.push_back(encode_chunk(s.samples).value());
    return out;
  }();
  return c;
}

// One sealed block per mine: what a shard seals for a day.
std::vector<std::string> seal_per_mine(BlockCompression c, int level) {
  std::vector<std::string> blocks;
  const auto& f = fleet();
  for (std::size_t begin = 0; begin < f.size(); begin += kPerMine) {
    const std::size_t end = std::min(f.size(), begin + kPerMine);
    std::vector<std::string> part(chunks().begin() + static_cast<std::ptrdiff_t>(begin),
                                  chunks().begin() + static_cast<std::ptrdiff_t>(end));
    blocks.push_back(encode_block(part, c, level).value());
  }
  return blocks;
}

void BM_EncodeChunks(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (const auto& s : fleet()) {
      auto c = encode_chunk(s.samples);
      bytes += c->size();
      benchmark::DoNotOptimize(c);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total_samples()));
  state.counters["bytes_per_sample"] =
      static_cast<double>(bytes) / static_cast<double>(total_samples());
}
BENCHMARK(BM_EncodeChunks)->Unit(benchmark::kMillisecond);

// Arg: zstd level, 0 = no compression.
void BM_SealBlocks(benchmark::State& state) {
  const int level = static_cast<int>(state.range(0));
  const auto c = level == 0 ? BlockCompression::kNone : BlockCompression::kZstd;
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    for (const auto& b : seal_per_mine(c, level)) bytes += b.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total_samples()));
  state.counters["bytes_per_sample"] =
      static_cast<double>(bytes) / static_cast<double>(total_samples());
}
BENCHMARK(BM_SealBlocks)->Arg(0)->Arg(1)->Arg(3)->Arg(9)->Unit(benchmark::kMillisecond);

void BM_DecodeAll(benchmark::State& state) {
  const auto blocks = seal_per_mine(BlockCompression::kZstd, kDefaultZstdLevel);
  for (auto _ : state) {
    for (const auto& b : blocks) {
      const auto decoded = decode_block(b);  // kept alive: the loop borrows from it
      for (const auto& c : *decoded) {
        auto samples = decode_chunk(c);
        benchmark::DoNotOptimize(samples);
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total_samples()));
}
BENCHMARK(BM_DecodeAll)->Unit(benchmark::kMillisecond);

// The latency bar: 24 h raw range of one point ≤ 1 ms (methane, series 0).
void BM_RangeOnePoint24h(benchmark::State& state) {
  const std::string& c = chunks()[0];
  for (auto _ : state) {
    auto samples = decode_chunk(c);
    benchmark::DoNotOptimize(samples);
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(fleet()[0].samples.size()));
}
BENCHMARK(BM_RangeOnePoint24h)->Unit(benchmark::kMicrosecond);

// Arg: SeriesKind. Chunk bytes per sample of that kind alone, and a zstd block of them.
void BM_PerKind(benchmark::State& state) {
  const auto kind = static_cast<SeriesKind>(state.range(0));
  std::vector<std::string> mine;
  std::size_t samples = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < fleet().size(); ++i) {
    if (fleet()[i].kind != kind) continue;
    mine.push_back(chunks()[i]);
    samples += fleet()[i].samples.size();
    bytes += chunks()[i].size();
  }
  std::size_t block = 0;
  for (auto _ : state) block = encode_block(mine).value().size();
  state.SetLabel(std::string(series_kind_name(kind)));
  state.counters["bytes_per_sample"] = static_cast<double>(bytes) / static_cast<double>(samples);
  state.counters["zstd_block_bytes_per_sample"] =
      static_cast<double>(block) / static_cast<double>(samples);
}
BENCHMARK(BM_PerKind)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

// Gorilla-style XOR of doubles (the fallback the issue asks to measure against), value
// column only, in bits: '0' same value; '10' + meaningful bits inside the previous window;
// '11' + 5-bit leading zeros + 6-bit length + meaningful bits.
std::size_t xor_value_bits(const std::vector<SeriesSample>& s) {
  std::size_t bits = 64;
  int prev_lead = -1;
  int prev_trail = 0;
  std::uint64_t prev = std::bit_cast<std::uint64_t>(s[0].value.to_double());
  for (std::size_t i = 1; i < s.size(); ++i) {
    const std::uint64_t cur = std::bit_cast<std::uint64_t>(s[i].value.to_double());
    const std::uint64_t x = cur ^ prev;
    prev = cur;
    if (x == 0) {
      bits += 1;
      continue;
    }
    const int lead = std::min(std::countl_zero(x), 31);
    const int trail = std::countr_zero(x);
    if (prev_lead >= 0 && lead >= prev_lead && trail >= prev_trail) {
      bits += 2 + static_cast<std::size_t>(64 - prev_lead - prev_trail);
    } else {
      bits += 2 + 5 + 6 + static_cast<std::size_t>(64 - lead - trail);
      prev_lead = lead;
      prev_trail = trail;
    }
  }
  return bits;
}

// Scaled-integer value column of this codec alone, in bits.
std::size_t scaled_value_bits(const std::vector<SeriesSample>& s) {
  std::string buf;
  BitWriter w(buf);
  ColumnWriter col(w, kBucketed);
  for (std::size_t i = 1; i < s.size(); ++i) {
    col.add(static_cast<std::uint64_t>(s[i].value.mantissa) -
            static_cast<std::uint64_t>(s[i - 1].value.mantissa));
  }
  col.finish();
  return w.bit_count() + 64;  // + the first value
}

void BM_ValueColumnScaledVsXor(benchmark::State& state) {
  std::size_t xor_bits = 0;
  std::size_t scaled_bits = 0;
  for (auto _ : state) {
    xor_bits = 0;
    scaled_bits = 0;
    for (const auto& s : fleet()) {
      xor_bits += xor_value_bits(s.samples);
      scaled_bits += scaled_value_bits(s.samples);
    }
  }
  const auto n = static_cast<double>(total_samples());
  state.counters["xor_bytes_per_sample"] = static_cast<double>(xor_bits) / 8.0 / n;
  state.counters["scaled_bytes_per_sample"] = static_cast<double>(scaled_bits) / 8.0 / n;
}
BENCHMARK(BM_ValueColumnScaledVsXor)->Iterations(1)->Unit(benchmark::kMillisecond);

// Baseline without the codec: each mine's samples as fixed 19-byte records (time, mantissa,
// scale, status; little-endian), one zstd frame per mine. Arg: zstd level.
void BM_ZstdOnRawBaseline(benchmark::State& state) {
  const int level = static_cast<int>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = 0;
    const auto& f = fleet();
    for (std::size_t begin = 0; begin < f.size(); begin += kPerMine) {
      std::string raw;
      for (std::size_t i = begin; i < std::min(f.size(), begin + kPerMine); ++i) {
        for (const auto& x : f[i].samples) {
          const auto t = static_cast<std::uint64_t>(x.time.time_since_epoch().count());
          const auto m = static_cast<std::uint64_t>(x.value.mantissa);
          for (int b = 0; b < 8; ++b) raw.push_back(static_cast<char>(t >> (8 * b)));
          for (int b = 0; b < 8; ++b) raw.push_back(static_cast<char>(m >> (8 * b)));
          raw.push_back(static_cast<char>(x.value.scale));
          raw.push_back(static_cast<char>(x.status & 0xFFU));
          raw.push_back(static_cast<char>(x.status >> 8));
        }
      }
      std::string out(ZSTD_compressBound(raw.size()), '\0');
      bytes += ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), level);
    }
  }
  state.counters["bytes_per_sample"] =
      static_cast<double>(bytes) / static_cast<double>(total_samples());
}
BENCHMARK(BM_ZstdOnRawBaseline)->Arg(1)->Arg(3)->Iterations(1)->Unit(benchmark::kMillisecond);

// Arg: chunk length N. The fleet cut into chunks of at most N samples, one zstd-1 block
// per mine: what the head's max_samples costs.
void BM_ChunkLength(benchmark::State& state) {
  const auto len = static_cast<std::size_t>(state.range(0));
  std::size_t chunk_bytes = 0;
  std::size_t block_bytes = 0;
  for (auto _ : state) {
    chunk_bytes = 0;
    block_bytes = 0;
    std::vector<std::string> block;
    const auto& f = fleet();
    for (std::size_t i = 0; i < f.size(); ++i) {
      const std::span<const SeriesSample> s = f[i].samples;
      for (std::size_t b = 0; b < s.size(); b += len) {
        block.push_back(encode_chunk(s.subspan(b, std::min(len, s.size() - b))).value());
        chunk_bytes += block.back().size();
      }
      if ((i + 1) % kPerMine == 0 || i + 1 == f.size()) {
        block_bytes += encode_block(block).value().size();
        block.clear();
      }
    }
  }
  const auto n = static_cast<double>(total_samples());
  state.counters["bytes_per_sample"] = static_cast<double>(chunk_bytes) / n;
  state.counters["zstd_block_bytes_per_sample"] = static_cast<double>(block_bytes) / n;
}
BENCHMARK(BM_ChunkLength)->Arg(120)->Arg(240)->Arg(720)->Arg(2880)->Unit(benchmark::kMillisecond);

// Pessimistic case: every series has its own timeline (no two points of a mine share
// timestamps), so zstd cannot share time sections. Blocks of kPerMine chunks as above.
void BM_OwnTimelines(benchmark::State& state) {
  static const auto own = make_fleet(kSeries, 1, kStart, Seconds{24 * 3600}, Seconds{30}, 2026);
  std::vector<std::string> encoded;
  std::size_t samples = 0;
  std::size_t chunk_bytes = 0;
  for (const auto& s : own) {
    encoded.push_back(encode_chunk(s.samples).value());
    samples += s.samples.size();
    chunk_bytes += encoded.back().size();
  }
  std::size_t block_bytes = 0;
  for (auto _ : state) {
    block_bytes = 0;
    for (std::size_t begin = 0; begin < encoded.size(); begin += kPerMine) {
      const std::size_t end = std::min(encoded.size(), begin + kPerMine);
      std::vector<std::string> part(encoded.begin() + static_cast<std::ptrdiff_t>(begin),
                                    encoded.begin() + static_cast<std::ptrdiff_t>(end));
      block_bytes += encode_block(part).value().size();
    }
  }
  const auto n = static_cast<double>(samples);
  state.counters["bytes_per_sample"] = static_cast<double>(chunk_bytes) / n;
  state.counters["zstd_block_bytes_per_sample"] = static_cast<double>(block_bytes) / n;
}
BENCHMARK(BM_OwnTimelines)->Unit(benchmark::kMillisecond);

// The ingest path: index lookup + head append (sealing included) for the whole fleet, in
// time order across series as a shard sees it. Also the memory per series beyond its
// samples (index + head state; issue budget: 200 bytes).
void BM_HeadAppend(benchmark::State& state) {
  const auto& f = fleet();
  std::vector<std::string> points;
  for (std::size_t i = 0; i < f.size(); ++i) {
    points.push_back("1404210" + std::to_string(10000 + f[i].mine) + "MN" + std::to_string(i));
  }
  double per_series = 0;
  double head_bytes_per_sample = 0;
  for (auto _ : state) {
    SeriesIndex index;
    Head head;
    std::vector<std::size_t> next(f.size(), 0);
    // Round-robin over series, one sample each: approximately time order.
    for (bool more = true; more;) {
      more = false;
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (next[i] == f[i].samples.size()) continue;
        more = true;
        const SeriesId id = index.get_or_add(points[i].substr(0, 12), points[i]).value();
        head.append(id, f[i].samples[next[i]++]);
      }
    }
    // Heads mid-window: memory per sample still in the head (raw + frozen).
    head.seal_windows_before(kStart + Seconds{24 * 3600 - 3 * 3600});
    head_bytes_per_sample = static_cast<double>(head.sample_memory_bytes()) /
                            static_cast<double>(head.samples_in_head());
    head.seal_all();
    benchmark::DoNotOptimize(head.take_sealed());
    per_series = static_cast<double>(index.memory_bytes()) / static_cast<double>(f.size()) +
                 static_cast<double>(Head::per_series_overhead_bytes());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total_samples()));
  state.counters["overhead_bytes_per_series"] = per_series;
  state.counters["head_bytes_per_sample"] = head_bytes_per_sample;
}
BENCHMARK(BM_HeadAppend)->Unit(benchmark::kMillisecond);

// How often each time coding wins, over all chunks.
void BM_TimeModes(benchmark::State& state) {
  std::size_t base = 0;
  for (auto _ : state) {
    base = 0;
    for (const auto& c : chunks()) {
      base += summarize_chunk(as_bytes(c))->time_mode == TimeMode::kDeltaFromBase ? 1U : 0U;
    }
  }
  state.counters["delta_from_base_chunks"] = static_cast<double>(base);
  state.counters["delta_of_delta_chunks"] = static_cast<double>(chunks().size() - base);
}
BENCHMARK(BM_TimeModes)->Iterations(1);

// ---- The store (tsdb facade over SQLite): ingest, size on disk, queries. ----

// A database directory under /tmp, removed when the benchmark exits.
struct BenchDir {
  std::filesystem::path path;
  BenchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mw_tsdb_bench_XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string fleet_mine(std::size_t mine) { return "14042100" + std::to_string(10 + mine); }
std::string fleet_point(std::size_t i) { return "MN" + std::to_string(100000 + i); }

// Appends `f` in time order across series (as a shard sees it), sealing once an hour of
// data time as the pipeline clock advances; flushes at the end.
void ingest_fleet(Tsdb& db, const std::vector<SyntheticSeries>& f, const std::string& prefix) {
  std::vector<std::string> mines, points;
  for (std::size_t i = 0; i < f.size(); ++i) {
    mines.push_back(prefix + fleet_mine(f[i].mine));
    points.push_back(fleet_point(i));
  }
  std::vector<std::size_t> next(f.size(), 0);
  Time clock = f[0].samples.front().time;
  for (bool more = true; more;) {
    more = false;
    const Time until = clock + Seconds{3600};
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto& s = f[i].samples;
      while (next[i] < s.size() && s[next[i]].time < until) {
        if (!db.append(mines[i], points[i], s[next[i]++]).ok()) throw std::runtime_error("append");
      }
      more = more || next[i] < s.size();
    }
    clock = until;
    if (!db.seal(clock).ok()) throw std::runtime_error("seal");
  }
  if (!db.flush().ok()) throw std::runtime_error("flush");
}

// Sums a column over the store's file with a separate connection.
double sql_sum(const std::filesystem::path& file, const char* sql) {
  sqlite3* c = nullptr;
  double v = 0;
  if (sqlite3_open(file.c_str(), &c) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(c, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      v = sqlite3_column_double(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(c);
  return v;
}

// The whole fleet through the facade, sealing into SQLite. bytes_per_sample = size of the
// database file (after a WAL checkpoint) / samples; chunk_ (block BLOBs), rollup_ (rollup
// rows) and timeline_bytes_per_sample (block timelines) are the BLOBs within it;
// overhead_bytes_per_series: Tsdb::series_overhead_bytes() / series (issue 5: ≤ 200).
void BM_StoreIngest(benchmark::State& state) {
  double file_bytes = 0, chunk_bytes = 0, rollup_bytes = 0, timeline_bytes = 0, per_series = 0;
  for (auto _ : state) {
    BenchDir dir;
    const auto file = dir.path / "minewatch.db";
    {
      auto db = Tsdb::open(file).value();
      ingest_fleet(*db, fleet(), "");
      state.PauseTiming();
      per_series = static_cast<double>(db->series_overhead_bytes()) /
                   static_cast<double>(db->index().size());
      if (!db->store().checkpoint().ok()) throw std::runtime_error("checkpoint");
    }
    file_bytes = static_cast<double>(std::filesystem::file_size(file));
    chunk_bytes = sql_sum(file, "SELECT sum(length(data)) FROM tsdb_blocks");
    rollup_bytes = sql_sum(file, "SELECT sum(length(rollups)) FROM tsdb_chunks");
    timeline_bytes = sql_sum(file, "SELECT sum(length(times)) FROM tsdb_blocks");
    state.ResumeTiming();
  }
  const auto n = static_cast<double>(total_samples());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(total_samples()));
  state.counters["bytes_per_sample"] = file_bytes / n;
  state.counters["chunk_bytes_per_sample"] = chunk_bytes / n;
  state.counters["rollup_bytes_per_sample"] = rollup_bytes / n;
  state.counters["timeline_bytes_per_sample"] = timeline_bytes / n;
  state.counters["overhead_bytes_per_series"] = per_series;
}
BENCHMARK(BM_StoreIngest)->Iterations(1)->Unit(benchmark::kMillisecond);

// Issue 6: the time seal() takes in the caller's thread (under the pipeline's lock) when the
// whole fleet crosses a 6-h window at once: 1,700 heads of 720 samples. The writer's work
// after it (flush) is not timed. store_ms: seal + flush, all the work either way.
void BM_SealInCallerThread(benchmark::State& state) {
  const auto& f = fleet();
  double store_ms = 0;
  for (auto _ : state) {
    state.PauseTiming();
    BenchDir dir;
    auto db = Tsdb::open(dir.path / "minewatch.db").value();
    const Time end = kStart + Seconds{6 * 3600};
    for (std::size_t i = 0; i < f.size(); ++i) {
      for (const auto& x : f[i].samples) {
        if (x.time >= end) break;
        if (!db->append(fleet_mine(f[i].mine), fleet_point(i), x).ok()) {
          throw std::runtime_error("append");
        }
      }
    }
    const auto t0 = std::chrono::steady_clock::now();
    state.ResumeTiming();
    if (!db->seal(end).ok()) throw std::runtime_error("seal");
    state.PauseTiming();
    if (!db->flush().ok()) throw std::runtime_error("flush");
    store_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    db.reset();
    state.ResumeTiming();
  }
  state.counters["store_ms"] = store_ms;
}
BENCHMARK(BM_SealInCallerThread)->Iterations(5)->Unit(benchmark::kMillisecond);

// One database for the query benchmarks, all sealed: the fleet (24 h), a 13-point mine
// "Q<mine>" (3 h), and 3 series over 30 days "M<mine>".
constexpr std::size_t kSmallMine = 13;  // the "last value of 13 points"
struct QueryDb {
  BenchDir dir;
  std::unique_ptr<Tsdb> db;
  QueryDb() {
    db = Tsdb::open(dir.path / "minewatch.db").value();
    ingest_fleet(*db, fleet(), "");
    ingest_fleet(*db, make_fleet(3, 3, kStart, Seconds{30 * 86400}, Seconds{30}, 30), "M");
    const auto small =
        make_fleet(kSmallMine, kSmallMine, kStart, Seconds{3 * 3600}, Seconds{30}, 13);
    for (std::size_t i = 0; i < small.size(); ++i) {
      for (const auto& x : small[i].samples) {
        if (!db->append("Q" + fleet_mine(0), fleet_point(i), x).ok()) throw std::runtime_error("q");
      }
    }
    if (!db->flush().ok()) throw std::runtime_error("flush");
  }
};
QueryDb& query_db() {
  static QueryDb q;
  return q;
}

// Latest value of every point of a 13-point mine, from the heads (the live case: a head
// keeps its newest sample after sealing).
void BM_LatestOfMine13Heads(benchmark::State& state) {
  Tsdb& db = *query_db().db;
  const std::string mine = "Q" + fleet_mine(0);
  for (auto _ : state) {
    auto v = db.latest_of_mine(mine);
    if (!v.ok() || v->size() != kSmallMine) throw std::runtime_error("latest");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_LatestOfMine13Heads)->Unit(benchmark::kMicrosecond);

// The same after a restart (heads empty): each point's newest chunk read from SQLite.
void BM_LatestOfMine13Store(benchmark::State& state) {
  static const auto reopened = Tsdb::open(query_db().dir.path / "minewatch.db").value();
  const std::string mine = "Q" + fleet_mine(0);
  for (auto _ : state) {
    auto v = reopened->latest_of_mine(mine);
    if (!v.ok() || v->size() != kSmallMine) throw std::runtime_error("latest");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_LatestOfMine13Store)->Unit(benchmark::kMicrosecond);

// 24 h raw range of one methane point (series 0), all sealed: 4 chunks from SQLite.
void BM_StoreRaw24h(benchmark::State& state) {
  Tsdb& db = *query_db().db;
  std::size_t n = 0;
  for (auto _ : state) {
    auto v = db.raw_range(fleet_mine(0), fleet_point(0), kStart, kStart + Seconds{86400});
    n = v->size();
    benchmark::DoNotOptimize(v);
  }
  state.counters["samples"] = static_cast<double>(n);
}
BENCHMARK(BM_StoreRaw24h)->Unit(benchmark::kMicrosecond);

// 30-day rollup range of one point: 120 rollup rows merged into ~8,600 periods.
void BM_StoreRollup30d(benchmark::State& state) {
  Tsdb& db = *query_db().db;
  std::size_t n = 0;
  for (auto _ : state) {
    auto v =
        db.rollup_range("M" + fleet_mine(0), fleet_point(0), kStart, kStart + Seconds{30 * 86400});
    n = v->size();
    benchmark::DoNotOptimize(v);
  }
  state.counters["periods"] = static_cast<double>(n);
}
BENCHMARK(BM_StoreRollup30d)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace mw::tsdb

// The peer benchmark's modes (bench/peers/tsdb_peers.hpp), else the benchmarks.
int main(int argc, char** argv) {
  if (const int rc = mw::tsdb::peers::peer_main(argc, argv); rc >= 0) return rc;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
