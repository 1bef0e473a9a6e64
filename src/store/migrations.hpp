#pragma once
// Numbered schema migrations (docs/storage.md "Migrations"). Each migration runs in its
// own transaction together with its row in `schema_migrations`, so a database is always at
// exactly one version. Applying is idempotent; a database whose version is newer than the
// code knows is refused (an older minewatch must not write into a newer schema).

#include <cstdint>
#include <span>
#include <string_view>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "store/db.hpp"

namespace mw::store {

struct Migration {
  std::int64_t version;   // 1, 2, 3, ... without gaps; never reused or renumbered
  std::string_view name;  // short, recorded with the version
  std::string_view sql;   // `;`-separated statements with dialect tokens (dialect.hpp)
};

// Every migration of the store, ascending (schema.cpp). Later issues append to this list.
std::span<const Migration> store_migrations() noexcept;

// The highest applied version; 0 for a database that has never been migrated.
Result<std::int64_t> schema_version(Db& db);

// Applies every migration of `migrations` above the database's version, in order. Fails
// without touching anything when the database is newer than the list, when a recorded
// version carries another name than the code's (a database from a diverged build), or
// when the list is not 1..N. `clock` stamps applied_at.
Status migrate(Db& db, std::span<const Migration> migrations, const Clock& clock);
// migrate(db, store_migrations(), clock).
Status migrate(Db& db, const Clock& clock);

}  // namespace mw::store
