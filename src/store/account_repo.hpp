#pragma once
// AccountRepo: users, sessions, API tokens and upload keys (migration 4, docs/accounts.md)
// over any Db. Stores what it is given: hashing secrets and checking roles and scopes is
// server/auth's job, so this layer knows roles only as their names.
//
// Thread safety: as the Db it is given (one owner thread). Holds no state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "store/db.hpp"

namespace mw::store {

struct UserRow {
  std::int64_t id = 0;
  std::string name;
  std::string password_hash;  // argon2id encoded string
  std::string role;           // "national" | "province" | "city" | "mine" | "viewer"
  std::string scope;
  bool disabled = false;
  Time created{};
};

struct SessionRow {
  std::string token_hash;
  std::int64_t user_id = 0;
  Time created{};
  Time expires{};
  Time last_seen{};
};

struct TokenRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string label;
  Time created{};
  std::optional<Time> revoked;
};

struct UploadKeyRow {
  std::string mine;
  std::string key_hash;
};

class AccountRepo {
 public:
  explicit AccountRepo(Db& db) : db_(db) {}

  // Users. insert_user answers FailedPrecondition when the name is taken.
  Result<std::int64_t> insert_user(const UserRow& user);
  Result<std::optional<UserRow>> find_user(std::string_view name);
  Result<std::optional<UserRow>> find_user_by_id(std::int64_t id);
  Result<std::vector<UserRow>> list_users();  // by name
  // False when no user has that name.
  Result<bool> set_disabled(std::string_view name, bool disabled);
  Status set_password_hash(std::int64_t user_id, std::string_view password_hash);

  // Sessions, by the hash of their token.
  Status insert_session(const SessionRow& session);
  // The session and its user (one query per authenticated request).
  Result<std::optional<std::pair<SessionRow, UserRow>>> find_session(std::string_view token_hash);
  Status touch_session(std::string_view token_hash, Time last_seen);
  Status delete_session(std::string_view token_hash);
  Status delete_user_sessions(std::int64_t user_id);
  // Sessions whose expiry or idle limit has passed; returns how many went.
  Result<std::int64_t> delete_stale_sessions(Time now, Seconds idle);

  // API tokens.
  Result<std::int64_t> insert_token(std::string_view token_hash, std::int64_t user_id,
                                    std::string_view label, Time created);
  // The token's user when the token exists and is not revoked.
  Result<std::optional<UserRow>> find_token_user(std::string_view token_hash);
  Result<std::vector<TokenRow>> list_tokens(std::int64_t user_id);  // by id
  // False when `token_id` is not an unrevoked token of `user_id`.
  Result<bool> revoke_token(std::int64_t user_id, std::int64_t token_id, Time when);
  Status revoke_user_tokens(std::int64_t user_id, Time when);

  // Upload keys: revokes every active key of `mine` and stores the new one, atomically
  // (joins the caller's transaction if one is open).
  Status replace_upload_key(std::string_view mine, std::string_view key_hash, Time when);
  // Every unrevoked key (the server's cache).
  Result<std::vector<UploadKeyRow>> active_upload_keys();

 private:
  Db& db_;
};

}  // namespace mw::store
