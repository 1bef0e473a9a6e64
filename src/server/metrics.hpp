#pragma once
// /metrics: Prometheus text exposition (format 0.0.4) of the server's own counters (HTTP
// requests and latencies by route class) and what DurablePipeline, the HTTP server and the
// live bus report (docs/serve.md "Metrics" lists every series).
//
// Thread safety: HttpMetrics::observe() from any I/O thread at once (atomics, no lock);
// render_metrics() from any thread.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/durable_pipeline.hpp"
#include "server/http_server.hpp"
#include "server/live.hpp"

namespace mw::server {

// Requests are labelled by what they do, not by their path (mine codes would make a series
// per mine): upload, ingest, live, mine, alarms, api, metrics, other.
enum class RouteClass : std::uint8_t {
  kUpload,
  kIngest,
  kLive,
  kMine,
  kAlarms,
  kApi,
  kMetrics,
  kOther
};
inline constexpr std::size_t kRouteClasses = 8;
RouteClass route_class(std::string_view method, std::string_view path) noexcept;
std::string_view route_class_name(RouteClass c) noexcept;

class HttpMetrics {
 public:
  // Latency buckets (seconds): from 0.5 ms (a cached read) to 10 s (an upload behind a
  // stalled disk), roughly ×2.5 apart, as Prometheus' defaults but finer at the low end.
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  // Status codes counted apart; others fall into "other".
  static constexpr std::array<unsigned, 16> kCodes = {200, 201, 204, 400, 401, 403, 404, 405,
                                                      409, 413, 422, 429, 431, 500, 503, 0};

  void observe(const AccessLogEntry& e) noexcept;
  void render(std::string& out) const;

 private:
  struct PerClass {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
    std::array<std::atomic<std::uint64_t>, kCodes.size()> codes{};
  };
  std::array<PerClass, kRouteClasses> classes_{};
};

// The server's retention passes (Server::Impl::retention_loop), counted as they end.
struct RetentionStats {
  std::atomic<std::uint64_t> passes{0};
  std::atomic<std::uint64_t> failures{0};  // store busy or failing; retried in 5 min
  std::atomic<std::uint64_t> rows{0};      // deleted or made raw-less
};

struct MetricsInputs {
  const HttpMetrics* http = nullptr;
  HttpServerStats server;
  pipeline::DurableStats pipeline;
  LiveBusStats live;
  std::size_t mines_online = 0;
  std::uint64_t drop_files = 0;        // taken from the drop directory
  std::uint64_t drop_quarantined = 0;  // of them, moved to quarantine/
  const RetentionStats* retention = nullptr;
};

std::string render_metrics(const MetricsInputs& in);

}  // namespace mw::server
