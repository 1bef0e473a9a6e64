#pragma once
// What the API route files share: the caller checks, error mapping, query parsing and the
// JSON shapes of alarms (internal to src/server/api_*.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "server/api_routes.hpp"
#include "server/http.hpp"
#include "store/alarm_repo.hpp"
#include "workflow/alarm_workflow.hpp"

namespace mw::server::api {

// 401 for anonymous callers.
Response unauthorized();
// The one answer for a mine that does not exist and a mine the caller may not see.
Response mine_not_found(std::string_view mine);
// A Status turned into an answer: NotFound 404, InvalidArgument 422, FailedPrecondition 409
// (e.g. someone acted first), Unavailable (store busy, connection lost) and ResourceExhausted
// 503 with Retry-After, others 500.
Response from_status(const Status& s);
// A failed alarm read is the server's fault, never "no alarms" (issue 6): 503 with why.
Response alarm_store_failed(const Status& s);

// RFC 3339 date-time: yyyy-MM-ddTHH:mm:ss, an optional fraction (truncated to the second),
// then Z or ±hh:mm. Nothing else (no space for T, no missing offset).
std::optional<Time> parse_query_time(std::string_view text);
// The query parameter `name` as parse_query_time reads it; nullopt when absent, 422 naming
// the parameter and the form when malformed.
Result<std::optional<Time>> time_param(const Request& req, std::string_view name);
// The query parameter `name` as an integer in [lo, hi]; nullopt when absent.
Result<std::optional<std::int64_t>> int_param(const Request& req, std::string_view name,
                                              std::int64_t lo, std::int64_t hi);
// A time range [from, to): defaults to the `default_span` before now; refused when from ≥ to
// or the span is longer than `max_span`.
struct TimeRange {
  Time from{};
  Time to{};
};
Result<TimeRange> range_params(const Request& req, const Clock& clock, Seconds default_span,
                               Seconds max_span);

workflow::Actor actor_of(const Principal& p);
// The workflow's view of a stored alarm: red_since from its evidence (the first raise at red).
workflow::AlarmFacts facts_of(const store::StoredAlarm& a);

// The alarm as in rules.md part B plus "id" and, when given, "handling": {state, level}.
void write_alarm(JsonWriter& w, const store::StoredAlarm& a,
                 const std::optional<store::AlarmHandling>& h);
void write_action(JsonWriter& w, const store::AlarmAction& a);

// Registration per file.
void add_mine_routes(Router& router, ApiDeps& deps);
void add_personnel_routes(Router& router, ApiDeps& deps);
void add_alarm_routes(Router& router, ApiDeps& deps);

}  // namespace mw::server::api
