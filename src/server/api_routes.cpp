// add_api_routes: the read API and alarm actions (api_mines, api_personnel, api_alarms) and
// the OpenAPI document.
#include "server/api_routes.hpp"

#include "server/api_admin.hpp"
#include "server/api_common.hpp"

namespace mw::server {

namespace {

// Every route add_api_routes registers (openapi_test.cpp checks each is documented and
// answered).
constexpr RouteSpec kSpecs[] = {
    {Method::kGet, "/api/v1/openapi.json"},
    {Method::kGet, "/api/v1/mines"},
    {Method::kGet, "/api/v1/mines/{mine}"},
    {Method::kGet, "/api/v1/mines/{mine}/points/{point}/series"},
    {Method::kGet, "/api/v1/mines/{mine}/personnel"},
    {Method::kGet, "/api/v1/mines/{mine}/personnel/{card}/trips"},
    {Method::kGet, "/api/v1/mines/{mine}/areas/{area}/headcount"},
    {Method::kGet, "/api/v1/alarms"},
    {Method::kGet, "/api/v1/alarms/{id}"},
    {Method::kPost, "/api/v1/alarms/{id}/ack"},
    {Method::kPost, "/api/v1/alarms/{id}/disposition"},
    {Method::kPost, "/api/v1/alarms/{id}/verify"},
    {Method::kPost, "/api/v1/alarms/{id}/reopen"},
};

}  // namespace

std::span<const RouteSpec> api_route_specs() noexcept { return kSpecs; }

void add_api_routes(Router& router, ApiDeps& deps) {
  // The API description is public: it tells a caller how to log in.
  router.add(Method::kGet, "/api/v1/openapi.json", [](const Request&, const PathParams&) {
    return Response::json(200, std::string(openapi_document()));
  });
  api::add_mine_routes(router, deps);
  api::add_personnel_routes(router, deps);
  api::add_alarm_routes(router, deps);
  api::add_admin_routes(router, deps);  // its own specs: admin_route_specs()
}

}  // namespace mw::server
