#pragma once
// The web UI (web/dist, built by scripts/web.sh) served by minewatch itself: files with their
// content type, Vite's content-hashed assets cached for a year, index.html for every other
// path so the single-page app's own routes (/mines/…, /alarms/…) survive a reload. /api/*
// never falls back: an unknown API path stays a JSON 404.
//
// Thread safety: the handlers only read files, so they may run on any I/O thread at once.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "server/http.hpp"

namespace mw::server {

// The Content-Type for a file name by its extension ("application/octet-stream" if unknown).
std::string_view content_type_for(std::string_view file_name) noexcept;

// The file under `root` that URL path `path` (percent-decoded, starting with '/') names, or
// nullopt when it names none: a "." / ".." / hidden segment, a backslash or NUL, a directory,
// or anything that resolves (symlinks included) outside root.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view path);

// The answer for GET `path` from `root`; exposed for tests, the routes call it.
Response serve_static(const std::filesystem::path& root, std::string_view path);

// Whether `path` is a page of the web app (web/src/router.js): "/", "/mines", "/mines/{code}" …
bool is_app_page(std::string_view path) noexcept;

// Registers GET routes for "/" and any path of up to kMaxStaticDepth segments; API and other
// routes win over them (they are claiming fallbacks, Router::add). Another method answers
// 405 on an app page or a real file, 404 elsewhere. `dist` need not exist yet: until it
// does, pages answer 404 saying how to build the UI.
void add_static_routes(Router& router, std::filesystem::path dist);

// Deepest path served: the app's routes have at most 4 segments, assets 2.
inline constexpr int kMaxStaticDepth = 8;

}  // namespace mw::server
