// POST /api/v1/admin/mines: `minewatch mine import` over HTTP for national administrators.
#include "server/api_admin.hpp"

#include <map>
#include <set>

#include "base/json.hpp"
#include "rules/rule_pack.hpp"
#include "server/api_common.hpp"
#include "workflow/audit.hpp"

namespace mw::server {

namespace {

constexpr RouteSpec kSpecs[] = {
    {Method::kPost, "/api/v1/admin/mines"},
};

struct CsvRecord {
  std::size_t line = 0;  // where it starts
  std::string_view text;
};

// The CSV's records (RFC 4180: a line end inside quotes belongs to the field), each with the
// line it starts on; line ends are not part of the text.
std::vector<CsvRecord> csv_records(std::string_view csv) {
  std::vector<CsvRecord> out;
  std::size_t line = 1, start = 0, start_line = 1;
  bool quoted = false;
  for (std::size_t i = 0; i <= csv.size(); ++i) {
    const bool end = i == csv.size();
    const char c = end ? '\n' : csv[i];
    if (!end && c == '"') quoted = !quoted;
    if (c != '\n') continue;
    if (quoted && !end) {  // inside a field: the record goes on
      ++line;
      continue;
    }
    std::string_view text = csv.substr(start, i - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!end || !text.empty()) out.push_back({start_line, text});
    ++line;
    start = i + 1;
    start_line = line;
  }
  return out;
}

// "mines.csv line 2…" of a one-row parse, told with the row's line in the whole file.
std::string at_line(std::string message, std::size_t line) {
  const std::string_view probe = "mines.csv line 2";
  if (message.rfind(probe, 0) == 0) {
    return "mines.csv line " + std::to_string(line) + message.substr(probe.size());
  }
  return "mines.csv line " + std::to_string(line) + ": " + message;
}

Response registry_refused(const std::vector<RegistryRowError>& errors) {
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("error").value(std::to_string(errors.size()) +
                       (errors.size() == 1 ? " bad row" : " bad rows") +
                       " in mines.csv; nothing was imported");
  w.key("errors").begin_array();
  for (const RegistryRowError& e : errors) {
    w.begin_object();
    w.key("line").value(static_cast<std::int64_t>(e.line));
    w.key("message").value(e.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return Response::json(422, std::move(body));
}

Response import_mines(ApiDeps& deps, const Request& req) {
  if (!req.principal) return api::unauthorized();
  if (req.principal->role != Role::kNational) {
    return Response::error(403, "only national users import mines");
  }
  if (req.body.size() > kMaxMinesCsvBytes) {
    return Response::error(413, "mines.csv is larger than " +
                                    std::to_string(kMaxMinesCsvBytes >> 20) +
                                    " MiB; split it and import the parts");
  }
  // Absent optional columns take the rule pack's values, as `mine import` does.
  const MineDefaults defaults = mine_defaults(*deps.pack);
  auto mines = parse_mine_registry(req.body, defaults);
  if (!mines.ok()) {
    std::vector<RegistryRowError> errors = registry_errors(req.body, defaults);
    if (errors.empty()) errors.push_back({0, mines.status().message()});  // the file as a whole
    return registry_refused(errors);
  }
  if (mines->empty()) return Response::error(422, "mines.csv lists no mine");
  std::set<std::string> known;
  for (const Mine& m : deps.pipeline->mines()) known.insert(m.code);
  std::int64_t added = 0;
  for (const Mine& m : *mines) added += known.contains(m.code) ? 0 : 1;
  const auto total = static_cast<std::int64_t>(mines->size());
  std::string detail;
  JsonWriter d(detail);
  d.begin_object().key("mines").value(total).key("new").value(added).key("via").value("api");
  d.end_object();
  // The audit record is written in the import's own transaction: both commit, or neither.
  bool audit_failed = false;
  const Status imported = deps.pipeline->import_registry(*mines, [&](store::Db& db) {
    Status s = workflow::AuditLog(db, *deps.clock)
                   .append({req.principal->name, "mine.import", "mines.csv", detail});
    audit_failed = !s.ok();
    return s;
  });
  if (!imported.ok()) {
    Response r = api::from_status(imported);
    if (!audit_failed) return r;
    Response refused =
        Response::error(r.status, "nothing was imported: the audit record could not be written (" +
                                      imported.message() + ")");
    refused.headers = std::move(r.headers);
    return refused;
  }
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  w.key("mines").value(total).key("new").value(added).key("updated").value(total - added);
  w.end_object();
  return Response::json(200, std::move(body));
}

}  // namespace

std::vector<RegistryRowError> registry_errors(std::string_view csv, const MineDefaults& defaults,
                                              std::size_t max_errors) {
  std::vector<RegistryRowError> out;
  const std::vector<CsvRecord> records = csv_records(csv);
  if (records.empty()) return out;
  const std::string header(records.front().text);
  // A bad header is the file's one problem, not every row's.
  if (auto h = parse_mine_registry(header + "\n", defaults); !h.ok()) {
    out.push_back({1, h.status().message()});
    return out;
  }
  std::map<std::string, std::size_t, std::less<>> line_of;  // mine code → first line
  for (std::size_t k = 1; k < records.size() && out.size() < max_errors; ++k) {
    const CsvRecord& r = records[k];
    if (r.text.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
    auto one = parse_mine_registry(header + "\n" + std::string(r.text) + "\n", defaults);
    if (!one.ok()) {
      out.push_back({r.line, at_line(one.status().message(), r.line)});
      continue;
    }
    for (const Mine& m : *one) {
      auto [it, first] = line_of.emplace(m.code, r.line);
      if (!first) {
        out.push_back({r.line, "mines.csv line " + std::to_string(r.line) +
                                   ", column mine_code: mine " + m.code +
                                   " is already listed on line " + std::to_string(it->second)});
      }
    }
  }
  return out;
}

std::span<const RouteSpec> admin_route_specs() noexcept { return kSpecs; }

namespace api {

void add_admin_routes(Router& router, ApiDeps& deps) {
  router.add(Method::kPost, "/api/v1/admin/mines",
             [&deps](const Request& req, const PathParams&) { return import_mines(deps, req); });
}

}  // namespace api

}  // namespace mw::server
