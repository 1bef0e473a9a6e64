#include "store/sqlite_db.hpp"

#include <sqlite3.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <type_traits>
#include <vector>

namespace mw::store {

namespace {

// Keeps error messages readable when a statement is long (a migration script).
std::string excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  std::string s(sql.substr(0, kMax));
  if (sql.size() > kMax) s += "...";
  return s;
}

StatusCode code_of(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StatusCode::kUnavailable;
    case SQLITE_FULL: return StatusCode::kResourceExhausted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return StatusCode::kCorruption;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return StatusCode::kIoError;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return StatusCode::kInvalidArgument;
    default: return StatusCode::kInternal;
  }
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path,
                                                 const SqliteOptions& options) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Status(code_of(rc), "cannot open SQLite database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  db->gate_ = SqliteWriteGate::for_file(path);
  db->busy_timeout_ms_ = options.busy_timeout_ms;
  // journal_mode answers with the mode in force; anything but "wal" (e.g. on a file system
  // without shared memory) is refused rather than silently running without WAL.
  std::string mode;
  MW_RETURN_IF_ERROR(db->query("PRAGMA journal_mode=WAL", {}, [&](Row& row) {
    mode = row.str(0);
    return Status{};
  }));
  if (mode != "wal") {
    return Status::failed_precondition("SQLite database " + path +
                                       " cannot use WAL mode (journal_mode is '" + mode + "')");
  }
  MW_RETURN_IF_ERROR(db->exec_script(options.synchronous_full ? "PRAGMA synchronous=FULL"
                                                              : "PRAGMA synchronous=NORMAL"));
  MW_RETURN_IF_ERROR(db->exec_script("PRAGMA foreign_keys=ON"));
  return db;
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);  // rolls back an open transaction
  if (holding_gate_) gate_->release();
}

Status SqliteDb::take_gate(std::string_view sql) {
  if (!gate_ || holding_gate_) return Status{};
  if (!gate_->acquire(std::chrono::milliseconds(busy_timeout_ms_))) {
    return Status::unavailable(
        "SQLite: database is locked: another connection of this process "
        "held its write transaction for over " +
        std::to_string(busy_timeout_ms_) + " ms (in: " + excerpt(sql) + ")");
  }
  holding_gate_ = true;
  return Status{};
}

void SqliteDb::sync_gate() noexcept {
  if (holding_gate_ && sqlite3_get_autocommit(db_) != 0) {
    holding_gate_ = false;
    gate_->release();
  }
}

Status SqliteDb::error(std::string_view sql, int rc) const {
  return Status(code_of(rc),
                "SQLite: " + std::string(sqlite3_errmsg(db_)) + " (in: " + excerpt(sql) + ")");
}

Result<sqlite3_stmt*> SqliteDb::prepare(std::string_view sql, Params params) {
  auto it = cache_.find(std::string(sql));
  sqlite3_stmt* stmt = nullptr;
  if (it != cache_.end()) {
    stmt = it->second;
  } else {
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) return error(sql, rc);
    if (stmt == nullptr) return Status::invalid_argument("empty SQL statement");
    if (tail != nullptr &&
        std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      sqlite3_finalize(stmt);
      return Status::invalid_argument(
          "exec/query take one statement; use exec_script (in: " + excerpt(sql) + ")");
    }
    cache_.emplace(std::string(sql), stmt);
  }
  if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size())) {
    return Status::invalid_argument(
        "statement has " + std::to_string(sqlite3_bind_parameter_count(stmt)) + " parameters, " +
        std::to_string(params.size()) + " given (in: " + excerpt(sql) + ")");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    const int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return sqlite3_bind_null(stmt, idx);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return sqlite3_bind_int64(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, idx, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            return sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          } else {
            return sqlite3_bind_blob64(stmt, idx, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
          }
        },
        params[i].get());
    if (rc != SQLITE_OK) {
      sqlite3_clear_bindings(stmt);
      return error(sql, rc);
    }
  }
  return stmt;
}

