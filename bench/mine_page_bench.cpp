// The mine page's CPU per answer (issue 6: its p99 under load is CPU queueing, so each answer's
// CPU is what to cut): GET /api/v1/mines/{mine} through the API router, no HTTP, for a mine of
// 100 and of 1,000 points (60 % methane at ten kinds of place, the rest CO, three methane
// points over their alarm threshold), and the same with the session-cookie check in front
// (Auth::authenticate, as every browser request pays). One DurablePipeline in a temp dir
// ($TMPDIR or /tmp); the data is ingested once before timing. BM_MinePageHeap: the heap each
// viewed point keeps (mallinfo2, glibc) once every mine of a node has been viewed.

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "base/clock.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "server/api_routes.hpp"
#include "server/auth.hpp"
#include "store/open_db.hpp"

namespace {

namespace fs = std::filesystem;
using namespace mw;

constexpr std::string_view kMine = "140421000111";
// Where a mine's methane sensors hang (the classifier's common classes and an unclassified one).
constexpr std::array<std::string_view, 10> kPlaces = {
    "3105回风隅角",   "3105工作面", "3105回风巷", "3105进风巷", "2201掘进工作面",
    "2201掘进回风流", "采区回风巷", "总回风巷",   "中央变电所", "2号煤仓"};

std::string def_line(std::string_view code, bool methane, std::string_view place,
                     std::string_view ts) {
  std::string s(code);
  s += methane ? ";01;001;0001;MN;%CH4;4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;"
               : ";01;001;0004;MN;ppm;1000;0;24;24;;;;;;;;;";
  s += place;
  s += ";;;;;";
  s += ts;
  s += "~";
  return s;
}

// Auth as serve makes it: with a reader connection where the build has that constructor.
template <class A = server::Auth>
std::unique_ptr<A> make_auth(const std::string& db, const Clock& clock, server::AuthOptions o) {
  if constexpr (std::is_constructible_v<A, std::unique_ptr<store::Db>, std::unique_ptr<store::Db>,
                                        const Clock&, server::AuthOptions>) {
    return std::make_unique<A>(std::move(store::open_db(db).value()),
                               std::move(store::open_db(db).value()), clock, std::move(o));
  } else {
    return std::make_unique<A>(std::move(store::open_db(db).value()), clock, std::move(o));
  }
}

// The i-th mine's code: kMine, then the codes after it.
std::string mine_code(int i) { return std::to_string(140421000111LL + i); }

struct Page {
  // `mines` mines of `points` points each; the page asked for is the first one's (kMine).
  explicit Page(int points, int mines = 1) {
    const char* tmp = std::getenv("TMPDIR");
    dir = fs::path(tmp != nullptr ? tmp : "/tmp") /
          ("mw_mine_page_bench_" + std::to_string(::getpid()) + "_" + std::to_string(points) + "_" +
           std::to_string(mines));
    fs::remove_all(dir);
    const Time t0 = *china_civil_time(2026, 9, 23, 10, 0, 0);
    clock.set(t0);
    pipeline::DurableOptions o;
    o.data_dir = dir;
    auto p = pipeline::DurablePipeline::open(o, default_rule_pack(),
                                             *netfile::builtin_profile("national"), clock);
    if (!p.ok()) {
      error = p.status().to_string();
      return;
    }
    pipe = std::move(*p);
    std::vector<Mine> registry;
    for (int i = 0; i < mines; ++i) {
      Mine m;
      m.code = mine_code(i);
      m.name = "鑫源";
      m.province = "14";
      m.gas_grade = GasGrade::kHigh;
      registry.push_back(std::move(m));
    }
    (void)pipe->import_registry(std::move(registry));
    for (int i = 0; i < mines && error.empty(); ++i) ingest_mine(mine_code(i), points, t0);
    if (!error.empty()) return;
    (void)pipe->checkpoint();

    const std::string db = (dir / "minewatch.db").string();
    deps.pipeline = pipe.get();
    deps.pack = &default_rule_pack();
    deps.clock = &clock;
    deps.store = std::move(store::open_db(db).value());
    workflow.emplace(std::move(store::open_db(db).value()), clock);
    deps.workflow = &*workflow;
    server::add_api_routes(router, deps);

    server::AuthOptions ao;
    ao.argon2 = {8, 1, 1};  // the login is not what is measured
    auth = make_auth(db, clock, ao);
    (void)auth->add_user("bench", "bench-password", server::Role::kNational, "", "bench");
    auto login = auth->login("bench", "bench-password", "127.0.0.1");
    if (!login.session) {
      error = "login failed: " + login.failure.message;
      return;
    }
    request.method = server::Method::kGet;
    request.path = "/api/v1/mines/" + std::string(kMine);
    request.headers.emplace_back("cookie", "mw_session=" + login.session->token);
    request.principal = auth->authenticate(request);
    if (!request.principal) error = "the session cookie did not authenticate";
  }

