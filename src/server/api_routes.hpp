#pragma once
// The read API and the alarm actions under /api/v1 (issue 6 items 4 and 5; docs/api.md,
// src/server/openapi.json). Every route needs a caller (401 otherwise) and answers a mine
// outside the caller's scope exactly like a mine that does not exist (404).
//
//   GET  /api/v1/openapi.json
//   GET  /api/v1/mines                                    ?region=&status=&online=
//   GET  /api/v1/mines/{mine}
//   GET  /api/v1/mines/{mine}/points/{point}/series       ?from=&to=
//   GET  /api/v1/mines/{mine}/personnel
//   GET  /api/v1/mines/{mine}/personnel/{card}/trips      ?from=&to=
//   GET  /api/v1/mines/{mine}/areas/{area}/headcount      ?day=yyyy-mm-dd
//   GET  /api/v1/alarms ?mine=&region=&kind=&severity=&active=&state=&from=&to=&after=&limit= GET
//   /api/v1/alarms/{id} POST /api/v1/alarms/{id}/ack | disposition | verify | reopen
//
// Thread safety: handlers run on any I/O thread at once. DurablePipeline and AlarmWorkflow
// are thread-safe; the store connection in ApiDeps is used only under ApiDeps::store_mu.

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/status.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "rules/rule_pack.hpp"
#include "server/http.hpp"
#include "server/live.hpp"
#include "store/db.hpp"
#include "workflow/alarm_workflow.hpp"

namespace mw::server {

struct ApiDeps {
  pipeline::DurablePipeline* pipeline = nullptr;
  workflow::AlarmWorkflow* workflow = nullptr;
  const RulePack* pack = nullptr;  // effective thresholds of methane points
  const Clock* clock = nullptr;    // "now": default time ranges, online (wall clock in serve)
  // A mine is online while its newest upload is at most this old (mine_online, live.hpp);
  // serve sets it from offline_minutes, the same value its live events and metric use.
  Seconds offline_after = kDefaultOfflineAfter;
  // A connection to the data directory's store for what the pipeline does not keep in
  // memory (stations, personnel history); guarded by store_mu.
  std::unique_ptr<store::Db> store;
  std::mutex store_mu;
};

// Registers every route above. `deps` (and what it points to) outlives the router.
void add_api_routes(Router& router, ApiDeps& deps);

// One route of this file, for the OpenAPI check (openapi_test.cpp).
struct RouteSpec {
  Method method;
  std::string_view pattern;
};
std::span<const RouteSpec> api_route_specs() noexcept;

// The OpenAPI 3.1 document served at /api/v1/openapi.json (src/server/openapi.json,
// embedded at build time).
std::string_view openapi_document() noexcept;

// Escalates every active red alarm whose acknowledgement is overdue (AlarmWorkflow
// escalate_due over the pipeline's active alarms). The server's timer calls it every few
// seconds; returns the escalations made.
Result<std::vector<workflow::EscalationEvent>> escalate_overdue(pipeline::DurablePipeline& pipeline,
                                                                workflow::AlarmWorkflow& workflow);

// The live event of one escalation step, for LiveBus::publish(event.mine, …):
// {"event":"alarm.handed_up","id":…,"mine":…,"level":"city","scope":"6208","time":…}.
std::string escalation_event_json(const workflow::EscalationEvent& e);

}  // namespace mw::server
