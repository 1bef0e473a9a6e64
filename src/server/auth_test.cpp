// Auth over a real SQLite store: scopes, passwords, logins, sessions, tokens, upload keys,
// and the audit records each write leaves.
#include "server/auth.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>

#include "base/temp_dir.hpp"
#include "store/catalog_repo.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_db.hpp"
#include "workflow/audit.hpp"

namespace mw::server {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kShanxiMine = "140421000111";   // Changzhi (1404), Shanxi (14)
constexpr std::string_view kTaiyuanMine = "140100000222";  // Taiyuan (1401), Shanxi
constexpr std::string_view kShaanxiMine = "610100000333";  // Xi'an, Shaanxi (61)
constexpr std::string_view kPassword = "correct horse battery";

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

// argon2's smallest memory (8 KiB per lane) keeps the tests fast; one test checks the defaults.
AuthOptions cheap_options() {
  AuthOptions o;
  o.argon2 = {8, 1, 1};
  return o;
}

std::unique_ptr<store::Db> open_db(const std::string& path) {
  auto db = store::SqliteDb::open(path);
  if (!db.ok()) throw std::runtime_error(db.status().to_string());
  return std::unique_ptr<store::Db>(std::move(*db));
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = open_db(path());
    ASSERT_TRUE(store::migrate(*db, clock_).ok());
    store::CatalogRepo catalog(*db);
    for (const auto code : {kShanxiMine, kTaiyuanMine, kShaanxiMine}) {
      Mine m;
      m.code = std::string(code);
      m.name = "矿 " + m.code;
      m.province = m.code.substr(0, 2);
      ASSERT_TRUE(catalog.upsert_mine(m).ok());
    }
    // As serve has it: sessions and tokens read through a second connection.
    auth_ = std::make_unique<Auth>(std::move(db), open_db(path()), clock_, options_);
  }
  std::string path() const { return dir_.sub("minewatch.db"); }

  UserInfo add(std::string_view name, Role role, std::string_view scope) {
    auto u = auth_->add_user(name, kPassword, role, scope, "admin");
    EXPECT_TRUE(u.ok()) << u.status().to_string();
    return u.ok() ? *u : UserInfo{};
  }
  Session login(std::string_view name, std::string_view remote = "10.0.0.1") {
    auto out = auth_->login(name, kPassword, remote);
    EXPECT_TRUE(out.session.has_value()) << out.failure.message;
    return out.session ? *out.session : Session{};
  }
  static Request with_cookie(std::string_view token) {
    Request r;
    r.headers.emplace_back("cookie", "lang=zh; mw_session=" + std::string(token));
    return r;
  }
  static Request with_bearer(std::string_view token) {
    Request r;
    r.headers.emplace_back("authorization", "Bearer " + std::string(token));
    return r;
  }
  std::vector<workflow::AuditRecord> audit() {
    auto db = open_db(path());
    auto records = workflow::AuditLog(*db, clock_).list();
    EXPECT_TRUE(records.ok());
    return records.ok() ? *records : std::vector<workflow::AuditRecord>{};
  }

  testing::TempDir dir_{"mw_auth"};
  ManualClock clock_{at(8)};
  AuthOptions options_ = cheap_options();
  std::unique_ptr<Auth> auth_;
};

// national/province/city/mine/viewer × own/other mine × read/act.
TEST_F(AuthTest, ScopeMatrixThroughLoginAndAuthenticate) {
  struct Case {
    std::string_view user;
    Role role;
    std::string_view scope;
    bool sees_shanxi, sees_taiyuan, sees_shaanxi, acts;
  };
  const Case cases[] = {
      {"nat", Role::kNational, "", true, true, true, true},
      {"prov", Role::kProvince, "14", true, true, false, true},
      {"city", Role::kCity, "1404", true, false, false, true},
      {"mine", Role::kMine, kShanxiMine, true, false, false, true},
      {"view", Role::kViewer, "14", true, true, false, false},
      {"viewmine", Role::kViewer, kShanxiMine, true, false, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.user);
    add(c.user, c.role, c.scope);
    const auto p = auth_->authenticate(with_cookie(login(c.user).token));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->name, c.user);
    EXPECT_EQ(p->role, c.role);
    EXPECT_EQ(p->can_see(kShanxiMine), c.sees_shanxi);
    EXPECT_EQ(p->can_see(kTaiyuanMine), c.sees_taiyuan);
    EXPECT_EQ(p->can_see(kShaanxiMine), c.sees_shaanxi);
    EXPECT_EQ(p->can_act(), c.acts);
  }
  // A mine user's scope is the whole code, not a prefix of longer ones.
  const Principal mine_user{1, "m", Role::kMine, std::string(kShanxiMine)};
  EXPECT_FALSE(mine_user.can_see(std::string(kShanxiMine) + "9"));
}

