// The accounts API through the Router, with authentication run first as the server does.
#include "server/auth_routes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "base/temp_dir.hpp"
#include "store/catalog_repo.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_db.hpp"
#include "workflow/audit.hpp"

namespace mw::server {
namespace {

constexpr std::string_view kShanxiMine = "140421000111";
constexpr std::string_view kShaanxiMine = "610100000333";
constexpr std::string_view kPassword = "correct horse battery";

Time at(int hour) { return *china_civil_time(2026, 9, 23, hour, 0, 0); }

std::unique_ptr<store::Db> open_db(const std::string& path) {
  auto db = store::SqliteDb::open(path);
  if (!db.ok()) throw std::runtime_error(db.status().to_string());
  return std::unique_ptr<store::Db>(std::move(*db));
}

std::string body_of(std::string_view user, std::string_view password) {
  return R"({"user":")" + std::string(user) + R"(","password":")" + std::string(password) + R"("})";
}

class AuthRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_db(dir_.sub("minewatch.db"));
    ASSERT_TRUE(store::migrate(*db, clock_).ok());
    for (const auto code : {kShanxiMine, kShaanxiMine}) {
      Mine m;
      m.code = std::string(code);
      m.name = "矿";
      m.province = m.code.substr(0, 2);
      ASSERT_TRUE(store::CatalogRepo(*db).upsert_mine(m).ok());
    }
    AuthOptions o;
    o.argon2 = {8, 1, 1};  // argon2's minimum: fast tests
    auth_ = std::make_unique<Auth>(std::move(db), clock_, o);
    add_auth_routes(router_, *auth_);
    const struct {
      const char* name;
      Role role;
      std::string_view scope;
    } users[] = {{"admin", Role::kNational, ""},
                 {"shanxi", Role::kProvince, "14"},
                 {"changzhi", Role::kCity, "1404"},
                 {"dispatcher", Role::kMine, kShanxiMine},
                 {"viewer", Role::kViewer, ""}};
    for (const auto& u : users) {
      ASSERT_TRUE(auth_->add_user(u.name, kPassword, u.role, u.scope, "test").ok());
    }
  }

  // Authenticates like the server, then routes.
  Response call(Method m, std::string_view path, std::string body = "",
                std::string_view cookie = "", std::string_view bearer = "") {
    Request req;
    req.method = m;
    req.path = std::string(path);
    req.body = std::move(body);
    req.remote = "192.0.2.7";
    if (!cookie.empty()) req.headers.emplace_back("cookie", "mw_session=" + std::string(cookie));
    if (!bearer.empty()) req.headers.emplace_back("authorization", "Bearer " + std::string(bearer));
    req.principal = auth_->authenticate(req);
    auto match = router_.match(m, path);
    if (match.handler == nullptr) return Response::error(match.path_known ? 405 : 404, "no route");
    return (*match.handler)(req, match.params);
  }
  // Logs in and returns the cookie value.
  std::string session(std::string_view user) {
    const Response r = call(Method::kPost, "/api/v1/session", body_of(user, kPassword));
    EXPECT_EQ(r.status, 200u) << r.body;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") {
        const auto start = value.find('=') + 1;
        return value.substr(start, value.find(';') - start);
      }
    }
    ADD_FAILURE() << "no Set-Cookie";
    return "";
  }
  std::vector<std::string> audited_actions() {
    auto db = open_db(dir_.sub("minewatch.db"));
    auto records = workflow::AuditLog(*db, clock_).list();
    std::vector<std::string> out;
    if (records.ok()) {
      for (const auto& r : *records) out.push_back(r.entry.actor + " " + r.entry.action);
    }
    return out;
  }

  testing::TempDir dir_{"mw_auth_routes"};
  ManualClock clock_{at(9)};
  std::unique_ptr<Auth> auth_;
  Router router_;
};

TEST_F(AuthRoutesTest, LoginSetsTheCookieAndMeAnswersWithIt) {
  const Response r = call(Method::kPost, "/api/v1/session", body_of("shanxi", kPassword));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_NE(r.body.find(R"("role":"province","scope":"14")"), std::string::npos) << r.body;
  bool cookie = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "Set-Cookie") {
      cookie = true;
      EXPECT_NE(value.find("HttpOnly"), std::string::npos);
      EXPECT_NE(value.find("SameSite=Strict"), std::string::npos);
    }
  }
  EXPECT_TRUE(cookie);

  const std::string s = session("shanxi");
  const Response me = call(Method::kGet, "/api/v1/me", "", s);
  EXPECT_EQ(me.status, 200u);
  EXPECT_NE(me.body.find(R"("name":"shanxi")"), std::string::npos) << me.body;
  EXPECT_EQ(call(Method::kGet, "/api/v1/me").status, 401u);

  EXPECT_EQ(call(Method::kDelete, "/api/v1/session", "", s).status, 204u);
  EXPECT_EQ(call(Method::kGet, "/api/v1/me", "", s).status, 401u);
}

