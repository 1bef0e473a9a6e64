// GET /api/v1/mines, /api/v1/mines/{mine}, /api/v1/mines/{mine}/points/{point}/series.
#include <algorithm>
#include <array>
#include <map>

#include "model/sample.hpp"
#include "model/sensor_type.hpp"
#include "rules/thresholds.hpp"
#include "server/api_common.hpp"
#include "server/live.hpp"
#include "server/point_json.hpp"
#include "store/catalog_repo.hpp"

namespace mw::server::api {

namespace {

// Longest series range one request may ask for: the 5-minute rollups are kept 2 years
// (architecture.md §4); a year is 105k rollups, the most a chart needs.
constexpr Seconds kMaxSeriesSpan{366 * 86400};
// Default series range: the last 6 hours (tsdb::kRawSpanLimit, raw samples).
constexpr Seconds kDefaultSeriesSpan{6 * 3600};

using pipeline::SeverityCounts;

void write_counts(JsonWriter& w, const SeverityCounts& c) {
  w.begin_object();
  for (const Severity s : {Severity::kRed, Severity::kOrange, Severity::kYellow, Severity::kBlue}) {
    w.key(severity_name(s)).value(static_cast<std::uint64_t>(c[static_cast<std::size_t>(s)]));
  }
  w.end_object();
}

void write_opt_time(JsonWriter& w, std::string_view key, const std::optional<Time>& t) {
  w.key(key);
  if (t)
    w.time_value(*t);
  else
    w.null();
}

void write_mine_fields(JsonWriter& w, const Mine& m) {
  w.key("code").value(m.code);
  w.key("name").value(m.name);
  w.key("status").value(mine_status_name(m.status));
  w.key("gas_grade").value(gas_grade_name(m.gas_grade));
  w.key("province").value(m.province);
}

// The most severe kind of active alarm, nullopt when none is active.
std::optional<Severity> worst_of(const SeverityCounts& c) {
  for (const Severity s : {Severity::kRed, Severity::kOrange, Severity::kYellow, Severity::kBlue}) {
    if (c[static_cast<std::size_t>(s)] > 0) return s;
  }
  return std::nullopt;
}

void write_alarm_summary(JsonWriter& w, const SeverityCounts& c) {
  w.key("active_alarms");
  write_counts(w, c);
  w.key("worst_active_severity");
  if (const auto worst = worst_of(c))
    w.value(severity_name(*worst));
  else
    w.null();
}

// One pass over the registry and the pipeline's in-memory state (no per-mine store read):
// the list stays cheap at thousands of mines.
Response list_mines(const Request& req, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const Principal& who = *req.principal;
  const std::string_view region = req.query_param("region").value_or("");
  std::optional<MineStatus> status;
  if (auto s = req.query_param("status")) {
    status = parse_mine_status(*s);
    if (!status) {
      return Response::error(422, "status must be producing, stopped, closed or construction");
    }
  }
  std::optional<bool> online;
  if (auto o = req.query_param("online")) {
    if (*o != "true" && *o != "false") return Response::error(422, "online must be true or false");
    online = *o == "true";
  }
  const auto counted = deps.pipeline->active_alarms_under(who.scope);
  if (!counted.ok()) return alarm_store_failed(counted.status());
  const auto& counts = *counted;
  const Time now = deps.clock->now();
  std::string body;
  JsonWriter w(body);
  w.begin_object().key("mines").begin_array();
  std::size_t n = 0;
  for (const pipeline::MineSummary& s : deps.pipeline->mine_summaries()) {
    const Mine& m = s.mine;
    if (!who.can_see(m.code) || m.code.substr(0, region.size()) != region) continue;
    if (status && m.status != *status) continue;
    const bool is_online = mine_online(s.last_upload, now, deps.offline_after);
    if (online && is_online != *online) continue;
    w.begin_object();
    write_mine_fields(w, m);
    write_opt_decimal(w, "lat", m.lat);
    write_opt_decimal(w, "lon", m.lon);
    w.key("online").value(is_online);
    write_opt_time(w, "last_upload", s.last_upload);
    w.key("people_underground").value(static_cast<std::uint64_t>(s.people_underground));
    const auto it = counts.find(m.code);
    write_alarm_summary(w, it == counts.end() ? SeverityCounts{} : it->second);
    w.end_object();
    ++n;
  }
  w.end_array().key("count").value(static_cast<std::uint64_t>(n)).end_object();
  return Response::json(200, std::move(body));
}

Response get_mine(const Request& req, const PathParams& params, ApiDeps& deps,
                  PointJsonCache& point_json) {
  if (!req.principal) return unauthorized();
  const std::string& code = params.at("mine");
  if (!req.principal->can_see(code)) return mine_not_found(code);
  const std::optional<pipeline::MineView> v = deps.pipeline->mine_view(code);
  if (!v) return mine_not_found(code);
  std::vector<Station> stations;
  {
    const std::lock_guard lock(deps.store_mu);
    if (deps.store) {
      auto s = store::CatalogRepo(*deps.store).list_stations(code);
      if (!s.ok()) return from_status(s.status());
      stations = std::move(*s);
    }
  }
  const auto counted = deps.pipeline->active_alarms_of(code);
  if (!counted.ok()) return alarm_store_failed(counted.status());
  std::string body;
  body.reserve(4096 + 512 * v->points.size());  // ~450 bytes a point: one allocation, no copies
  JsonWriter w(body);
  w.begin_object();
  write_mine_fields(w, v->mine);
  w.key("shifts").begin_array();
  for (const int s : v->mine.shifts) w.value(format_shift_start(s));
  w.end_array();
  w.key("overtime_hours").value(v->mine.overtime_hours);
  w.key("maintenance_allowance").value(static_cast<std::uint64_t>(v->mine.maintenance_allowance));
  w.key("approved_total");
  if (v->mine.approved_total)
    w.value(static_cast<std::uint64_t>(*v->mine.approved_total));
  else
    w.null();
  write_opt_decimal(w, "lat", v->mine.lat);
  write_opt_decimal(w, "lon", v->mine.lon);
  w.key("online").value(mine_online(v->last_upload, deps.clock->now(), deps.offline_after));
  write_opt_time(w, "last_upload", v->last_upload);
  write_alarm_summary(w, *counted);
  w.key("points").begin_array();
  point_json.write_points(w, v->points);
  w.end_array();
  write_opt_time(w, "snapshot_time", v->snapshot_time);
  w.key("people_underground").value(static_cast<std::uint64_t>(v->underground.size()));
  w.key("leader_on_shift").value(v->leader_on_shift);
  w.key("areas").begin_array();
  for (const pipeline::AreaView& a : v->areas) {
    w.begin_object();
    w.key("code").value(a.area.code);
    w.key("name").value(a.area.name);
    w.key("type").value(area_type_name(a.area.type));
    w.key("approved").value(static_cast<std::uint64_t>(a.area.approved));
    w.key("headcount").value(static_cast<std::uint64_t>(a.headcount));
    w.key("over_limit").value(a.area.approved > 0 && a.headcount > a.area.approved);
    w.end_object();
  }
  w.end_array();
  w.key("stations").begin_array();
  for (const Station& s : stations) {
    w.begin_object();
    w.key("code").value(s.code);
    w.key("name").value(s.name);
    write_opt_decimal(w, "x", s.x);
    write_opt_decimal(w, "y", s.y);
    write_opt_decimal(w, "z", s.z);
    w.key("description").value(s.description);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return Response::json(200, std::move(body));
}

Response get_series(const Request& req, const PathParams& params, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const std::string& mine = params.at("mine");
  const std::string& point = params.at("point");
  if (!req.principal->can_see(mine)) return mine_not_found(mine);
  const std::optional<pipeline::MineView> v = deps.pipeline->mine_view(mine);
  if (!v) return mine_not_found(mine);
  const bool known = std::any_of(v->points.begin(), v->points.end(),
                                 [&](const pipeline::PointView& p) { return p.code == point; });
  if (!known) return Response::error(404, "point " + point + " not found in mine " + mine);
  auto range = range_params(req, *deps.clock, kDefaultSeriesSpan, kMaxSeriesSpan);
  if (!range.ok()) return from_status(range.status());
  auto span = deps.pipeline->series(mine, point, range->from, range->to);
  if (!span.ok()) return from_status(span.status());
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mine").value(mine);
  w.key("point").value(point);
  w.key("from").time_value(range->from);
  w.key("to").time_value(range->to);
  w.key("resolution").value(span->raw ? "raw" : "5min");
  if (span->raw) {
    w.key("samples").begin_array();
    for (const tsdb::SeriesSample& s : span->samples) {
      w.begin_object();
      w.key("time").time_value(s.time);
      w.key("value").value(s.value);
      w.key("status").value(static_cast<std::uint64_t>(s.status));
      w.end_object();
    }
    w.end_array();
  } else {
    w.key("rollups").begin_array();
    for (const tsdb::Rollup& r : span->rollups) {
      w.begin_object();
      w.key("time").time_value(r.period);
      w.key("count").value(static_cast<std::uint64_t>(r.count));
      w.key("min").value(r.min);
      w.key("max").value(r.max);
      w.key("avg").value(r.avg());
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return Response::json(200, std::move(body));
}

}  // namespace

void add_mine_routes(Router& router, ApiDeps& deps) {
  router.add(Method::kGet, "/api/v1/mines",
             [&deps](const Request& req, const PathParams&) { return list_mines(req, deps); });
  // The points' definitions as JSON, rendered once per definition (point_json.hpp).
  auto point_json = std::make_shared<PointJsonCache>();
  router.add(Method::kGet, "/api/v1/mines/{mine}",
             [&deps, point_json](const Request& req, const PathParams& p) {
               return get_mine(req, p, deps, *point_json);
             });
  router.add(Method::kGet, "/api/v1/mines/{mine}/points/{point}/series",
             [&deps](const Request& req, const PathParams& p) { return get_series(req, p, deps); });
}

}  // namespace mw::server::api
