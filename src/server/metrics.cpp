#include "server/metrics.hpp"

#include <cstdio>

namespace mw::server {
namespace {

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void sample(std::string& out, std::string_view name, std::string_view labels, double v) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, " %.17g\n", v);
  out += buf;
}
void sample(std::string& out, std::string_view name, std::string_view labels, std::uint64_t v) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += std::to_string(v);
  out += '\n';
}

void one(std::string& out, std::string_view name, std::string_view type, std::string_view help,
         std::uint64_t v) {
  header(out, name, type, help);
  sample(out, name, "", v);
}

std::string bucket_label(double le) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", le);
  return buf;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

RouteClass route_class(std::string_view method, std::string_view path) noexcept {
  if (path == "/metrics" || path == "/healthz") return RouteClass::kMetrics;
  if (path == "/api/v1/ingest") return RouteClass::kIngest;
  if (path == "/api/v1/live") return RouteClass::kLive;
  if (starts_with(path, "/api/v1/alarms")) return RouteClass::kAlarms;
  if (starts_with(path, "/api/v1/mines/")) {
    if (method == "PUT" && path.find("/files/") != std::string_view::npos)
      return RouteClass::kUpload;
    return RouteClass::kMine;
  }
  if (starts_with(path, "/api/")) return RouteClass::kApi;
  return RouteClass::kOther;
}

std::string_view route_class_name(RouteClass c) noexcept {
  switch (c) {
    case RouteClass::kUpload: return "upload";
    case RouteClass::kIngest: return "ingest";
    case RouteClass::kLive: return "live";
    case RouteClass::kMine: return "mine";
    case RouteClass::kAlarms: return "alarms";
    case RouteClass::kApi: return "api";
    case RouteClass::kMetrics: return "metrics";
    case RouteClass::kOther: return "other";
  }
  return "other";
}

void HttpMetrics::observe(const AccessLogEntry& e) noexcept {
  PerClass& c = classes_[static_cast<std::size_t>(route_class(e.method, e.path))];
  const double secs = static_cast<double>(e.micros) / 1e6;
  std::size_t b = 0;
  while (b < kBuckets.size() && secs > kBuckets[b]) ++b;
  c.buckets[b].fetch_add(1, std::memory_order_relaxed);
  c.count.fetch_add(1, std::memory_order_relaxed);
  c.sum_micros.fetch_add(static_cast<std::uint64_t>(e.micros < 0 ? 0 : e.micros),
                         std::memory_order_relaxed);
  std::size_t code = kCodes.size() - 1;  // "other"
  for (std::size_t i = 0; i + 1 < kCodes.size(); ++i) {
    if (kCodes[i] == e.status) code = i;
  }
  c.codes[code].fetch_add(1, std::memory_order_relaxed);
}

void HttpMetrics::render(std::string& out) const {
  header(out, "minewatch_http_requests_total", "counter",
         "HTTP requests answered, by route class and status code.");
  for (std::size_t k = 0; k < kRouteClasses; ++k) {
    const std::string route(route_class_name(static_cast<RouteClass>(k)));
    for (std::size_t i = 0; i < kCodes.size(); ++i) {
      const std::uint64_t n = classes_[k].codes[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string code = kCodes[i] == 0 ? "other" : std::to_string(kCodes[i]);
      sample(out, "minewatch_http_requests_total", "route=\"" + route + "\",code=\"" + code + "\"",
             n);
    }
  }
  header(out, "minewatch_http_request_duration_seconds", "histogram",
         "Time from a request's header to its response written, by route class.");
  for (std::size_t k = 0; k < kRouteClasses; ++k) {
    const PerClass& c = classes_[k];
    const std::uint64_t count = c.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string route =
        "route=\"" + std::string(route_class_name(static_cast<RouteClass>(k))) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += c.buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? bucket_label(kBuckets[b]) : "+Inf";
      sample(out, "minewatch_http_request_duration_seconds_bucket", route + ",le=\"" + le + "\"",
             cumulative);
    }
    sample(out, "minewatch_http_request_duration_seconds_sum", route,
           static_cast<double>(c.sum_micros.load(std::memory_order_relaxed)) / 1e6);
    sample(out, "minewatch_http_request_duration_seconds_count", route, cumulative);
  }
}

