// Auth: passwords, sessions, API tokens, upload keys. The store is written only under
// db_mu; argon2id and SHA-256 run outside it so one slow login does not stall requests;
// upload-key checks never take it (a snapshot in memory; reloads only try it); session and
// token checks read through the reader connection (read_mu), and session touches are
// written by a background thread.
#include "server/auth.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <thread>
#include <unordered_map>

#include "base/json.hpp"
#include "model/codes.hpp"
#include "store/account_repo.hpp"
#include "store/catalog_repo.hpp"
#include "workflow/audit.hpp"

namespace mw::server {

namespace {

// Salt and tag sizes: the argon2 RFC 9106 recommendation (16-byte salt, 32-byte tag).
constexpr std::size_t kSaltBytes = 16;
constexpr std::uint32_t kHashBytes = 32;
// NIST SP 800-63B's minimum length for a chosen secret.
constexpr std::size_t kMinPasswordLength = 8;
// argon2's own input limit is far higher; this bounds the work a login request can ask for.
constexpr std::size_t kMaxPasswordLength = 1024;
// Secrets that tell what they are: API tokens and upload keys (a stray key in a log is
// recognisable, and authenticate() skips the store for upload keys).
constexpr std::string_view kTokenPrefix = "mwt_";
constexpr std::string_view kUploadKeyPrefix = "mwk_";
// A session's last_seen is written at most this often (not on every request).
constexpr Seconds kTouchEvery{60};
// An unknown upload key reloads the cache at most this often (a bad-key flood costs one
// store query per second, and a key minted by the CLI works within a second).
constexpr Seconds kMissReloadEvery{1};
// A user name's length limit.
constexpr std::size_t kMaxUserName = 64;
// Login rate-limit entries kept before old windows are pruned.
constexpr std::size_t kMaxRateEntries = 10000;

std::string base64url(const unsigned char* data, std::size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3F];
  return out;
}

bool all_digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string encoded_prefix(const Argon2Params& p) {
  return "$argon2id$v=19$m=" + std::to_string(p.memory_kib) + ",t=" + std::to_string(p.iterations) +
         ",p=" + std::to_string(p.parallelism) + "$";
}

std::optional<Principal> principal_of(const store::UserRow& u) {
  if (u.disabled) return std::nullopt;
  auto role = parse_role(u.role);
  if (!role) return std::nullopt;  // a row written by hand: no access rather than a guess
  return Principal{u.id, u.name, *role, u.scope};
}

UserInfo info_of(const store::UserRow& u) {
  UserInfo i;
  i.id = u.id;
  i.name = u.name;
  i.role = parse_role(u.role).value_or(Role::kViewer);
  i.scope = u.scope;
  i.disabled = u.disabled;
  i.created = u.created;
  return i;
}

// Whole minutes, rounded up (a wait of 30 s reads "1 min").
std::int64_t minutes_left(Seconds s) { return (s.count() + 59) / 60; }

// Retry-After of a login refused because every password-check slot is taken: a check takes
// ~80 ms, so a second later the slots have turned over many times.
constexpr Seconds kBusyRetry{1};

std::size_t max_password_checks(const AuthOptions& o) {
  if (o.max_password_checks > 0) return o.max_password_checks;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency());
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string detail(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  for (const auto& [k, v] : kv) w.key(k).value(v);
  w.end_object();
  return out;
}

}  // namespace

