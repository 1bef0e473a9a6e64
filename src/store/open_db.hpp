#pragma once
// One setting chooses the backend (docs/storage.md "Pointing minewatch at PostgreSQL"):
//   postgresql://user@host/db  or  postgres://...   → PostgresDb (libpq URI)
//   pg:host=... dbname=...                           → PostgresDb (libpq key=value DSN)
//   anything else                                    → SqliteDb, a file path

#include <memory>
#include <string>

#include "store/db.hpp"

namespace mw::store {

Result<std::unique_ptr<Db>> open_db(const std::string& target);

}  // namespace mw::store
