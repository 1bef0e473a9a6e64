// GET /api/v1/alarms, /api/v1/alarms/{id}; POST /api/v1/alarms/{id}/ack | disposition |
// verify | reopen; escalate_overdue for the server's timer.
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "server/api_common.hpp"

namespace mw::server {
namespace api {

namespace {

using store::StoredAlarm;
using workflow::AlarmWorkflow;
using workflow::WorkflowAction;

// Page size of GET /api/v1/alarms: default and most.
constexpr std::int64_t kDefaultLimit = 100;
constexpr std::int64_t kMaxLimit = 1000;
// Largest request body an action accepts: four text fields of AlarmWorkflow's 4000 bytes.
constexpr std::size_t kMaxActionBody = 20000;

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

Response alarm_not_found(std::string_view id) {
  return Response::error(404, "alarm " + std::string(id) + " not found");
}

// The alarm of path parameter {id} when it exists and the caller may see its mine; an
// error when the store could not say.
Result<std::optional<StoredAlarm>> visible_alarm(const Request& req, const PathParams& params,
                                                 ApiDeps& deps) {
  const auto id = parse_id(params.at("id"));
  if (!id) return std::optional<StoredAlarm>();
  auto a = deps.pipeline->alarm(*id);
  if (!a.ok()) return a;
  if (!*a || !req.principal->can_see((*a)->alarm.mine)) return std::optional<StoredAlarm>();
  return a;
}

// The narrowest mine prefix that is both within `scope` and the requested `region`;
// nullopt when the two do not overlap (the answer is then empty, never an error).
std::optional<std::string> effective_prefix(std::string_view scope, std::string_view region) {
  if (region.substr(0, scope.size()) == scope) return std::string(region);
  if (scope.substr(0, region.size()) == region) return std::string(scope);
  return std::nullopt;
}

Response list_alarms(const Request& req, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const Principal& who = *req.principal;
  store::AlarmQuery q;
  bool empty = false;
  if (auto mine = req.query_param("mine")) {
    q.mine = std::string(*mine);
    empty = !who.can_see(*mine);
  }
  const std::string_view scope = who.role == Role::kMine ? std::string_view() : who.scope;
  if (who.role == Role::kMine && q.mine.empty()) q.mine = who.scope;
  if (auto prefix = effective_prefix(scope, req.query_param("region").value_or(""))) {
    q.region_prefix = *prefix;
  } else {
    empty = true;
  }
  if (auto kind = req.query_param("kind")) {
    q.kind = parse_alarm_kind(*kind);
    if (!q.kind) return Response::error(422, "kind must be an alarm kind such as gas.alarm");
  }
  // severity=red,orange or severity=red&severity=orange: any of them.
  for (const auto& [name, value] : req.query) {
    if (name != "severity") continue;
    std::string_view rest = value;
    while (true) {
      const std::size_t comma = rest.find(',');
      const auto s = parse_severity(rest.substr(0, comma));
      if (!s) {
        return Response::error(422, "severity must be one or more of red, orange, yellow, blue");
      }
      if (std::find(q.severity.begin(), q.severity.end(), *s) == q.severity.end()) {
        q.severity.push_back(*s);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  std::optional<store::WorkflowState> state;
  if (auto s = req.query_param("state")) {
    state = store::parse_workflow_state(*s);
    if (!state) {
      return Response::error(422,
                             "state must be new, acknowledged, disposed, verified or returned");
    }
  }
  if (auto a = req.query_param("active")) {
    if (*a != "true" && *a != "false") return Response::error(422, "active must be true or false");
    q.active = *a == "true";
  }
  auto from = time_param(req, "from");
  if (!from.ok()) return from_status(from.status());
  auto to = time_param(req, "to");
  if (!to.ok()) return from_status(to.status());
  q.from = *from;
  q.to = *to;
  auto after = int_param(req, "after", 0, INT64_MAX);
  if (!after.ok()) return from_status(after.status());
  auto limit = int_param(req, "limit", 1, kMaxLimit);
  if (!limit.ok()) return from_status(limit.status());
  const auto want = static_cast<std::size_t>(limit->value_or(kDefaultLimit));
  q.after_id = after->value_or(0);
  q.limit = want;
  q.with_evidence = false;  // a list shows no evidence

  std::vector<std::pair<StoredAlarm, store::AlarmHandling>> page;
  bool more = false;
  // Severity is filtered in the store; the handling state lives in the workflow tables and
  // is filtered here: read on until the page is full; 50 reads bound one request's work.
  // `q.after_id` ends as the last row looked at, which is where the next page starts: after
  // a full page, or after 50 reads that found fewer (even none) in state.
  for (int read = 0; !empty && read < 50 && page.size() < want; ++read) {
    const auto rows = deps.pipeline->alarms(q);
    if (!rows.ok()) return alarm_store_failed(rows.status());
    std::size_t seen = 0;
    for (const StoredAlarm& a : *rows) {
      ++seen;
      q.after_id = a.id;
      if (!who.can_see(a.alarm.mine)) continue;
      auto h = deps.workflow->handling(a.id, a.alarm.mine);
      if (!h.ok()) return from_status(h.status());
      if (state && h->state != *state) continue;
      page.emplace_back(a, std::move(*h));
      if (page.size() == want) break;
    }
    // Rows left unread in this read, or a full read (the table may hold more).
    more = seen < rows->size() || rows->size() == q.limit;
    if (!more) break;
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object().key("alarms").begin_array();
  for (const auto& [a, h] : page) write_alarm(w, a, h);
  w.end_array();
  w.key("next_after");
  if (more)
    w.value(q.after_id);
  else
    w.null();
  w.end_object();
  return Response::json(200, std::move(body));
}

// The alarm with its handling, evidence and history.
Response alarm_detail(const StoredAlarm& a, ApiDeps& deps) {
  auto h = deps.workflow->handling(a.id, a.alarm.mine);
  if (!h.ok()) return from_status(h.status());
  auto history = deps.workflow->history(a.id);
  if (!history.ok()) return from_status(history.status());
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("alarm");
  write_alarm(w, a, *h);
  w.key("evidence");
  if (a.evidence_json.empty())
    w.null();
  else
    w.raw(a.evidence_json);
  w.key("next_escalation");
  if (auto t = deps.workflow->next_escalation(facts_of(a), *h))
    w.time_value(*t);
  else
    w.null();
  w.key("history").begin_array();
  for (const store::AlarmAction& act : *history) write_action(w, act);
  w.end_array();
  // The hand-ups alone, for the UI's timeline (docs/api.md "Escalation").
  w.key("handed_up").begin_array();
  for (const store::AlarmAction& act : *history) {
    if (act.action != WorkflowAction::kEscalate || !act.level) continue;
    w.begin_object();
    w.key("level").value(store::workflow_level_name(*act.level));
    w.key("time").time_value(act.time);
    w.end_object();
  }
  w.end_array().end_object();
  return Response::json(200, std::move(body));
}

Response get_alarm(const Request& req, const PathParams& params, ApiDeps& deps) {
  if (!req.principal) return unauthorized();
  const auto found = visible_alarm(req, params, deps);
  if (!found.ok()) return alarm_store_failed(found.status());
  const std::optional<StoredAlarm>& a = *found;
  if (!a) return alarm_not_found(params.at("id"));
  return alarm_detail(*a, deps);
}

// A request body of string fields: {"remark": "...", ...}; an empty body is {}.
Result<std::map<std::string, std::string, std::less<>>> string_fields(
    std::string_view body, std::initializer_list<std::string_view> allowed) {
  std::map<std::string, std::string, std::less<>> out;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  if (body.size() > kMaxActionBody) {
    return Status::invalid_argument("the body may hold at most " + std::to_string(kMaxActionBody) +
                                    " bytes");
  }
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(obj) != simdjson::SUCCESS) {
    return Status::invalid_argument("the body must be a JSON object");
  }
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
      return Status::invalid_argument("the body is not valid JSON");
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (const std::string_view a : allowed)
        names += (names.empty() ? "" : ", ") + std::string(a);
      return Status::invalid_argument("unknown field \"" + std::string(key) +
                                      "\"; this action takes " + names);
    }
    std::string_view value;
    if (field.value().get_string().get(value) != simdjson::SUCCESS) {
      return Status::invalid_argument("field \"" + std::string(key) + "\" must be a string");
    }
    out[std::string(key)] = std::string(value);
  }
  return out;
}

std::string take(std::map<std::string, std::string, std::less<>>& m, std::string_view key) {
  const auto it = m.find(key);
  return it == m.end() ? std::string() : std::move(it->second);
}

Response act(const Request& req, const PathParams& params, ApiDeps& deps, WorkflowAction what) {
  if (!req.principal) return unauthorized();
  const auto found = visible_alarm(req, params, deps);
  if (!found.ok()) return alarm_store_failed(found.status());
  const std::optional<StoredAlarm>& a = *found;
  if (!a) return alarm_not_found(params.at("id"));
  const workflow::Actor actor = actor_of(*req.principal);
  if (!AlarmWorkflow::permitted(actor, what, a->alarm.mine)) {
    return Response::error(403, "your role (" + std::string(workflow::actor_role_name(actor.role)) +
                                    ") may not " + std::string(store::workflow_action_name(what)) +
                                    " this alarm");
  }
  const workflow::AlarmFacts facts = facts_of(*a);
  Result<store::AlarmAction> done = Status::internal("no action taken");
  switch (what) {
    case WorkflowAction::kAcknowledge: {
      auto f = string_fields(req.body, {"remark"});
      if (!f.ok()) return Response::error(400, f.status().message());
      done = deps.workflow->acknowledge(actor, facts, take(*f, "remark"));
      break;
    }
    case WorkflowAction::kDisposition: {
      auto f =
          string_fields(req.body, {"cause", "measures", "released_at", "early_reason", "remark"});
      if (!f.ok()) return Response::error(400, f.status().message());
      workflow::Disposition d;
      d.cause = take(*f, "cause");
      d.measures = take(*f, "measures");
      d.early_reason = take(*f, "early_reason");
      d.remark = take(*f, "remark");
      if (const std::string released = take(*f, "released_at"); !released.empty()) {
        d.released_at = parse_query_time(released);
        if (!d.released_at) {
          return Response::error(422,
                                 "released_at must be an RFC 3339 time with an offset, such as "
                                 "2026-09-23T10:40:00+08:00 or 2026-09-23T02:40:00.000Z");
        }
      }
      done = deps.workflow->dispose(actor, facts, std::move(d));
      break;
    }
    case WorkflowAction::kVerify: {
      auto f = string_fields(req.body, {"verdict", "remark"});
      if (!f.ok()) return Response::error(400, f.status().message());
      const auto verdict = store::parse_verdict(take(*f, "verdict"));
      if (!verdict) return Response::error(422, "verdict must be accepted or rejected");
      done = deps.workflow->verify(actor, facts, *verdict, take(*f, "remark"));
      break;
    }
    case WorkflowAction::kReopen: {
      auto f = string_fields(req.body, {"remark"});
      if (!f.ok()) return Response::error(400, f.status().message());
      done = deps.workflow->reopen(actor, facts, take(*f, "remark"));
      break;
    }
    case WorkflowAction::kEscalate: return Response::error(403, "escalation is the clock's");
  }
  if (!done.ok()) return from_status(done.status());
  return alarm_detail(*a, deps);
}

}  // namespace

void add_alarm_routes(Router& router, ApiDeps& deps) {
  router.add(Method::kGet, "/api/v1/alarms",
             [&deps](const Request& r, const PathParams&) { return list_alarms(r, deps); });
  router.add(Method::kGet, "/api/v1/alarms/{id}",
             [&deps](const Request& r, const PathParams& p) { return get_alarm(r, p, deps); });
  const std::pair<std::string_view, WorkflowAction> actions[] = {
      {"/api/v1/alarms/{id}/ack", WorkflowAction::kAcknowledge},
      {"/api/v1/alarms/{id}/disposition", WorkflowAction::kDisposition},
      {"/api/v1/alarms/{id}/verify", WorkflowAction::kVerify},
      {"/api/v1/alarms/{id}/reopen", WorkflowAction::kReopen},
  };
  for (const auto& [pattern, what] : actions) {
    router.add(Method::kPost, pattern, [&deps, what = what](const Request& r, const PathParams& p) {
      return act(r, p, deps, what);
    });
  }
}

}  // namespace api

Result<std::vector<workflow::EscalationEvent>> escalate_overdue(pipeline::DurablePipeline& pipeline,
                                                                workflow::AlarmWorkflow& workflow) {
  std::vector<workflow::AlarmFacts> red;
  store::AlarmQuery q;
  q.active = true;
  q.severity = {Severity::kRed};  // only red alarms escalate (docs/api.md "Escalation")
  q.limit = 1000;
  for (int page = 0; page < 100; ++page) {  // 100k active red alarms at most per sweep
    auto rows = pipeline.alarms(q);
    if (!rows.ok()) return std::move(rows).take_status();
    for (const store::StoredAlarm& a : *rows) red.push_back(api::facts_of(a));
    if (rows->size() < q.limit) break;
    q.after_id = rows->back().id;
  }
  return workflow.escalate_due(red);
}

std::string escalation_event_json(const workflow::EscalationEvent& e) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("event").value("alarm.handed_up");
  w.key("id").value(e.alarm_id);
  w.key("mine").value(e.mine);
  w.key("level").value(store::workflow_level_name(e.level));
  w.key("scope").value(e.scope);
  w.key("time").time_value(e.time);
  w.end_object();
  return out;
}

}  // namespace mw::server
