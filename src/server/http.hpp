#pragma once
// The server's own view of an HTTP exchange: handlers see these plain types, never Beast's,
// so routes are testable without sockets and the transport can change under them.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/principal.hpp"

namespace mw::server {

enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions };

struct Request {
  Method method = Method::kGet;
  std::string path;  // percent-decoded, without the query; always starts with '/'
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote;  // peer address, for logs and rate limits
  // Who is calling, once authentication ran; nullopt for anonymous callers.
  std::optional<Principal> principal;

  // First value of a header (name lower-case) or query parameter; nullopt when absent.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
  // The value of cookie `name` in the Cookie header.
  std::optional<std::string_view> cookie(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie …)

  static Response json(unsigned status, std::string body);
  // {"error": message}: every 4xx/5xx names its reason for the person who sent the request.
  static Response error(unsigned status, std::string_view message);
};

// Path parameters of a matched route: "/api/v1/mines/{mine}" → {"mine": "140…"}.
using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<Response(const Request&, const PathParams&)>;

// Whether a route stands for `path` (a file that exists, a page of the web app); see
// Router::add.
using PathClaim = std::function<bool(std::string_view path)>;

// Routes by method and pattern. A pattern's segments are literals or `{name}` (one whole
// segment, never '/'). Literal segments win over parameters; a HEAD request takes a GET
// route when no HEAD route matches. A path that routes for other methods only matches a
// handler answering 405 with an `Allow` header; an unknown path matches nothing (404).
// Thread safety: add() before serving; match() from any thread afterwards.
class Router {
 public:
  // `claims`, when given, makes the route a fallback (the web UI's catch-all): it answers
  // its method only where no route without a claim matches the path, and it makes other
  // methods 405 only on paths it claims — a POST to a path that is no file and no page of
  // the app is 404, not 405.
  void add(Method method, std::string_view pattern, Handler handler, PathClaim claims = {});
  struct Match {
    // Null: no route for this path (404). For a path known only to other methods, the
    // router's 405 handler (path_known true, `allow` listing the methods).
    const Handler* handler = nullptr;
    PathParams params;
    bool path_known = false;  // some method matches the path: 405 rather than 404
    std::string allow;        // "GET, HEAD" when path_known and the method is not among them
  };
  Match match(Method method, std::string_view path) const;

 private:
  struct Route {
    Method method;
    std::vector<std::string> segments;
    Handler handler;
    PathClaim claims;
  };
  std::vector<Route> routes_;
};

}  // namespace mw::server
