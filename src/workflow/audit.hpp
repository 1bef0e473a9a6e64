#pragma once
// AuditLog: the append-only, hash-chained record of every write a person makes (login, key
// rotation, acknowledgement, disposition, verification, user change); docs/accounts.md
// "Audit chain". Record n stores hash_n = SHA-256(canonical(n, time, actor, action, target,
// detail) || hash_{n-1}); the head (last seq and hash) is kept beside the log so that
// deleting the newest records is detected too. verify() recomputes the chain and names the
// first broken record and why.
//
// Thread safety: as the Db it is given (one owner thread). Appends from several
// connections or processes are serialised by the store: append() locks the head row
// inside its write transaction.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "store/db.hpp"

namespace mw::workflow {

struct AuditEntry {
  std::string actor;   // user name ("admin"), or "cli:<user>" for the admin CLIs
  std::string action;  // dotted verb: "login", "user.add", "mine.key.rotate", "alarm.ack" ...
  std::string target;  // what it acted on: a user name, a mine code, an alarm id
  std::string detail;  // a JSON object with the rest ("{}" when nothing); stored verbatim
};

// One stored record (for listings and tests).
struct AuditRecord {
  std::int64_t seq = 0;
  Time time{};
  AuditEntry entry;
  std::string prev_hash;  // 64 hex digits; all zeros for seq 1
  std::string hash;
};

enum class AuditProblem : std::uint8_t {
  kNone,
  kEdited,     // a record's contents no longer match its hash (or its hash was rewritten)
  kDeleted,    // a seq is missing, or records after the head's seq were removed
  kReordered,  // a record sits where another belongs (its predecessor is elsewhere)
};

std::string_view audit_problem_name(AuditProblem p) noexcept;

struct VerifyReport {
  std::int64_t records = 0;  // records read
  AuditProblem problem = AuditProblem::kNone;
  std::int64_t first_bad_seq = 0;  // 0 when intact
  std::string reason;              // one sentence for the operator; "" when intact
  std::int64_t head_seq = 0;       // the head as stored: note it elsewhere to anchor the chain
  std::string head_hash;

  bool intact() const noexcept { return problem == AuditProblem::kNone; }
};

// Lower-case hex SHA-256 (OpenSSL EVP): the chain's hash, and how the server stores
// session tokens, API tokens and upload keys.
std::string sha256_hex(std::string_view data);

// The hash of one record (lower-case hex SHA-256 over its canonical encoding, which is
// length-prefixed so no two different records encode alike).
std::string audit_record_hash(std::int64_t seq, Time time, const AuditEntry& entry,
                              std::string_view prev_hash);

class AuditLog {
 public:
  // `db` must be migrated; both must outlive the log.
  AuditLog(store::Db& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Appends `entry` stamped with clock.now(). Joins the caller's transaction if one is open
  // (so an acknowledgement and its audit record commit together), else runs its own.
  Status append(const AuditEntry& entry);
  // Records with seq > after, oldest first, at most `limit`.
  Result<std::vector<AuditRecord>> list(std::int64_t after = 0, std::int64_t limit = 1000);
  // Reads the whole chain; a Status error only when the store fails.
  Result<VerifyReport> verify();

 private:
  store::Db& db_;
  const Clock& clock_;
};

}  // namespace mw::workflow
