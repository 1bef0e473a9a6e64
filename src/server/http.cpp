#include "server/http.hpp"

#include <array>
#include <iterator>
#include <stdexcept>

#include "base/json.hpp"

namespace mw::server {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" into {}; a trailing '/' keeps an empty last segment
// so "/api/v1/mines/" does not match "/api/v1/mines".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path == "/") return out;
  if (path.front() == '/') path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

// Whether `segments` (a pattern) matches `parts` (a path); params must be non-empty.
bool matches(const std::vector<std::string>& segments, const std::vector<std::string_view>& parts) {
  if (segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_param(segments[i])) {
      if (parts[i].empty()) return false;
    } else if (segments[i] != parts[i]) {
      return false;
    }
  }
  return true;
}

// True when pattern a is more specific than b: at the first segment where one is a literal
// and the other a parameter, the literal wins.
bool more_specific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool pa = is_param(a[i]);
    const bool pb = is_param(b[i]);
    if (pa != pb) return !pa;
  }
  return false;
}

// Method names as they appear in an Allow header, in Method's order.
constexpr std::string_view kMethodNames[] = {"GET",   "HEAD",   "POST",   "PUT",
                                             "PATCH", "DELETE", "OPTIONS"};

// The answer for a path that exists for other methods; the Allow list travels in params
// (a 405 match has no path parameters of its own).
const Handler kMethodNotAllowed = [](const Request& req, const PathParams& params) {
  const std::string& allow = params.at("allow");
  Response r = Response::error(
      405, "method " + std::string(kMethodNames[static_cast<std::size_t>(req.method)]) +
               " is not allowed for " + req.path + "; allowed: " + allow);
  r.headers.emplace_back("Allow", allow);
  return r;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::cookie(std::string_view name) const {
  // Several Cookie headers may arrive (HTTP/2 proxies split them); look through all.
  for (const auto& [header_name, value] : headers) {
    if (header_name != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const std::string_view pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) != name) continue;
      std::string_view v = trim(pair.substr(eq + 1));
      // RFC 6265 allows the value in double quotes.
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  }
  return std::nullopt;
}

Response Response::json(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::error(unsigned status, std::string_view message) {
  std::string body;
  JsonWriter w(body);
  w.begin_object().key("error").value(message).end_object();
  return json(status, std::move(body));
}

void Router::add(Method method, std::string_view pattern, Handler handler, PathClaim claims) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Route route{method, {}, std::move(handler), std::move(claims)};
  for (const std::string_view segment : split_path(pattern)) {
    if (segment.find_first_of("{}") != std::string_view::npos && !is_param(segment)) {
      throw std::invalid_argument("route parameter must be a whole segment: " +
                                  std::string(pattern));
    }
    route.segments.emplace_back(segment);
  }
  for (const Route& other : routes_) {
    if (other.method != method || other.segments.size() != route.segments.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < other.segments.size() && same; ++i) {
      const bool p1 = is_param(other.segments[i]);
      const bool p2 = is_param(route.segments[i]);
      same = p1 == p2 && (p1 || other.segments[i] == route.segments[i]);
    }
    if (same) throw std::invalid_argument("route registered twice: " + std::string(pattern));
  }
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  const std::vector<std::string_view> parts = split_path(path);
  // Routes without a claim first; claims (file lookups) are asked only when those do not
  // answer this method.
  std::vector<const Route*> firm;
  std::vector<const Route*> claiming;
  for (const Route& route : routes_) {
    if (!matches(route.segments, parts)) continue;
    (route.claims ? claiming : firm).push_back(&route);
  }
  const auto best_of = [](const std::vector<const Route*>& routes, Method m) {
    const Route* best = nullptr;
    for (const Route* r : routes) {
      if (r->method != m) continue;
      if (best == nullptr || more_specific(r->segments, best->segments)) best = r;
    }
    return best;
  };
  const auto pick = [&](const std::vector<const Route*>& routes) {
    const Route* best = best_of(routes, method);
    if (best == nullptr && method == Method::kHead) best = best_of(routes, Method::kGet);
    return best;
  };
  const Route* best = pick(firm);
  std::vector<const Route*> fallback;
  if (best == nullptr) {
    // Claiming routes that stand for this path join the firm ones; the rest are fallbacks.
    for (const Route* r : claiming) (r->claims(path) ? firm : fallback).push_back(r);
    best = pick(firm);
  }
  if (best == nullptr && !firm.empty()) {
    // The path is known, to other methods: 405 with what it takes.
    std::array<bool, std::size(kMethodNames)> allowed{};
    for (const Route* r : firm) allowed[static_cast<std::size_t>(r->method)] = true;
    if (allowed[static_cast<std::size_t>(Method::kGet)]) {
      allowed[static_cast<std::size_t>(Method::kHead)] = true;
    }
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (!allowed[i]) continue;
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += kMethodNames[i];
    }
    result.path_known = true;
    result.handler = &kMethodNotAllowed;
    result.params.emplace("allow", result.allow);
    return result;
  }
  if (best == nullptr) best = pick(fallback);
  if (best == nullptr) return result;
  result.path_known = true;
  result.handler = &best->handler;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& segment = best->segments[i];
    if (is_param(segment)) {
      result.params.emplace(segment.substr(1, segment.size() - 2), std::string(parts[i]));
    }
  }
  return result;
}

}  // namespace mw::server