TEST(CheckScope, EachRoleHasItsForm) {
  EXPECT_TRUE(check_scope(Role::kNational, "").ok());
  EXPECT_FALSE(check_scope(Role::kNational, "14").ok());
  EXPECT_TRUE(check_scope(Role::kProvince, "14").ok());
  EXPECT_FALSE(check_scope(Role::kProvince, "").ok());
  EXPECT_FALSE(check_scope(Role::kProvince, "1404").ok());
  EXPECT_TRUE(check_scope(Role::kCity, "1404").ok());
  EXPECT_FALSE(check_scope(Role::kCity, "14a4").ok());
  EXPECT_TRUE(check_scope(Role::kMine, kShanxiMine).ok());
  EXPECT_TRUE(check_scope(Role::kMine, "150622B0012000200092").ok());
  EXPECT_FALSE(check_scope(Role::kMine, "1404").ok());
  EXPECT_TRUE(check_scope(Role::kViewer, "").ok());
  EXPECT_TRUE(check_scope(Role::kViewer, "140421").ok());
  EXPECT_FALSE(check_scope(Role::kViewer, "140").ok());
  EXPECT_EQ(parse_role("province"), Role::kProvince);
  EXPECT_EQ(parse_role("root"), std::nullopt);
}

TEST(Passwords, DefaultParametersAreInTheEncodedHash) {
  auto h = hash_password(kPassword, Argon2Params{});
  ASSERT_TRUE(h.ok()) << h.status().to_string();
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(kPassword, *h));
  EXPECT_FALSE(verify_password("correct horse battery!", *h));
  auto again = hash_password(kPassword, Argon2Params{});
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *h);  // a fresh salt each time
  EXPECT_FALSE(verify_password(kPassword, "$argon2id$garbage"));
  EXPECT_FALSE(verify_password(kPassword, ""));
}

TEST_F(AuthTest, FailedLoginsLookTheSameAndAreAudited) {
  add("zhang", Role::kProvince, "14");
  add("li", Role::kCity, "1404");
  ASSERT_TRUE(auth_->disable_user("li", "admin").ok());

  const LoginOutcome wrong = auth_->login("zhang", "not the password", "10.0.0.1");
  const LoginOutcome unknown = auth_->login("nobody", kPassword, "10.0.0.2");
  const LoginOutcome disabled = auth_->login("li", kPassword, "10.0.0.3");
  for (const LoginOutcome* o : {&wrong, &unknown, &disabled}) {
    EXPECT_FALSE(o->session.has_value());
    EXPECT_EQ(o->failure.error, LoginError::kBadCredentials);
    EXPECT_EQ(o->failure.message, wrong.failure.message);
  }
  const LoginOutcome huge = auth_->login(std::string(100000, 'z'), kPassword, "10.0.0.4");
  EXPECT_EQ(huge.failure.message, wrong.failure.message);
  const LoginOutcome ok = auth_->login("zhang", kPassword, "10.0.0.1");
  ASSERT_TRUE(ok.session.has_value());
  EXPECT_EQ(ok.session->token.size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(ok.session->expires, at(8) + options_.session_lifetime);

  std::vector<std::string> actions;
  for (const auto& r : audit()) actions.push_back(r.entry.action + " " + r.entry.target);
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "user.add zhang", "user.add li", "user.disable li", "login.failed zhang",
                         "login.failed nobody", "login.failed li",
                         "login.failed " + std::string(65, 'z'), "login zhang"}));
}

