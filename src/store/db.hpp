#pragma once
// Db: the small connection API every repository is written against (catalog now; alarms,
// workflow, users and audit later). Two implementations: SqliteDb (embedded default) and
// PostgresDb (shared store of a region). Repositories write one SQL text for both: `?`
// placeholders, `INSERT ... ON CONFLICT ... DO UPDATE`, and the type tokens of dialect.hpp
// in schema text; everything that differs between the two lives in dialect.cpp.
//
// Thread safety: a Db is one connection and is NOT thread-safe. Give each thread its own
// Db (SQLite in WAL mode lets readers of other connections run beside one writer; a
// PostgreSQL server serves any number of connections). Nothing is shared between Db objects.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "store/dialect.hpp"

namespace mw::store {

// Bytes stored as BLOB (SQLite) / BYTEA (PostgreSQL); distinct from text.
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// One statement parameter. Times are stored as Unix seconds (BIGINT); decimals as their
// canonical text so a threshold keeps its scale ("0.50" stays "0.50").
class Value {
 public:
  using Storage = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

  Value() = default;                                 // NULL
  Value(std::nullopt_t) {}                           // NOLINT(google-explicit-constructor)
  Value(std::int64_t v) : v_(v) {}                   // NOLINT(google-explicit-constructor)
  Value(int v) : v_(std::int64_t{v}) {}              // NOLINT(google-explicit-constructor)
  Value(std::uint32_t v) : v_(std::int64_t{v}) {}    // NOLINT(google-explicit-constructor)
  Value(bool v) : v_(std::int64_t{v ? 1 : 0}) {}     // NOLINT(google-explicit-constructor)
  Value(double v) : v_(v) {}                         // NOLINT(google-explicit-constructor)
  Value(std::string v) : v_(std::move(v)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view v) : v_(std::string(v)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* v) : v_(std::string(v)) {}       // NOLINT(google-explicit-constructor)
  Value(Blob v) : v_(std::move(v)) {}                // NOLINT(google-explicit-constructor)
  Value(Time t) : v_(std::int64_t{t.time_since_epoch().count()}) {}  // NOLINT
  Value(Decimal d) : v_(format_decimal(d)) {}  // NOLINT(google-explicit-constructor)
  template <class T>
  Value(const std::optional<T>& v) {  // NOLINT(google-explicit-constructor)
    if (v) *this = Value(*v);
  }

  const Storage& get() const noexcept { return v_; }
  bool is_null() const noexcept { return std::holds_alternative<std::monostate>(v_); }

 private:
  Storage v_;
};

using Params = std::span<const Value>;

// One result row, valid only inside the row callback. Cells arrive as text or bytes from
// both backends and are converted here, so a column reads the same on SQLite and
// PostgreSQL. A conversion that fails leaves a sticky error which ends the query with
// Status naming the column (repositories need not check each getter).
class Row {
 public:
  struct Cell {
    std::optional<std::string_view> data;  // nullopt = SQL NULL
  };
  Row(std::span<const Cell> cells, std::span<const std::string> names)
      : cells_(cells), names_(names) {}

  std::size_t size() const noexcept { return cells_.size(); }
  bool is_null(std::size_t i);
  std::string_view text(std::size_t i);  // "" for NULL
  std::string str(std::size_t i) { return std::string(text(i)); }
  Blob blob(std::size_t i);
  std::int64_t int64(std::size_t i);
  double real(std::size_t i);
  bool boolean(std::size_t i) { return int64(i) != 0; }
  Time time(std::size_t i) { return Time{Seconds{int64(i)}}; }
  Decimal decimal(std::size_t i);
  std::optional<Decimal> opt_decimal(std::size_t i);
  std::optional<std::int64_t> opt_int64(std::size_t i);

  // The first conversion error, or OK.
  const Status& status() const noexcept { return status_; }
  // Records an error found by the caller while reading this row (e.g. an unknown enum name).
  void fail(std::size_t i, std::string_view what);
  // Reads column i's text through `parse` (text -> optional) into `out`; a value it cannot
  // parse is recorded as fail(i, what) and leaves `out` unchanged.
  template <class T, class Parse>
  void parse_into(std::size_t i, T& out, Parse parse, std::string_view what) {
    if (auto v = parse(text(i)))
      out = *v;
    else
      fail(i, what);
  }

 private:
  bool check(std::size_t i);

  std::span<const Cell> cells_;
  std::span<const std::string> names_;
  Status status_;
};

using RowFn = std::function<Status(Row&)>;

class Db {
 public:
  virtual ~Db() = default;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  virtual Dialect dialect() const noexcept = 0;

  // Runs one statement with `?` parameters (prepared once per connection and cached by
  // its text). Returns the number of rows it changed.
  virtual Result<std::int64_t> exec(std::string_view sql, Params params) = 0;
  Result<std::int64_t> exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return exec(sql, Params(params.begin(), params.size()));
  }

  // Runs one statement and calls `on_row` per result row; a non-OK Status from `on_row`
  // stops the query and is returned.
  virtual Status query(std::string_view sql, Params params, const RowFn& on_row) = 0;
  Status query(std::string_view sql, std::initializer_list<Value> params, const RowFn& on_row) {
    return query(sql, Params(params.begin(), params.size()), on_row);
  }

  // Runs several `;`-separated statements without parameters and without caching
  // (schema migrations). Dialect tokens ({id}, {blob}, ...) must be expanded first.
  virtual Status exec_script(std::string_view sql) = 0;

  // Transactions do not nest (see in_transaction() for joining one). begin_write() takes the write
  // lock up front (SQLite BEGIN IMMEDIATE), so a read-then-write transaction cannot fail half-way
  // on a lock.
  virtual Status begin_write() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  // True between begin_write() and commit()/rollback().
  virtual bool transaction_active() const noexcept = 0;

  // Number of statements currently prepared and cached (for tests and metrics).
  virtual std::size_t cached_statements() const noexcept = 0;
};

// Runs `fn` in a write transaction: commit when it returns OK, roll back otherwise (the
// first error is returned; a failed rollback is appended to its message). Inside a
// transaction already begun, `fn` joins it: the outer owner commits or rolls back, so
// callers batch many repository writes into one commit (one fsync with SQLite FULL).
Status in_transaction(Db& db, const std::function<Status()>& fn);

// The Status of an exec() whose row count the caller does not need.
inline Status exec_status(const Result<std::int64_t>& r) { return r.ok() ? Status{} : r.status(); }

// Typed reads: each row converted by `read(Row&) -> T`.
template <class T, class Read>
Result<std::vector<T>> query_all(Db& db, std::string_view sql, std::initializer_list<Value> params,
                                 Read read) {
  std::vector<T> out;
  MW_RETURN_IF_ERROR(db.query(sql, params, [&](Row& row) {
    out.push_back(read(row));
    return Status{};
  }));
  return out;
}

// The first row converted, or NotFound "<what> is not in the store".
template <class T, class Read>
Result<T> query_one(Db& db, std::string_view sql, std::initializer_list<Value> params,
                    const std::string& what, Read read) {
  std::optional<T> out;
  MW_RETURN_IF_ERROR(db.query(sql, params, [&](Row& row) {
    if (!out) out = read(row);
    return Status{};
  }));
  if (!out) return Status::not_found(what + " is not in the store");
  return std::move(*out);
}

// The first row's first column as an integer; NotFound when the query returns no row.
Result<std::int64_t> query_int64(Db& db, std::string_view sql,
                                 std::initializer_list<Value> params = {});

}  // namespace mw::store
