// The Db contract, run against both backends.
#include "store/db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <thread>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::BackendTest;
using ::testing::HasSubstr;

template <class B>
class DbTest : public BackendTest<B> {
 protected:
  void SetUp() override {
    BackendTest<B>::SetUp();
    if (this->HasFatalFailure()) return;
    ASSERT_TRUE(this->db()
                    .exec_script(expand_schema(
                        "CREATE TABLE t (id {id}, k TEXT UNIQUE, i BIGINT, r {real}, b {blob})",
                        this->db().dialect()))
                    .ok());
  }
};
TYPED_TEST_SUITE(DbTest, Backends, BackendNames);

TYPED_TEST(DbTest, ValuesRoundTripWithTheirTypes) {
  Db& db = this->db();
  const std::string bytes("\x00\xff\x01zz", 5);
  const std::string text = "3105回风隅角 '?' \"x\"";
  const auto r = db.exec("INSERT INTO t (k, i, r, b) VALUES (?, ?, ?, ?)",
                         {text, std::numeric_limits<std::int64_t>::min(), 0.1 + 0.2, Blob{bytes}});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, 1);
  int rows = 0;
  ASSERT_TRUE(db.query("SELECT k, i, r, b, NULL FROM t WHERE k = ?", {text}, [&](Row& row) {
                  ++rows;
                  EXPECT_EQ(row.size(), 5u);
                  EXPECT_EQ(row.text(0), text);
                  EXPECT_EQ(row.int64(1), std::numeric_limits<std::int64_t>::min());
                  EXPECT_EQ(row.real(2), 0.1 + 0.2);  // needs all 17 digits
                  EXPECT_EQ(row.blob(3).bytes, bytes);
                  EXPECT_TRUE(row.is_null(4));
                  EXPECT_FALSE(row.is_null(0));
                  EXPECT_FALSE(row.opt_int64(4).has_value());
                  return Status{};
                }).ok());
  EXPECT_EQ(rows, 1);
}

TYPED_TEST(DbTest, NullParametersStoreNull) {
  Db& db = this->db();
  ASSERT_TRUE(db.exec("INSERT INTO t (k, i) VALUES (?, ?)", {"a", std::optional<int>{}}).ok());
  auto n = query_int64(db, "SELECT COUNT(*) FROM t WHERE i IS NULL");
  ASSERT_TRUE(n.ok()) << n.status().to_string();
  EXPECT_EQ(*n, 1);
}

TYPED_TEST(DbTest, ExecCountsChangedRowsAndUpsertUpdates) {
  Db& db = this->db();
  const std::string_view upsert =
      "INSERT INTO t (k, i) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET i = excluded.i";
  for (const char* k : {"a", "b", "c"}) ASSERT_TRUE(db.exec(upsert, {k, 1}).ok());
  ASSERT_TRUE(db.exec(upsert, {"b", 7}).ok());
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM t"), 3);
  EXPECT_EQ(*query_int64(db, "SELECT i FROM t WHERE k = ?", {"b"}), 7);
  const auto changed = db.exec("UPDATE t SET i = i + 1 WHERE i = ?", {1});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 2);
}

TYPED_TEST(DbTest, ReturningGivesTheAssignedId) {
  Db& db = this->db();
  std::int64_t first = 0, second = 0;
  ASSERT_TRUE(db.query("INSERT INTO t (k) VALUES (?) RETURNING id", {"a"}, [&](Row& row) {
                  first = row.int64(0);
                  return Status{};
                }).ok());
  ASSERT_TRUE(db.query("INSERT INTO t (k) VALUES (?) RETURNING id", {"b"}, [&](Row& row) {
                  second = row.int64(0);
                  return Status{};
                }).ok());
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
}

TYPED_TEST(DbTest, StatementsArePreparedOnceAndCached) {
  Db& db = this->db();
  const std::size_t before = db.cached_statements();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db.exec("INSERT INTO t (k, i) VALUES (?, ?)", {std::to_string(i), i}).ok());
  }
  EXPECT_EQ(db.cached_statements(), before + 1);
  EXPECT_EQ(*query_int64(db, "SELECT SUM(i) FROM t"), 10);
  EXPECT_EQ(db.cached_statements(), before + 2);
}

