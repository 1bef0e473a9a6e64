// What only the SQLite backend promises: WAL mode, the synchronous level, busy timeouts.
#include "store/sqlite_db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using ::testing::HasSubstr;

class SqliteDbTest : public ::testing::Test {
 protected:
  void TearDown() override { backend_.teardown(); }
  std::string path() {
    if (backend_.dir.empty()) (void)backend_.open();
    return (backend_.dir / "minewatch.db").string();
  }
  std::string pragma(Db& db, std::string_view name) {
    std::string out;
    EXPECT_TRUE(db.query("PRAGMA " + std::string(name), {}, [&](Row& row) {
                    out = row.str(0);
                    return Status{};
                  }).ok());
    return out;
  }

  testing::SqliteBackend backend_;
};

TEST_F(SqliteDbTest, OpensInWalModeWithTheChosenSynchronousLevel) {
  auto full = SqliteDb::open(path());
  ASSERT_TRUE(full.ok()) << full.status().to_string();
  EXPECT_EQ(pragma(**full, "journal_mode"), "wal");
  EXPECT_EQ(pragma(**full, "synchronous"), "2");  // FULL
  EXPECT_EQ(pragma(**full, "foreign_keys"), "1");
  SqliteOptions normal;
  normal.synchronous_full = false;
  auto other = SqliteDb::open(path(), normal);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(pragma(**other, "synchronous"), "1");  // NORMAL
}

TEST_F(SqliteDbTest, ReadersAreNotBlockedByAWriter) {
  auto writer = SqliteDb::open(path());
  auto reader = SqliteDb::open(path());
  ASSERT_TRUE(writer.ok() && reader.ok());
  ASSERT_TRUE((*writer)->exec_script("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE((*writer)->begin_write().ok());
  ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (?)", {2}).ok());
  auto n = query_int64(**reader, "SELECT COUNT(*) FROM t");  // WAL: sees the last commit
  ASSERT_TRUE(n.ok()) << n.status().to_string();
  EXPECT_EQ(*n, 1);
  ASSERT_TRUE((*writer)->commit().ok());
}

TEST_F(SqliteDbTest, ASecondWriterGivesUpAfterTheBusyTimeout) {
  SqliteOptions quick;
  quick.busy_timeout_ms = 50;
  auto first = SqliteDb::open(path(), quick);
  auto second = SqliteDb::open(path(), quick);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->begin_write().ok());
  const Status s = (*second)->begin_write();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("locked"));
  ASSERT_TRUE((*first)->rollback().ok());
  EXPECT_TRUE((*second)->begin_write().ok());
  EXPECT_TRUE((*second)->commit().ok());
}

TEST_F(SqliteDbTest, OpenFailureNamesThePath) {
  auto db = SqliteDb::open("/nonexistent-dir/minewatch.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIoError);
  EXPECT_THAT(db.status().message(), HasSubstr("/nonexistent-dir/minewatch.db"));
}

TEST_F(SqliteDbTest, ExecTakesOneStatementOnly) {
  auto db = SqliteDb::open(path());
  ASSERT_TRUE(db.ok());
  const auto r = (*db)->exec("CREATE TABLE a (x BIGINT); CREATE TABLE b (x BIGINT)", {});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("exec_script"));
}

}  // namespace
}  // namespace mw::store