TEST_F(AuthTest, SessionCookieIsHttpOnlyStrictAndSecureUnderTls) {
  add("zhang", Role::kProvince, "14");
  const Session s = login("zhang");
  const std::string cookie = auth_->session_cookie(s);
  EXPECT_EQ(cookie.rfind("mw_session=" + s.token + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(auth_->clear_session_cookie().find("Max-Age=0"), std::string::npos);

  AuthOptions tls = cheap_options();
  tls.secure_cookies = true;
  const Auth secure(open_db(path()), clock_, tls);
  EXPECT_NE(secure.session_cookie(s).find("; Secure"), std::string::npos);
}

TEST_F(AuthTest, LoginsAreRateLimitedPerUserAndPerRemote) {
  add("zhang", Role::kProvince, "14");
  add("wang", Role::kProvince, "61");
  for (int i = 0; i < options_.login_failures; ++i) {
    EXPECT_EQ(auth_->login("zhang", "wrong password", "10.0.0." + std::to_string(i)).failure.error,
              LoginError::kBadCredentials);
  }
  // The right password from a fresh address is refused while the user's window lasts.
  const LoginOutcome limited = auth_->login("zhang", kPassword, "10.9.9.9");
  EXPECT_FALSE(limited.session.has_value());
  EXPECT_EQ(limited.failure.error, LoginError::kRateLimited);
  clock_.advance(options_.login_window);
  EXPECT_TRUE(auth_->login("zhang", kPassword, "10.9.9.9").session.has_value());

  // One address guessing many names is limited too, whatever name it tries next.
  for (int i = 0; i < options_.login_failures; ++i) {
    (void)auth_->login("guess" + std::to_string(i), "whatever1", "10.6.6.6");
  }
  EXPECT_EQ(auth_->login("wang", kPassword, "10.6.6.6").failure.error, LoginError::kRateLimited);
  EXPECT_TRUE(auth_->login("wang", kPassword, "10.7.7.7").session.has_value());
}

TEST_F(AuthTest, SessionsEndOnIdleOnExpiryAndOnLogout) {
  add("zhang", Role::kProvince, "14");
  const Session idle = login("zhang");
  clock_.advance(options_.session_idle);
  EXPECT_FALSE(auth_->authenticate(with_cookie(idle.token)).has_value());

  // Used every 20 minutes it lives until its lifetime, and not past it.
  const Session busy = login("zhang");
  const Time start = clock_.now();
  while (clock_.now() + minutes(20) < start + options_.session_lifetime) {
    clock_.advance(minutes(20));
    ASSERT_TRUE(auth_->authenticate(with_cookie(busy.token)).has_value());
  }
  clock_.set(start + options_.session_lifetime);
  EXPECT_FALSE(auth_->authenticate(with_cookie(busy.token)).has_value());

  const Session s = login("zhang");
  const auto who = auth_->authenticate(with_cookie(s.token));
  ASSERT_TRUE(who.has_value());
  ASSERT_TRUE(auth_->logout(s.token, *who).ok());
  EXPECT_FALSE(auth_->authenticate(with_cookie(s.token)).has_value());
  EXPECT_FALSE(auth_->authenticate(with_cookie("not-a-session")).has_value());
  EXPECT_FALSE(auth_->authenticate(Request{}).has_value());
}

// A cookie check reads when the session was last used twice: the touch not yet written and
// the stored row. A touch written between the two reads must still count; read in the wrong
// order it was in neither, and a session used every 20 minutes was refused as idle (30 min).
TEST_F(AuthTest, ATouchWrittenDuringACookieCheckStillCounts) {
  add("zhang", Role::kProvince, "14");
  const Session s = login("zhang");
  AuthOptions o = options_;
  Auth* served_ptr = nullptr;
  std::unique_ptr<store::Db> writer;
  bool armed = false;
  o.between_session_reads = [&] {
    if (!armed) return;
    armed = false;
    ASSERT_TRUE(writer->commit().ok());             // the touch writer may write now,
    ASSERT_TRUE(served_ptr->flush_touches().ok());  // and has: committed and let go
  };
  Auth served(open_db(path()), open_db(path()), clock_, o);
  served_ptr = &served;

  // The write lock held elsewhere (a store transaction): the touch below stays unwritten.
  writer = open_db(path());
  ASSERT_TRUE(writer->begin_write().ok());
  clock_.advance(minutes(20));
  ASSERT_TRUE(served.authenticate(with_cookie(s.token)).has_value());  // touched at 20 min
  clock_.advance(minutes(20));  // 40 min after the login, 20 after the touch
  armed = true;
  EXPECT_TRUE(served.authenticate(with_cookie(s.token)).has_value());
  EXPECT_FALSE(armed);  // the hook ran
}

TEST_F(AuthTest, DisablingAUserEndsTheirSessionsAndTokens) {
  const UserInfo u = add("zhang", Role::kProvince, "14");
  const Session s = login("zhang");
  auto token = auth_->create_api_token(u.id, "report script", "zhang");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(auth_->authenticate(with_cookie(s.token)).has_value());
  ASSERT_TRUE(auth_->authenticate(with_bearer(*token)).has_value());

  ASSERT_TRUE(auth_->disable_user("zhang", "admin").ok());
  EXPECT_FALSE(auth_->authenticate(with_cookie(s.token)).has_value());
  EXPECT_FALSE(auth_->authenticate(with_bearer(*token)).has_value());
  EXPECT_EQ(auth_->disable_user("nobody", "admin").code(), StatusCode::kNotFound);
  auto users = auth_->list_users();
  ASSERT_TRUE(users.ok() && users->size() == 1u);
  EXPECT_TRUE((*users)[0].disabled);
}

TEST_F(AuthTest, ApiTokensAuthenticateUntilRevoked) {
  const UserInfo u = add("gateway", Role::kCity, "1404");
  const UserInfo other = add("other", Role::kCity, "1401");
  auto t = auth_->create_api_token(u.id, "nightly export", "admin");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rfind("mwt_", 0), 0u);
  const auto p = auth_->authenticate(with_bearer(*t));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "gateway");
  EXPECT_EQ(p->scope, "1404");

  auto list = auth_->list_api_tokens(u.id);
  ASSERT_TRUE(list.ok() && list->size() == 1u);
  EXPECT_EQ((*list)[0].label, "nightly export");
  EXPECT_EQ(auth_->revoke_api_token(other.id, (*list)[0].id, "other").code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(auth_->revoke_api_token(u.id, (*list)[0].id, "gateway").ok());
  EXPECT_FALSE(auth_->authenticate(with_bearer(*t)).has_value());
  EXPECT_FALSE(auth_->authenticate(with_bearer("mwt_forged")).has_value());
  Request basic;
  basic.headers.emplace_back("authorization", "Basic Z2F0ZXdheTpwYXNz");
  EXPECT_FALSE(auth_->authenticate(basic).has_value());
}

TEST_F(AuthTest, UploadKeysWrongOtherMineAndRotated) {
  auto k1 = auth_->rotate_upload_key(kShanxiMine, "admin");
  auto k2 = auth_->rotate_upload_key(kShaanxiMine, "admin");
  ASSERT_TRUE(k1.ok() && k2.ok()) << k1.status().to_string();
  EXPECT_EQ(k1->rfind("mwk_", 0), 0u);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *k1), UploadKeyCheck::kOk);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *k2), UploadKeyCheck::kOtherMine);
  EXPECT_EQ(auth_->check_upload_key(kTaiyuanMine, *k1), UploadKeyCheck::kOtherMine);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, "mwk_guess"), UploadKeyCheck::kUnknownKey);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, ""), UploadKeyCheck::kUnknownKey);
  // An upload key is not a login.
  EXPECT_FALSE(auth_->authenticate(with_bearer(*k1)).has_value());

  auto k3 = auth_->rotate_upload_key(kShanxiMine, "admin");
  ASSERT_TRUE(k3.ok());
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *k1), UploadKeyCheck::kUnknownKey);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *k3), UploadKeyCheck::kOk);
  EXPECT_EQ(auth_->rotate_upload_key("990000000000", "admin").status().code(),
            StatusCode::kNotFound);

  std::vector<std::string> rotations;
  for (const auto& r : audit()) {
    if (r.entry.action == "mine.key.rotate") rotations.push_back(r.entry.target);
  }
  EXPECT_EQ(rotations,
            (std::vector<std::string>{std::string(kShanxiMine), std::string(kShaanxiMine),
                                      std::string(kShanxiMine)}));
}