TEST_F(AuthRoutesTest, BadLoginsAnswer400_401_429) {
  EXPECT_EQ(call(Method::kPost, "/api/v1/session", "{not json").status, 400u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/session", R"({"user":"admin"})").status, 400u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/session", R"({"user":1,"password":"x"})").status, 400u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/session", "[]").status, 400u);
  const Response wrong = call(Method::kPost, "/api/v1/session", body_of("admin", "nope-nope"));
  const Response unknown = call(Method::kPost, "/api/v1/session", body_of("ghost", kPassword));
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(wrong.body, unknown.body);  // no hint which part was wrong
  for (int i = 0; i < 5; ++i) (void)call(Method::kPost, "/api/v1/session", body_of("admin", "x"));
  const Response limited = call(Method::kPost, "/api/v1/session", body_of("admin", kPassword));
  EXPECT_EQ(limited.status, 429u);
  ASSERT_EQ(limited.headers.size(), 1u);
  EXPECT_EQ(limited.headers[0].first, "Retry-After");
  EXPECT_EQ(limited.headers[0].second, "900");  // the whole 15-min window: the clock stood still
}

TEST_F(AuthRoutesTest, PasswordChecksBeyondTheGlobalCapAnswer503WithRetryAfter) {
  // Two checks may run at once; the hook holds the first two open until the flood is over.
  std::atomic<int> entered{0};
  std::promise<void> release;
  const std::shared_future<void> released = release.get_future().share();
  AuthOptions o;
  o.argon2 = {8, 1, 1};
  o.max_password_checks = 2;
  o.on_password_check = [&] {
    if (entered.fetch_add(1) < 2) released.wait();
  };
  Auth auth(open_db(dir_.sub("minewatch.db")), clock_, o);
  Router router;
  add_auth_routes(router, auth);
  const auto login = [&](std::string user, std::string remote, std::string_view password) {
    Request req;
    req.method = Method::kPost;
    req.path = "/api/v1/session";
    req.body = body_of(user, password);
    req.remote = std::move(remote);
    const auto m = router.match(req.method, req.path);
    return (*m.handler)(req, m.params);
  };
  Response first, second;
  std::thread a([&] { first = login("admin", "198.51.100.1", kPassword); });
  std::thread b([&] { second = login("ghost", "198.51.100.2", "a guess"); });
  while (entered.load() < 2) std::this_thread::yield();

  // A distributed guess: many users from many remotes, from several threads at once.
  std::atomic<int> busy{0};
  std::atomic<int> other{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const Response r = login("user" + std::to_string(t * 5 + i),
                                 "203.0.113." + std::to_string(t * 5 + i), "a guess");
        std::string retry;
        for (const auto& [name, value] : r.headers) {
          if (name == "Retry-After") retry = value;
        }
        (r.status == 503 && retry == "1" ? busy : other).fetch_add(1);
      }
    });
  }
  for (std::thread& t : flood) t.join();
  EXPECT_EQ(busy.load(), 20);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(entered.load(), 2);  // none of the flood reached argon2id

  release.set_value();
  a.join();
  b.join();
  EXPECT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(second.status, 401u) << second.body;
  // The slots are free again, and a refused login counted no failure against its user.
  EXPECT_EQ(login("user0", "203.0.113.0", "a guess").status, 401u);
  EXPECT_EQ(login("admin", "203.0.113.99", kPassword).status, 200u);
}

