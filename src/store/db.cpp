#include "store/db.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

namespace mw::store {

bool Row::check(std::size_t i) {
  if (i < cells_.size()) return true;
  fail(i, "no such column");
  return false;
}

void Row::fail(std::size_t i, std::string_view what) {
  if (!status_.ok()) return;
  const std::string name = i < names_.size() ? names_[i] : "#" + std::to_string(i);
  std::string value;
  if (i < cells_.size() && cells_[i].data) value = std::string(cells_[i].data->substr(0, 40));
  status_ = Status::corruption("column " + name + ": " + std::string(what) +
                               (value.empty() ? "" : " (value '" + value + "')"));
}

bool Row::is_null(std::size_t i) { return check(i) && !cells_[i].data.has_value(); }

std::string_view Row::text(std::size_t i) {
  if (!check(i) || !cells_[i].data) return {};
  return *cells_[i].data;
}

Blob Row::blob(std::size_t i) { return Blob{std::string(text(i))}; }

std::int64_t Row::int64(std::size_t i) {
  const std::string_view t = text(i);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size()) {
    fail(i, "expected an integer");
    return 0;
  }
  return v;
}

std::optional<std::int64_t> Row::opt_int64(std::size_t i) {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

double Row::real(std::size_t i) {
  const std::string t(text(i));  // strtod needs a terminated string
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size()) {
    fail(i, "expected a number");
    return 0;
  }
  return v;
}

Decimal Row::decimal(std::size_t i) {
  const auto d = parse_decimal(text(i));
  if (!d) {
    fail(i, "expected a decimal");
    return {};
  }
  return *d;
}

std::optional<Decimal> Row::opt_decimal(std::size_t i) {
  if (is_null(i)) return std::nullopt;
  return decimal(i);
}

Status in_transaction(Db& db, const std::function<Status()>& fn) {
  if (db.transaction_active()) return fn();
  MW_RETURN_IF_ERROR(db.begin_write());
  Status s = fn();
  if (s.ok()) s = db.commit();
  if (s.ok()) return s;
  const Status r = db.rollback();
  if (!r.ok()) return Status(s.code(), s.message() + "; rollback also failed: " + r.message());
  return s;
}

Result<std::int64_t> query_int64(Db& db, std::string_view sql,
                                 std::initializer_list<Value> params) {
  std::optional<std::int64_t> out;
  MW_RETURN_IF_ERROR(db.query(sql, params, [&](Row& row) {
    if (!out) out = row.int64(0);
    return Status{};
  }));
  if (!out) return Status::not_found("no row from: " + std::string(sql));
  return *out;
}

}  // namespace mw::store
