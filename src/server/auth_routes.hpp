#pragma once
// The accounts API (docs/accounts.md "HTTP"): sessions, the caller, users, API tokens and
// upload-key rotation. The server runs Auth::authenticate before routing and puts the result
// in Request::principal; these handlers only check what that principal may do.
//
//   POST   /api/v1/session                {"user","password"} → 200 + Set-Cookie mw_session
//   DELETE /api/v1/session                ends the caller's session → 204
//   GET    /api/v1/me                     the caller
//   GET    /api/v1/me/tokens              the caller's API tokens (never the secrets)
//   POST   /api/v1/me/tokens              {"label"} → 201 {"token"} (shown once)
//   DELETE /api/v1/me/tokens/{id}         → 204
//   GET    /api/v1/users                  national users only
//   POST   /api/v1/users                  {"name","password","role","scope"} → 201; 409 name taken
//   POST   /api/v1/users/{name}/disable   → 204
//   POST   /api/v1/mines/{mine}/key       national, or province over that mine → 200 {"key"}
//
// Anonymous callers get 401; a mine outside the caller's scope answers 404 as if it did not
// exist; a caller who sees the mine but whose role may not do this gets 403.

#include "server/auth.hpp"
#include "server/http.hpp"

namespace mw::server {

void add_auth_routes(Router& router, Auth& auth);

}  // namespace mw::server
