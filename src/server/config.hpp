#pragma once
// `minewatch serve` configuration: a TOML file (every key documented in docs/serve.md
// "Configuration"), then command-line overrides. Missing keys keep the defaults below;
// unknown keys are errors (a typo must not silently keep a default).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.hpp"
#include "base/time.hpp"
#include "server/http_server.hpp"
#include "server/live.hpp"

namespace mw::server {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // host:port; 0.0.0.0 for every interface
  std::string data_dir = "minewatch-data";
  std::string store_dsn;  // empty: SQLite minewatch.db in data_dir; else a PostgreSQL DSN
  std::string rules;      // rule pack file; empty: the built-in rules/coal.toml
  std::string profile = "national";  // networking file profile
  std::size_t shards = 1;
  std::size_t io_threads = 2;
  // Handlers. An upload holds one while it waits for the journal's fsync, so this bounds the
  // uploads in flight and the files one group commit can carry (8 gave 8 files per fsync).
  // 64: 32 uploads in flight with room for API reads beside them on a 2-core machine —
  // threads that mostly wait cost a stack each, not a core (docs/serve.md "Threads").
  std::size_t worker_threads = 64;
  HttpLimits limits;
  std::optional<TlsOptions> tls;
  // Issue 6 item 5: a red alarm not acknowledged within this goes one level up.
  Seconds escalation_after{15 * 60};
  // A mine with no upload for this long is offline: list, mine page, live events, metric (the
  // pack's mine.upload_gap orange threshold, 60 min, raises the alarm; this is the status dot).
  Seconds offline_after = kDefaultOfflineAfter;
  // Kept at least this long (architecture.md §4, the regulations' minimums are 90 days of raw
  // values and 2 years of 5-minute statistics), then deleted by the hourly retention pass.
  int raw_retention_days = 90;
  int rollup_retention_days = 2 * 366;
  std::string drop_dir;          // watched directory for FTP drops; empty: none
  Seconds drop_settle{10 * 60};  // a file without its `||` end is failed after this
  std::string access_log = "-";  // "-" stderr, a file path, or "" for none
  // The server's own events (start, retention, escalation and demo failures, stop),
  // docs/serve.md "Event log": "-" stderr (journald under systemd), a file path, or "" for none.
  std::string event_log = "-";
  int demo_mines = 0;   // --demo N
  std::string web_dir;  // static files served at / (the built web UI); empty: none
};

// Parses a TOML document; `origin` names it in messages.
Result<ServeConfig> parse_serve_config(std::string_view toml, std::string_view origin);
Result<ServeConfig> load_serve_config(const std::string& path);

// The `store` setting as a log may show it: its kind ("sqlite", or "postgresql" — open_db's
// rule) and the target with any password replaced by "***" (user:***@ in a URI, password=***
// in a URI query or a key=value DSN).
std::string_view store_kind(std::string_view dsn) noexcept;
std::string redact_dsn(std::string_view dsn);

// "host:port" → parts. InvalidArgument for a missing or bad port.
Result<std::pair<std::string, std::uint16_t>> split_listen(std::string_view listen);

}  // namespace mw::server