std::string_view role_name(Role role) noexcept {
  switch (role) {
    case Role::kNational: return "national";
    case Role::kProvince: return "province";
    case Role::kCity: return "city";
    case Role::kMine: return "mine";
    case Role::kViewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view name) noexcept {
  for (const Role r : {Role::kNational, Role::kProvince, Role::kCity, Role::kMine, Role::kViewer}) {
    if (role_name(r) == name) return r;
  }
  return std::nullopt;
}

Status check_scope(Role role, std::string_view scope) {
  const bool region = all_digits(scope) && scope.size() % 2 == 0 && scope.size() <= 6;
  switch (role) {
    case Role::kNational:
      if (scope.empty()) return Status{};
      return Status::invalid_argument("a national user's scope is empty (the whole country)");
    case Role::kProvince:
      if (scope.size() == 2 && all_digits(scope)) return Status{};
      return Status::invalid_argument("a province user's scope is 2 digits (GB/T 2260, e.g. 14)");
    case Role::kCity:
      if (scope.size() == 4 && all_digits(scope)) return Status{};
      return Status::invalid_argument("a city user's scope is 4 digits (GB/T 2260, e.g. 1404)");
    case Role::kMine:
      if (is_valid_mine_code(scope)) return Status{};
      return Status::invalid_argument(
          "a mine user's scope is a mine code (12 digits or 20 characters)");
    case Role::kViewer:
      if (region || is_valid_mine_code(scope)) return Status{};
      return Status::invalid_argument(
          "a viewer's scope is a region prefix (\"\", 2, 4 or 6 digits) or a mine code");
  }
  return Status::invalid_argument("unknown role");
}

Result<std::string> random_secret() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Status::unavailable("the system's random generator failed (OpenSSL RAND_bytes)");
  }
  return base64url(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view data) { return workflow::sha256_hex(data); }