Status SqliteDb::run(std::string_view sql, Params params, const RowFn* on_row) {
  auto prepared = prepare(sql, params);
  if (!prepared.ok()) return std::move(prepared).take_status();
  sqlite3_stmt* stmt = *prepared;
  // A write outside a transaction is a transaction of its own: it queues in the gate too.
  if (sqlite3_get_autocommit(db_) != 0 && sqlite3_stmt_readonly(stmt) == 0) {
    if (Status s = take_gate(sql); !s.ok()) {
      sqlite3_clear_bindings(stmt);
      return s;
    }
  }
  // Declared before `reset`, so it runs after the statement is reset (which ends its
  // implicit transaction).
  struct GateSync {
    SqliteDb* db;
    ~GateSync() { db->sync_gate(); }
  } gate_sync{this};
  // Reset and unbind on every exit so the cached statement holds no lock and no pointer
  // into the caller's parameters.
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};

  const int ncol = sqlite3_column_count(stmt);
  std::vector<std::string> names;
  std::vector<Row::Cell> cells(static_cast<std::size_t>(ncol));
  std::vector<std::string> floats(static_cast<std::size_t>(ncol));
  if (on_row != nullptr) {
    for (int c = 0; c < ncol; ++c) names.emplace_back(sqlite3_column_name(stmt, c));
  }
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return Status{};
    if (rc != SQLITE_ROW) return error(sql, rc);
    if (on_row == nullptr) continue;
    for (int c = 0; c < ncol; ++c) {
      auto& cell = cells[static_cast<std::size_t>(c)];
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        cell.data.reset();
        continue;
      }
      if (sqlite3_column_type(stmt, c) == SQLITE_FLOAT) {
        // SQLite's own text form keeps only 15 digits; %.17g round-trips every double.
        char buf[32];
        const int n = std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(stmt, c));
        floats[static_cast<std::size_t>(c)].assign(buf, static_cast<std::size_t>(n));
        cell.data = floats[static_cast<std::size_t>(c)];
        continue;
      }
      // Text form for integers too, so Row converts the same way for both backends.
      const bool is_blob = sqlite3_column_type(stmt, c) == SQLITE_BLOB;
      const void* p = is_blob ? sqlite3_column_blob(stmt, c)
                              : static_cast<const void*>(sqlite3_column_text(stmt, c));
      const int n = sqlite3_column_bytes(stmt, c);
      cell.data =
          std::string_view(p ? static_cast<const char*>(p) : "", static_cast<std::size_t>(n));
    }
    Row row(cells, names);
    Status s = (*on_row)(row);
    if (s.ok()) s = row.status();
    if (!s.ok()) return s;
  }
}

Result<std::int64_t> SqliteDb::exec(std::string_view sql, Params params) {
  MW_RETURN_IF_ERROR(run(sql, params, nullptr));
  return std::int64_t{sqlite3_changes64(db_)};
}

Status SqliteDb::query(std::string_view sql, Params params, const RowFn& on_row) {
  return run(sql, params, &on_row);
}

Status SqliteDb::exec_script(std::string_view sql) {
  const std::string text(sql);
  char* msg = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
  sync_gate();
  if (rc == SQLITE_OK) return Status{};
  std::string m = msg ? msg : sqlite3_errstr(rc);
  sqlite3_free(msg);
  return Status(code_of(rc), "SQLite: " + m + " (in: " + excerpt(sql) + ")");
}

bool SqliteDb::transaction_active() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

Status SqliteDb::begin_write() {
  MW_RETURN_IF_ERROR(take_gate("BEGIN IMMEDIATE"));
  return exec_script("BEGIN IMMEDIATE");  // a failed BEGIN gives the gate back (sync_gate)
}
Status SqliteDb::commit() { return exec_script("COMMIT"); }
Status SqliteDb::rollback() {
  // SQLite rolls back by itself after some errors; then there is nothing left to undo.
  if (sqlite3_get_autocommit(db_) != 0) return Status{};
  return exec_script("ROLLBACK");
}

}  // namespace mw::store
