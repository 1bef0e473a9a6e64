// AccountRepo: one SQL text per operation for both backends.
#include "store/account_repo.hpp"

#include <utility>

namespace mw::store {

namespace {

constexpr std::string_view kUserColumns =
    "u.id, u.name, u.password_hash, u.role, u.scope, u.disabled, u.created";

// Reads the 7 user columns starting at `first`.
UserRow read_user(Row& row, std::size_t first = 0) {
  UserRow u;
  u.id = row.int64(first);
  u.name = row.str(first + 1);
  u.password_hash = row.str(first + 2);
  u.role = row.str(first + 3);
  u.scope = row.str(first + 4);
  u.disabled = row.boolean(first + 5);
  u.created = row.time(first + 6);
  return u;
}

std::string sql(std::string_view head, std::string_view tail) {
  std::string s(head);
  s += tail;
  return s;
}

}  // namespace

Result<std::int64_t> AccountRepo::insert_user(const UserRow& user) {
  auto existing = find_user(user.name);
  if (!existing.ok()) return std::move(existing).take_status();
  if (*existing) return Status::failed_precondition("user '" + user.name + "' already exists");
  return query_int64(
      db_,
      "INSERT INTO accounts_users (name, password_hash, role, scope, disabled, "
      "created) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {user.name, user.password_hash, user.role, user.scope, user.disabled, user.created});
}

Result<std::optional<UserRow>> AccountRepo::find_user(std::string_view name) {
  std::optional<UserRow> out;
  MW_RETURN_IF_ERROR(
      db_.query(sql(sql("SELECT ", kUserColumns), " FROM accounts_users u WHERE u.name = ?"),
                {name}, [&](Row& row) {
                  out = read_user(row);
                  return Status{};
                }));
  return out;
}

Result<std::optional<UserRow>> AccountRepo::find_user_by_id(std::int64_t id) {
  std::optional<UserRow> out;
  MW_RETURN_IF_ERROR(
      db_.query(sql(sql("SELECT ", kUserColumns), " FROM accounts_users u WHERE u.id = ?"), {id},
                [&](Row& row) {
                  out = read_user(row);
                  return Status{};
                }));
  return out;
}

Result<std::vector<UserRow>> AccountRepo::list_users() {
  return query_all<UserRow>(
      db_, sql(sql("SELECT ", kUserColumns), " FROM accounts_users u ORDER BY u.name"), {},
      [](Row& row) { return read_user(row); });
}

Result<bool> AccountRepo::set_disabled(std::string_view name, bool disabled) {
  auto n = db_.exec("UPDATE accounts_users SET disabled = ? WHERE name = ?", {disabled, name});
  if (!n.ok()) return std::move(n).take_status();
  return *n > 0;
}

Status AccountRepo::set_password_hash(std::int64_t user_id, std::string_view password_hash) {
  return exec_status(db_.exec("UPDATE accounts_users SET password_hash = ? WHERE id = ?",
                              {password_hash, user_id}));
}

Status AccountRepo::insert_session(const SessionRow& s) {
  return exec_status(
      db_.exec("INSERT INTO accounts_sessions (token_hash, user_id, created, expires, last_seen) "
               "VALUES (?, ?, ?, ?, ?)",
               {s.token_hash, s.user_id, s.created, s.expires, s.last_seen}));
}

Result<std::optional<std::pair<SessionRow, UserRow>>> AccountRepo::find_session(
    std::string_view token_hash) {
  std::optional<std::pair<SessionRow, UserRow>> out;
  MW_RETURN_IF_ERROR(db_.query(
      sql(sql("SELECT s.token_hash, s.user_id, s.created, s.expires, s.last_seen, ", kUserColumns),
          " FROM accounts_sessions s JOIN accounts_users u ON u.id = s.user_id "
          "WHERE s.token_hash = ?"),
      {token_hash}, [&](Row& row) {
        SessionRow s;
        s.token_hash = row.str(0);
        s.user_id = row.int64(1);
        s.created = row.time(2);
        s.expires = row.time(3);
        s.last_seen = row.time(4);
        out.emplace(std::move(s), read_user(row, 5));
        return Status{};
      }));
  return out;
}

Status AccountRepo::touch_session(std::string_view token_hash, Time last_seen) {
  return exec_status(db_.exec("UPDATE accounts_sessions SET last_seen = ? WHERE token_hash = ?",
                              {last_seen, token_hash}));
}

Status AccountRepo::delete_session(std::string_view token_hash) {
  return exec_status(db_.exec("DELETE FROM accounts_sessions WHERE token_hash = ?", {token_hash}));
}

Status AccountRepo::delete_user_sessions(std::int64_t user_id) {
  return exec_status(db_.exec("DELETE FROM accounts_sessions WHERE user_id = ?", {user_id}));
}

Result<std::int64_t> AccountRepo::delete_stale_sessions(Time now, Seconds idle) {
  return db_.exec("DELETE FROM accounts_sessions WHERE expires <= ? OR last_seen <= ?",
                  {now, now - idle});
}

Result<std::int64_t> AccountRepo::insert_token(std::string_view token_hash, std::int64_t user_id,
                                               std::string_view label, Time created) {
  return query_int64(db_,
                     "INSERT INTO accounts_tokens (token_hash, user_id, label, created) "
                     "VALUES (?, ?, ?, ?) RETURNING id",
                     {token_hash, user_id, label, created});
}

Result<std::optional<UserRow>> AccountRepo::find_token_user(std::string_view token_hash) {
  std::optional<UserRow> out;
  MW_RETURN_IF_ERROR(
      db_.query(sql(sql("SELECT ", kUserColumns),
                    " FROM accounts_tokens t JOIN accounts_users u ON u.id = t.user_id "
                    "WHERE t.token_hash = ? AND t.revoked IS NULL"),
                {token_hash}, [&](Row& row) {
                  out = read_user(row);
                  return Status{};
                }));
  return out;
}

Result<std::vector<TokenRow>> AccountRepo::list_tokens(std::int64_t user_id) {
  return query_all<TokenRow>(
      db_,
      "SELECT id, user_id, label, created, revoked FROM accounts_tokens WHERE user_id = ? "
      "ORDER BY id",
      {user_id}, [](Row& row) {
        TokenRow t;
        t.id = row.int64(0);
        t.user_id = row.int64(1);
        t.label = row.str(2);
        t.created = row.time(3);
        if (auto r = row.opt_int64(4)) t.revoked = Time{Seconds{*r}};
        return t;
      });
}

Result<bool> AccountRepo::revoke_token(std::int64_t user_id, std::int64_t token_id, Time when) {
  auto n = db_.exec(
      "UPDATE accounts_tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL",
      {when, token_id, user_id});
  if (!n.ok()) return std::move(n).take_status();
  return *n > 0;
}

Status AccountRepo::revoke_user_tokens(std::int64_t user_id, Time when) {
  return exec_status(
      db_.exec("UPDATE accounts_tokens SET revoked = ? WHERE user_id = ? AND revoked IS NULL",
               {when, user_id}));
}

Status AccountRepo::replace_upload_key(std::string_view mine, std::string_view key_hash,
                                       Time when) {
  return in_transaction(db_, [&]() -> Status {
    MW_RETURN_IF_ERROR(exec_status(
        db_.exec("UPDATE accounts_upload_keys SET revoked = ? WHERE mine = ? AND revoked IS NULL",
                 {when, mine})));
    return exec_status(
        db_.exec("INSERT INTO accounts_upload_keys (mine, key_hash, created) VALUES (?, ?, ?)",
                 {mine, key_hash, when}));
  });
}

Result<std::vector<UploadKeyRow>> AccountRepo::active_upload_keys() {
  return query_all<UploadKeyRow>(
      db_, "SELECT mine, key_hash FROM accounts_upload_keys WHERE revoked IS NULL ORDER BY mine",
      {}, [](Row& row) {
        return UploadKeyRow{row.str(0), row.str(1)};
      });
}

}  // namespace mw::store
