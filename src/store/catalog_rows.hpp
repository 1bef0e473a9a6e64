#pragma once
// Helpers shared by the catalog repository's files: reading one or many rows into values.

#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace mw::store::detail {

// Runs `sql` and converts each row with `read(Row&) -> T`.
template <class T, class Read>
Result<std::vector<T>> read_all(Db& db, std::string_view sql, std::initializer_list<Value> params,
                                Read read) {
  std::vector<T> out;
  MW_RETURN_IF_ERROR(db.query(sql, params, [&](Row& row) {
    out.push_back(read(row));
    return Status{};
  }));
  return out;
}

// The first row converted, or NotFound with `what` ("mine 620823009203").
template <class T, class Read>
Result<T> read_one(Db& db, std::string_view sql, std::initializer_list<Value> params,
                   const std::string& what, Read read) {
  std::optional<T> out;
  MW_RETURN_IF_ERROR(db.query(sql, params, [&](Row& row) {
    if (!out) out = read(row);
    return Status{};
  }));
  if (!out) return Status::not_found(what + " is not in the catalog");
  return std::move(*out);
}

inline Status status_of(const Result<std::int64_t>& r) { return r.ok() ? Status{} : r.status(); }

}  // namespace mw::store::detail
