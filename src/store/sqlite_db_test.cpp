// What only the SQLite backend promises: WAL mode, the synchronous level, busy timeouts.
#include "store/sqlite_db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

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

  // Two connections to the file whose writers give up after 50 ms.
  std::pair<std::unique_ptr<SqliteDb>, std::unique_ptr<SqliteDb>> quick_pair() {
    SqliteOptions quick;
    quick.busy_timeout_ms = 50;
    auto first = SqliteDb::open(path(), quick);
    auto second = SqliteDb::open(path(), quick);
    EXPECT_TRUE(first.ok() && second.ok());
    if (!first.ok() || !second.ok()) return {};
    return {std::move(*first), std::move(*second)};
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
  auto [first, second] = quick_pair();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->begin_write().ok());
  const Status s = second->begin_write();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("locked"));
  ASSERT_TRUE(first->rollback().ok());
  EXPECT_TRUE(second->begin_write().ok());
  EXPECT_TRUE(second->commit().ok());
}

// Polls until `n` writers queue in the gate of `path` (threads start in their own time).
bool wait_for_waiters(const std::string& path, std::size_t n) {
  const auto gate = SqliteWriteGate::for_file(path);
  for (int i = 0; i < 5000 && gate->waiting() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return gate->waiting() == n;
}

TEST_F(SqliteDbTest, WritersOfOneProcessTakeTheWriteLockInArrivalOrder) {
  std::vector<std::unique_ptr<SqliteDb>> dbs;
  for (int i = 0; i < 3; ++i) {
    auto db = SqliteDb::open(path());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    dbs.push_back(std::move(*db));
  }
  ASSERT_TRUE(dbs[0]->exec_script("CREATE TABLE t (who BIGINT)").ok());
  ASSERT_TRUE(dbs[0]->begin_write().ok());
  std::mutex mu;
  std::vector<int> order;
  const auto writer = [&](int who) {
    const Status s = in_transaction(*dbs[static_cast<std::size_t>(who)], [&] {
      std::lock_guard lock(mu);
      order.push_back(who);
      return dbs[static_cast<std::size_t>(who)]->exec("INSERT INTO t VALUES (?)", {who}).status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
  };
  std::thread second(writer, 1);
  ASSERT_TRUE(wait_for_waiters(path(), 1));
  std::thread third(writer, 2);
  ASSERT_TRUE(wait_for_waiters(path(), 2));
  ASSERT_TRUE(dbs[0]->commit().ok());
  second.join();
  third.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_F(SqliteDbTest, AWriterIsNotStarvedByBackToBackTransactions) {
  auto busy = SqliteDb::open(path());
  auto other = SqliteDb::open(path());
  ASSERT_TRUE(busy.ok() && other.ok());
  ASSERT_TRUE((*busy)->exec_script("CREATE TABLE t (x BIGINT)").ok());
  // As the durable pipeline under continuous ingest: the next transaction begins at once.
  std::atomic<bool> stop{false};
  std::thread loop([&] {
    while (!stop) {
      ASSERT_TRUE((*busy)->begin_write().ok());
      ASSERT_TRUE((*busy)->exec("INSERT INTO t VALUES (1)", {}).ok());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ASSERT_TRUE((*busy)->commit().ok());
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const Status s = in_transaction(
        **other, [&] { return (*other)->exec("INSERT INTO t VALUES (2)", {}).status(); });
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(s.ok()) << s.to_string();
    // SQLite's busy handler alone sleeps 100 ms between tries and hits the 20-ms gap between
    // two transactions rarely: seconds. In the gate it is next after the current one.
    EXPECT_LT(waited, std::chrono::milliseconds(1000));
  }
  stop = true;
  loop.join();
}

TEST_F(SqliteDbTest, AnAutocommitWriteQueuesInTheGateToo) {
  auto [first, second] = quick_pair();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->exec_script("CREATE TABLE t (x BIGINT)").ok());
  ASSERT_TRUE(first->begin_write().ok());
  const auto r = second->exec("INSERT INTO t VALUES (1)", {});
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(r.status().message(), HasSubstr("locked"));
  ASSERT_TRUE(first->commit().ok());
  EXPECT_TRUE(second->exec("INSERT INTO t VALUES (1)", {}).ok());
  // Reads never queue: they do not take the write lock.
  ASSERT_TRUE(first->begin_write().ok());
  EXPECT_TRUE(query_int64(*second, "SELECT COUNT(*) FROM t").ok());
  ASSERT_TRUE(first->rollback().ok());
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
