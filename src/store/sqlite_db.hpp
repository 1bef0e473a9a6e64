#pragma once
// SqliteDb: the embedded store (minewatch.db in the data directory, architecture.md §4).
// One object = one sqlite3 connection, opened SQLITE_OPEN_NOMUTEX: the Db contract
// (db.hpp) already says one connection per thread, so SQLite's own mutex would be waste.

#include <memory>
#include <string>
#include <unordered_map>

#include "store/db.hpp"
#include "store/sqlite_write_gate.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mw::store {

struct SqliteOptions {
  // synchronous=FULL: in WAL mode it costs one fsync of the WAL per commit, and the store
  // takes few commits (definitions, alarms, workflow — samples go to journal and tsdb),
  // while workflow and audit rows are user actions that no journal replay can re-create.
  // NORMAL would survive kill -9 but may lose the last commits on power loss.
  bool synchronous_full = true;
  // How long a writer waits for another connection's write lock before failing with
  // Unavailable. 5 s: longer than any catalog transaction, short enough to surface a stuck one.
  // The same bound applies to the wait in this process's write gate (sqlite_write_gate.hpp).
  int busy_timeout_ms = 5000;
};

class SqliteDb final : public Db {
 public:
  // Opens or creates the database file, switches it to WAL mode and turns on foreign keys.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path,
                                                const SqliteOptions& options = {});
  ~SqliteDb() override;

  Dialect dialect() const noexcept override { return Dialect::kSqlite; }
  Result<std::int64_t> exec(std::string_view sql, Params params) override;
  using Db::exec;
  Status query(std::string_view sql, Params params, const RowFn& on_row) override;
  using Db::query;
  Status exec_script(std::string_view sql) override;
  Status begin_write() override;
  Status commit() override;
  Status rollback() override;
  bool transaction_active() const noexcept override;
  std::size_t cached_statements() const noexcept override { return cache_.size(); }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> prepare(std::string_view sql, Params params);
  // Queues in the file's write gate unless this connection holds it already.
  Status take_gate(std::string_view sql);
  // Gives the gate back once no transaction is open (committed, rolled back, or ended by
  // SQLite itself after an error).
  void sync_gate() noexcept;
  Status error(std::string_view sql, int rc) const;
  Status run(std::string_view sql, Params params, const RowFn* on_row);

  sqlite3* db_;
  // First come, first served among this process's writers to the file; null in memory.
  std::shared_ptr<SqliteWriteGate> gate_;
  bool holding_gate_ = false;
  int busy_timeout_ms_ = 0;
  // Prepared statements by SQL text; finalized in the destructor.
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace mw::store
