#pragma once
// Auth: who is calling (session cookie or API token), passwords (argon2id), login with a
// rate limit, sessions, API tokens and the mines' upload keys (docs/accounts.md).
//
// Thread safety: every public method may be called from any of the server's I/O threads
// at once. Auth owns one store::Db and uses it only under its own mutex; the slow parts
// (argon2id, SHA-256) run outside that lock. Upload keys are checked against an immutable
// in-memory snapshot of their SHA-256, swapped whole (reloaded at most every
// `upload_key_refresh`, and at once after a rotation through this object): an upload costs
// no store round trip and never waits for the store's lock, which a write may hold for
// seconds while SQLite's write lock is taken (a reload that would wait is skipped). Sessions
// and API tokens are read through a second, read-only connection under a mutex of its own
// when one is given, so a request never waits for a user write or a touch queued on the
// write lock (issue 6). Session touches (last_seen) are written by a background thread in
// batches and kept in memory until written; a request only hands its touch over.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "server/http.hpp"
#include "server/principal.hpp"
#include "store/db.hpp"

namespace mw::server {

// Name of the session cookie.
inline constexpr std::string_view kSessionCookie = "mw_session";

enum class UploadKeyCheck : std::uint8_t {
  kOk,          // the key is the mine's current key
  kUnknownKey,  // no such key (never issued, rotated away or revoked): 401
  kOtherMine,   // a valid key of another mine: 403
};

// argon2id cost. Defaults: OWASP Password Storage Cheat Sheet (2023), the first of its
// equivalent minimum configurations: m = 19 MiB, t = 2, p = 1. Stored in each encoded hash,
// so raising them later keeps old passwords verifiable (and they are rehashed at login).
struct Argon2Params {
  std::uint32_t memory_kib = 19 * 1024;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
};

struct AuthOptions {
  Argon2Params argon2;
  Seconds session_lifetime = std::chrono::hours(12);  // a working shift and a half
  Seconds session_idle = std::chrono::minutes(30);    // unused this long: logged out
  bool secure_cookies = false;                        // set when serving over TLS
  // Login attempts: at most `login_failures` failures per user name and per remote
  // address within `login_window`; then 429 until the window passes.
  int login_failures = 5;
  Seconds login_window = std::chrono::minutes(15);
  // Password checks (argon2id, ~80 ms of one core each) running at once, over all users and
  // remotes; a login beyond this answers 503 with Retry-After instead of queueing, so a
  // distributed guessing flood costs at most this many cores and cannot starve ingest.
  // 0: the number of cores.
  std::size_t max_password_checks = 0;
  // Tests only: called while a password check holds its slot (to hold it open).
  std::function<void()> on_password_check;
  // Tests only: called by the touch writer holding the accounts' connection, before it writes.
  std::function<void()> on_touch_write;
  // Tests only: called by a cookie check between its two reads of when the session was last
  // used (the touch not yet written, then the stored row).
  std::function<void()> between_session_reads;
  // How stale the upload-key cache may get when keys change outside this process
  // (`minewatch mine key` while serve runs).
  Seconds upload_key_refresh = std::chrono::seconds(30);
};

// The one-time secret of a new session: `token` goes into the cookie, never into the store.
struct Session {
  std::string token;
  Principal principal;
  Time expires{};
};

enum class LoginError : std::uint8_t {
  kBadCredentials,  // unknown user, wrong password or disabled user (one message for all)
  kRateLimited,     // too many failures for this user or remote: 429
  kBusy,            // max_password_checks already running: 503
  kStore,           // the store failed: 503
};

struct LoginFailure {
  LoginError error = LoginError::kBadCredentials;
  std::string message;    // for the response body
  Seconds retry_after{};  // kRateLimited, kBusy: when to try again (the Retry-After header)
};

struct LoginOutcome {
  std::optional<Session> session;  // set on success
  LoginFailure failure;            // meaningful when !session
};

struct UserInfo {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string scope;
  bool disabled = false;
  Time created{};
};

struct ApiTokenInfo {
  std::int64_t id = 0;
  std::string label;
  Time created{};
  bool revoked = false;
};

// "national" | "province" | "city" | "mine" | "viewer"
std::string_view role_name(Role role) noexcept;
std::optional<Role> parse_role(std::string_view name) noexcept;
// Whether `scope` fits `role`: national "", province 2 digits, city 4 digits, mine a whole
// mine code, viewer any of those. InvalidArgument naming the expected form otherwise.
Status check_scope(Role role, std::string_view scope);

// argon2id of `password` in the PHC encoded form ($argon2id$v=19$m=...,t=...,p=...$salt$hash)
// with a fresh 16-byte salt from RAND_bytes.
Result<std::string> hash_password(std::string_view password, const Argon2Params& params);
// Whether `password` matches `encoded` (any argon2id parameters). False for malformed input.
bool verify_password(std::string_view password, const std::string& encoded);

// 32 random bytes from OpenSSL RAND_bytes, base64url without padding (43 characters).
Result<std::string> random_secret();
// Lower-case hex SHA-256: how sessions, API tokens and upload keys are stored.
std::string sha256_hex(std::string_view data);

class Auth {
 public:
  // `db` must be migrated (store::migrate). `clock` must outlive Auth. With `reader` (a
  // second connection to the same store), sessions and API tokens are read through it;
  // without, through `db`, waiting for its writes.
  Auth(std::unique_ptr<store::Db> db, const Clock& clock, AuthOptions options = {});
  Auth(std::unique_ptr<store::Db> db, std::unique_ptr<store::Db> reader, const Clock& clock,
       AuthOptions options = {});
  ~Auth();  // writes the touches still pending
  Auth(const Auth&) = delete;
  Auth& operator=(const Auth&) = delete;

