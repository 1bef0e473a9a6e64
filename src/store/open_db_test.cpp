#include "store/open_db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using ::testing::HasSubstr;

TEST(OpenDbTest, APathOpensSqlite) {
  testing::SqliteBackend dir;
  ASSERT_TRUE(dir.open().ok());  // creates the temporary directory
  auto db = open_db((dir.dir / "other.db").string());
  ASSERT_TRUE(db.ok()) << db.status().to_string();
  EXPECT_EQ((*db)->dialect(), Dialect::kSqlite);
  EXPECT_TRUE(std::filesystem::exists(dir.dir / "other.db"));
  db->reset();
  dir.teardown();
}

TEST(OpenDbTest, PgPrefixOpensPostgres) {
  const char* dsn = std::getenv("MW_PG_DSN");
  ASSERT_NE(dsn, nullptr) << "MW_PG_DSN is not set: run `make test` or scripts/with-pg.sh";
  auto db = open_db("pg:" + std::string(dsn));
  ASSERT_TRUE(db.ok()) << db.status().to_string();
  EXPECT_EQ((*db)->dialect(), Dialect::kPostgres);
  EXPECT_EQ(*query_int64(**db, "SELECT 41 + 1"), 42);
}

TEST(OpenDbTest, AUriIsPostgresEvenWhenNothingListens) {
  auto db = open_db("postgresql:///x?host=/nonexistent-socket-dir&connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(db.status().message(), HasSubstr("PostgreSQL"));
}

TEST(OpenDbTest, EmptyTargetIsRefused) {
  EXPECT_EQ(open_db("").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mw::store