Result<std::string> hash_password(std::string_view password, const Argon2Params& p) {
  if (password.size() > kMaxPasswordLength) {
    return Status::invalid_argument("password is longer than " +
                                    std::to_string(kMaxPasswordLength) + " bytes");
  }
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::unavailable("the system's random generator failed (OpenSSL RAND_bytes)");
  }
  std::string encoded(argon2_encodedlen(p.iterations, p.memory_kib, p.parallelism, kSaltBytes,
                                        kHashBytes, Argon2_id),
                      '\0');
  const int rc = argon2id_hash_encoded(p.iterations, p.memory_kib, p.parallelism, password.data(),
                                       password.size(), salt.data(), salt.size(), kHashBytes,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Status::internal(std::string("argon2id failed: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded) {
  if (password.size() > kMaxPasswordLength) return false;
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

struct Auth::Impl {
  Impl(std::unique_ptr<store::Db> d, std::unique_ptr<store::Db> r, const Clock& c,
       std::function<void()> touch_hook)
      : db(std::move(d)),
        read_db(std::move(r)),
        clock(c),
        on_touch_write(std::move(touch_hook)),
        touch_writer([this](std::stop_token stop) { touch_loop(stop); }) {}
  ~Impl() {
    touch_writer.request_stop();
    touch_writer.join();
    (void)flush_touches();  // best effort: a touch still pending is written now
  }

  // Runs `fn` and appends `entry` in one transaction (a write and its record commit together).
  Status audited(const workflow::AuditEntry& entry, const std::function<Status()>& fn) {
    return store::in_transaction(*db, [&]() -> Status {
      MW_RETURN_IF_ERROR(fn());
      return workflow::AuditLog(*db, clock).append(entry);
    });
  }

  // Runs `fn` on the reader connection, or on `db` (under db_mu) when there is none.
  template <class Fn>
  auto read(Fn fn) {
    if (read_db) {
      const std::lock_guard lock(read_mu);
      return fn(*read_db);
    }
    const std::lock_guard lock(db_mu);
    return fn(*db);
  }

  std::mutex db_mu;
  std::unique_ptr<store::Db> db;
  // Reads of sessions and tokens: in WAL mode a reader never waits for a writer (issue 6: a
  // page's cookie check queued behind a touch or a user write waiting for the write lock).
  std::mutex read_mu;
  std::unique_ptr<store::Db> read_db;  // guarded by read_mu; may be null
  const Clock& clock;
  std::string dummy_hash;  // verified against when the user does not exist

  struct Window {
    Time start{};
    int failures = 0;
  };
  std::mutex rate_mu;
  std::unordered_map<std::string, Window> rate;

  // Password checks running now (AuthOptions::max_password_checks).
  std::atomic<std::size_t> checks{0};

  // Upload keys: an immutable snapshot swapped whole, so a check reads memory only and never
  // waits for db_mu (held across writes that may wait seconds for SQLite's write lock while
  // the pipeline's store transaction runs: uploads stalled ~1 s at a time, issue 6).
  struct Keys {
    std::unordered_map<std::string, std::string> key_of_mine;  // mine → key hash
    std::unordered_map<std::string, std::string> mine_of_key;  // key hash → mine
    Time loaded{};
  };
  std::atomic<std::shared_ptr<const Keys>> keys;  // null until the first load
  // One writer of `keys` at a time (a reload or a rotation), so neither loses the other's.
  std::mutex keys_write_mu;

  // A fresh snapshot from the store, or null when another thread is reloading or the
  // connection is busy: the caller keeps the snapshot it has rather than wait.
  std::shared_ptr<const Keys> try_reload_keys(Time now) {
    const std::unique_lock writer(keys_write_mu, std::try_to_lock);
    if (!writer.owns_lock()) return nullptr;
    std::unique_lock conn(db_mu, std::try_to_lock);
    if (!conn.owns_lock()) return nullptr;
    auto rows = store::AccountRepo(*db).active_upload_keys();
    conn.unlock();
    if (!rows.ok()) return nullptr;  // on a store error the last snapshot keeps serving
    auto fresh = std::make_shared<Keys>();
    for (auto& row : *rows) {
      fresh->key_of_mine[row.mine] = row.key_hash;
      fresh->mine_of_key[row.key_hash] = row.mine;
    }
    fresh->loaded = now;
    keys.store(fresh);
    return fresh;
  }

  // Session touches not yet written: token hash → last seen. A request only puts its touch
  // here and wakes the writer; a write that fails (the write lock busy past the timeout)
  // keeps them, for the next touch, a login, flush_touches() or shutdown.
  std::mutex touch_mu;
  std::condition_variable_any touch_cv;
  std::unordered_map<std::string, Time> touches;  // guarded by touch_mu
  bool touch_wanted = false;                      // guarded by touch_mu: the writer has work
  std::mutex flush_mu;                            // one touch writer at a time
  std::function<void()> on_touch_write;

  std::optional<Time> pending_touch(const std::string& hash) {
    const std::lock_guard lock(touch_mu);
    auto it = touches.find(hash);
    if (it == touches.end()) return std::nullopt;
    return it->second;
  }

  void touch(const std::string& hash, Time at) {
    {
      const std::lock_guard lock(touch_mu);
      touches[hash] = at;
      touch_wanted = true;
    }
    touch_cv.notify_one();
  }

  // Writes the pending touches, one transaction per round. `only_if_wanted`: the background
  // writer's call, which does nothing if another caller wrote (or failed to write) them
  // since it woke. Caller holds neither db_mu nor touch_mu.
  Status flush_touches(bool only_if_wanted = false) {
    const std::lock_guard writer(flush_mu);
    {
      const std::lock_guard lock(touch_mu);
      if (only_if_wanted && !touch_wanted) return {};
      touch_wanted = false;
    }
    // Touches added while a batch was written go in the next round; a batch stays in the
    // map until written, so readers see it meanwhile.
    for (;;) {
      std::unordered_map<std::string, Time> batch;
      {
        const std::lock_guard lock(touch_mu);
        batch = touches;
      }
      if (batch.empty()) return {};
      Status s;
      {
        const std::lock_guard lock(db_mu);
        if (on_touch_write) on_touch_write();
        store::AccountRepo repo(*db);
        s = store::in_transaction(*db, [&]() -> Status {
          for (const auto& [hash, at] : batch) MW_RETURN_IF_ERROR(repo.touch_session(hash, at));
          return Status{};
        });
      }
      if (!s.ok()) return s;  // kept: the next touch (or login, or shutdown) writes them
      const std::lock_guard lock(touch_mu);
      std::erase_if(touches, [&](const auto& kv) {
        auto it = batch.find(kv.first);
        return it != batch.end() && it->second == kv.second;
      });
      touch_wanted = false;  // this round wrote what was added meanwhile, or the next will
    }
  }

  void touch_loop(std::stop_token stop) {
    for (;;) {
      {
        std::unique_lock lock(touch_mu);
        if (!touch_cv.wait(lock, stop, [&] { return touch_wanted; })) return;  // stopping
      }
      (void)flush_touches(/*only_if_wanted=*/true);
    }
  }

  // Declared last: started once everything it uses is built, stopped first.
  std::jthread touch_writer;
};

Auth::Auth(std::unique_ptr<store::Db> db, const Clock& clock, AuthOptions options)
    : Auth(std::move(db), nullptr, clock, std::move(options)) {}

Auth::Auth(std::unique_ptr<store::Db> db, std::unique_ptr<store::Db> reader, const Clock& clock,
           AuthOptions options)
    : impl_(
          std::make_unique<Impl>(std::move(db), std::move(reader), clock, options.on_touch_write)),
      options_(std::move(options)) {
  // A real hash of a random password, so an unknown user costs one full argon2id verify.
  auto secret = random_secret();
  auto dummy = hash_password(secret.ok() ? *secret : "unused", options_.argon2);
  impl_->dummy_hash = dummy.ok() ? *dummy : encoded_prefix(options_.argon2);
  (void)impl_->try_reload_keys(impl_->clock.now());  // nothing else holds the store yet
}

Auth::~Auth() = default;  // Impl's destructor stops the touch writer and writes what is left

Status Auth::flush_touches() { return impl_->flush_touches(); }

std::optional<Principal> Auth::authenticate(const Request& req) {
  const Time now = impl_->clock.now();
  if (auto cookie = req.cookie(kSessionCookie); cookie && !cookie->empty()) {
    const std::string hash = sha256_hex(*cookie);
    // A touch not written yet counts: the session was used then. It is read before the stored
    // row: the writer lets a touch go only after its commit, so one gone is in the row read
    // next. Read the other way round, a touch written in between was in neither read, and a
    // session in use looked idle (seen once in CI).
    const std::optional<Time> pending = impl_->pending_touch(hash);
    if (options_.between_session_reads) options_.between_session_reads();
    auto found =
        impl_->read([&](store::Db& db) { return store::AccountRepo(db).find_session(hash); });
    if (!found.ok() || !*found) return std::nullopt;
    const auto& [session, user] = **found;
    const Time last_seen = std::max(session.last_seen, pending.value_or(Time{}));
    // An ended session's row is left to the sweep at the next login (no write here).
    if (now >= session.expires || now - last_seen >= options_.session_idle) return std::nullopt;
    std::optional<Principal> principal = principal_of(user);
    if (principal && now - last_seen >= kTouchEvery) impl_->touch(hash, now);
    return principal;
  }
  if (auto auth = req.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->substr(0, kBearer.size()) != kBearer) return std::nullopt;
    const std::string_view token = auth->substr(kBearer.size());
    if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
    const std::string hash = sha256_hex(token);
    auto user =
        impl_->read([&](store::Db& db) { return store::AccountRepo(db).find_token_user(hash); });
    if (user.ok() && *user) return principal_of(**user);
  }
  return std::nullopt;
}

LoginOutcome Auth::login(std::string_view user_in, std::string_view password,
                         std::string_view remote) {
  LoginOutcome out;
  // Names are at most kMaxUserName (add_user); a longer one cannot match, and cutting it
  // bounds what a caller can put into the rate table and the audit log.
  const std::string_view user = user_in.substr(0, kMaxUserName + 1);
  const Time now = impl_->clock.now();
  const std::string user_key = "u:" + std::string(user);
  const std::string remote_key = "r:" + std::string(remote);
  {
    const std::lock_guard lock(impl_->rate_mu);
    for (const std::string* key : {&user_key, &remote_key}) {
      auto it = impl_->rate.find(*key);
      if (it != impl_->rate.end() && now - it->second.start < options_.login_window &&
          it->second.failures >= options_.login_failures) {
        const Seconds left = options_.login_window - (now - it->second.start);
        out.failure = {
            LoginError::kRateLimited,
            "too many failed logins; try again in " + std::to_string(minutes_left(left)) + " min",
            left};
        return out;
      }
    }
  }

  // A slot for the argon2id work below (the verify and a rehash), released on return.
  const std::size_t cap = max_password_checks(options_);
  std::size_t running = impl_->checks.load(std::memory_order_relaxed);
  do {
    if (running >= cap) {
      out.failure = {LoginError::kBusy, "the server is checking too many logins at once; try again",
                     kBusyRetry};
      return out;
    }
  } while (!impl_->checks.compare_exchange_weak(running, running + 1, std::memory_order_acq_rel));
  const struct SlotRelease {
    std::atomic<std::size_t>& n;
    ~SlotRelease() { n.fetch_sub(1, std::memory_order_acq_rel); }
  } slot{impl_->checks};
  if (options_.on_password_check) options_.on_password_check();

  std::optional<store::UserRow> row;
  {
    const std::lock_guard lock(impl_->db_mu);
    auto found = store::AccountRepo(*impl_->db).find_user(user);
    if (!found.ok()) {
      out.failure = {LoginError::kStore, "the account store is unavailable; try again"};
      return out;
    }
    row = std::move(*found);
  }
  // Always one argon2id verify, whether the user exists or not.
  const bool password_ok = verify_password(password, row ? row->password_hash : impl_->dummy_hash);
  const bool ok = row && password_ok && !row->disabled && parse_role(row->role).has_value();

  const std::string remote_detail = detail({{"remote", remote}});
  if (!ok) {
    {
      const std::lock_guard lock(impl_->rate_mu);
      if (impl_->rate.size() > kMaxRateEntries) {
        std::erase_if(impl_->rate, [&](const auto& kv) {
          return now - kv.second.start >= options_.login_window;
        });
      }
      for (const std::string* key : {&user_key, &remote_key}) {
        auto& w = impl_->rate[*key];
        if (now - w.start >= options_.login_window) w = {now, 0};
        ++w.failures;
      }
    }
    {
      const std::lock_guard lock(impl_->db_mu);
      (void)workflow::AuditLog(*impl_->db, impl_->clock)
          .append({std::string(user), "login.failed", std::string(user), remote_detail});
    }
    out.failure = {LoginError::kBadCredentials, "wrong user name or password"};
    return out;
  }

  auto secret = random_secret();
  if (!secret.ok()) {
    out.failure = {LoginError::kStore, secret.status().message()};
    return out;
  }
  // Parameters raised since this password was set: store it again at the new cost.
  std::optional<std::string> rehash;
  if (row->password_hash.rfind(encoded_prefix(options_.argon2), 0) != 0) {
    if (auto h = hash_password(password, options_.argon2); h.ok()) rehash = *h;
  }
  Session session{*secret, *principal_of(*row), now + options_.session_lifetime};
  // Pending touches first: the sweep below must not take a session in use for an idle one.
  (void)impl_->flush_touches();
  const Status s = [&] {
    const std::lock_guard lock(impl_->db_mu);
    store::AccountRepo repo(*impl_->db);
    (void)repo.delete_stale_sessions(now, options_.session_idle);
    return impl_->audited({row->name, "login", row->name, remote_detail}, [&]() -> Status {
      if (rehash) MW_RETURN_IF_ERROR(repo.set_password_hash(row->id, *rehash));
      return repo.insert_session({sha256_hex(session.token), row->id, now, session.expires, now});
    });
  }();
  if (!s.ok()) {
    out.failure = {LoginError::kStore, "the account store is unavailable; try again"};
    return out;
  }
  {
    // A success clears the user's failures (not the remote's: a shared NAT keeps its count).
    const std::lock_guard lock(impl_->rate_mu);
    impl_->rate.erase(user_key);
  }
  out.session = std::move(session);
  return out;
}

Status Auth::logout(std::string_view token, const Principal& who) {
  const std::string hash = sha256_hex(token);
  const std::lock_guard lock(impl_->db_mu);
  store::AccountRepo repo(*impl_->db);
  return impl_->audited({who.name, "logout", who.name, "{}"},
                        [&] { return repo.delete_session(hash); });
}

std::string Auth::session_cookie(const Session& session) const {
  std::string c(kSessionCookie);
  c += '=';
  c += session.token;
  c += "; Path=/; Max-Age=" + std::to_string(options_.session_lifetime.count()) +
       "; HttpOnly; SameSite=Strict";
  if (options_.secure_cookies) c += "; Secure";
  return c;
}

std::string Auth::clear_session_cookie() const {
  std::string c(kSessionCookie);
  c += "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
  if (options_.secure_cookies) c += "; Secure";
  return c;
}

Result<UserInfo> Auth::add_user(std::string_view name, std::string_view password, Role role,
                                std::string_view scope, std::string_view actor) {
  if (name.empty() || name.size() > kMaxUserName) {
    return Status::invalid_argument("a user name is 1 to 64 characters");
  }
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok)
      return Status::invalid_argument("a user name uses only letters, digits, '.', '_', '-'");
  }
  if (password.size() < kMinPasswordLength) {
    return Status::invalid_argument("a password has at least " +
                                    std::to_string(kMinPasswordLength) + " characters");
  }
  MW_RETURN_IF_ERROR(check_scope(role, scope));
  auto hash = hash_password(password, options_.argon2);
  if (!hash.ok()) return std::move(hash).take_status();

  store::UserRow row;
  row.name = std::string(name);
  row.password_hash = std::move(*hash);
  row.role = std::string(role_name(role));
  row.scope = std::string(scope);
  row.created = impl_->clock.now();
  const std::lock_guard lock(impl_->db_mu);
  store::AccountRepo repo(*impl_->db);
  MW_RETURN_IF_ERROR(impl_->audited(
      {std::string(actor), "user.add", row.name, detail({{"role", row.role}, {"scope", scope}})},
      [&]() -> Status {
        auto id = repo.insert_user(row);
        if (!id.ok()) return std::move(id).take_status();
        row.id = *id;
        return Status{};
      }));
  return info_of(row);
}