  const AuthOptions& options() const noexcept { return options_; }

  // The caller of `req`: the `mw_session` cookie, else `Authorization: Bearer <api token>`.
  // nullopt for anonymous callers, unknown/expired/idle sessions, revoked tokens and
  // disabled users. Upload keys are not principals (see check_upload_key).
  std::optional<Principal> authenticate(const Request& req);

  // Checks `password` with the same cost whether or not the user exists (no enumeration
  // by timing or message); audited as "login" / "login.failed".
  LoginOutcome login(std::string_view user, std::string_view password, std::string_view remote);
  // Ends the session of `token` (the cookie value); OK if it was already gone.
  Status logout(std::string_view token, const Principal& who);
  // Writes the session touches not written yet, now (the background writer does it as they
  // come; shutdown and tests). The first failure; the touches then stay pending.
  Status flush_touches();
  // Set-Cookie values: the session's, and the one that clears it.
  std::string session_cookie(const Session& session) const;
  std::string clear_session_cookie() const;

  // Users (national-admin routes and the CLI). `actor` is recorded in the audit log.
  Result<UserInfo> add_user(std::string_view name, std::string_view password, Role role,
                            std::string_view scope, std::string_view actor);
  Result<std::vector<UserInfo>> list_users();
  // Disables the user and ends their sessions and API tokens at once. NotFound if unknown.
  Status disable_user(std::string_view name, std::string_view actor);

  // API tokens: the secret is returned once; only its hash is stored.
  Result<std::string> create_api_token(std::int64_t user_id, std::string_view label,
                                       std::string_view actor);
  Result<std::vector<ApiTokenInfo>> list_api_tokens(std::int64_t user_id);
  // NotFound unless token `token_id` belongs to `user_id`.
  Status revoke_api_token(std::int64_t user_id, std::int64_t token_id, std::string_view actor);

  // Upload keys. rotate_upload_key revokes every earlier key of the mine and returns the
  // new one (shown once). The mine must be in the catalog (NotFound otherwise).
  Result<std::string> rotate_upload_key(std::string_view mine, std::string_view actor);
  UploadKeyCheck check_upload_key(std::string_view mine, std::string_view key);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  AuthOptions options_;
};

}  // namespace mw::server
