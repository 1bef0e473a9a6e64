// The accounts API: thin handlers over Auth; every write is audited inside Auth.
#include "server/auth_routes.hpp"

#include <simdjson.h>

#include <charconv>
#include <map>

#include "base/json.hpp"

namespace mw::server {

namespace {

// Request bodies are small JSON objects of strings; anything else is a 400.
constexpr std::size_t kMaxBody = 16 * 1024;

using Fields = std::map<std::string, std::string, std::less<>>;

Result<Fields> string_fields(std::string_view body) {
  if (body.size() > kMaxBody) return Status::invalid_argument("request body is too large");
  simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object root;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(root) != simdjson::SUCCESS) {
    return Status::invalid_argument("the body must be a JSON object");
  }
  Fields out;
  for (auto field : root) {
    std::string_view key;
    std::string_view value;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
      return Status::invalid_argument("the body is not valid JSON");
    }
    if (field.value().get_string().get(value) != simdjson::SUCCESS) {
      return Status::invalid_argument("field \"" + std::string(key) + "\" must be a string");
    }
    out.emplace(std::string(key), std::string(value));
  }
  return out;
}

// The field, or 400 naming it.
Result<std::string> required(const Fields& f, std::string_view name) {
  auto it = f.find(name);
  if (it == f.end()) return Status::invalid_argument("missing field \"" + std::string(name) + "\"");
  return it->second;
}

unsigned http_status(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kFailedPrecondition: return 409;  // e.g. the user name is taken
    case StatusCode::kUnavailable:
    case StatusCode::kIoError: return 503;
    default: return 500;
  }
}

Response error_of(const Status& s) {
  const unsigned code = http_status(s);
  // Store and internal failures are logged by the server; the caller gets no internals.
  if (code >= 500) return Response::error(code, "the account store is unavailable; try again");
  return Response::error(code, s.message());
}

Response unauthenticated() { return Response::error(401, "log in first"); }

void write_principal(JsonWriter& w, const Principal& p) {
  w.begin_object();
  w.key("id").value(p.user_id);
  w.key("name").value(p.name);
  w.key("role").value(role_name(p.role));
  w.key("scope").value(p.scope);
  w.end_object();
}

void write_user(JsonWriter& w, const UserInfo& u) {
  w.begin_object();
  w.key("id").value(u.id);
  w.key("name").value(u.name);
  w.key("role").value(role_name(u.role));
  w.key("scope").value(u.scope);
  w.key("disabled").value(u.disabled);
  w.key("created").time_value(u.created);
  w.end_object();
}

bool is_national(const Request& req) {
  return req.principal && req.principal->role == Role::kNational;
}