TEST_F(AuthRoutesTest, OnlyNationalUsersManageUsers) {
  const std::string admin = session("admin");
  const std::string shanxi = session("shanxi");
  const std::string add =
      R"({"name":"taiyuan","password":"a long password","role":"city","scope":"1401"})";
  EXPECT_EQ(call(Method::kPost, "/api/v1/users", add).status, 401u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/users", add, shanxi).status, 403u);
  EXPECT_EQ(call(Method::kGet, "/api/v1/users", "", shanxi).status, 403u);
  const Response created = call(Method::kPost, "/api/v1/users", add, admin);
  EXPECT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(call(Method::kPost, "/api/v1/users", add, admin).status, 409u);  // name taken
  EXPECT_EQ(call(Method::kPost, "/api/v1/users",
                 R"({"name":"x1","password":"a long password","role":"root","scope":""})", admin)
                .status,
            400u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/users",
                 R"({"name":"x2","password":"a long password","role":"city","scope":"14"})", admin)
                .status,
            400u);
  const Response list = call(Method::kGet, "/api/v1/users", "", admin);
  EXPECT_EQ(list.status, 200u);
  EXPECT_NE(list.body.find(R"("name":"taiyuan","role":"city","scope":"1401")"), std::string::npos)
      << list.body;
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);  // hashes never leave the store

  const std::string dispatcher = session("dispatcher");
  EXPECT_EQ(call(Method::kPost, "/api/v1/users/dispatcher/disable", "", admin).status, 204u);
  EXPECT_EQ(call(Method::kGet, "/api/v1/me", "", dispatcher).status, 401u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/users/nobody/disable", "", admin).status, 404u);
  EXPECT_EQ(call(Method::kPost, "/api/v1/users/admin/disable", "", admin).status, 400u);

  const auto actions = audited_actions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "admin user.add"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "admin user.disable"), actions.end());
}

TEST_F(AuthRoutesTest, KeyRotationByScope) {
  const auto rotate = [&](std::string_view mine, std::string_view user) {
    return call(Method::kPost, "/api/v1/mines/" + std::string(mine) + "/key", "", session(user));
  };
  // A Shanxi supervisor does not learn that a Shaanxi mine exists.
  EXPECT_EQ(rotate(kShaanxiMine, "shanxi").status, 404u);
  EXPECT_EQ(rotate(kShanxiMine, "changzhi").status, 403u);
  EXPECT_EQ(rotate(kShanxiMine, "dispatcher").status, 403u);
  EXPECT_EQ(rotate(kShanxiMine, "viewer").status, 403u);
  EXPECT_EQ(rotate("140421000999", "admin").status, 404u);  // not in the catalog
  EXPECT_EQ(call(Method::kPost, "/api/v1/mines/140421000111/key").status, 401u);

  const Response first = rotate(kShanxiMine, "shanxi");
  ASSERT_EQ(first.status, 200u) << first.body;
  const auto key_of = [](const Response& r) {
    const auto start = r.body.find("mwk_");
    return r.body.substr(start, r.body.find('"', start) - start);
  };
  const std::string k1 = key_of(first);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, k1), UploadKeyCheck::kOk);
  const Response second = rotate(kShanxiMine, "admin");
  ASSERT_EQ(second.status, 200u);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, k1), UploadKeyCheck::kUnknownKey);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, key_of(second)), UploadKeyCheck::kOk);
  EXPECT_EQ(rotate(kShaanxiMine, "admin").status, 200u);
}

TEST_F(AuthRoutesTest, ApiTokensForTheCaller) {
  const std::string s = session("changzhi");
  EXPECT_EQ(call(Method::kPost, "/api/v1/me/tokens", R"({"label":"x"})").status, 401u);
  const Response created = call(Method::kPost, "/api/v1/me/tokens", R"({"label":"gis"})", s);
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto start = created.body.find("mwt_");
  const std::string token = created.body.substr(start, created.body.find('"', start) - start);

  const Response me = call(Method::kGet, "/api/v1/me", "", "", token);
  EXPECT_EQ(me.status, 200u);
  EXPECT_NE(me.body.find(R"("scope":"1404")"), std::string::npos);
  const Response list = call(Method::kGet, "/api/v1/me/tokens", "", s);
  EXPECT_NE(list.body.find(R"("label":"gis")"), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("mwt_"), std::string::npos);

  // Another user cannot revoke it; its owner can.
  const std::string other = session("shanxi");
  const std::string id = list.body.substr(list.body.find(R"("id":)") + 5, 1);
  EXPECT_EQ(call(Method::kDelete, "/api/v1/me/tokens/" + id, "", other).status, 404u);
  EXPECT_EQ(call(Method::kDelete, "/api/v1/me/tokens/x", "", s).status, 404u);
  EXPECT_EQ(call(Method::kDelete, "/api/v1/me/tokens/" + id, "", s).status, 204u);
  EXPECT_EQ(call(Method::kGet, "/api/v1/me", "", "", token).status, 401u);
}

}  // namespace
}  // namespace mw::server
