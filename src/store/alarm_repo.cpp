#include "store/alarm_repo.hpp"

#include <utility>

namespace mw::store {
namespace {

constexpr std::string_view kColumns =
    "id, mine, kind, subject, start_time, end_time, severity, peak, rule, message, evidence, "
    "updated_at";
// The same row shape without reading the evidence (AlarmQuery::with_evidence).
constexpr std::string_view kColumnsNoEvidence =
    "id, mine, kind, subject, start_time, end_time, severity, peak, rule, message, '' AS evidence, "
    "updated_at";

StoredAlarm read_alarm(Row& row) {
  StoredAlarm a;
  a.id = row.int64(0);
  a.alarm.mine = row.str(1);
  if (const auto kind = parse_alarm_kind(row.text(2))) {
    a.alarm.kind = *kind;
  } else {
    row.fail(2, "unknown alarm kind");
  }
  a.alarm.subject = row.str(3);
  a.alarm.start = row.time(4);
  if (!row.is_null(5)) a.alarm.end = row.time(5);
  if (const auto sev = parse_severity(row.text(6))) {
    a.alarm.severity = *sev;
  } else {
    row.fail(6, "unknown severity");
  }
  if (!row.is_null(7)) a.alarm.peak = row.real(7);
  a.alarm.rule = row.str(8);
  a.alarm.message = row.str(9);
  a.evidence_json = row.str(10);
  a.updated_at = row.time(11);
  return a;
}

std::string select_sql(std::string_view where, bool with_evidence = true) {
  std::string sql = "SELECT ";
  sql.append(with_evidence ? kColumns : kColumnsNoEvidence)
      .append(" FROM alarms_episodes ")
      .append(where);
  return sql;
}

}  // namespace

Result<std::int64_t> AlarmRepo::upsert(const Alarm& alarm, std::string_view evidence_json,
                                       Time updated_at) {
  return query_int64(
      db_,
      "INSERT INTO alarms_episodes (mine, kind, subject, start_time, end_time, severity, peak, "
      "rule, message, evidence, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (mine, kind, subject, start_time) DO UPDATE SET end_time = excluded.end_time, "
      "severity = excluded.severity, peak = excluded.peak, rule = excluded.rule, "
      "message = excluded.message, evidence = excluded.evidence, "
      "updated_at = excluded.updated_at RETURNING id",
      {alarm.mine, alarm_kind_name(alarm.kind), alarm.subject, alarm.start, alarm.end,
       severity_name(alarm.severity), alarm.peak, alarm.rule, alarm.message, evidence_json,
       updated_at});
}

Result<StoredAlarm> AlarmRepo::get(std::int64_t id) {
  return query_one<StoredAlarm>(db_, select_sql("WHERE id = ?"), {id},
                                "alarm " + std::to_string(id), read_alarm);
}

Result<std::optional<StoredAlarm>> AlarmRepo::find(std::string_view mine, AlarmKind kind,
                                                   std::string_view subject, Time start) {
  auto rows = query_all<StoredAlarm>(
      db_, select_sql("WHERE mine = ? AND kind = ? AND subject = ? AND start_time = ?"),
      {mine, alarm_kind_name(kind), subject, start}, read_alarm);
  if (!rows.ok()) return std::move(rows).take_status();
  if (rows->empty()) return std::optional<StoredAlarm>{};
  return std::optional<StoredAlarm>{std::move(rows->front())};
}

Result<std::vector<StoredAlarm>> AlarmRepo::list(const AlarmQuery& q) {
  std::string where = "WHERE id > ?";
  std::vector<Value> params{Value(q.after_id)};
  if (!q.mine.empty()) {
    where += " AND mine = ?";
    params.emplace_back(q.mine);
  }
  if (!q.region_prefix.empty()) {
    // substr, not LIKE: LIKE's case rules differ between the backends (dialect.hpp).
    where += " AND substr(mine, 1, " + std::to_string(q.region_prefix.size()) + ") = ?";
    params.emplace_back(q.region_prefix);
  }
  if (q.kind) {
    where += " AND kind = ?";
    params.emplace_back(alarm_kind_name(*q.kind));
  }
  if (!q.severity.empty()) {
    where += " AND severity IN (";
    for (std::size_t i = 0; i < q.severity.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      params.emplace_back(severity_name(q.severity[i]));
    }
    where += ")";
  }
  if (q.active) where += *q.active ? " AND end_time IS NULL" : " AND end_time IS NOT NULL";
  if (q.from) {
    where += " AND start_time >= ?";
    params.emplace_back(*q.from);
  }
  if (q.to) {
    where += " AND start_time < ?";
    params.emplace_back(*q.to);
  }
  where += " ORDER BY id LIMIT " + std::to_string(q.limit);
  std::vector<StoredAlarm> out;
  MW_RETURN_IF_ERROR(db_.query(select_sql(where, q.with_evidence), Params(params), [&](Row& row) {
    out.push_back(read_alarm(row));
    return row.status();
  }));
  return out;
}

Result<std::int64_t> AlarmRepo::count() {
  return query_int64(db_, "SELECT COUNT(*) FROM alarms_episodes");
}

}  // namespace mw::store
