// Migration part: accounts: users, sessions, API tokens, upload keys, audit chain
// (docs/accounts.md). Secrets are never stored: sessions, API tokens and upload keys as the
// hex SHA-256 of the token, passwords as argon2id encoded strings. Times are Unix seconds.
#include "store/schema_parts.hpp"

namespace mw::store {

const std::string_view kAccountsSql = R"sql(
CREATE TABLE accounts_users (
  id {id},
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  scope TEXT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0,
  created BIGINT NOT NULL
);

CREATE TABLE accounts_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES accounts_users (id),
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX accounts_sessions_user ON accounts_sessions (user_id);

CREATE TABLE accounts_tokens (
  id {id},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES accounts_users (id),
  label TEXT NOT NULL,
  created BIGINT NOT NULL,
  revoked BIGINT
);
CREATE INDEX accounts_tokens_user ON accounts_tokens (user_id);

CREATE TABLE accounts_upload_keys (
  id {id},
  mine TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created BIGINT NOT NULL,
  revoked BIGINT
);
CREATE INDEX accounts_upload_keys_mine ON accounts_upload_keys (mine);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  time BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE audit_head (
  id BIGINT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)sql";

}  // namespace mw::store
