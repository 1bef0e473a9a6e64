// src/server/openapi.json against the routes: every route is documented, every documented
// route of this file is served, and the document is valid JSON of OpenAPI 3.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "server/api_routes.hpp"

namespace mw::server {
namespace {

std::string_view method_key(Method m) {
  switch (m) {
    case Method::kGet: return "get";
    case Method::kHead: return "head";
    case Method::kPost: return "post";
    case Method::kPut: return "put";
    case Method::kPatch: return "patch";
    case Method::kDelete: return "delete";
    case Method::kOptions: return "options";
  }
  return "?";
}

std::string concrete(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      out += "x1";
      i = pattern.find('}', i) + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = simdjson::padded_string(openapi_document());
    auto doc = parser_.parse(text_);
    ASSERT_EQ(doc.error(), simdjson::SUCCESS) << "src/server/openapi.json is not valid JSON";
    doc_ = doc.value_unsafe();
  }
  bool documented(std::string_view path, std::string_view method) {
    return doc_["paths"][path][method].error() == simdjson::SUCCESS;
  }

  simdjson::dom::parser parser_;
  simdjson::padded_string text_;
  simdjson::dom::element doc_;
};

TEST_F(OpenApiTest, IsOpenApi31WithInfoAndSchemas) {
  EXPECT_EQ(std::string_view(doc_["openapi"].get_string()), "3.1.0");
  EXPECT_EQ(doc_["info"]["title"].error(), simdjson::SUCCESS);
  EXPECT_EQ(doc_["components"]["schemas"]["Alarm"].error(), simdjson::SUCCESS);
}

TEST_F(OpenApiTest, DocumentsTheMapFieldsOfTheMineListAndTheHandUps) {
  auto mine = doc_["components"]["schemas"]["MineSummary"]["properties"];
  for (const char* field : {"lat", "lon", "online", "last_upload", "people_underground",
                            "active_alarms", "worst_active_severity"}) {
    EXPECT_EQ(mine[field].error(), simdjson::SUCCESS) << field;
  }
  auto handed_up = doc_["components"]["schemas"]["AlarmDetail"]["properties"]["handed_up"];
  EXPECT_EQ(handed_up["items"]["properties"]["level"].error(), simdjson::SUCCESS);
  EXPECT_EQ(handed_up["items"]["properties"]["time"].error(), simdjson::SUCCESS);
}

TEST_F(OpenApiTest, EveryApiRouteIsDocumentedAndRegistered) {
  ApiDeps deps;  // registration only: no handler runs
  Router router;
  add_api_routes(router, deps);
  for (const RouteSpec& s : api_route_specs()) {
    SCOPED_TRACE(std::string(method_key(s.method)) + " " + std::string(s.pattern));
    EXPECT_TRUE(documented(s.pattern, method_key(s.method)));
    EXPECT_NE(router.match(s.method, concrete(s.pattern)).handler, nullptr);
  }
}

TEST_F(OpenApiTest, EveryDocumentedReadOrAlarmRouteExists) {
  std::set<std::pair<std::string, std::string>> specs;
  for (const RouteSpec& s : api_route_specs()) {
    specs.emplace(std::string(s.pattern), std::string(method_key(s.method)));
  }
  // Routes of the upload and auth route files (briefs E1, E2), documented in the same file.
  const std::set<std::pair<std::string, std::string>> others = {
      {"/api/v1/mines/{mine}/files/{name}", "put"},
      {"/api/v1/mines/{mine}/key", "post"},
  };
  std::size_t checked = 0;
  for (auto [path, item] : doc_["paths"].get_object()) {
    const std::string p(path);
    if (p.rfind("/api/v1/mines", 0) != 0 && p.rfind("/api/v1/alarms", 0) != 0) continue;
    for (auto [method, op] : item.get_object()) {
      const std::pair<std::string, std::string> key{p, std::string(method)};
      if (others.count(key) != 0) continue;
      EXPECT_EQ(specs.count(key), 1U) << key.second << " " << key.first
                                      << " is documented but add_api_routes does not serve it";
      ++checked;
    }
  }
  EXPECT_EQ(checked, specs.size() - 1);  // all but /api/v1/openapi.json
}

TEST_F(OpenApiTest, DocumentsTheUploadAuthLiveAndOperationsRoutes) {
  // The other route files' routes (briefs E1 and E2), as E-serve-common.md names them.
  const std::pair<std::string_view, std::string_view> routes[] = {
      {"/api/v1/mines/{mine}/files/{name}", "put"},
      {"/api/v1/ingest", "post"},
      {"/api/v1/live", "get"},
      {"/api/v1/session", "post"},
      {"/api/v1/session", "delete"},
      {"/api/v1/me", "get"},
      {"/api/v1/users", "get"},
      {"/api/v1/users", "post"},
      {"/api/v1/users/{name}/disable", "post"},
      {"/api/v1/mines/{mine}/key", "post"},
      {"/metrics", "get"},
      {"/healthz", "get"},
  };
  for (const auto& [path, method] : routes) {
    EXPECT_TRUE(documented(path, method)) << method << " " << path;
  }
}

}  // namespace
}  // namespace mw::server
