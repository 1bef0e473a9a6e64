#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>

namespace mw::server {
namespace {

namespace fs = std::filesystem;

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    top_ = fs::temp_directory_path() / ("mw_static_" + std::to_string(rd()));
    dist_ = top_ / "dist";
    fs::create_directories(dist_ / "assets");
    write(dist_ / "index.html", "<!doctype html><title>index</title>");
    write(dist_ / "assets" / "index-B1a2c3.js", "console.log(1)");
    write(dist_ / "assets" / "index-D4e5f6.css", "body{}");
    write(dist_ / "favicon.svg", "<svg/>");
    write(dist_ / ".env", "SECRET=1");
    write(top_ / "secret.txt", "outside");
  }
  void TearDown() override { fs::remove_all(top_); }

  static void write(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
  }

  Response get(std::string_view path) { return call(Method::kGet, path); }
  // As the server dispatches: no handler is 404, else the handler's (or the 405) answer.
  Response call(Method method, std::string_view path) {
    Router router;
    add_static_routes(router, dist_);
    const Router::Match m = router.match(method, path);
    if (m.handler == nullptr) return Response::error(404, "no route");
    Request req;
    req.method = method;
    req.path = std::string(path);
    return (*m.handler)(req, m.params);
  }

  fs::path top_;
  fs::path dist_;
};