// Issue 6: a session touch waiting for SQLite's write lock (the pipeline's store transaction
// holds it) held the accounts' mutex, and upload-key and cookie checks queued behind it for
// up to a second; so did they behind a user write.
TEST_F(AuthTest, CookieAndKeyChecksDoNotWaitForATouchOrAUserWriteBlockedOnTheWriteLock) {
  add("nat", Role::kNational, "");
  add("shanxi", Role::kProvince, "14");
  add("gone", Role::kCity, "1404");
  const Session first = login("nat");
  const Session second = login("shanxi");
  auto key = auth_->rotate_upload_key(kShanxiMine, "admin");
  ASSERT_TRUE(key.ok());
  // serve's Auth, whose touch writer says when it holds the accounts' connection.
  std::promise<void> writing;
  std::atomic<bool> told{false};
  AuthOptions o = options_;
  o.on_touch_write = [&] {
    if (!told.exchange(true)) writing.set_value();
  };
  Auth served(open_db(path()), open_db(path()), clock_, o);
  // Past the touch interval and the key snapshot's refresh: all want the store.
  clock_.advance(minutes(2));
  const Time touched_at = clock_.now();

  auto writer = open_db(path());
  ASSERT_TRUE(writer->begin_write().ok());  // holds the write lock, as a store transaction does
  ASSERT_TRUE(served.authenticate(with_cookie(first.token)).has_value());  // hands its touch on
  ASSERT_EQ(writing.get_future().wait_for(seconds(10)), std::future_status::ready);
  std::thread disabling([&] { EXPECT_TRUE(served.disable_user("gone", "admin").ok()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // both wait for the lock now

  const auto timed = [](const std::function<void()>& fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::steady_clock::now() - t0;
  };
  std::optional<Principal> who;
  EXPECT_LT(timed([&] { who = served.authenticate(with_cookie(second.token)); }),
            std::chrono::milliseconds(100));  // its own touch is due too
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->name, "shanxi");
  EXPECT_LT(timed([&] { who = served.authenticate(with_cookie(first.token)); }),
            std::chrono::milliseconds(100));
  EXPECT_TRUE(who.has_value());
  UploadKeyCheck check = UploadKeyCheck::kUnknownKey;
  EXPECT_LT(timed([&] { check = served.check_upload_key(kShanxiMine, *key); }),
            std::chrono::milliseconds(100));
  EXPECT_EQ(check, UploadKeyCheck::kOk);

  ASSERT_TRUE(writer->commit().ok());
  disabling.join();
  ASSERT_TRUE(served.flush_touches().ok());
  // The touches were not lost: last_seen moved to when each session was used.
  for (const Session* s : {&first, &second}) {
    auto last_seen =
        store::query_int64(*writer, "SELECT last_seen FROM accounts_sessions WHERE token_hash = ?",
                           {sha256_hex(s->token)});
    ASSERT_TRUE(last_seen.ok()) << last_seen.status().to_string();
    EXPECT_EQ(*last_seen, touched_at.time_since_epoch().count());
  }
}

// A touch whose write fails (the write lock held past the busy timeout) is kept and written
// by the next one, and still counts for the idle limit meanwhile.
TEST_F(AuthTest, ASessionTouchThatCouldNotBeWrittenIsWrittenLater) {
  add("nat", Role::kNational, "");
  const Session session = login("nat");
  const std::string hash = sha256_hex(session.token);
  auto writer = open_db(path());
  auto last_seen = [&]() -> std::int64_t {
    auto v = store::query_int64(
        *writer, "SELECT last_seen FROM accounts_sessions WHERE token_hash = ?", {hash});
    return v.ok() ? *v : -1;
  };
  store::SqliteOptions quick;
  quick.busy_timeout_ms = 50;
  auto db = store::SqliteDb::open(path(), quick);
  ASSERT_TRUE(db.ok());
  Auth quick_auth(std::unique_ptr<store::Db>(std::move(*db)), open_db(path()), clock_, options_);

  clock_.advance(minutes(20));
  const Time first_use = clock_.now();
  ASSERT_TRUE(writer->begin_write().ok());
  EXPECT_TRUE(quick_auth.authenticate(with_cookie(session.token)).has_value());
  // Waits for the background writer's try, if it began one, then tries itself: both give up.
  EXPECT_EQ(quick_auth.flush_touches().code(), StatusCode::kUnavailable);
  ASSERT_TRUE(writer->commit().ok());
  EXPECT_LT(last_seen(), first_use.time_since_epoch().count());  // the write gave up
  // 20 more minutes: 40 since the login, 20 since the pending touch (idle limit 30).
  clock_.advance(minutes(20));
  EXPECT_TRUE(quick_auth.authenticate(with_cookie(session.token)).has_value());
  ASSERT_TRUE(quick_auth.flush_touches().ok());
  EXPECT_EQ(last_seen(), clock_.now().time_since_epoch().count());
}

// `minewatch mine key` runs in another process while serve holds its cache.
TEST_F(AuthTest, KeysRotatedElsewhereAreSeenAfterTheRefresh) {
  auto old_key = auth_->rotate_upload_key(kShanxiMine, "admin");
  ASSERT_TRUE(old_key.ok());
  ASSERT_EQ(auth_->check_upload_key(kShanxiMine, *old_key), UploadKeyCheck::kOk);

  Auth cli(open_db(path()), clock_, options_);
  auto new_key = cli.rotate_upload_key(kShanxiMine, "cli:admin");
  ASSERT_TRUE(new_key.ok());
  clock_.advance(seconds(1));
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *new_key), UploadKeyCheck::kOk);
  clock_.advance(options_.upload_key_refresh);
  EXPECT_EQ(auth_->check_upload_key(kShanxiMine, *old_key), UploadKeyCheck::kUnknownKey);
}