Result<std::vector<UserInfo>> Auth::list_users() {
  const std::lock_guard lock(impl_->db_mu);
  auto rows = store::AccountRepo(*impl_->db).list_users();
  if (!rows.ok()) return std::move(rows).take_status();
  std::vector<UserInfo> out;
  for (const auto& r : *rows) out.push_back(info_of(r));
  return out;
}

Status Auth::disable_user(std::string_view name, std::string_view actor) {
  const Time now = impl_->clock.now();
  const std::lock_guard lock(impl_->db_mu);
  store::AccountRepo repo(*impl_->db);
  return impl_->audited({std::string(actor), "user.disable", std::string(name), "{}"},
                        [&]() -> Status {
                          auto user = repo.find_user(name);
                          if (!user.ok()) return std::move(user).take_status();
                          if (!*user)
                            return Status::not_found("no user named '" + std::string(name) + "'");
                          auto set = repo.set_disabled(name, true);
                          if (!set.ok()) return std::move(set).take_status();
                          MW_RETURN_IF_ERROR(repo.delete_user_sessions((*user)->id));
                          return repo.revoke_user_tokens((*user)->id, now);
                        });
}

Result<std::string> Auth::create_api_token(std::int64_t user_id, std::string_view label,
                                           std::string_view actor) {
  if (label.size() > 200) return Status::invalid_argument("a token label is at most 200 bytes");
  auto secret = random_secret();
  if (!secret.ok()) return std::move(secret).take_status();
  std::string token = std::string(kTokenPrefix) + *secret;
  const Time now = impl_->clock.now();
  const std::lock_guard lock(impl_->db_mu);
  store::AccountRepo repo(*impl_->db);
  auto user = repo.find_user_by_id(user_id);
  if (!user.ok()) return std::move(user).take_status();
  if (!*user || (*user)->disabled) return Status::not_found("no such active user");
  MW_RETURN_IF_ERROR(impl_->audited(
      {std::string(actor), "token.create", (*user)->name, detail({{"label", label}})},
      [&]() -> Status {
        auto id = repo.insert_token(sha256_hex(token), user_id, label, now);
        return id.ok() ? Status{} : std::move(id).take_status();
      }));
  return token;
}

