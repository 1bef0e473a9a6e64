#include "store/open_db.hpp"

#include "store/postgres_db.hpp"
#include "store/sqlite_db.hpp"

namespace mw::store {

namespace {
template <class T>
Result<std::unique_ptr<Db>> upcast(Result<std::unique_ptr<T>> r) {
  if (!r.ok()) return std::move(r).take_status();
  return std::unique_ptr<Db>(std::move(*r));
}
}  // namespace

bool is_postgres_target(std::string_view target) noexcept {
  return target.starts_with("postgresql://") || target.starts_with("postgres://") ||
         target.starts_with("pg:");
}

Result<std::unique_ptr<Db>> open_db(const std::string& target) {
  const std::string_view t = target;
  if (t.starts_with("pg:")) return upcast(PostgresDb::open(target.substr(3)));
  if (is_postgres_target(t)) return upcast(PostgresDb::open(target));
  if (t.empty())
    return Status::invalid_argument("no database given (a file path or a PostgreSQL URI)");
  return upcast(SqliteDb::open(target));
}

}  // namespace mw::store
