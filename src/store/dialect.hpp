#pragma once
// The SQL differences between SQLite and PostgreSQL, all in one place. Repositories write
// `?` placeholders and the portable subset both engines share (ON CONFLICT ... DO UPDATE
// with `excluded.`, RETURNING, BIGINT, TEXT); schema text also uses these tokens:
//   {id}    an auto-assigned 64-bit primary key
//   {blob}  raw bytes (BLOB / BYTEA)
//   {real}  a 64-bit float (REAL / DOUBLE PRECISION; PostgreSQL's REAL is only 32-bit)

#include <cstdint>
#include <string>
#include <string_view>

namespace mw::store {

enum class Dialect : std::uint8_t { kSqlite, kPostgres };

// "sqlite" | "postgres"
std::string_view dialect_name(Dialect d) noexcept;

// `?` → `$1`, `$2`, ... for PostgreSQL; `?` inside '...', "..." and -- comments is kept.
std::string number_placeholders(std::string_view sql);

// Replaces the schema tokens above with the dialect's types.
std::string expand_schema(std::string_view sql, Dialect d);

// Bytes ↔ PostgreSQL's text form of BYTEA ("\x" + lower-case hex).
std::string bytea_to_text(std::string_view bytes);
// False when `text` is not "\x" + an even number of hex digits.
bool bytea_from_text(std::string_view text, std::string& out);

}  // namespace mw::store
