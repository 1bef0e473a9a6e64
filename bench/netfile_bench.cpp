// Decoder throughput on files of realistic size (issue target on one core: ≥ 2M CDSS
// records/s, ≥ 1M RYSS records/s, ~80–200 bytes a record) and heap allocations per record.
// Reported counters: items_per_second = records/s, bytes_per_second, allocs_per_record.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "base/encoding.hpp"
#include "base/time.hpp"
#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/profile.hpp"

namespace {

using mw::netfile::DecodedFile;

const char* const kMine = "140421000111";
const char* const kMineName = "山西长治鑫源煤业有限公司";
const char* const kLocations[] = {
    "3105回采工作面", "3105回风巷",   "3105回风隅角",   "3105进风巷", "1201掘进工作面",
    "1201掘进回风流", "东翼总回风巷", "主运输大巷机头", "中央变电所", "井底车场"};
struct Kind {
  const char* code;
  const char* name;
  const char* unit;
};
const Kind kKinds[] = {{"MN", "环境瓦斯", "%CH4"}, {"MN", "一氧化碳", "ppm"}, {"MN", "风速", "m/s"},
                       {"MN", "环境温度", "℃"},    {"KG", "局部通风机", ""},  {"KG", "馈电器", ""}};

// A CDSS file as a large mine's station writes it every 10–30 s: `n` points.
std::string make_cdss(int n) {
  std::string out(kMine);
  out.append(";").append(kMineName).append(";2026-09-23 10:13:19~");
  char buf[256];
  for (int i = 0; i < n; ++i) {
    const Kind& k = kKinds[i % 6];
    const bool sw = k.code[0] == 'K';
    const int status = i % 97 == 0 ? 1 : (i % 211 == 0 ? 128 : 0);
    if (sw) {
      std::snprintf(buf, sizeof buf, "%s%s%04d;%s;%s;%d;%s;%d;2026-09-23 10:13:%02d~", kMine,
                    k.code, i, k.name, kLocations[i % 10], i % 2, k.unit, status, i % 60);
    } else {
      std::snprintf(buf, sizeof buf, "%s%s%04d;%s;%s;%d.%02d;%s;%d;2026-09-23 10:13:%02d~", kMine,
                    k.code, i, k.name, kLocations[i % 10], i % 3, (i * 37) % 100, k.unit, status,
                    i % 60);
    }
    out += buf;
  }
  out.append("||");
  return out;
}

// An RYSS snapshot: `n` people underground, person i with a track of 1 + i % max_hops
// stations (a track pair is ~43 bytes, the rest of a record ~150).
std::string make_ryss(int n, int max_hops) {
  const std::string mine = "520203000512";
  std::string out = mine;
  out.append(";六枝特区新华煤业有限公司;2026-09-23 10:15:00~");
  const char* const names[] = {"王建军", "李国强", "杨明", "张勇", "刘德贵", "罗安平", "吴小龙"};
  char buf[512];
  for (int i = 0; i < n; ++i) {
    const int area = 1 + i % 6;
    std::snprintf(buf, sizeof buf, "%s%04d%06d", mine.c_str(), area, 1 + i % 3);
    const std::string station = buf;
    std::snprintf(buf, sizeof buf,
                  "%s%05d;%s;1;2026-09-23 07:%02d:%02d;;%s000%d;2026-09-23 08:%02d:00;%s;"
                  "2026-09-23 08:%02d:00;三八制;%d;0;%d;%d;",
                  mine.c_str(), i, names[i % 7], 30 + i % 30, i % 60, mine.c_str(), area, i % 60,
                  station.c_str(), i % 60, i % 50, i == 0 ? 1 : 0, i % 3 == 0 ? 1 : 0);
    out += buf;
    const int hops = 1 + i % max_hops;
    for (int h = 0; h < hops; ++h) {
      std::snprintf(buf, sizeof buf, "%s%s000%d00000%d&2026-09-23 %02d:%02d:%02d",
                    h == 0 ? "" : ",", mine.c_str(), 1 + (i + h) % 6, 1 + h % 3, 7 + h,
                    (i + h * 7) % 60, (i * 13) % 60);
      out += buf;
    }
    out.append("~");
  }
  out.append("||");
  return out;
}

void run_decode(benchmark::State& state, const std::string& name, const std::string& bytes) {
  const mw::netfile::Profile* profile = mw::netfile::builtin_profile("national");
  const mw::netfile::DecodeOptions options{*mw::parse_china_time("2026-09-23 10:20:00")};
  if (profile == nullptr) {
    state.SkipWithError("no national profile");
    return;
  }
  const DecodedFile probe = mw::netfile::decode(name, bytes, *profile, options);
  if (!probe.accepted || probe.skipped != 0) {
    state.SkipWithError(("sample not accepted cleanly: " + probe.reason).c_str());
    return;
  }
  const auto records = static_cast<std::int64_t>(probe.record_count());
  const std::uint64_t allocs_before = mw::bench::allocation_count();
  for (auto _ : state) {
    DecodedFile f = mw::netfile::decode(name, bytes, *profile, options);
    benchmark::DoNotOptimize(f.records);
  }
  const std::uint64_t allocs = mw::bench::allocation_count() - allocs_before;
  state.SetItemsProcessed(state.iterations() * records);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
  state.counters["records"] = static_cast<double>(records);
  state.counters["bytes_per_record"] =
      static_cast<double>(bytes.size()) / static_cast<double>(records);
  state.counters["allocs_per_record"] =
      static_cast<double>(allocs) / static_cast<double>(state.iterations() * records);
}

void BM_DecodeCdss(benchmark::State& state) {
  static const std::string bytes = make_cdss(static_cast<int>(state.range(0)));
  run_decode(state, "140421000111_CDSS_20260923101319.txt", bytes);
}
BENCHMARK(BM_DecodeCdss)->Arg(1500);

// Older provincial feeds send GBK: the same file through the GB18030 path.
void BM_DecodeCdssGb18030(benchmark::State& state) {
  static const std::string bytes = [&] {
    mw::Result<std::string> gb = mw::utf8_to_gb18030(make_cdss(static_cast<int>(state.range(0))));
    return gb.ok() ? *gb : std::string();
  }();
  if (bytes.empty()) {
    state.SkipWithError("GB18030 conversion failed");
    return;
  }
  run_decode(state, "140421000111_CDSS_20260923101319.txt", bytes);
}
BENCHMARK(BM_DecodeCdssGb18030)->Arg(1500);

// Args: people, longest track. {600, 1}: ~200-byte records (the size range);
// {600, 6}: tracks of 1–6 stations, ~300 bytes a record.
void BM_DecodeRyss(benchmark::State& state) {
  const std::string bytes =
      make_ryss(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  run_decode(state, "520203000512_RYSS_20260923101500.txt", bytes);
}
BENCHMARK(BM_DecodeRyss)->Args({600, 1})->Args({600, 6});

}  // namespace

BENCHMARK_MAIN();