std::string render_metrics(const MetricsInputs& in) {
  std::string out;
  out.reserve(8192);
  if (in.http != nullptr) in.http->render(out);
  const auto& s = in.server;
  one(out, "minewatch_http_connections_open", "gauge", "Open HTTP and WebSocket connections.",
      s.connections_open);
  one(out, "minewatch_http_connections_refused_total", "counter",
      "Connections closed at once for the connection limits.", s.connections_refused);
  one(out, "minewatch_http_in_flight", "gauge", "Requests in handlers now (the request queue).",
      s.in_flight);
  one(out, "minewatch_http_rate_limited_total", "counter", "Requests answered 429.",
      s.rate_limited);
  one(out, "minewatch_http_overloaded_total", "counter",
      "Requests answered 503 for the in-flight limit.", s.overloaded);
  one(out, "minewatch_http_timeouts_total", "counter",
      "Connections cut by a header, body or write deadline.", s.timeouts);

  const auto& p = in.pipeline;
  header(out, "minewatch_ingest_files_total", "counter", "Networking files by outcome.");
  sample(out, "minewatch_ingest_files_total", "outcome=\"applied\"", p.files_applied);
  sample(out, "minewatch_ingest_files_total", "outcome=\"duplicate\"", p.files_duplicate);
  sample(out, "minewatch_ingest_files_total", "outcome=\"stale\"", p.files_stale);
  sample(out, "minewatch_ingest_files_total", "outcome=\"quarantined\"", p.files_quarantined);
  sample(out, "minewatch_ingest_files_total", "outcome=\"failed\"", p.files_failed);
  one(out, "minewatch_ingest_records_total", "counter", "Records applied.", p.records);
  one(out, "minewatch_ingest_samples_total", "counter", "Samples applied and stored.", p.samples);
  one(out, "minewatch_journal_bytes_total", "counter", "Journal bytes appended since start.",
      p.journal_bytes);
  one(out, "minewatch_journal_fsyncs_total", "counter", "Journal fsyncs since start.",
      p.journal_fsyncs);
  one(out, "minewatch_journal_lag_records", "gauge",
      "Journal records durable but not yet checkpointed.", p.journal_lag);
  one(out, "minewatch_tsdb_queued_chunks", "gauge",
      "Sealed series chunks waiting for the tsdb writer.", p.tsdb_queued_chunks);
  if (in.retention != nullptr) {
    header(out, "minewatch_retention_passes_total", "counter",
           "Retention passes over the stores, by outcome.");
    sample(out, "minewatch_retention_passes_total", "outcome=\"ok\"", in.retention->passes.load());
    sample(out, "minewatch_retention_passes_total", "outcome=\"failed\"",
           in.retention->failures.load());
    one(out, "minewatch_retention_rows_total", "counter",
        "Rows deleted (or made raw-less) by retention.", in.retention->rows.load());
  }
  one(out, "minewatch_quarantine_bytes", "gauge", "Quarantined files on disk.", p.quarantine_bytes);
  one(out, "minewatch_alarms_stored_total", "counter", "Alarm rows written.", p.alarms_stored);
  header(out, "minewatch_alarms_opened_total", "counter", "Alarm episodes opened, by kind.");
  for (const auto& [kind, n] : p.alarms_opened) {
    sample(out, "minewatch_alarms_opened_total",
           "kind=\"" + std::string(alarm_kind_name(kind)) + "\"", n);
  }
  one(out, "minewatch_mines_online", "gauge", "Mines with an upload within offline_minutes.",
      in.mines_online);
  one(out, "minewatch_live_clients", "gauge", "WebSocket clients subscribed to live events.",
      in.live.subscribers);
  one(out, "minewatch_live_events_total", "counter", "Live events published.",
      in.live.events_published);
  one(out, "minewatch_live_clients_dropped_total", "counter",
      "Live clients dropped because their queue overflowed.", in.live.clients_dropped);
  one(out, "minewatch_drop_files_total", "counter", "Files taken from the drop directory.",
      in.drop_files);
  one(out, "minewatch_drop_quarantined_total", "counter",
      "Drop-directory files moved to quarantine/.", in.drop_quarantined);
  return out;
}

}  // namespace mw::server