Result<std::vector<ApiTokenInfo>> Auth::list_api_tokens(std::int64_t user_id) {
  const std::lock_guard lock(impl_->db_mu);
  auto rows = store::AccountRepo(*impl_->db).list_tokens(user_id);
  if (!rows.ok()) return std::move(rows).take_status();
  std::vector<ApiTokenInfo> out;
  for (const auto& r : *rows) out.push_back({r.id, r.label, r.created, r.revoked.has_value()});
  return out;
}

Status Auth::revoke_api_token(std::int64_t user_id, std::int64_t token_id, std::string_view actor) {
  const Time now = impl_->clock.now();
  const std::lock_guard lock(impl_->db_mu);
  store::AccountRepo repo(*impl_->db);
  return impl_->audited({std::string(actor), "token.revoke", std::to_string(token_id), "{}"},
                        [&]() -> Status {
                          auto done = repo.revoke_token(user_id, token_id, now);
                          if (!done.ok()) return std::move(done).take_status();
                          if (!*done)
                            return Status::not_found("no active token " + std::to_string(token_id));
                          return Status{};
                        });
}

Result<std::string> Auth::rotate_upload_key(std::string_view mine, std::string_view actor) {
  auto secret = random_secret();
  if (!secret.ok()) return std::move(secret).take_status();
  std::string key = std::string(kUploadKeyPrefix) + *secret;
  const std::string hash = sha256_hex(key);
  const Time now = impl_->clock.now();
  {
    const std::lock_guard lock(impl_->db_mu);
    auto known = store::CatalogRepo(*impl_->db).get_mine(mine);
    if (!known.ok()) return std::move(known).take_status();
    store::AccountRepo repo(*impl_->db);
    MW_RETURN_IF_ERROR(impl_->audited({std::string(actor), "mine.key.rotate", std::string(mine),
                                       detail({{"key_sha256_prefix", hash.substr(0, 8)}})},
                                      [&] { return repo.replace_upload_key(mine, hash, now); }));
  }
  const std::lock_guard writer(impl_->keys_write_mu);
  const std::shared_ptr<const Impl::Keys> old = impl_->keys.load();
  auto next = old ? std::make_shared<Impl::Keys>(*old) : std::make_shared<Impl::Keys>();
  if (auto it = next->key_of_mine.find(std::string(mine)); it != next->key_of_mine.end()) {
    next->mine_of_key.erase(it->second);
  }
  next->key_of_mine[std::string(mine)] = hash;
  next->mine_of_key[hash] = std::string(mine);
  if (!old) next->loaded = now;
  impl_->keys.store(std::move(next));
  return key;
}

