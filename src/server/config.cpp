#include "server/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "store/open_db.hpp"

namespace mw::server {
namespace {

struct Reader {
  const toml::table& table;
  std::string_view origin;
  std::string section;  // "" or "limits", ...

  std::string where(std::string_view key, const toml::node* n) const {
    std::string s(origin);
    if (n != nullptr && n->source().begin.line > 0) {
      s += ":" + std::to_string(n->source().begin.line);
    }
    s += ": ";
    if (!section.empty()) s += section + ".";
    s += key;
    return s;
  }

  Status check_keys(std::initializer_list<std::string_view> known) const {
    for (const auto& [k, v] : table) {
      bool found = false;
      for (const auto name : known) found = found || k.str() == name;
      if (!found) {
        return Status::invalid_argument(where(k.str(), &v) + ": unknown key");
      }
    }
    return {};
  }

  Status string(std::string_view key, std::string& out) const {
    const toml::node* n = table.get(key);
    if (n == nullptr) return {};
    const auto v = n->value<std::string>();
    if (!v) return Status::invalid_argument(where(key, n) + ": must be a string");
    out = *v;
    return {};
  }

  Status integer(std::string_view key, std::int64_t min, std::int64_t max,
                 std::int64_t& out) const {
    const toml::node* n = table.get(key);
    if (n == nullptr) return {};
    const auto v = n->value<std::int64_t>();
    if (!v || !n->is_integer())
      return Status::invalid_argument(where(key, n) + ": must be an integer");
    if (*v < min || *v > max) {
      return Status::invalid_argument(where(key, n) + ": must be between " + std::to_string(min) +
                                      " and " + std::to_string(max));
    }
    out = *v;
    return {};
  }
  template <class T>
  Status count(std::string_view key, std::int64_t min, std::int64_t max, T& out) const {
    std::int64_t v = static_cast<std::int64_t>(out);
    MW_RETURN_IF_ERROR(integer(key, min, max, v));
    out = static_cast<T>(v);
    return {};
  }
  Status seconds(std::string_view key, std::int64_t min, std::int64_t max, Seconds& out) const {
    std::int64_t v = out.count();
    MW_RETURN_IF_ERROR(integer(key, min, max, v));
    out = Seconds{v};
    return {};
  }
  Status number(std::string_view key, double& out) const {
    const toml::node* n = table.get(key);
    if (n == nullptr) return {};
    const auto v = n->value<double>();
    if (!v || *v < 0) return Status::invalid_argument(where(key, n) + ": must be a number ≥ 0");
    out = *v;
    return {};
  }

  Result<const toml::table*> sub(std::string_view key) const {
    const toml::node* n = table.get(key);
    if (n == nullptr) return static_cast<const toml::table*>(nullptr);
    if (!n->is_table()) return Status::invalid_argument(where(key, n) + ": must be a table");
    return n->as_table();
  }
};

constexpr std::int64_t kDay = 24 * 3600;

// A libpq URI with the password of its user info and of its query replaced.
std::string redact_uri(std::string_view dsn) {
  const std::size_t start = dsn.find("://") + 3;
  std::string out(dsn.substr(0, start));
  std::string_view rest = dsn.substr(start);
  // The user info ends at the last '@': a password not percent-encoded may hold '/' or '@'
  // itself (over-redacting a query holding '@' is the safe mistake).
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view user = rest.substr(0, at);
    const std::size_t colon = user.find(':');
    out += user.substr(0, colon);
    if (colon != std::string_view::npos) out += ":***";
    rest.remove_prefix(at);
  }
  const std::size_t q = rest.find('?');
  if (q == std::string_view::npos) return out += rest;
  out += rest.substr(0, q + 1);
  rest.remove_prefix(q + 1);
  const std::size_t hash = std::min(rest.find('#'), rest.size());
  std::string_view query = rest.substr(0, hash);
  while (true) {
    const std::size_t amp = std::min(query.find('&'), query.size());
    const std::string_view param = query.substr(0, amp);
    out += param.starts_with("password=") ? std::string_view("password=***") : param;
    if (amp == query.size()) break;
    out += '&';
    query.remove_prefix(amp + 1);
  }
  return out += rest.substr(hash);
}

// A libpq key=value DSN ("host=db password='a b' dbname=x") with the password's value
// replaced; "***" for the whole of one it cannot read (no secret is shown by mistake).
std::string redact_keywords(std::string_view dsn) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::string out;
  std::size_t i = 0;
  while (true) {
    while (i < dsn.size() && space(dsn[i])) ++i;
    if (i == dsn.size()) return out;
    const std::size_t key_from = i;
    while (i < dsn.size() && dsn[i] != '=' && !space(dsn[i])) ++i;
    const std::string_view key = dsn.substr(key_from, i - key_from);
    while (i < dsn.size() && space(dsn[i])) ++i;
    if (key.empty() || i == dsn.size() || dsn[i] != '=') return "***";
    ++i;
    while (i < dsn.size() && space(dsn[i])) ++i;
    const std::size_t value_from = i;
    if (i < dsn.size() && dsn[i] == '\'') {
      ++i;
      while (i < dsn.size() && dsn[i] != '\'') i += dsn[i] == '\\' ? 2U : 1U;
      if (i >= dsn.size()) return "***";  // unclosed quote
      ++i;
    } else {
      while (i < dsn.size() && !space(dsn[i])) i += dsn[i] == '\\' ? 2U : 1U;
      i = std::min(i, dsn.size());
    }
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += key == "password" ? std::string_view("***") : dsn.substr(value_from, i - value_from);
  }
}

}  // namespace

