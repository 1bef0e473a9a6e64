#pragma once
// AlarmRepo: alarm episodes as detected (rules.md part B), with their evidence — migration 2,
// table alarms_episodes. One row per episode, keyed by (mine, kind, subject, start): storing
// the same episode again (a journal replay after a restart rebuilds rule state and re-raises
// it) updates that row and never adds a second one. `id` is the handle the API and the
// workflow tables (brief E3) use.
//
// Thread safety: as the Db it is given (one owner thread). Holds no state of its own.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"
#include "store/db.hpp"

namespace mw::store {

struct StoredAlarm {
  std::int64_t id = 0;
  Alarm alarm;
  // {"opened":{…},"escalations":[…],"last":{…}}: each {"time","severity","items":[{"subject",
  // "time","value","note"}]} — the samples or snapshot that opened and escalated it.
  std::string evidence_json;
  Time updated_at{};  // pipeline clock of the last change

  friend bool operator==(const StoredAlarm&, const StoredAlarm&) = default;
};

struct AlarmQuery {
  std::string mine;           // exact mine code; "" any
  std::string region_prefix;  // mine code prefix (GB/T 2260: "62", "6208"); "" any
  std::optional<AlarmKind> kind;
  std::vector<Severity> severity;  // any of these (the highest reached); empty: any
  std::optional<bool> active;      // true: no end yet; false: ended
  std::optional<Time> from;        // start >= from
  std::optional<Time> to;          // start < to
  std::int64_t after_id = 0;       // paging: ids above this
  std::size_t limit = 1000;
  // false: evidence_json is left empty (lists and counts need no evidence, which can be
  // kilobytes per alarm).
  bool with_evidence = true;
};

class AlarmRepo {
 public:
  explicit AlarmRepo(Db& db) : db_(db) {}

  // Inserts the episode, or updates the row of the same (mine, kind, subject, start):
  // end, severity, peak, rule, message, evidence. Returns the row id.
  Result<std::int64_t> upsert(const Alarm& alarm, std::string_view evidence_json, Time updated_at);
  // NotFound for an unknown id.
  Result<StoredAlarm> get(std::int64_t id);
  // The row of one key, if stored.
  Result<std::optional<StoredAlarm>> find(std::string_view mine, AlarmKind kind,
                                          std::string_view subject, Time start);
  // Ordered by id (which is insertion order).
  Result<std::vector<StoredAlarm>> list(const AlarmQuery& query);
  Result<std::int64_t> count();

 private:
  Db& db_;
};

}  // namespace mw::store
