#include "store/migrations.hpp"

#include <map>
#include <string>

namespace mw::store {

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

Status check_list(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<std::int64_t>(i) + 1) {
      return Status::internal("migration list out of order at '" + std::string(migrations[i].name) +
                              "': expected version " + std::to_string(i + 1));
    }
  }
  return Status{};
}

Result<std::map<std::int64_t, std::string>> applied(Db& db) {
  std::map<std::int64_t, std::string> out;
  MW_RETURN_IF_ERROR(
      db.query("SELECT version, name FROM schema_migrations ORDER BY version", {}, [&](Row& row) {
        out.emplace(row.int64(0), row.str(1));
        return Status{};
      }));
  return out;
}

// Refuses a database this code must not write to; OK when every recorded version matches.
Status check_applied(const std::map<std::int64_t, std::string>& done,
                     std::span<const Migration> migrations) {
  for (const auto& [version, name] : done) {
    if (version > static_cast<std::int64_t>(migrations.size())) {
      return Status::failed_precondition(
          "database schema version " + std::to_string(done.rbegin()->first) +
          " is newer than this minewatch, which knows versions up to " +
          std::to_string(migrations.size()) + "; run a newer minewatch");
    }
    if (version < 1 || migrations[static_cast<std::size_t>(version - 1)].name != name) {
      return Status::failed_precondition(
          "database schema version " + std::to_string(version) + " is '" + name +
          "' but this minewatch's version " + std::to_string(version) + " is '" +
          (version < 1 ? "" : std::string(migrations[static_cast<std::size_t>(version - 1)].name)) +
          "'; the database was made by a different build");
    }
  }
  return Status{};
}

// Serialises migrating nodes on one PostgreSQL database for the whole run: even
// CREATE TABLE IF NOT EXISTS races there (two sessions both insert the table's row type).
// SQLite needs nothing: its write lock covers DDL and the busy timeout waits for it.
class MigrationLock {
 public:
  explicit MigrationLock(Db& db) : db_(db) {}
  ~MigrationLock() {
    if (held_)
      (void)db_.query("SELECT pg_advisory_unlock(?)", {kKey}, [](Row&) { return Status{}; });
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

  Status acquire() {
    if (db_.dialect() != Dialect::kPostgres) return Status{};
    MW_RETURN_IF_ERROR(
        db_.query("SELECT pg_advisory_lock(?)", {kKey}, [](Row&) { return Status{}; }));
    held_ = true;
    return Status{};
  }

 private:
  // Any constant shared by all minewatch versions: the ASCII bytes of "mwschema".
  static constexpr std::int64_t kKey = 0x6d77736368656d61;
  Db& db_;
  bool held_ = false;
};

}  // namespace

Result<std::int64_t> schema_version(Db& db) {
  MigrationLock lock(db);
  MW_RETURN_IF_ERROR(lock.acquire());
  MW_RETURN_IF_ERROR(db.exec_script(kCreateTable));
  auto done = applied(db);
  if (!done.ok()) return std::move(done).take_status();
  return done->empty() ? std::int64_t{0} : done->rbegin()->first;
}

Status migrate(Db& db, std::span<const Migration> migrations, const Clock& clock) {
  MW_RETURN_IF_ERROR(check_list(migrations));
  MigrationLock lock(db);
  MW_RETURN_IF_ERROR(lock.acquire());
  MW_RETURN_IF_ERROR(db.exec_script(kCreateTable));
  for (const Migration& m : migrations) {
    const Status status = in_transaction(db, [&]() -> Status {
      // Decide from what is recorded now, under the lock (SQLite: BEGIN IMMEDIATE).
      auto done = applied(db);
      if (!done.ok()) return std::move(done).take_status();
      MW_RETURN_IF_ERROR(check_applied(*done, migrations));
      if (done->contains(m.version)) return Status{};
      Status s = db.exec_script(expand_schema(m.sql, db.dialect()));
      if (!s.ok()) {
        return Status(s.code(), "migration " + std::to_string(m.version) + " (" +
                                    std::string(m.name) + ") failed: " + s.message());
      }
      auto r = db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {m.version, m.name, clock.now()});
      return r.ok() ? Status{} : std::move(r).take_status();
    });
    if (!status.ok()) return status;
  }
  // A database newer than the list is refused even when there was nothing to apply.
  auto done = applied(db);
  if (!done.ok()) return std::move(done).take_status();
  return check_applied(*done, migrations);
}

Status migrate(Db& db, const Clock& clock) { return migrate(db, store_migrations(), clock); }

}  // namespace mw::store
