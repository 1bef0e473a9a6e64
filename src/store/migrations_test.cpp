// Schema migrations, run against both backends.
#include "store/migrations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::BackendTest;
using ::testing::HasSubstr;

constexpr Migration kTwo[] = {
    {1, "first", "CREATE TABLE a (x BIGINT); INSERT INTO a (x) VALUES (1);"},
    {2, "second", "CREATE TABLE b (id {id}, y {blob});"},
};

// Migration 2 creates a table, then fails: nothing of it may stay behind.
constexpr Migration kBrokenSecond[] = {
    {1, "first", "CREATE TABLE a (x BIGINT); INSERT INTO a (x) VALUES (1);"},
    {2, "second", "CREATE TABLE half (x BIGINT); INSERT INTO no_such_table VALUES (1);"},
};

template <class B>
class MigrationsTest : public BackendTest<B> {
 protected:
  ManualClock clock_{Time{Seconds{1'790'000'000}}};

  bool table_exists(std::string_view name) {
    return query_int64(this->db(), "SELECT COUNT(*) FROM " + std::string(name)).ok();
  }
};
TYPED_TEST_SUITE(MigrationsTest, Backends, BackendNames);

TYPED_TEST(MigrationsTest, FreshDatabaseIsAtVersionZero) {
  auto v = schema_version(this->db());
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(*v, 0);
}

TYPED_TEST(MigrationsTest, AppliesInOrderAndRecordsEach) {
  Db& db = this->db();
  ASSERT_TRUE(migrate(db, kTwo, this->clock_).ok());
  EXPECT_EQ(*schema_version(db), 2);
  EXPECT_TRUE(this->table_exists("b"));
  std::vector<std::string> rows;
  ASSERT_TRUE(db.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version",
                       {},
                       [&](Row& row) {
                         rows.push_back(row.str(0) + " " + row.str(1) + " " + row.str(2));
                         return Status{};
                       })
                  .ok());
  EXPECT_EQ(rows, (std::vector<std::string>{"1 first 1790000000", "2 second 1790000000"}));
}

TYPED_TEST(MigrationsTest, IsIdempotent) {
  Db& db = this->db();
  ASSERT_TRUE(migrate(db, std::span(kTwo).first(1), this->clock_).ok());
  this->clock_.advance(Seconds{60});
  ASSERT_TRUE(migrate(db, kTwo, this->clock_).ok());
  ASSERT_TRUE(migrate(db, kTwo, this->clock_).ok());
  // Migration 1's INSERT ran once, and its record kept the first time.
  EXPECT_EQ(*query_int64(db, "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(*query_int64(db, "SELECT applied_at FROM schema_migrations WHERE version = 1"),
            1'790'000'000);
  EXPECT_EQ(*query_int64(db, "SELECT applied_at FROM schema_migrations WHERE version = 2"),
            1'790'000'060);
}

TYPED_TEST(MigrationsTest, RefusesADatabaseNewerThanTheCode) {
  Db& db = this->db();
  ASSERT_TRUE(migrate(db, kTwo, this->clock_).ok());
  const Status s = migrate(db, std::span(kTwo).first(1), this->clock_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("schema version 2 is newer"));
}

TYPED_TEST(MigrationsTest, RefusesADatabaseFromADivergedBuild) {
  Db& db = this->db();
  ASSERT_TRUE(migrate(db, kTwo, this->clock_).ok());
  constexpr Migration kOther[] = {
      {1, "first", ""},
      {2, "something else", ""},
      {3, "third", "CREATE TABLE c (x BIGINT);"},
  };
  const Status s = migrate(db, kOther, this->clock_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("'second'"));
  EXPECT_FALSE(this->table_exists("c"));
}

TYPED_TEST(MigrationsTest, AFailedMigrationLeavesNothingBehind) {
  Db& db = this->db();
  const Status s = migrate(db, kBrokenSecond, this->clock_);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("migration 2 (second) failed"));
  EXPECT_THAT(s.message(), HasSubstr("no_such_table"));
  EXPECT_EQ(*schema_version(db), 1);
  EXPECT_FALSE(this->table_exists("half"));
  EXPECT_TRUE(this->table_exists("a"));
}

TYPED_TEST(MigrationsTest, RejectsAListWithGaps) {
  constexpr Migration kGap[] = {{1, "one", ""}, {3, "three", ""}};
  const Status s = migrate(this->db(), kGap, this->clock_);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(*schema_version(this->db()), 0);
}

TYPED_TEST(MigrationsTest, StoreSchemaAppliesTwiceAndMatchesTheList) {
  Db& db = this->db();
  ASSERT_TRUE(migrate(db, this->clock_).ok());
  ASSERT_TRUE(migrate(db, this->clock_).ok());
  EXPECT_EQ(*schema_version(db), static_cast<std::int64_t>(store_migrations().size()));
  for (const char* table :
       {"mines", "point_versions", "point_relations", "areas", "stations", "people"}) {
    EXPECT_TRUE(this->table_exists(table)) << table;
  }
}

TYPED_TEST(MigrationsTest, TwoConnectionsMigratingTheSameDatabaseApplyOnce) {
  auto other = this->reopen();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(migrate(this->db(), std::span(kTwo).first(1), this->clock_).ok());
  ASSERT_TRUE(migrate(*other, kTwo, this->clock_).ok());
  ASSERT_TRUE(migrate(this->db(), kTwo, this->clock_).ok());
  EXPECT_EQ(*query_int64(this->db(), "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(*query_int64(this->db(), "SELECT COUNT(*) FROM schema_migrations"), 2);
}

TYPED_TEST(MigrationsTest, NodesStartingTogetherOnAFreshDatabaseApplyOnce) {
  // Several connections migrate a fresh database at the same moment, as nodes of a region
  // starting together would; every one must succeed and each migration run once.
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Db>> nodes;
  for (int i = 0; i < kNodes; ++i) {
    nodes.push_back(this->reopen());
    ASSERT_NE(nodes.back(), nullptr);
  }
  std::vector<Status> results(kNodes);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kNodes; ++i) {
      threads.emplace_back([&, i] {
        results[static_cast<std::size_t>(i)] =
            migrate(*nodes[static_cast<std::size_t>(i)], kTwo, this->clock_);
      });
    }
  }
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(*query_int64(this->db(), "SELECT COUNT(*) FROM a"), 1);
  EXPECT_EQ(*query_int64(this->db(), "SELECT COUNT(*) FROM schema_migrations"), 2);
}

}  // namespace
}  // namespace mw::store
