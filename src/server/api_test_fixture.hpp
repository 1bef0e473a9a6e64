#pragma once
// Test fixture of the API route tests: a real DurablePipeline in a temp data directory fed
// with one scenario's files (tests/scenarios), the workflow and the routes over it, and
// helpers that call a route through the Router as a given caller.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/mine_registry.hpp"
#include "server/api_routes.hpp"
#include "store/open_db.hpp"

namespace mw::server::apitest {

namespace fs = std::filesystem;

// mine_activity_while_closed: a closed Shanxi mine (14…, red alarm ended) and a stopped
// Gansu mine (62…, red alarm still active since 01:25), with people underground.
inline constexpr std::string_view kShanxi = "140421000111";
inline constexpr std::string_view kGansu = "620823009203";

inline Time at(int hour, int minute, int second = 0) {
  return *china_civil_time(2026, 9, 23, hour, minute, second);
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline fs::path scenario_dir(std::string_view name) {
  const char* src = std::getenv("MW_SOURCE_DIR");
  return fs::path(src != nullptr ? src : ".") / "tests" / "scenarios" / std::string(name);
}

inline Principal who(Role role, std::string scope, std::string name = "u") {
  Principal p;
  p.user_id = 1;
  p.name = std::move(name);
  p.role = role;
  p.scope = std::move(scope);
  return p;
}
inline const Principal kNation = who(Role::kNational, "", "admin");
inline const Principal kShanxiProvince = who(Role::kProvince, "14", "shanxi");
inline const Principal kGansuProvince = who(Role::kProvince, "62", "gansu");
inline const Principal kGansuCity = who(Role::kCity, "6208", "jiuquan");
inline const Principal kGansuMine = who(Role::kMine, std::string(kGansu), "dispatcher");
inline const Principal kGansuViewer = who(Role::kViewer, "62", "viewer");

class ApiRoutesTest : public ::testing::Test {
 protected:
  // Opens the data directory with the clock at `now` (files after now + 5 min are refused)
  // and feeds it the scenario's files.
  void open(std::string_view scenario, Time now = at(1, 30)) {
    clock_.set(now);
    const fs::path dir = scenario_dir(scenario);
    pipeline::DurableOptions options;
    options.data_dir = tmp_.file("data");
    auto p = pipeline::DurablePipeline::open(options, default_rule_pack(),
                                             *netfile::builtin_profile("national"), clock_);
    ASSERT_TRUE(p.ok()) << p.status().to_string();
    pipeline_ = std::move(*p);
    auto mines = parse_mine_registry(read_file(dir / "mines.csv"));
    ASSERT_TRUE(mines.ok()) << mines.status().to_string();
    ASSERT_TRUE(pipeline_->import_registry(*mines).ok());
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".txt") files.push_back(e.path());
    }
    // In file-time order, definitions first within a second (contracts.md replay).
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
      const std::string fa = a.filename().string(), fb = b.filename().string();
      const std::string ta = fa.substr(fa.rfind('_') + 1), tb = fb.substr(fb.rfind('_') + 1);
      return ta != tb ? ta < tb : fa < fb;
    });
    for (const fs::path& f : files) {
      auto r = pipeline_->ingest(f.filename().string(), read_file(f));
      ASSERT_TRUE(r.ok()) << f << ": " << r.status().to_string();
      ASSERT_EQ(r->kind, pipeline::IngestOutcome::Kind::kApplied) << f << ": " << r->reason;
    }
    // Timers (closing episodes whose flap window passed), then commit the stores so the
    // workflow's own connection can write.
    pipeline_->advance();
    ASSERT_TRUE(pipeline_->checkpoint().ok());
    auto db = store::open_db((options.data_dir / "minewatch.db").string());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    workflow_.emplace(std::move(*db), clock_);
    auto reader = store::open_db((options.data_dir / "minewatch.db").string());
    ASSERT_TRUE(reader.ok()) << reader.status().to_string();
    deps_.pipeline = pipeline_.get();
    deps_.workflow = &*workflow_;
    deps_.pack = &default_rule_pack();
    deps_.clock = &clock_;
    deps_.store = std::move(*reader);
    add_api_routes(router_, deps_);
  }

  Response call(Method method, std::string_view path, const std::optional<Principal>& p,
                std::vector<std::pair<std::string, std::string>> query = {},
                std::string body = {}) {
    Request req;
    req.method = method;
    req.path = std::string(path);
    req.query = std::move(query);
    req.body = std::move(body);
    req.principal = p;
    const Router::Match m = router_.match(method, path);
    if (m.handler == nullptr) return Response::error(m.path_known ? 405 : 404, "no route");
    return (*m.handler)(req, m.params);
  }
  Response get(std::string_view path, const std::optional<Principal>& p,
               std::vector<std::pair<std::string, std::string>> query = {}) {
    return call(Method::kGet, path, p, std::move(query));
  }
  Response post(std::string_view path, const std::optional<Principal>& p, std::string body) {
    return call(Method::kPost, path, p, {}, std::move(body));
  }

  // Parses a response body (kept alive in the fixture's parser until the next parse).
  simdjson::dom::element json(const Response& r) {
    body_ = simdjson::padded_string(r.body);
    auto doc = parser_.parse(body_);
    EXPECT_EQ(doc.error(), simdjson::SUCCESS) << r.body;
    return doc.value_unsafe();
  }

  // The id of the one alarm of `mine`, read as the nation sees it.
  std::int64_t alarm_of(std::string_view mine) {
    const Response r = get("/api/v1/alarms", kNation, {{"mine", std::string(mine)}});
    EXPECT_EQ(r.status, 200U) << r.body;
    auto alarms = json(r)["alarms"].get_array();
    EXPECT_EQ(alarms.size(), 1U) << r.body;
    return alarms.at(0)["id"].get_int64().value_unsafe();
  }

  std::vector<std::string> mine_codes(const Principal& p) {
    const Response r = get("/api/v1/mines", p);
    EXPECT_EQ(r.status, 200U) << r.body;
    std::vector<std::string> out;
    for (auto m : json(r)["mines"].get_array()) {
      out.emplace_back(m["code"].get_string().value_unsafe());
    }
    return out;
  }

  mw::testing::TempDir tmp_;
  ManualClock clock_{at(1, 30)};
  std::unique_ptr<pipeline::DurablePipeline> pipeline_;
  std::optional<workflow::AlarmWorkflow> workflow_;
  ApiDeps deps_;
  Router router_;
  simdjson::dom::parser parser_;
  simdjson::padded_string body_;
};

// A concrete path for a route pattern: {mine} → `mine`, other parameters → `other`.
inline std::string concrete(std::string_view pattern, std::string_view mine,
                            std::string_view other) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      out += pattern.substr(i + 1, close - i - 1) == "mine" ? mine : other;
      i = close + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

}  // namespace mw::server::apitest
