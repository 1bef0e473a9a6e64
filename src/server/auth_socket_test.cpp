// The accounts API over real sockets: HttpServer authenticates with Auth before routing, as
// `serve` wires it. Login, cookie, bearer tokens, scope answers, bad input and the login
// rate limit, each as a client sees them on the wire.
#include <gtest/gtest.h>

#include "base/temp_dir.hpp"
#include "server/auth.hpp"
#include "server/auth_routes.hpp"
#include "server/http_client.hpp"
#include "server/http_server.hpp"
#include "store/catalog_repo.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_db.hpp"

namespace mw::server {
namespace {

constexpr std::string_view kPassword = "correct horse battery";
using Headers = std::vector<std::pair<std::string, std::string>>;

class AuthSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::SqliteDb::open(dir_.sub("minewatch.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(store::migrate(**db, SystemClock::instance()).ok());
    for (const char* code : {"140421000111", "610100000333"}) {
      Mine m;
      m.code = code;
      m.name = "矿";
      m.province = m.code.substr(0, 2);
      ASSERT_TRUE(store::CatalogRepo(**db).upsert_mine(m).ok());
    }
    AuthOptions o;
    o.argon2 = {8, 1, 1};  // argon2's minimum: fast tests
    auth_ = std::make_unique<Auth>(std::unique_ptr<store::Db>(std::move(*db)),
                                   SystemClock::instance(), o);
    ASSERT_TRUE(auth_->add_user("admin", kPassword, Role::kNational, "", "test").ok());
    ASSERT_TRUE(auth_->add_user("shanxi", kPassword, Role::kProvince, "14", "test").ok());
    add_auth_routes(router_, *auth_);
    HttpServerOptions options;
    options.port = 0;
    HttpHooks hooks;
    hooks.authenticate = [this](const Request& r) { return auth_->authenticate(r); };
    auto server = HttpServer::start(options, router_, hooks);
    ASSERT_TRUE(server.ok()) << server.status().to_string();
    server_ = std::move(*server);
    client_ = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->stop(Seconds{1});
  }
  ClientResponse send(Method m, std::string_view target, std::string body = {},
                      const Headers& headers = {}) {
    auto r = client_->request(m, target, std::move(body), headers);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : ClientResponse{};
  }
  // Logs in; the cookie pair ("mw_session=...") to send back.
  std::string login(std::string_view user) {
    const ClientResponse r = send(Method::kPost, "/api/v1/session",
                                  R"({"user":")" + std::string(user) + R"(","password":")" +
                                      std::string(kPassword) + R"("})");
    EXPECT_EQ(r.status, 200u) << r.body;
    const auto cookie = r.header("set-cookie");
    if (!cookie) {
      ADD_FAILURE() << "no Set-Cookie";
      return "";
    }
    return std::string(cookie->substr(0, cookie->find(';')));
  }

  testing::TempDir dir_{"mw_auth_socket"};
  std::unique_ptr<Auth> auth_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(AuthSocketTest, CookieSessionOverTheWire) {
  const ClientResponse r = send(Method::kPost, "/api/v1/session",
                                R"({"user":"shanxi","password":"correct horse battery"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto set_cookie = r.header("set-cookie");
  ASSERT_TRUE(set_cookie.has_value());
  EXPECT_NE(set_cookie->find("HttpOnly"), std::string_view::npos);
  EXPECT_NE(set_cookie->find("SameSite=Strict"), std::string_view::npos);

  const std::string cookie = login("shanxi");
  const ClientResponse me = send(Method::kGet, "/api/v1/me", {}, {{"Cookie", cookie}});
  EXPECT_EQ(me.status, 200u);
  EXPECT_NE(me.body.find(R"("scope":"14")"), std::string::npos) << me.body;
  EXPECT_EQ(send(Method::kGet, "/api/v1/me").status, 401u);
  EXPECT_EQ(send(Method::kGet, "/api/v1/me", {}, {{"Cookie", "mw_session=forged"}}).status, 401u);

  EXPECT_EQ(send(Method::kDelete, "/api/v1/session", {}, {{"Cookie", cookie}}).status, 204u);
  EXPECT_EQ(send(Method::kGet, "/api/v1/me", {}, {{"Cookie", cookie}}).status, 401u);
}

TEST_F(AuthSocketTest, BadBodiesAndGuessingAreRefusedWithReasons) {
  const std::string cookie = login("shanxi");
  const ClientResponse garbage = send(Method::kPost, "/api/v1/session", "\x01\x02{");
  EXPECT_EQ(garbage.status, 400u);
  EXPECT_NE(garbage.body.find("\"error\""), std::string::npos);
  EXPECT_EQ(send(Method::kPost, "/api/v1/session", R"({"user":"admin"})").status, 400u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        send(Method::kPost, "/api/v1/session", R"({"user":"admin","password":"guess"})").status,
        401u);
  }
  const ClientResponse limited = send(Method::kPost, "/api/v1/session",
                                      R"({"user":"admin","password":"correct horse battery"})");
  EXPECT_EQ(limited.status, 429u);
  EXPECT_NE(limited.body.find("try again"), std::string::npos) << limited.body;
  // The guessing address is limited as a whole (a second name does not reset it), while
  // sessions already open keep working.
  EXPECT_EQ(send(Method::kPost, "/api/v1/session",
                 R"({"user":"shanxi","password":"correct horse battery"})")
                .status,
            429u);
  EXPECT_EQ(send(Method::kGet, "/api/v1/me", {}, {{"Cookie", cookie}}).status, 200u);
}

TEST_F(AuthSocketTest, TokensAndKeyRotationByScope) {
  const std::string cookie = login("shanxi");
  const ClientResponse other =
      send(Method::kPost, "/api/v1/mines/610100000333/key", {}, {{"Cookie", cookie}});
  EXPECT_EQ(other.status, 404u);  // outside Shanxi: as if it did not exist
  const ClientResponse own =
      send(Method::kPost, "/api/v1/mines/140421000111/key", {}, {{"Cookie", cookie}});
  ASSERT_EQ(own.status, 200u) << own.body;
  const auto k = own.body.find("mwk_");
  ASSERT_NE(k, std::string::npos);
  const std::string key = own.body.substr(k, own.body.find('"', k) - k);
  EXPECT_EQ(auth_->check_upload_key("140421000111", key), UploadKeyCheck::kOk);
  EXPECT_EQ(auth_->check_upload_key("610100000333", key), UploadKeyCheck::kOtherMine);
  // An upload key opens no API.
  EXPECT_EQ(send(Method::kGet, "/api/v1/me", {}, {{"Authorization", "Bearer " + key}}).status,
            401u);

  const ClientResponse token =
      send(Method::kPost, "/api/v1/me/tokens", R"({"label":"script"})", {{"Cookie", cookie}});
  ASSERT_EQ(token.status, 201u) << token.body;
  const auto t = token.body.find("mwt_");
  const std::string secret = token.body.substr(t, token.body.find('"', t) - t);
  EXPECT_EQ(send(Method::kGet, "/api/v1/me", {}, {{"Authorization", "Bearer " + secret}}).status,
            200u);
  EXPECT_EQ(send(Method::kGet, "/api/v1/users", {}, {{"Authorization", "Bearer " + secret}}).status,
            403u);
}

}  // namespace
}  // namespace mw::server
