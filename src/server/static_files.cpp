#include "server/static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace mw::server {
namespace {

namespace fs = std::filesystem;

// Vite writes content-hashed file names under assets/ (build.assetsDir), so they never change.
constexpr std::string_view kAssetsPrefix = "/assets/";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// index.html names the current hashed assets: always revalidate it.
constexpr std::string_view kNoCache = "no-cache";
// favicon and the like: unhashed but rarely changed.
constexpr std::string_view kShortCache = "public, max-age=3600";

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
}};

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s.remove_prefix(s.size() - suffix.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return std::nullopt;
  return body;
}

Response file_response(const fs::path& file, std::string_view cache_control) {
  auto body = read_file(file);
  if (!body) return Response::error(500, "cannot read " + file.filename().string());
  Response r;
  r.status = 200;
  r.content_type = std::string(content_type_for(file.filename().string()));
  r.body = std::move(*body);
  r.headers.emplace_back("Cache-Control", std::string(cache_control));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

std::string_view content_type_for(std::string_view file_name) noexcept {
  for (const auto& [ext, type] : kTypes) {
    if (ends_with_ci(file_name, ext)) return type;
  }
  return "application/octet-stream";
}

std::optional<fs::path> resolve_static_path(const fs::path& root, std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
    return std::nullopt;
  }
  fs::path rel;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    // Empty ("a//b"), ".", ".." and hidden names are never served.
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    rel /= fs::path(std::string(segment));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (rel.empty()) return std::nullopt;
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::canonical(base / rel, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  // A symlink inside dist pointing elsewhere resolves outside base: refuse it.
  const auto [base_end, file_it] =
      std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (base_end != base.end()) return std::nullopt;
  return file;
}

Response serve_static(const fs::path& root, std::string_view path) {
  if (path == "/api" || path.starts_with("/api/")) {
    return Response::error(404, "no such API route; see /api/v1/openapi.json");
  }
  if (auto file = resolve_static_path(root, path)) {
    return file_response(*file, path.starts_with(kAssetsPrefix) ? kImmutable : kShortCache);
  }
  // A missing hashed asset is a stale page asking for an old build: 404, not index.html,
  // which the browser would try to run as a script.
  if (path.starts_with(kAssetsPrefix)) return Response::error(404, "no such asset");
  std::error_code ec;
  const fs::path index = root / "index.html";
  if (!fs::is_regular_file(index, ec)) {
    return Response::error(404, "the web UI is not built: run scripts/web.sh");
  }
  return file_response(index, kNoCache);
}

bool is_app_page(std::string_view path) noexcept {
  // The pages of web/src/router.js; a page with a parameter is its prefix plus one segment.
  constexpr std::string_view kPages[] = {"/",       "/login",     "/overview", "/mines",
                                         "/alarms", "/personnel", "/admin"};
  constexpr std::string_view kPagesWithId[] = {"/mines/", "/alarms/"};
  for (const std::string_view p : kPages) {
    if (path == p) return true;
  }
  for (const std::string_view p : kPagesWithId) {
    if (path.size() > p.size() && path.starts_with(p) &&
        path.find('/', p.size()) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

void add_static_routes(Router& router, fs::path dist) {
  auto handler = [dist](const Request& req, const PathParams&) {
    return serve_static(dist, req.path);
  };
  // Other methods get 405 only on what the UI really has: a page or a file (Router::add).
  PathClaim claims = [dist](std::string_view path) {
    if (path == "/api" || path.starts_with("/api/")) return false;
    return is_app_page(path) || resolve_static_path(dist, path).has_value();
  };
  router.add(Method::kGet, "/", handler, claims);
  std::string pattern;
  for (int depth = 1; depth <= kMaxStaticDepth; ++depth) {
    pattern += "/{s" + std::to_string(depth) + "}";
    router.add(Method::kGet, pattern, handler, claims);
  }
}

}  // namespace mw::server
