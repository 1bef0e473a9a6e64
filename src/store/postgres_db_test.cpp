// What only the PostgreSQL backend promises: connection errors, no silent reconnect.
#include "store/postgres_db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using ::testing::HasSubstr;

TEST(PostgresDbTest, ConnectionFailureIsUnavailableAndNamesTheServer) {
  auto db = PostgresDb::open("host=/nonexistent-socket-dir port=5 dbname=x connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(db.status().message(), HasSubstr("/nonexistent-socket-dir"));
}

TEST(PostgresDbTest, ConnectionFailureDoesNotRepeatThePassword) {
  auto db = PostgresDb::open(
      "host=/nonexistent-socket-dir port=5 dbname=x password=s3cret-pw connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), ::testing::Not(HasSubstr("s3cret-pw")));
}

TEST(PostgresDbTest, ALostConnectionFailsCallsWithUnavailable) {
  testing::PostgresBackend backend;
  auto victim = backend.open();
  ASSERT_TRUE(victim.ok()) << victim.status().to_string();
  auto killer = backend.open();
  ASSERT_TRUE(killer.ok()) << killer.status().to_string();
  auto pid = query_int64(**victim, "SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE((*killer)
                  ->query("SELECT pg_terminate_backend(?)", {*pid}, [](Row&) { return Status{}; })
                  .ok());
  // A cached statement and a new one both fail; neither reconnects behind the caller's back.
  auto cached = query_int64(**victim, "SELECT pg_backend_pid()");
  EXPECT_EQ(cached.status().code(), StatusCode::kUnavailable) << cached.status().to_string();
  auto fresh = query_int64(**victim, "SELECT 1");
  EXPECT_EQ(fresh.status().code(), StatusCode::kUnavailable) << fresh.status().to_string();
  victim->reset();
  killer->reset();
  backend.teardown();
}

}  // namespace
}  // namespace mw::store