std::string_view store_kind(std::string_view dsn) noexcept {
  return store::is_postgres_target(dsn) ? "postgresql" : "sqlite";
}

std::string redact_dsn(std::string_view dsn) {
  if (dsn.starts_with("postgresql://") || dsn.starts_with("postgres://")) return redact_uri(dsn);
  if (dsn.starts_with("pg:")) return "pg:" + redact_keywords(dsn.substr(3));
  return std::string(dsn);  // a file path
}

Result<std::pair<std::string, std::uint16_t>> split_listen(std::string_view listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::invalid_argument("listen must be host:port, e.g. 127.0.0.1:8080: " +
                                    std::string(listen));
  }
  std::string host(listen.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // [::1]:8080
  }
  const std::string_view port_text = listen.substr(colon + 1);
  std::uint32_t port = 0;
  if (port_text.empty() || port_text.size() > 5) {
    return Status::invalid_argument("listen port must be 0-65535: " + std::string(listen));
  }
  for (const char c : port_text) {
    if (c < '0' || c > '9')
      return Status::invalid_argument("listen port must be a number: " + std::string(listen));
    port = port * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (port > 65535)
    return Status::invalid_argument("listen port must be 0-65535: " + std::string(listen));
  return std::pair{std::move(host), static_cast<std::uint16_t>(port)};
}

