// The account repository, run against both backends.
#include "store/account_repo.hpp"

#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MigratedTest;

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

UserRow user(std::string name, std::string role = "province", std::string scope = "14") {
  UserRow u;
  u.name = std::move(name);
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  u.role = std::move(role);
  u.scope = std::move(scope);
  u.created = at(8);
  return u;
}

template <class B>
class AccountRepoTest : public MigratedTest<B> {
 protected:
  AccountRepo repo() { return AccountRepo(this->db()); }
  std::int64_t add(const UserRow& u) {
    auto id = repo().insert_user(u);
    EXPECT_TRUE(id.ok()) << id.status().to_string();
    return id.ok() ? *id : 0;
  }
};

TYPED_TEST_SUITE(AccountRepoTest, Backends, BackendNames);

TYPED_TEST(AccountRepoTest, UsersRoundTripAndNamesAreUnique) {
  const std::int64_t a = this->add(user("zhang", "city", "1404"));
  const std::int64_t b = this->add(user("admin", "national", ""));
  EXPECT_NE(a, b);
  auto dup = this->repo().insert_user(user("zhang"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kFailedPrecondition);

  auto got = this->repo().find_user("zhang");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->id, a);
  EXPECT_EQ((*got)->role, "city");
  EXPECT_EQ((*got)->scope, "1404");
  EXPECT_EQ((*got)->created, at(8));
  EXPECT_FALSE((*got)->disabled);
  auto by_id = this->repo().find_user_by_id(b);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ((*by_id)->name, "admin");
  EXPECT_EQ((*by_id)->scope, "");

  auto all = this->repo().list_users();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "admin");  // by name

  auto missing = this->repo().find_user("li");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TYPED_TEST(AccountRepoTest, DisableAndPasswordChangeAreStored) {
  const std::int64_t id = this->add(user("wang"));
  auto found = this->repo().set_disabled("wang", true);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(*found);
  auto none = this->repo().set_disabled("nobody", true);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  ASSERT_TRUE(this->repo().set_password_hash(id, "$argon2id$new").ok());

  auto other = this->reopen();
  ASSERT_NE(other, nullptr);
  auto got = AccountRepo(*other).find_user("wang");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_TRUE((*got)->disabled);
  EXPECT_EQ((*got)->password_hash, "$argon2id$new");
}

TYPED_TEST(AccountRepoTest, SessionsJoinTheirUserAndGoWhenStale) {
  const std::int64_t id = this->add(user("zhao"));
  ASSERT_TRUE(this->repo().insert_session({"h-fresh", id, at(9), at(21), at(9)}).ok());
  ASSERT_TRUE(this->repo().insert_session({"h-idle", id, at(8), at(20), at(8)}).ok());
  ASSERT_TRUE(this->repo().insert_session({"h-expired", id, at(0), at(9, 30), at(9, 29)}).ok());

  auto s = this->repo().find_session("h-fresh");
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->first.expires, at(21));
  EXPECT_EQ((*s)->second.name, "zhao");
  ASSERT_TRUE(this->repo().touch_session("h-fresh", at(9, 50)).ok());

  // At 10:00 with a 30 min idle limit: h-idle (last seen 08:00) and h-expired go.
  auto gone = this->repo().delete_stale_sessions(at(10), std::chrono::minutes(30));
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 2);
  auto fresh = this->repo().find_session("h-fresh");
  ASSERT_TRUE(fresh.ok() && fresh->has_value());
  EXPECT_EQ((*fresh)->first.last_seen, at(9, 50));
  auto idle = this->repo().find_session("h-idle");
  ASSERT_TRUE(idle.ok());
  EXPECT_FALSE(idle->has_value());

  ASSERT_TRUE(this->repo().delete_user_sessions(id).ok());
  auto after = this->repo().find_session("h-fresh");
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->has_value());
}

TYPED_TEST(AccountRepoTest, RevokedTokensFindNoUser) {
  const std::int64_t id = this->add(user("sun"));
  const std::int64_t other = this->add(user("qian"));
  auto t1 = this->repo().insert_token("t-one", id, "gateway", at(9));
  auto t2 = this->repo().insert_token("t-two", id, "report", at(9));
  ASSERT_TRUE(t1.ok() && t2.ok());

  auto u = this->repo().find_token_user("t-one");
  ASSERT_TRUE(u.ok() && u->has_value());
  EXPECT_EQ((*u)->id, id);

  auto wrong_owner = this->repo().revoke_token(other, *t1, at(10));
  ASSERT_TRUE(wrong_owner.ok());
  EXPECT_FALSE(*wrong_owner);
  auto revoked = this->repo().revoke_token(id, *t1, at(10));
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(*revoked);
  auto gone = this->repo().find_token_user("t-one");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());

  auto list = this->repo().list_tokens(id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].label, "gateway");
  EXPECT_EQ((*list)[0].revoked, at(10));
  EXPECT_FALSE((*list)[1].revoked.has_value());

  ASSERT_TRUE(this->repo().revoke_user_tokens(id, at(11)).ok());
  auto none = this->repo().find_token_user("t-two");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TYPED_TEST(AccountRepoTest, ReplacingAnUploadKeyRevokesTheOldOne) {
  ASSERT_TRUE(this->repo().replace_upload_key("140211000001", "k1", at(8)).ok());
  ASSERT_TRUE(this->repo().replace_upload_key("610100000002", "k2", at(8)).ok());
  ASSERT_TRUE(this->repo().replace_upload_key("140211000001", "k3", at(9)).ok());

  auto keys = this->repo().active_upload_keys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].mine, "140211000001");
  EXPECT_EQ((*keys)[0].key_hash, "k3");
  EXPECT_EQ((*keys)[1].key_hash, "k2");

  // A hash is stored once: the same key cannot be issued twice.
  EXPECT_FALSE(this->repo().replace_upload_key("610100000002", "k3", at(10)).ok());
  auto still = this->repo().active_upload_keys();
  ASSERT_TRUE(still.ok());
  ASSERT_EQ(still->size(), 2u);
  EXPECT_EQ((*still)[1].key_hash, "k2");  // the failed rotation rolled back
}

}  // namespace
}  // namespace mw::store
