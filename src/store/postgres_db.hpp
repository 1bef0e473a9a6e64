#pragma once
// PostgresDb: the shared store when several minewatch nodes serve one region
// (architecture.md §4). One object = one libpq connection; no automatic reconnect yet: a
// lost connection fails every call with Unavailable and the owner opens a new PostgresDb.
// Parameters travel in text format (the server infers their types from the statement).

#include <memory>
#include <string>
#include <unordered_map>

#include "store/db.hpp"

struct pg_conn;
struct pg_result;

namespace mw::store {

class PostgresDb final : public Db {
 public:
  // `dsn`: a libpq connection string, e.g. "host=/tmp/mw-pg.x port=5432 dbname=minewatch"
  // or "postgresql://user@host/db".
  static Result<std::unique_ptr<PostgresDb>> open(const std::string& dsn);
  ~PostgresDb() override;

  Dialect dialect() const noexcept override { return Dialect::kPostgres; }
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
  explicit PostgresDb(pg_conn* conn) : conn_(conn) {}
  Result<const std::string*> prepare(std::string_view sql);
  Status error(std::string_view sql, const pg_result* res) const;
  Status run(std::string_view sql, Params params, const RowFn* on_row, std::int64_t* changed);

  pg_conn* conn_;
  // Server-side prepared statement names ("mw1", "mw2", ...) by the caller's SQL text.
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace mw::store
