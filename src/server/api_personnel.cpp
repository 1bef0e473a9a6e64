// GET /api/v1/mines/{mine}/personnel, …/personnel/{card}/trips, …/areas/{area}/headcount.
#include <algorithm>
#include <charconv>

#include "server/api_common.hpp"
#include "store/personnel_repo.hpp"

namespace mw::server::api {

namespace {

// Personnel location is kept 1 year (store::kPersonnelRetention); one request may ask for
// all of it.
constexpr Seconds kMaxTripSpan{366 * 86400};
constexpr Seconds kDefaultTripSpan{7 * 86400};
// The headcount series step: RYSS snapshots come every 5 minutes or more often.
constexpr Seconds kHeadcountStep{300};

// "2026-09-23" (a China local day) → its first instant; nullopt when malformed.
std::optional<Time> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto num = [&](std::size_t pos, std::size_t len) -> int {
    int v = -1;
    const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
    return ec == std::errc() && end == text.data() + pos + len ? v : -1;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return china_civil_time(y, m, d, 0, 0, 0);
}

// The first instant of the China local day holding `t`.
Time china_day_start(Time t) {
  const auto local = std::chrono::floor<std::chrono::days>(t + kChinaOffset);
  return Time{std::chrono::duration_cast<Seconds>(local.time_since_epoch())} - kChinaOffset;
}

std::string format_day(Time day_start) { return format_china_time(day_start).substr(0, 10); }

Response underground_now(const Request& req, const PathParams& params, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const std::string& mine = params.at("mine");
  if (!req.principal->can_see(mine)) return mine_not_found(mine);
  const std::optional<pipeline::MineView> v = deps.pipeline->mine_view(mine);
  if (!v) return mine_not_found(mine);
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mine").value(mine);
  w.key("snapshot_time");
  if (v->snapshot_time)
    w.time_value(*v->snapshot_time);
  else
    w.null();
  w.key("count").value(static_cast<std::uint64_t>(v->underground.size()));
  w.key("leader_on_shift").value(v->leader_on_shift);
  w.key("people").begin_array();
  for (const pipeline::PersonView& p : v->underground) {
    w.begin_object();
    w.key("card").value(p.card);
    w.key("name").value(p.name);
    w.key("area").value(p.area);
    w.key("entry").time_value(p.entry);
    w.key("leader").value(p.leader);
    w.end_object();
  }
  w.end_array().end_object();
  return Response::json(200, std::move(body));
}

Response trips(const Request& req, const PathParams& params, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const std::string& mine = params.at("mine");
  const std::string& card = params.at("card");
  if (!req.principal->can_see(mine) || !deps.pipeline->mine_view(mine)) {
    return mine_not_found(mine);
  }
  auto range = range_params(req, *deps.clock, kDefaultTripSpan, kMaxTripSpan);
  if (!range.ok()) return from_status(range.status());
  std::vector<store::Trip> trip_rows;
  std::vector<store::AreaInterval> interval_rows;
  {
    const std::lock_guard lock(deps.store_mu);
    if (!deps.store) return Response::error(503, "personnel history is not available");
    store::PersonnelRepo repo(*deps.store);
    auto t = repo.trips_of(mine, card, range->from, range->to);
    if (!t.ok()) return from_status(t.status());
    auto i = repo.intervals_of(mine, card, range->from, range->to);
    if (!i.ok()) return from_status(i.status());
    trip_rows = std::move(*t);
    interval_rows = std::move(*i);
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mine").value(mine);
  w.key("card").value(card);
  w.key("from").time_value(range->from);
  w.key("to").time_value(range->to);
  w.key("trips").begin_array();
  for (const store::Trip& t : trip_rows) {
    w.begin_object().key("entry").time_value(t.entry).key("exit");
    if (t.exit)
      w.time_value(*t.exit);
    else
      w.null();
    w.end_object();
  }
  w.end_array();
  w.key("areas").begin_array();
  for (const store::AreaInterval& a : interval_rows) {
    w.begin_object().key("area").value(a.area).key("from").time_value(a.from).key("to");
    if (a.to)
      w.time_value(*a.to);
    else
      w.null();
    w.end_object();
  }
  w.end_array().end_object();
  return Response::json(200, std::move(body));
}

Response headcount(const Request& req, const PathParams& params, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const std::string& mine = params.at("mine");
  const std::string& area = params.at("area");
  if (!req.principal->can_see(mine)) return mine_not_found(mine);
  const std::optional<pipeline::MineView> v = deps.pipeline->mine_view(mine);
  if (!v) return mine_not_found(mine);
  const auto it = std::find_if(v->areas.begin(), v->areas.end(),
                               [&](const pipeline::AreaView& a) { return a.area.code == area; });
  if (it == v->areas.end())
    return Response::error(404, "area " + area + " not found in mine " + mine);
  Time day = china_day_start(deps.clock->now());
  if (auto text = req.query_param("day")) {
    const auto parsed = parse_day(*text);
    if (!parsed) return Response::error(422, "day must be a date such as 2026-09-23 (China time)");
    day = *parsed;
  }
  std::vector<store::HeadcountPoint> points;
  {
    const std::lock_guard lock(deps.store_mu);
    if (!deps.store) return Response::error(503, "personnel history is not available");
    auto r = store::PersonnelRepo(*deps.store)
                 .area_headcount(mine, area, day, day + Seconds{86400}, kHeadcountStep);
    if (!r.ok()) return from_status(r.status());
    points = std::move(*r);
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mine").value(mine);
  w.key("area").value(area);
  w.key("name").value(it->area.name);
  w.key("day").value(format_day(day));
  w.key("approved").value(static_cast<std::uint64_t>(it->area.approved));
  w.key("step_seconds").value(static_cast<std::int64_t>(kHeadcountStep.count()));
  w.key("points").begin_array();
  for (const store::HeadcountPoint& p : points) {
    w.begin_object();
    w.key("time").time_value(p.t);
    w.key("at").value(static_cast<std::uint64_t>(p.at));
    w.key("peak").value(static_cast<std::uint64_t>(p.peak));
    w.end_object();
  }
  w.end_array().end_object();
  return Response::json(200, std::move(body));
}

}  // namespace

void add_personnel_routes(Router& router, ApiDeps& deps) {
  router.add(
      Method::kGet, "/api/v1/mines/{mine}/personnel",
      [&deps](const Request& r, const PathParams& p) { return underground_now(r, p, deps); });
  router.add(Method::kGet, "/api/v1/mines/{mine}/personnel/{card}/trips",
             [&deps](const Request& r, const PathParams& p) { return trips(r, p, deps); });
  router.add(Method::kGet, "/api/v1/mines/{mine}/areas/{area}/headcount",
             [&deps](const Request& r, const PathParams& p) { return headcount(r, p, deps); });
}

}  // namespace mw::server::api
