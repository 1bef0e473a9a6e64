#pragma once
// One setting chooses the backend (docs/storage.md "Pointing minewatch at PostgreSQL"):
//   postgresql://user@host/db  or  postgres://...   → PostgresDb (libpq URI)
//   pg:host=... dbname=...                           → PostgresDb (libpq key=value DSN)
//   anything else                                    → SqliteDb, a file path

#include <memory>
#include <string>
#include <string_view>

#include "store/db.hpp"

namespace mw::store {

// True when `target` names PostgreSQL (either form above), false for a SQLite file path.
bool is_postgres_target(std::string_view target) noexcept;

Result<std::unique_ptr<Db>> open_db(const std::string& target);

}  // namespace mw::store
