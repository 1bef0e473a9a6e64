#include "store/postgres_db.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <type_traits>
#include <vector>

#include "store/dialect.hpp"

namespace mw::store {

namespace {

// PostgreSQL type oid of BYTEA (pg_type.dat); its cells arrive hex-encoded.
constexpr Oid kByteaOid = 17;

std::string excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  std::string s(sql.substr(0, kMax));
  if (sql.size() > kMax) s += "...";
  return s;
}

// libpq's messages span lines (ERROR:, DETAIL:, HINT:); one line reads better in a log.
std::string trimmed(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (std::size_t pos = 0; (pos = s.find('\n', pos)) != std::string::npos;)
    s.replace(pos, 1, " / ");
  return s;
}

// SQLSTATE classes (PostgreSQL appendix A) mapped to the Status codes callers act on.
StatusCode code_of(const char* sqlstate) {
  const std::string_view s = sqlstate ? sqlstate : "";
  if (s.starts_with("23") || s.starts_with("22")) return StatusCode::kInvalidArgument;
  if (s.starts_with("40") || s.starts_with("08") || s.starts_with("57") || s == "55P03") {
    return StatusCode::kUnavailable;
  }
  if (s.starts_with("53")) return StatusCode::kResourceExhausted;
  if (s.starts_with("XX")) return StatusCode::kCorruption;
  return StatusCode::kInternal;
}

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;
ResultPtr wrap(PGresult* r) { return ResultPtr(r, &PQclear); }

}  // namespace

Result<std::unique_ptr<PostgresDb>> PostgresDb::open(const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (conn == nullptr) return Status::resource_exhausted("libpq could not allocate a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    // Not the DSN itself: it may hold a password. libpq's message names host and port.
    return Status::unavailable("cannot connect to PostgreSQL: " + msg);
  }
  std::unique_ptr<PostgresDb> db(new PostgresDb(conn));
  // Notices (e.g. "relation already exists, skipping") are expected; keep stderr clean.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  // UTF-8 both ways whatever the server's default (netfile text is stored as UTF-8).
  MW_RETURN_IF_ERROR(db->exec_script("SET client_encoding = 'UTF8'"));
  return db;
}

PostgresDb::~PostgresDb() { PQfinish(conn_); }

Status PostgresDb::error(std::string_view sql, const pg_result* res) const {
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status::unavailable("PostgreSQL connection lost: " + trimmed(PQerrorMessage(conn_)) +
                               " (in: " + excerpt(sql) + ")");
  }
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string msg = res ? trimmed(PQresultErrorMessage(res)) : trimmed(PQerrorMessage(conn_));
  return Status(code_of(state), "PostgreSQL: " + msg +
                                    (state ? " [" + std::string(state) + "]" : "") +
                                    " (in: " + excerpt(sql) + ")");
}

Result<const std::string*> PostgresDb::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return &it->second;
  std::string name = "mw" + std::to_string(cache_.size() + 1);
  const std::string numbered = number_placeholders(sql);
  auto res = wrap(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return error(sql, res.get());
  auto [pos, inserted] = cache_.emplace(std::string(sql), std::move(name));
  return &pos->second;
}

Status PostgresDb::run(std::string_view sql, Params params, const RowFn* on_row,
                       std::int64_t* changed) {
  auto name = prepare(sql);
  if (!name.ok()) return std::move(name).take_status();

  // Text format for every parameter; `texts` owns what `values` points at.
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const bool present = std::visit(
        [&](const auto& v) -> bool {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return false;
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            texts[i] = std::to_string(v);
          } else if constexpr (std::is_same_v<T, double>) {
            char buf[32];  // %.17g round-trips every double
            const int n = std::snprintf(buf, sizeof buf, "%.17g", v);
            texts[i].assign(buf, static_cast<std::size_t>(n));
          } else if constexpr (std::is_same_v<T, std::string>) {
            texts[i] = v;
          } else {
            texts[i] = bytea_to_text(v.bytes);
          }
          return true;
        },
        params[i].get());
    if (present) values[i] = texts[i].c_str();
  }
  auto res = wrap(PQexecPrepared(conn_, (*name)->c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(sql, res.get());
  if (changed != nullptr) {
    const std::string_view n = PQcmdTuples(res.get());
    std::int64_t v = 0;
    std::from_chars(n.data(), n.data() + n.size(), v);  // "" for statements without a count
    *changed = v;
  }
  if (on_row == nullptr) return Status{};

  const int nrows = PQntuples(res.get());
  const int ncol = PQnfields(res.get());
  std::vector<std::string> names;
  std::vector<bool> bytea;
  for (int c = 0; c < ncol; ++c) {
    names.emplace_back(PQfname(res.get(), c));
    bytea.push_back(PQftype(res.get(), c) == kByteaOid);
  }
  std::vector<Row::Cell> cells(static_cast<std::size_t>(ncol));
  std::vector<std::string> decoded(static_cast<std::size_t>(ncol));
  for (int r = 0; r < nrows; ++r) {
    for (int c = 0; c < ncol; ++c) {
      const auto ci = static_cast<std::size_t>(c);
      if (PQgetisnull(res.get(), r, c) != 0) {
        cells[ci].data.reset();
        continue;
      }
      const std::string_view raw(PQgetvalue(res.get(), r, c),
                                 static_cast<std::size_t>(PQgetlength(res.get(), r, c)));
      if (!bytea[ci]) {
        cells[ci].data = raw;
      } else if (bytea_from_text(raw, decoded[ci])) {
        cells[ci].data = decoded[ci];
      } else {
        return Status::corruption("PostgreSQL returned BYTEA not in hex form in column " +
                                  names[ci] + " (in: " + excerpt(sql) + ")");
      }
    }
    Row row(cells, names);
    Status s = (*on_row)(row);
    if (s.ok()) s = row.status();
    if (!s.ok()) return s;
  }
  return Status{};
}

Result<std::int64_t> PostgresDb::exec(std::string_view sql, Params params) {
  std::int64_t changed = 0;
  MW_RETURN_IF_ERROR(run(sql, params, nullptr, &changed));
  return changed;
}

Status PostgresDb::query(std::string_view sql, Params params, const RowFn& on_row) {
  return run(sql, params, &on_row, nullptr);
}

Status PostgresDb::exec_script(std::string_view sql) {
  const std::string text(sql);
  auto res = wrap(PQexec(conn_, text.c_str()));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(sql, res.get());
  return Status{};
}

bool PostgresDb::transaction_active() const noexcept {
  const PGTransactionStatusType st = PQtransactionStatus(conn_);
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
}

Status PostgresDb::begin_write() { return exec_script("BEGIN"); }
Status PostgresDb::commit() {
  // COMMIT of a transaction that already failed answers "ROLLBACK" without an error;
  // report it as the failure it is.
  auto res = wrap(PQexec(conn_, "COMMIT"));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return error("COMMIT", res.get());
  if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
    return Status::failed_precondition("PostgreSQL rolled the transaction back at COMMIT");
  }
  return Status{};
}
Status PostgresDb::rollback() {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status{};
  return exec_script("ROLLBACK");
}

}  // namespace mw::store
