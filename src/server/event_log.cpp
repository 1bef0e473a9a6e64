#include "server/event_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace mw::server {

namespace {

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '=' || c == '\\') return true;
  }
  return false;
}

void append_quoted(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;  // UTF-8 (mine names) passes as it is
        }
    }
  }
  out += '"';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::unique_ptr<LogFile>> LogFile::open(const std::string& where) {
  if (where.empty()) return std::unique_ptr<LogFile>();
  if (where == "-") return std::unique_ptr<LogFile>(new LogFile(STDERR_FILENO, false));
  // O_APPEND: each write lands whole at the end, beside another writer of the same file.
  const int fd = ::open(where.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return Status::io_error("cannot open log file " + where + ": " + std::strerror(errno));
  }
  return std::unique_ptr<LogFile>(new LogFile(fd, true));
}

LogFile::~LogFile() {
  if (owned_) ::close(fd_);
}

void LogFile::write_line(std::string_view line) {
  const std::lock_guard lock(mu_);
  while (!line.empty()) {
    const ssize_t n = ::write(fd_, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    line.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string_view log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "error";
}

void append_log_field(std::string& out, std::string_view key, std::string_view value) {
  out += ' ';
  out += key;
  out += '=';
  if (needs_quotes(value)) {
    append_quoted(out, value);
  } else {
    out += value;
  }
}

void append_utc_millis(std::string& out, std::chrono::system_clock::time_point t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
  const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, static_cast<int>(ms));
  if (n > 0) out.append(buf, static_cast<std::size_t>(n));
}

std::string log_record(LogLevel level, std::string_view event,
                       std::initializer_list<LogField> fields) {
  std::string out = "level=";
  out += log_level_name(level);
  append_log_field(out, "event", event);
  for (const LogField& f : fields) append_log_field(out, f.key, f.value);
  return out;
}

std::string log_line(std::chrono::system_clock::time_point t, LogLevel level,
                     std::string_view event, std::initializer_list<LogField> fields) {
  std::string out = "time=";
  append_utc_millis(out, t);
  out += ' ';
  out += log_record(level, event, fields);
  out += '\n';
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_log_line(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  const auto bad = [&](std::string_view why) {
    return Status::invalid_argument("not a log line (" + std::string(why) + " at byte " +
                                    std::to_string(i) + ")");
  };
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t eq = line.find('=', i);
    if (eq == std::string_view::npos || eq == i) return bad("a key without '='");
    std::string key(line.substr(i, eq - i));
    if (key.find_first_of(" \"") != std::string::npos) return bad("a key with a space or '\"'");
    i = eq + 1;
    std::string value;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        const char c = line[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c != '\\') {
          value += c;
          continue;
        }
        if (i >= line.size()) return bad("a '\\' at the end");
        const char e = line[i++];
        switch (e) {
          case '"': value += '"'; break;
          case '\\': value += '\\'; break;
          case 'n': value += '\n'; break;
          case 'r': value += '\r'; break;
          case 't': value += '\t'; break;
          case 'u': {
            if (i + 4 > line.size() || line.substr(i, 2) != "00") return bad("a bad \\u escape");
            const int hi = hex_digit(line[i + 2]);
            const int lo = hex_digit(line[i + 3]);
            if (hi < 0 || lo < 0) return bad("a bad \\u escape");
            value += static_cast<char>(hi * 16 + lo);
            i += 4;
            break;
          }
          default: return bad("an unknown escape");
        }
      }
      if (!closed) return bad("an unclosed quote");
      if (i < line.size() && line[i] != ' ') return bad("text after a closing quote");
    } else {
      const std::size_t end = std::min(line.find(' ', i), line.size());
      value = std::string(line.substr(i, end - i));
      if (value.find('"') != std::string::npos) return bad("a '\"' inside an unquoted value");
      i = end;
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

Result<std::unique_ptr<EventLog>> EventLog::open(const std::string& where) {
  auto file = LogFile::open(where);
  if (!file.ok()) return file.status();
  return std::make_unique<EventLog>(std::move(file).value());
}

void EventLog::write(LogLevel level, std::string_view event,
                     std::initializer_list<LogField> fields) {
  if (!file_) return;
  file_->write_line(log_line(std::chrono::system_clock::now(), level, event, fields));
}

void EventLog::write_record(std::string_view record) {
  if (!file_) return;
  std::string line = "time=";
  append_utc_millis(line, std::chrono::system_clock::now());
  line += ' ';
  line += record;
  line += '\n';
  file_->write_line(line);
}

void RepeatedFailureLog::failed(Time now, const Status& status) {
  const std::string event = event_ + ".failed";
  if (failures_++ == 0) {
    first_ = now;
    last_line_ = now;
    log_.warn(event, {{"reason", status.message()},
                      {"code", status_code_name(status.code())},
                      {"failures", failures_},
                      {"next_line_after_s", every_.count()}});
    return;
  }
  if (now - last_line_ < every_) return;
  last_line_ = now;
  log_.warn(event, {{"reason", status.message()},
                    {"code", status_code_name(status.code())},
                    {"failures", failures_},
                    {"failing_s", (now - first_).count()}});
}

void RepeatedFailureLog::passed(Time now) {
  if (failures_ == 0) return;
  log_.info(event_ + ".recovered",
            {{"failures", failures_}, {"failing_s", (now - first_).count()}});
  failures_ = 0;
}

}  // namespace mw::server
