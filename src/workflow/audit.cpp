// AuditLog: append under the head row's lock; verify by recomputing the chain.
#include "workflow/audit.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <optional>
#include <stdexcept>

namespace mw::workflow {

namespace {

constexpr std::string_view kZeroHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
// Versions the encoding: a future format change must not verify against old records.
constexpr std::string_view kEncodingTag = "minewatch-audit-1\n";

void add_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += '\n';
}

AuditRecord read_record(store::Row& row) {
  AuditRecord r;
  r.seq = row.int64(0);
  r.time = row.time(1);
  r.entry.actor = row.str(2);
  r.entry.action = row.str(3);
  r.entry.target = row.str(4);
  r.entry.detail = row.str(5);
  r.prev_hash = row.str(6);
  r.hash = row.str(7);
  return r;
}

constexpr std::string_view kRecordColumns =
    "seq, time, actor, action, target, detail, prev_hash, hash";

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  // EVP_Digest fails only on allocation failure or a missing algorithm: programmer errors.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{len} * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::string_view audit_problem_name(AuditProblem p) noexcept {
  switch (p) {
    case AuditProblem::kNone: return "none";
    case AuditProblem::kEdited: return "edited";
    case AuditProblem::kDeleted: return "deleted";
    case AuditProblem::kReordered: return "reordered";
  }
  return "unknown";
}

std::string audit_record_hash(std::int64_t seq, Time time, const AuditEntry& entry,
                              std::string_view prev_hash) {
  std::string enc(kEncodingTag);
  add_field(enc, std::to_string(seq));
  add_field(enc, std::to_string(time.time_since_epoch().count()));
  add_field(enc, entry.actor);
  add_field(enc, entry.action);
  add_field(enc, entry.target);
  add_field(enc, entry.detail);
  add_field(enc, prev_hash);
  return sha256_hex(enc);
}

Status AuditLog::append(const AuditEntry& entry) {
  if (entry.action.empty()) return Status::invalid_argument("an audit entry needs an action");
  AuditEntry e = entry;
  if (e.detail.empty()) e.detail = "{}";
  const Time now = clock_.now();
  return store::in_transaction(db_, [&]() -> Status {
    // Takes the head row's lock first (PostgreSQL row lock; SQLite holds the write lock
    // already), so concurrent appenders from any connection line up here.
    auto locked = db_.exec("UPDATE audit_head SET seq = seq + 1 WHERE id = 1");
    if (!locked.ok()) return std::move(locked).take_status();
    if (*locked != 1) return Status::corruption("audit_head has no row: the audit log is damaged");
    std::int64_t seq = 0;
    std::string prev;
    MW_RETURN_IF_ERROR(
        db_.query("SELECT seq, hash FROM audit_head WHERE id = 1", {}, [&](store::Row& row) {
          seq = row.int64(0);
          prev = row.str(1);
          return Status{};
        }));
    const std::string hash = audit_record_hash(seq, now, e, prev);
    MW_RETURN_IF_ERROR(store::exec_status(db_.exec(
        "INSERT INTO audit_log (seq, time, actor, action, target, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {seq, now, e.actor, e.action, e.target, e.detail, prev, hash})));
    return store::exec_status(db_.exec("UPDATE audit_head SET hash = ? WHERE id = 1", {hash}));
  });
}

Result<std::vector<AuditRecord>> AuditLog::list(std::int64_t after, std::int64_t limit) {
  std::string sql = "SELECT ";
  sql += kRecordColumns;
  sql += " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?";
  return store::query_all<AuditRecord>(db_, sql, {after, limit}, read_record);
}

Result<VerifyReport> AuditLog::verify() {
  VerifyReport report;
  MW_RETURN_IF_ERROR(
      db_.query("SELECT seq, hash FROM audit_head WHERE id = 1", {}, [&](store::Row& row) {
        report.head_seq = row.int64(0);
        report.head_hash = row.str(1);
        return Status{};
      }));

  auto fail = [&](AuditProblem p, std::int64_t seq, std::string reason) {
    report.problem = p;
    report.first_bad_seq = seq;
    report.reason = std::move(reason);
  };
  std::int64_t expected = 1;
  std::string prev(kZeroHash);
  // A link that points elsewhere is classified after the scan (needs a lookup by hash).
  std::optional<AuditRecord> broken_link;
  bool recomputes = false;

  std::string sql = "SELECT ";
  sql += kRecordColumns;
  sql += " FROM audit_log ORDER BY seq";
  MW_RETURN_IF_ERROR(db_.query(sql, {}, [&](store::Row& row) {
    AuditRecord r = read_record(row);
    if (!row.status().ok()) return row.status();
    ++report.records;
    if (!report.intact() || broken_link) return Status{};
    const std::string n = std::to_string(expected);
    if (r.seq != expected) {
      fail(AuditProblem::kDeleted, expected,
           r.seq == expected + 1
               ? "record " + n + " is missing (deleted)"
               : "records " + n + " to " + std::to_string(r.seq - 1) + " are missing (deleted)");
    } else if (r.prev_hash != prev) {
      recomputes = audit_record_hash(r.seq, r.time, r.entry, r.prev_hash) == r.hash;
      broken_link = std::move(r);
    } else if (audit_record_hash(r.seq, r.time, r.entry, r.prev_hash) != r.hash) {
      fail(AuditProblem::kEdited, r.seq,
           "record " + n + " was edited: its contents no longer match its hash");
    } else {
      prev = r.hash;
      ++expected;
    }
    return Status{};
  }));

  if (broken_link) {
    const std::int64_t seq = broken_link->seq;
    const std::string n = std::to_string(seq);
    const std::string before = std::to_string(seq - 1);
    std::optional<std::int64_t> elsewhere;
    MW_RETURN_IF_ERROR(db_.query("SELECT seq FROM audit_log WHERE hash = ?",
                                 {broken_link->prev_hash}, [&](store::Row& row) {
                                   elsewhere = row.int64(0);
                                   return Status{};
                                 }));
    if (elsewhere) {
      fail(AuditProblem::kReordered, seq,
           "record " + n + " follows the record now at seq " + std::to_string(*elsewhere) +
               ", not record " + before + ": records were reordered");
    } else if (recomputes) {
      fail(AuditProblem::kEdited, seq - 1,
           "record " + before + " was rewritten: its hash changed, and record " + n +
               " chains to the original");
    } else {
      fail(AuditProblem::kEdited, seq,
           "record " + n + " matches neither its hash nor record " + before +
               ": it was edited, or records before it were deleted and renumbered");
    }
    return report;
  }
  if (!report.intact()) return report;

  const std::int64_t last = expected - 1;
  if (report.head_seq > last) {
    fail(AuditProblem::kDeleted, last + 1,
         "records " + std::to_string(last + 1) + " to " + std::to_string(report.head_seq) +
             " are missing: the log ends before its head (deleted)");
  } else if (report.head_seq < last) {
    fail(AuditProblem::kEdited, report.head_seq + 1,
         "record " + std::to_string(report.head_seq + 1) +
             " is past the head: it was written outside the audit log");
  } else if (report.head_hash != prev) {
    fail(AuditProblem::kEdited, last,
         "the head's hash differs from record " + std::to_string(last) + "'s: one was edited");
  }
  return report;
}

}  // namespace mw::workflow
