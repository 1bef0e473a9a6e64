#pragma once
// The two backends every store test runs against (a gtest typed fixture over these).
// SQLite: a fresh file in a temporary directory. PostgreSQL: a fresh schema in the server
// named by MW_PG_DSN (set by scripts/with-pg.sh, which `make test` runs ctest under); tests
// run in parallel processes, so each gets its own schema and drops it afterwards.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "base/clock.hpp"
#include "store/migrations.hpp"
#include "store/postgres_db.hpp"
#include "store/sqlite_db.hpp"

namespace mw::store::testing {

struct SqliteBackend {
  static constexpr std::string_view kName = "sqlite";
  std::filesystem::path dir;

  Result<std::unique_ptr<Db>> open() {
    if (dir.empty()) {
      std::string templ = (std::filesystem::temp_directory_path() / "mw-store-XXXXXX").string();
      if (mkdtemp(templ.data()) == nullptr) return Status::io_error("mkdtemp failed");
      dir = templ;
    }
    auto db = SqliteDb::open((dir / "minewatch.db").string());
    if (!db.ok()) return std::move(db).take_status();
    return std::unique_ptr<Db>(std::move(*db));
  }
  void teardown() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

struct PostgresBackend {
  static constexpr std::string_view kName = "postgres";
  std::string schema;

  // Fails (never skips) without MW_PG_DSN: `make test` always provides it.
  Result<std::unique_ptr<Db>> open() {
    const char* dsn = std::getenv("MW_PG_DSN");
    if (dsn == nullptr || *dsn == '\0') {
      return Status::failed_precondition(
          "MW_PG_DSN is not set: the PostgreSQL store tests need a server. Run `make test`, "
          "or `scripts/with-pg.sh ctest ...`, or export MW_PG_DSN=<libpq connection string>");
    }
    auto db = PostgresDb::open(dsn);
    if (!db.ok()) return std::move(db).take_status();
    if (schema.empty()) {
      std::random_device rd;
      schema = "t" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000);
      MW_RETURN_IF_ERROR((*db)->exec_script("CREATE SCHEMA " + schema));
    }
    MW_RETURN_IF_ERROR((*db)->exec_script("SET search_path TO " + schema));
    return std::unique_ptr<Db>(std::move(*db));
  }
  void teardown() {
    if (schema.empty()) return;
    const char* dsn = std::getenv("MW_PG_DSN");
    if (dsn == nullptr) return;
    auto db = PostgresDb::open(dsn);
    if (db.ok()) (void)(*db)->exec_script("DROP SCHEMA " + schema + " CASCADE");
  }
};

// Fixture: `db()` is an open connection of backend B; `reopen()` a second one to the same
// database (to see what was committed, or to play another node).
template <class B>
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = backend_.open();
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    backend_.teardown();
  }
  Db& db() { return *db_; }
  std::unique_ptr<Db> reopen() {
    auto db = backend_.open();
    EXPECT_TRUE(db.ok()) << db.status().to_string();
    return db.ok() ? std::move(*db) : nullptr;
  }

  B backend_;
  std::unique_ptr<Db> db_;
};

// Fixture: BackendTest with every migration applied, as the repositories expect.
template <class B>
class MigratedTest : public BackendTest<B> {
 protected:
  void SetUp() override {
    BackendTest<B>::SetUp();
    if (this->HasFatalFailure()) return;
    const ManualClock clock;
    const Status s = migrate(this->db(), clock);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
};

using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

struct BackendNames {
  template <class B>
  static std::string GetName(int) {
    return std::string(B::kName);
  }
};

}  // namespace mw::store::testing
