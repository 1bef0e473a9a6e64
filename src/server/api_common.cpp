// Shared pieces of the API routes: caller checks, errors, query parameters, alarm JSON.
#include "server/api_common.hpp"

#include <simdjson.h>

#include <charconv>

namespace mw::server::api {

Response unauthorized() {
  return Response::error(401, "log in first: no valid session cookie or API token");
}

Response mine_not_found(std::string_view mine) {
  return Response::error(404, "mine " + std::string(mine) + " not found");
}

Response from_status(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return Response::error(500, "no error to report");
    case StatusCode::kNotFound: return Response::error(404, s.message());
    case StatusCode::kInvalidArgument: return Response::error(422, s.message());
    case StatusCode::kFailedPrecondition: return Response::error(409, s.message());
    case StatusCode::kUnavailable: {
      Response r = Response::error(503, "temporarily unavailable, try again: " + s.message());
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    case StatusCode::kResourceExhausted: {
      Response r = Response::error(503, "the server is short of resources; try again later");
      r.headers.emplace_back("Retry-After", "30");
      return r;
    }
    default: return Response::error(500, "internal error: " + s.message());
  }
}

Response alarm_store_failed(const Status& s) {
  return Response::error(503, "the alarm store could not be read: " + s.message());
}

std::optional<Time> parse_query_time(std::string_view text) {
  // yyyy-MM-ddTHH:mm:ss is 19 characters; RFC 3339 allows a lower-case t and z.
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
  std::string whole(text.substr(0, 19));
  whole[10] = 'T';
  std::string_view rest = text.substr(19);
  if (rest.front() == '.') {
    // Time is whole seconds: the fraction (Date.toISOString() writes milliseconds) is dropped.
    const std::size_t digits = rest.find_first_not_of("0123456789", 1);
    if (digits == 1 || digits == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(digits);
  }
  if (rest == "Z" || rest == "z") {
    whole += 'Z';
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-')) {
    whole += rest;
  } else {
    return std::nullopt;
  }
  return parse_iso8601(whole);
}

Result<std::optional<Time>> time_param(const Request& req, std::string_view name) {
  const auto text = req.query_param(name);
  if (!text) return std::optional<Time>();
  const auto t = parse_query_time(*text);
  if (!t) {
    return Status::invalid_argument(
        std::string(name) +
        " must be an RFC 3339 time with an offset, such as 2026-09-23T10:00:00+08:00 or "
        "2026-09-23T02:00:00.000Z (in a URL, write + as %2B)");
  }
  return std::optional<Time>(*t);
}

Result<std::optional<std::int64_t>> int_param(const Request& req, std::string_view name,
                                              std::int64_t lo, std::int64_t hi) {
  const auto text = req.query_param(name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < lo || v > hi) {
    return Status::invalid_argument(std::string(name) + " must be an integer from " +
                                    std::to_string(lo) + " to " + std::to_string(hi));
  }
  return std::optional<std::int64_t>(v);
}

Result<TimeRange> range_params(const Request& req, const Clock& clock, Seconds default_span,
                               Seconds max_span) {
  auto from = time_param(req, "from");
  if (!from.ok()) return std::move(from).take_status();
  auto to = time_param(req, "to");
  if (!to.ok()) return std::move(to).take_status();
  TimeRange r;
  r.to = to->value_or(clock.now());
  r.from = from->value_or(r.to - default_span);
  if (r.from >= r.to) return Status::invalid_argument("from must be before to");
  if (r.to - r.from > max_span) {
    return Status::invalid_argument("the range from..to may span at most " +
                                    std::to_string(max_span.count() / 86400) + " days");
  }
  return r;
}

workflow::Actor actor_of(const Principal& p) {
  workflow::Actor a;
  a.name = p.name;
  a.scope = p.scope;
  switch (p.role) {
    case Role::kNational: a.role = workflow::Actor::Role::kNational; break;
    case Role::kProvince: a.role = workflow::Actor::Role::kProvince; break;
    case Role::kCity: a.role = workflow::Actor::Role::kCity; break;
    case Role::kMine: a.role = workflow::Actor::Role::kMine; break;
    case Role::kViewer: a.role = workflow::Actor::Role::kViewer; break;
  }
  return a;
}

namespace {

// A raise's time: ISO 8601 text, or Unix seconds.
std::optional<Time> evidence_time(simdjson::ondemand::value v) {
  std::string_view text;
  if (v.get_string().get(text) == simdjson::SUCCESS) return parse_iso8601(text);
  std::int64_t secs = 0;
  if (v.get_int64().get(secs) == simdjson::SUCCESS) return Time{Seconds{secs}};
  return std::nullopt;
}

// The time of `raise` when its severity is red.
std::optional<Time> red_time(simdjson::ondemand::object raise) {
  std::optional<Time> time;
  bool red = false;
  for (auto field : raise) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return std::nullopt;
    simdjson::ondemand::value v;
    if (field.value().get(v) != simdjson::SUCCESS) return std::nullopt;
    if (key == "time") {
      time = evidence_time(v);
    } else if (key == "severity") {
      std::string_view s;
      red = v.get_string().get(s) == simdjson::SUCCESS && s == "red";
    }
  }
  return red ? time : std::nullopt;
}

// The first raise at red in {"opened":{…},"escalations":[…],…}; nullopt if none or unreadable.
std::optional<Time> first_red(std::string_view evidence) {
  if (evidence.empty()) return std::nullopt;
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(evidence);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) return std::nullopt;
  simdjson::ondemand::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return std::nullopt;
  std::optional<Time> earliest;
  const auto consider = [&](std::optional<Time> t) {
    if (t && (!earliest || *t < *earliest)) earliest = t;
  };
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return earliest;
    simdjson::ondemand::value v;
    if (field.value().get(v) != simdjson::SUCCESS) return earliest;
    if (key == "opened") {
      simdjson::ondemand::object o;
      if (v.get_object().get(o) == simdjson::SUCCESS) consider(red_time(o));
    } else if (key == "escalations") {
      simdjson::ondemand::array arr;
      if (v.get_array().get(arr) != simdjson::SUCCESS) continue;
      for (auto item : arr) {
        simdjson::ondemand::object o;
        if (item.get_object().get(o) == simdjson::SUCCESS) consider(red_time(o));
      }
    }
  }
  return earliest;
}

}  // namespace