TYPED_TEST(DbTest, ErrorsNameTheStatementAndTheDatabaseMessage) {
  Db& db = this->db();
  const auto bad = db.exec("SELEC nonsense FROM t", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("SELEC nonsense FROM t"));
  EXPECT_THAT(bad.status().message(), HasSubstr("syntax"));

  ASSERT_TRUE(db.exec("INSERT INTO t (k) VALUES (?)", {"dup"}).ok());
  const auto dup = db.exec("INSERT INTO t (k) VALUES (?)", {"dup"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(dup.status().message(), HasSubstr("INSERT INTO t (k)"));
  // The connection stays usable after an error.
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM t"), 1);
}

TYPED_TEST(DbTest, WrongParameterCountIsAnError) {
  const auto r = this->db().exec("INSERT INTO t (k, i) VALUES (?, ?)", {"only one"});
  EXPECT_FALSE(r.ok());
}

TYPED_TEST(DbTest, ConversionErrorNamesTheColumn) {
  Db& db = this->db();
  ASSERT_TRUE(db.exec("INSERT INTO t (k) VALUES (?)", {"not a number"}).ok());
  const Status s = db.query("SELECT k FROM t", {}, [](Row& row) {
    (void)row.int64(0);
    return Status{};
  });
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("column k"));
  EXPECT_THAT(s.message(), HasSubstr("not a number"));
}

TYPED_TEST(DbTest, RowCallbackErrorStopsTheQuery) {
  Db& db = this->db();
  for (const char* k : {"a", "b", "c"})
    ASSERT_TRUE(db.exec("INSERT INTO t (k) VALUES (?)", {k}).ok());
  int seen = 0;
  const Status s = db.query("SELECT k FROM t ORDER BY k", {}, [&](Row&) {
    return ++seen == 2 ? Status::not_found("stop here") : Status{};
  });
  EXPECT_EQ(s, Status::not_found("stop here"));
  EXPECT_EQ(seen, 2);
}

TYPED_TEST(DbTest, TransactionCommitsOrRollsBack) {
  Db& db = this->db();
  ASSERT_TRUE(in_transaction(db, [&] {
                auto r = db.exec("INSERT INTO t (k) VALUES (?)", {"kept"});
                return r.ok() ? Status{} : r.status();
              }).ok());
  const Status failed = in_transaction(db, [&] {
    auto r = db.exec("INSERT INTO t (k) VALUES (?)", {"undone"});
    if (!r.ok()) return r.status();
    return Status::invalid_argument("caller gives up");
  });
  EXPECT_EQ(failed, Status::invalid_argument("caller gives up"));
  // A transaction whose statement failed is rolled back too (PostgreSQL aborts it).
  const Status dup = in_transaction(db, [&] {
    auto r = db.exec("INSERT INTO t (k) VALUES (?)", {"also undone"});
    if (!r.ok()) return r.status();
    r = db.exec("INSERT INTO t (k) VALUES (?)", {"kept"});
    return r.ok() ? Status{} : r.status();
  });
  EXPECT_EQ(dup.code(), StatusCode::kInvalidArgument);

  auto other = this->reopen();
  ASSERT_NE(other, nullptr);
  std::vector<std::string> keys;
  ASSERT_TRUE(other
                  ->query("SELECT k FROM t ORDER BY k", {},
                          [&](Row& row) {
                            keys.push_back(row.str(0));
                            return Status{};
                          })
                  .ok());
  EXPECT_EQ(keys, std::vector<std::string>{"kept"});
}

TYPED_TEST(DbTest, AnInnerTransactionJoinsTheOuterOne) {
  Db& db = this->db();
  const auto insert = [&](const char* k) {
    return in_transaction(db, [&] {
      auto r = db.exec("INSERT INTO t (k) VALUES (?)", {k});
      return r.ok() ? Status{} : r.status();
    });
  };
  EXPECT_FALSE(db.transaction_active());
  const Status outer = in_transaction(db, [&] {
    EXPECT_TRUE(db.transaction_active());
    MW_RETURN_IF_ERROR(insert("a"));
    MW_RETURN_IF_ERROR(insert("b"));
    return Status::invalid_argument("the batch is refused");
  });
  EXPECT_EQ(outer.code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(db.transaction_active());
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM t"), 0);  // both inner writes undone
  ASSERT_TRUE(in_transaction(db, [&] {
                MW_RETURN_IF_ERROR(insert("a"));
                return insert("b");
              }).ok());
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM t"), 2);
}

TYPED_TEST(DbTest, UncommittedWritesAreInvisibleToAnotherConnection) {
  Db& db = this->db();
  auto other = this->reopen();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(db.begin_write().ok());
  ASSERT_TRUE(db.exec("INSERT INTO t (k) VALUES (?)", {"pending"}).ok());
  EXPECT_EQ(*query_int64(*other, "SELECT COUNT(*) FROM t"), 0);
  ASSERT_TRUE(db.commit().ok());
  EXPECT_EQ(*query_int64(*other, "SELECT COUNT(*) FROM t"), 1);
}

TYPED_TEST(DbTest, ThreadsWritingThroughTheirOwnConnectionsAllLand) {
  // The thread-safety contract: one connection per thread; the engine serialises writers.
  constexpr int kThreads = 3;
  constexpr int kRows = 20;
  std::vector<std::unique_ptr<Db>> conns;
  for (int i = 0; i < kThreads; ++i) {
    conns.push_back(this->reopen());
    ASSERT_NE(conns.back(), nullptr);
  }
  std::vector<Status> results(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Db& db = *conns[static_cast<std::size_t>(t)];
        for (int i = 0; i < kRows && results[static_cast<std::size_t>(t)].ok(); ++i) {
          results[static_cast<std::size_t>(t)] = in_transaction(db, [&] {
            return exec_status(db.exec("INSERT INTO t (k, i) VALUES (?, ?)",
                                       {std::to_string(t) + "-" + std::to_string(i), t}));
          });
        }
      });
    }
  }
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(*query_int64(this->db(), "SELECT COUNT(*) FROM t"), kThreads * kRows);
}

TYPED_TEST(DbTest, ScriptRunsSeveralStatements) {
  Db& db = this->db();
  ASSERT_TRUE(
      db.exec_script("INSERT INTO t (k) VALUES ('x'); INSERT INTO t (k) VALUES ('y');").ok());
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM t"), 2);
  const Status bad = db.exec_script("INSERT INTO t (k) VALUES ('z'); BROKEN;");
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.message(), HasSubstr("BROKEN"));
}

}  // namespace
}  // namespace mw::store