TEST(ContentType, ByExtensionCaseInsensitive) {
  EXPECT_EQ(content_type_for("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("A.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("f.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("x.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("js"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesRootAsIndexWithoutCaching) {
  const Response r = get("/");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body, "<!doctype html><title>index</title>");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  const Response js = get("/assets/index-B1a2c3.js");
  EXPECT_EQ(js.status, 200u);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(js, "X-Content-Type-Options"), "nosniff");
  const Response css = get("/assets/index-D4e5f6.css");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  const Response icon = get("/favicon.svg");
  EXPECT_EQ(icon.status, 200u);
  EXPECT_EQ(header(icon, "Cache-Control"), "public, max-age=3600");
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndex) {
  for (const char* path :
       {"/login", "/mines/140421000111", "/alarms/17", "/personnel/140421000111/areas/A01/x"}) {
    const Response r = get(path);
    EXPECT_EQ(r.status, 200u) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>index</title>") << path;
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, ApiPathsNeverFallBack) {
  for (const char* path : {"/api", "/api/v1/nothing", "/api/v1/mines/x/y/z"}) {
    const Response r = get(path);
    EXPECT_EQ(r.status, 404u) << path;
    EXPECT_EQ(r.content_type, "application/json") << path;
    EXPECT_NE(r.body.find("openapi"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, MissingAssetIs404NotIndex) {
  const Response r = get("/assets/index-OLD.js");
  EXPECT_EQ(r.status, 404u);
}

TEST_F(StaticFilesTest, NoTraversalOrHiddenFiles) {
  EXPECT_FALSE(resolve_static_path(dist_, "/../secret.txt"));
  EXPECT_FALSE(resolve_static_path(dist_, "/assets/../../secret.txt"));
  EXPECT_FALSE(resolve_static_path(dist_, "/./index.html"));
  EXPECT_FALSE(resolve_static_path(dist_, "/.env"));
  EXPECT_FALSE(resolve_static_path(dist_, "/assets\\..\\..\\secret.txt"));
  EXPECT_FALSE(resolve_static_path(dist_, std::string_view("/index.html\0.js", 15)));
  EXPECT_FALSE(resolve_static_path(dist_, "/assets"));  // a directory
  EXPECT_FALSE(resolve_static_path(dist_, "//etc/passwd"));
  EXPECT_TRUE(resolve_static_path(dist_, "/index.html"));
  // Through the routes the traversal gets index.html, never the file outside.
  const Response r = get("/../secret.txt");
  EXPECT_EQ(r.body.find("outside"), std::string::npos);
  EXPECT_EQ(get("/.env").body.find("SECRET"), std::string::npos);
}

TEST_F(StaticFilesTest, SymlinkOutOfRootRefused) {
  std::error_code ec;
  fs::create_symlink(top_ / "secret.txt", dist_ / "link.txt", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_FALSE(resolve_static_path(dist_, "/link.txt"));
  EXPECT_EQ(get("/link.txt").body.find("outside"), std::string::npos);
}

TEST_F(StaticFilesTest, LiteralRoutesWinOverStatic) {
  Router router;
  router.add(Method::kGet, "/api/v1/mines/{mine}",
             [](const Request&, const PathParams&) { return Response::json(200, "{\"api\":1}"); });
  router.add(Method::kGet, "/healthz",
             [](const Request&, const PathParams&) { return Response::json(200, "{\"ok\":1}"); });
  add_static_routes(router, dist_);
  Request req;
  req.path = "/api/v1/mines/140421000111";
  auto m = router.match(Method::kGet, req.path);
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ((*m.handler)(req, m.params).body, "{\"api\":1}");
  req.path = "/healthz";
  m = router.match(Method::kGet, req.path);
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ((*m.handler)(req, m.params).body, "{\"ok\":1}");
}

TEST_F(StaticFilesTest, OtherMethodsAre405OnlyOnPagesAndFiles) {
  for (const char* path : {"/", "/overview", "/mines/140421000111", "/alarms/17", "/favicon.svg",
                           "/assets/index-B1a2c3.js"}) {
    const Response r = call(Method::kPost, path);
    EXPECT_EQ(r.status, 405u) << path;
    EXPECT_EQ(header(r, "Allow"), "GET, HEAD") << path;
  }
  for (const char* path : {"/nothing", "/wp-login.php", "/mines/1/2", "/assets/index-OLD.js",
                           "/api/v1/nothing", "/.env"}) {
    EXPECT_EQ(call(Method::kPost, path).status, 404u) << path;
    EXPECT_EQ(call(Method::kDelete, path).status, 404u) << path;
  }
  // GET (and HEAD) still fall back to index.html for any path outside /api and /assets.
  EXPECT_EQ(get("/nothing").status, 200u);
  EXPECT_EQ(call(Method::kHead, "/nothing").status, 200u);
}

TEST(AppPages, RouterJsPagesOnly) {
  EXPECT_TRUE(is_app_page("/"));
  EXPECT_TRUE(is_app_page("/mines"));
  EXPECT_TRUE(is_app_page("/mines/620823009203"));
  EXPECT_FALSE(is_app_page("/mines/"));
  EXPECT_FALSE(is_app_page("/mines/620823009203/x"));
  EXPECT_FALSE(is_app_page("/minesx"));
  EXPECT_FALSE(is_app_page("/index.php"));
}

TEST(AppPages, EveryPageOfTheWebRouterIsClaimed) {
  // web/src/router.js's `path: '…'` entries, a parameter given a value; the catch-all
  // redirect (`/:rest(.*)*`) is no page of its own.
  const char* src = std::getenv("MW_SOURCE_DIR");
  std::ifstream in(fs::path(src != nullptr ? src : ".") / "web" / "src" / "router.js");
  ASSERT_TRUE(in) << "web/src/router.js not found";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t pages = 0;
  for (std::size_t at = text.find("path: '"); at != std::string::npos;
       at = text.find("path: '", at + 1)) {
    const std::size_t start = at + 7;
    std::string path = text.substr(start, text.find('\'', start) - start);
    if (path.find('(') != std::string::npos) continue;
    if (const auto colon = path.find(':'); colon != std::string::npos) {
      path = path.substr(0, colon) + "620823009203";
    }
    EXPECT_TRUE(is_app_page(path)) << path << " is a page of web/src/router.js";
    ++pages;
  }
  EXPECT_GE(pages, 5u);
}

TEST_F(StaticFilesTest, UnbuiltDistSaysHowToBuild) {
  fs::remove_all(dist_);
  const Response r = get("/overview");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("scripts/web.sh"), std::string::npos);
}

}  // namespace
}  // namespace mw::server