workflow::AlarmFacts facts_of(const store::StoredAlarm& a) {
  workflow::AlarmFacts f;
  f.id = a.id;
  f.mine = a.alarm.mine;
  f.severity = a.alarm.severity;
  f.start = a.alarm.start;
  f.end = a.alarm.end;
  if (a.alarm.severity == Severity::kRed) f.red_since = first_red(a.evidence_json);
  return f;
}

void write_alarm(JsonWriter& w, const store::StoredAlarm& a,
                 const std::optional<store::AlarmHandling>& h) {
  w.begin_object();
  w.key("id").value(a.id);
  w.key("mine").value(a.alarm.mine);
  w.key("kind").value(alarm_kind_name(a.alarm.kind));
  w.key("subject").value(a.alarm.subject);
  w.key("severity").value(severity_name(a.alarm.severity));
  w.key("start").time_value(a.alarm.start);
  w.key("end");
  if (a.alarm.end)
    w.time_value(*a.alarm.end);
  else
    w.null();
  w.key("peak");
  if (a.alarm.peak)
    w.value(*a.alarm.peak);
  else
    w.null();
  w.key("rule").value(a.alarm.rule);
  w.key("message").value(a.alarm.message);
  if (h) {
    w.key("handling").begin_object();
    w.key("state").value(store::workflow_state_name(h->state));
    w.key("level").value(store::workflow_level_name(h->level));
    w.end_object();
  }
  w.end_object();
}

void write_action(JsonWriter& w, const store::AlarmAction& a) {
  w.begin_object();
  w.key("seq").value(a.seq);
  w.key("action").value(store::workflow_action_name(a.action));
  w.key("time").time_value(a.time);
  w.key("actor").value(a.actor);
  w.key("actor_role").value(a.actor_role);
  if (a.level) w.key("level").value(store::workflow_level_name(*a.level));
  if (!a.cause.empty()) w.key("cause").value(a.cause);
  if (!a.measures.empty()) w.key("measures").value(a.measures);
  if (a.released_at) w.key("released_at").time_value(*a.released_at);
  if (!a.early_reason.empty()) w.key("early_reason").value(a.early_reason);
  if (a.verdict) w.key("verdict").value(store::verdict_name(*a.verdict));
  if (!a.remark.empty()) w.key("remark").value(a.remark);
  w.end_object();
}

}  // namespace mw::server::api