UploadKeyCheck Auth::check_upload_key(std::string_view mine, std::string_view key) {
  if (key.substr(0, kUploadKeyPrefix.size()) != kUploadKeyPrefix) {
    return UploadKeyCheck::kUnknownKey;
  }
  const std::string hash = sha256_hex(key);
  const Time now = impl_->clock.now();
  std::shared_ptr<const Impl::Keys> keys = impl_->keys.load();
  if (!keys || now - keys->loaded >= options_.upload_key_refresh) {
    if (auto fresh = impl_->try_reload_keys(now)) keys = std::move(fresh);
  }
  auto lookup = [&](const Impl::Keys& k) -> std::optional<UploadKeyCheck> {
    if (auto it = k.key_of_mine.find(std::string(mine));
        it != k.key_of_mine.end() && same_secret(it->second, hash)) {
      return UploadKeyCheck::kOk;
    }
    if (k.mine_of_key.contains(hash)) return UploadKeyCheck::kOtherMine;
    return std::nullopt;
  };
  if (keys) {
    if (auto r = lookup(*keys)) return *r;
  }
  // A key minted elsewhere (the CLI) works within kMissReloadEvery — unless the store is busy
  // at that moment: the sender's retry finds it.
  if (!keys || now - keys->loaded >= kMissReloadEvery) {
    if (auto fresh = impl_->try_reload_keys(now)) {
      if (auto r = lookup(*fresh)) return *r;
    }
  }
  return UploadKeyCheck::kUnknownKey;
}

}  // namespace mw::server