TEST_F(AuthTest, AddUserRefusesBadInput) {
  EXPECT_FALSE(auth_->add_user("zhang", "short", Role::kCity, "1404", "admin").ok());
  EXPECT_FALSE(auth_->add_user("zh ang", kPassword, Role::kCity, "1404", "admin").ok());
  EXPECT_FALSE(auth_->add_user("zhang", kPassword, Role::kCity, "14", "admin").ok());
  add("zhang", Role::kCity, "1404");
  EXPECT_EQ(auth_->add_user("zhang", kPassword, Role::kCity, "1404", "admin").status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(auth_->list_users().ok());
  EXPECT_EQ(auth_->list_users()->size(), 1u);
}

TEST_F(AuthTest, EveryWriteLeavesAVerifiableChain) {
  const UserInfo u = add("zhang", Role::kProvince, "14");
  const Session s = login("zhang");
  ASSERT_TRUE(auth_->create_api_token(u.id, "t", "zhang").ok());
  ASSERT_TRUE(auth_->rotate_upload_key(kShanxiMine, "zhang").ok());
  ASSERT_TRUE(auth_->logout(s.token, *auth_->authenticate(with_cookie(s.token))).ok());
  auto db = open_db(path());
  auto report = workflow::AuditLog(*db, clock_).verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->reason;
  EXPECT_EQ(report->records, 5);
}

// Handlers call one Auth from many threads: logins, requests and uploads at once while a key
// rotates. Every answer must be one a serial run could give.
TEST_F(AuthTest, ConcurrentCallersShareOneAuth) {
  add("zhang", Role::kProvince, "14");
  const Session s = login("zhang");
  auto key = auth_->rotate_upload_key(kShanxiMine, "admin");
  ASSERT_TRUE(key.ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        if (!auth_->authenticate(with_cookie(s.token))) ++wrong;
        const UploadKeyCheck c = auth_->check_upload_key(kShanxiMine, *key);
        if (c == UploadKeyCheck::kOtherMine) ++wrong;  // kOk, or kUnknownKey once rotated
        if (t == 0 && i % 10 == 0 && login("zhang", "10.0.1." + std::to_string(i)).token.empty()) {
          ++wrong;
        }
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 3; ++i) {
      if (!auth_->rotate_upload_key(kShaanxiMine, "admin").ok()) ++wrong;
    }
  });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  auto db = open_db(path());
  auto report = workflow::AuditLog(*db, clock_).verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->reason;
}

}  // namespace
}  // namespace mw::server