  // A CDDY of `points` points and a CDSS with a sample of each, applied.
  void ingest_mine(const std::string& code_of_mine, int points, Time t0) {
    const std::string ts = format_china_time(t0);
    std::string cddy = code_of_mine + ";鑫源;KJ95X;监控;厂家;2028-06-30;" + ts + "~";
    std::string cdss = code_of_mine + ";鑫源;" + ts + "~";
    for (int i = 0; i < points; ++i) {
      const bool methane = i % 10 < 6;
      char code[48];
      std::snprintf(code, sizeof code, "%s%s%04d", code_of_mine.c_str(), methane ? "MN" : "CO", i);
      const std::string_view place = kPlaces[static_cast<std::size_t>(i) % kPlaces.size()];
      cddy += def_line(code, methane, place, ts);
      cdss +=
          std::string(code) + (methane ? ";环境瓦斯;" : ";一氧化碳;") + std::string(place) +
          (methane ? (i < 30 && i % 10 == 0 ? ";1.20;%CH4;0;" : ";0.32;%CH4;0;") : ";6;ppm;0;") +
          ts + "~";
    }
    cddy += "||";
    cdss += "||";
    const std::string stamp = format_china_compact_time(t0);
    for (const auto& [type, bytes] : {std::pair{"CDDY", cddy}, std::pair{"CDSS", cdss}}) {
      auto r = pipe->ingest(code_of_mine + "_" + type + "_" + stamp + ".txt", bytes);
      if (!r.ok() || r->kind != pipeline::IngestOutcome::Kind::kApplied) {
        error =
            std::string(type) + " not applied: " + (r.ok() ? r->reason : r.status().to_string());
        return;
      }
    }
  }

  server::Response answer() {
    const server::Router::Match m = router.match(request.method, request.path);
    return (*m.handler)(request, m.params);
  }
  server::Response answer(const std::string& mine) {
    request.path = "/api/v1/mines/" + mine;
    server::Response r = answer();
    request.path = "/api/v1/mines/" + std::string(kMine);
    return r;
  }

  ~Page() {
    auth.reset();
    workflow.reset();
    deps.store.reset();
    if (pipe) (void)pipe->close();
    pipe.reset();
    fs::remove_all(dir);
  }

  fs::path dir;
  ManualClock clock{Time{}};
  std::unique_ptr<pipeline::DurablePipeline> pipe;
  std::optional<workflow::AlarmWorkflow> workflow;
  server::ApiDeps deps;
  server::Router router;
  std::unique_ptr<server::Auth> auth;
  server::Request request;
  std::string error;
};

void run(benchmark::State& state, bool with_cookie) {
  Page page(static_cast<int>(state.range(0)));
  if (!page.error.empty()) {
    state.SkipWithError(page.error.c_str());
    return;
  }
  // MW_MINE_PAGE_DUMP=<path>: the page's body into <path>.<points> (to compare two builds).
  if (const char* dump = std::getenv("MW_MINE_PAGE_DUMP"); dump != nullptr && !with_cookie) {
    const std::string body = page.answer().body;
    if (std::FILE* f =
            std::fopen((std::string(dump) + "." + std::to_string(state.range(0))).c_str(), "wb")) {
      std::fwrite(body.data(), 1, body.size(), f);
      std::fclose(f);
    }
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    if (with_cookie) {
      auto who = page.auth->authenticate(page.request);
      benchmark::DoNotOptimize(who);
    }
    server::Response r = page.answer();
    if (r.status != 200) {
      state.SkipWithError(("status " + std::to_string(r.status) + ": " + r.body).c_str());
      return;
    }
    bytes = r.body.size();
    benchmark::DoNotOptimize(r.body.data());
  }
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

// Heap in use (glibc, every arena): small chunks and mmapped ones.
double heap_bytes() {
  const struct mallinfo2 mi = ::mallinfo2();
  return static_cast<double>(mi.uordblks + mi.hblkhd);
}

// The heap each viewed point keeps (issue 6: a second copy of every definition was ~0.9 GB at
// national scale): range(1) mines of range(0) points ingested, then every mine's page asked
// for once through the pipeline (DurablePipeline::mine_view: the definitions' cache) and once
// through the API (adds the rendered JSON's cache). Bytes per point of each step, and of the
// ingest (the pipeline's own definitions, the tsdb's heads, ...) for scale.
void BM_MinePageHeap(benchmark::State& state) {
  const int points = static_cast<int>(state.range(0));
  const int mines = static_cast<int>(state.range(1));
  const double start = heap_bytes();
  Page page(points, mines);
  if (!page.error.empty()) {
    state.SkipWithError(page.error.c_str());
    return;
  }
  const double built = heap_bytes();
  double viewed = built, rendered = built;
  for (auto _ : state) {
    for (int i = 0; i < mines; ++i) {
      auto v = page.pipe->mine_view(mine_code(i));
      benchmark::DoNotOptimize(v);
    }
    viewed = heap_bytes();
    for (int i = 0; i < mines; ++i) {
      server::Response r = page.answer(mine_code(i));
      if (r.status != 200) {
        state.SkipWithError(("status " + std::to_string(r.status) + ": " + r.body).c_str());
        return;
      }
    }
    rendered = heap_bytes();
  }
  const double n = static_cast<double>(points) * mines;
  state.counters["ingest_B_per_point"] = (built - start) / n;
  state.counters["cache_B_per_point"] = (viewed - built) / n;
  state.counters["page_B_per_point"] = (rendered - built) / n;
}

void BM_MinePage(benchmark::State& state) { run(state, false); }
void BM_MinePageWithCookie(benchmark::State& state) { run(state, true); }

BENCHMARK(BM_MinePage)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MinePageWithCookie)->Arg(1000)->Unit(benchmark::kMicrosecond);
// Each mine is viewed once: one iteration is the measurement.
BENCHMARK(BM_MinePageHeap)->Args({1000, 20})->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