Response login(Auth& auth, const Request& req) {
  auto fields = string_fields(req.body);
  if (!fields.ok()) return Response::error(400, fields.status().message());
  auto user = required(*fields, "user");
  auto password = required(*fields, "password");
  if (!user.ok()) return Response::error(400, user.status().message());
  if (!password.ok()) return Response::error(400, password.status().message());
  LoginOutcome out = auth.login(*user, *password, req.remote);
  if (!out.session) {
    switch (out.failure.error) {
      case LoginError::kBadCredentials: return Response::error(401, out.failure.message);
      case LoginError::kRateLimited:
      case LoginError::kBusy: {
        Response r = Response::error(out.failure.error == LoginError::kBusy ? 503 : 429,
                                     out.failure.message);
        r.headers.emplace_back("Retry-After", std::to_string(out.failure.retry_after.count()));
        return r;
      }
      case LoginError::kStore: return Response::error(503, out.failure.message);
    }
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("user");
  write_principal(w, out.session->principal);
  w.key("expires").time_value(out.session->expires);
  w.end_object();
  Response r = Response::json(200, std::move(body));
  r.headers.emplace_back("Set-Cookie", auth.session_cookie(*out.session));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response logout(Auth& auth, const Request& req) {
  const auto token = req.cookie(kSessionCookie);
  if (!req.principal || !token) return unauthenticated();
  if (const Status s = auth.logout(*token, *req.principal); !s.ok()) return error_of(s);
  Response r = Response::json(204, "");
  r.headers.emplace_back("Set-Cookie", auth.clear_session_cookie());
  return r;
}

Response me(const Request& req) {
  if (!req.principal) return unauthenticated();
  std::string body;
  JsonWriter w(body);
  write_principal(w, *req.principal);
  return Response::json(200, std::move(body));
}

Response list_tokens(Auth& auth, const Request& req) {
  if (!req.principal) return unauthenticated();
  auto tokens = auth.list_api_tokens(req.principal->user_id);
  if (!tokens.ok()) return error_of(tokens.status());
  std::string body;
  JsonWriter w(body);
  w.begin_array();
  for (const auto& t : *tokens) {
    w.begin_object();
    w.key("id").value(t.id);
    w.key("label").value(t.label);
    w.key("created").time_value(t.created);
    w.key("revoked").value(t.revoked);
    w.end_object();
  }
  w.end_array();
  return Response::json(200, std::move(body));
}

Response create_token(Auth& auth, const Request& req) {
  if (!req.principal) return unauthenticated();
  auto fields = string_fields(req.body);
  if (!fields.ok()) return Response::error(400, fields.status().message());
  auto label = required(*fields, "label");
  if (!label.ok()) return Response::error(400, label.status().message());
  auto token = auth.create_api_token(req.principal->user_id, *label, req.principal->name);
  if (!token.ok()) return error_of(token.status());
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("label").value(*label);
  w.key("token").value(*token);
  w.end_object();
  Response r = Response::json(201, std::move(body));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response revoke_token(Auth& auth, const Request& req, const PathParams& params) {
  if (!req.principal) return unauthenticated();
  const std::string& text = params.at("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return Response::error(404, "no token " + text);
  }
  const Status s = auth.revoke_api_token(req.principal->user_id, id, req.principal->name);
  if (!s.ok()) return error_of(s);
  return Response::json(204, "");
}

Response list_users(Auth& auth, const Request& req) {
  if (!req.principal) return unauthenticated();
  if (!is_national(req)) return Response::error(403, "only national users manage users");
  auto users = auth.list_users();
  if (!users.ok()) return error_of(users.status());
  std::string body;
  JsonWriter w(body);
  w.begin_array();
  for (const auto& u : *users) write_user(w, u);
  w.end_array();
  return Response::json(200, std::move(body));
}

Response add_user(Auth& auth, const Request& req) {
  if (!req.principal) return unauthenticated();
  if (!is_national(req)) return Response::error(403, "only national users manage users");
  auto fields = string_fields(req.body);
  if (!fields.ok()) return Response::error(400, fields.status().message());
  std::string values[4];
  const char* names[] = {"name", "password", "role", "scope"};
  for (int i = 0; i < 4; ++i) {
    auto v = required(*fields, names[i]);
    if (!v.ok()) return Response::error(400, v.status().message());
    values[i] = std::move(*v);
  }
  const auto role = parse_role(values[2]);
  if (!role) {
    return Response::error(400, "role must be national, province, city, mine or viewer");
  }
  auto user = auth.add_user(values[0], values[1], *role, values[3], req.principal->name);
  if (!user.ok()) return error_of(user.status());
  std::string body;
  JsonWriter w(body);
  write_user(w, *user);
  return Response::json(201, std::move(body));
}

Response disable_user(Auth& auth, const Request& req, const PathParams& params) {
  if (!req.principal) return unauthenticated();
  if (!is_national(req)) return Response::error(403, "only national users manage users");
  const std::string& name = params.at("name");
  if (name == req.principal->name) {
    return Response::error(400, "you cannot disable yourself; ask another national user");
  }
  const Status s = auth.disable_user(name, req.principal->name);
  if (!s.ok()) return error_of(s);
  return Response::json(204, "");
}

Response rotate_key(Auth& auth, const Request& req, const PathParams& params) {
  if (!req.principal) return unauthenticated();
  const std::string& mine = params.at("mine");
  const Principal& p = *req.principal;
  if (!p.can_see(mine)) return Response::error(404, "mine " + mine + " not found");
  if (p.role != Role::kNational && p.role != Role::kProvince) {
    return Response::error(403, "upload keys are rotated by national or province users");
  }
  auto key = auth.rotate_upload_key(mine, p.name);
  if (!key.ok()) {
    if (key.status().code() == StatusCode::kNotFound) {
      return Response::error(404, "mine " + mine + " not found");
    }
    return error_of(key.status());
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mine").value(mine);
  w.key("key").value(*key);
  w.end_object();
  Response r = Response::json(200, std::move(body));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

void add_auth_routes(Router& router, Auth& auth) {
  using P = const PathParams&;
  router.add(Method::kPost, "/api/v1/session",
             [&auth](const Request& r, P) { return login(auth, r); });
  router.add(Method::kDelete, "/api/v1/session",
             [&auth](const Request& r, P) { return logout(auth, r); });
  router.add(Method::kGet, "/api/v1/me", [](const Request& r, P) { return me(r); });
  router.add(Method::kGet, "/api/v1/me/tokens",
             [&auth](const Request& r, P) { return list_tokens(auth, r); });
  router.add(Method::kPost, "/api/v1/me/tokens",
             [&auth](const Request& r, P) { return create_token(auth, r); });
  router.add(Method::kDelete, "/api/v1/me/tokens/{id}",
             [&auth](const Request& r, P p) { return revoke_token(auth, r, p); });
  router.add(Method::kGet, "/api/v1/users",
             [&auth](const Request& r, P) { return list_users(auth, r); });
  router.add(Method::kPost, "/api/v1/users",
             [&auth](const Request& r, P) { return add_user(auth, r); });
  router.add(Method::kPost, "/api/v1/users/{name}/disable",
             [&auth](const Request& r, P p) { return disable_user(auth, r, p); });
  router.add(Method::kPost, "/api/v1/mines/{mine}/key",
             [&auth](const Request& r, P p) { return rotate_key(auth, r, p); });
}

}  // namespace mw::server