Result<ServeConfig> parse_serve_config(std::string_view text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(text, std::string(origin));
  } catch (const toml::parse_error& e) {
    return Status::invalid_argument(std::string(origin) + ":" +
                                    std::to_string(e.source().begin.line) + ": " +
                                    std::string(e.description()));
  }
  ServeConfig c;
  const Reader r{root, origin, ""};
  MW_RETURN_IF_ERROR(r.check_keys({"listen",
                                   "data_dir",
                                   "store",
                                   "rules",
                                   "profile",
                                   "shards",
                                   "io_threads",
                                   "worker_threads",
                                   "escalation_minutes",
                                   "offline_minutes",
                                   "raw_retention_days",
                                   "rollup_retention_days",
                                   "drop_dir",
                                   "drop_settle_seconds",
                                   "access_log",
                                   "event_log",
                                   "demo",
                                   "web_dir",
                                   "limits",
                                   "tls"}));
  MW_RETURN_IF_ERROR(r.string("listen", c.listen));
  MW_RETURN_IF_ERROR(split_listen(c.listen).status());
  MW_RETURN_IF_ERROR(r.string("data_dir", c.data_dir));
  MW_RETURN_IF_ERROR(r.string("store", c.store_dsn));
  MW_RETURN_IF_ERROR(r.string("rules", c.rules));
  MW_RETURN_IF_ERROR(r.string("profile", c.profile));
  MW_RETURN_IF_ERROR(r.count("shards", 1, 64, c.shards));
  MW_RETURN_IF_ERROR(r.count("io_threads", 1, 64, c.io_threads));
  MW_RETURN_IF_ERROR(r.count("worker_threads", 1, 1024, c.worker_threads));
  std::int64_t minutes = c.escalation_after.count() / 60;
  MW_RETURN_IF_ERROR(r.integer("escalation_minutes", 1, 7 * 24 * 60, minutes));
  c.escalation_after = Seconds{minutes * 60};
  minutes = c.offline_after.count() / 60;
  MW_RETURN_IF_ERROR(r.integer("offline_minutes", 1, 7 * 24 * 60, minutes));
  c.offline_after = Seconds{minutes * 60};
  // Below the regulations' minimums is refused rather than silently raised.
  MW_RETURN_IF_ERROR(r.count("raw_retention_days", 90, 100 * 366, c.raw_retention_days));
  MW_RETURN_IF_ERROR(r.count("rollup_retention_days", 2 * 366, 100 * 366, c.rollup_retention_days));
  MW_RETURN_IF_ERROR(r.string("drop_dir", c.drop_dir));
  MW_RETURN_IF_ERROR(r.seconds("drop_settle_seconds", 1, kDay, c.drop_settle));
  MW_RETURN_IF_ERROR(r.string("access_log", c.access_log));
  MW_RETURN_IF_ERROR(r.string("event_log", c.event_log));
  MW_RETURN_IF_ERROR(r.count("demo", 0, 10000, c.demo_mines));
  MW_RETURN_IF_ERROR(r.string("web_dir", c.web_dir));

  auto limits = r.sub("limits");
  if (!limits.ok()) return limits.status();
  if (*limits != nullptr) {
    const Reader l{**limits, origin, "limits"};
    HttpLimits& h = c.limits;
    MW_RETURN_IF_ERROR(l.check_keys({"max_header_bytes", "max_body_bytes", "header_timeout_seconds",
                                     "body_timeout_seconds", "write_timeout_seconds",
                                     "max_connections", "max_connections_per_remote",
                                     "max_in_flight", "rate_per_remote", "rate_burst"}));
    MW_RETURN_IF_ERROR(l.count("max_header_bytes", 1024, 1 << 20, h.max_header_bytes));
    MW_RETURN_IF_ERROR(l.count("max_body_bytes", 1024, std::int64_t{1} << 32, h.max_body_bytes));
    MW_RETURN_IF_ERROR(l.seconds("header_timeout_seconds", 1, 3600, h.header_timeout));
    MW_RETURN_IF_ERROR(l.seconds("body_timeout_seconds", 1, 3600, h.body_timeout));
    MW_RETURN_IF_ERROR(l.seconds("write_timeout_seconds", 1, 3600, h.write_timeout));
    MW_RETURN_IF_ERROR(l.count("max_connections", 1, 1000000, h.max_connections));
    MW_RETURN_IF_ERROR(
        l.count("max_connections_per_remote", 1, 1000000, h.max_connections_per_remote));
    MW_RETURN_IF_ERROR(l.count("max_in_flight", 1, 1000000, h.max_in_flight));
    MW_RETURN_IF_ERROR(l.number("rate_per_remote", h.rate_per_remote));
    MW_RETURN_IF_ERROR(l.number("rate_burst", h.rate_burst));
  }
  auto tls = r.sub("tls");
  if (!tls.ok()) return tls.status();
  if (*tls != nullptr) {
    const Reader t{**tls, origin, "tls"};
    MW_RETURN_IF_ERROR(t.check_keys({"cert", "key"}));
    TlsOptions o;
    MW_RETURN_IF_ERROR(t.string("cert", o.cert_file));
    MW_RETURN_IF_ERROR(t.string("key", o.key_file));
    if (o.cert_file.empty() || o.key_file.empty()) {
      return Status::invalid_argument(std::string(origin) + ": tls needs both cert and key");
    }
    c.tls = std::move(o);
  }
  return c;
}

Result<ServeConfig> load_serve_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot read config file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_serve_config(ss.str(), path);
}

}  // namespace mw::server
