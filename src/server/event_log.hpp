#pragma once
// EventLog: what `minewatch serve` itself does and what goes wrong in its background work
// (start, retention passes, escalation sweeps, the demo, stop), for an operator — journald
// reads stderr under systemd. One logfmt line per event (docs/serve.md "Event log"):
//
//   time=2026-09-23T02:13:19.123Z level=error event=retention.failed reason="SQLite: …" ms=3
//
// time is UTC with milliseconds, level is info / warn / error, event a short dotted name,
// then key=value fields; a value is written in double quotes when it is empty or holds a
// space, '"', '=', '\' or a control character, with \" \\ \n \r \t and \u00XX inside.
//
// Thread safety: every member is callable from any thread; a line is one write(2), so lines
// of several threads (and of the access log in the same file) never interleave.
//
// Written here rather than with spdlog: the sink is ~30 lines (one write(2) under a lock);
// the logfmt quoting, the failure rate limit and the DSN redaction, the parts worth testing,
// spdlog does not provide.

#include <chrono>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::server {

// A log destination, with access_log's rules: "-" stderr, "" nowhere (open() returns null),
// anything else a file path opened for appending (created 0640).
class LogFile {
 public:
  static Result<std::unique_ptr<LogFile>> open(const std::string& where);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // `line` (ending in '\n') in one write(2), looping only on a short write; errors are
  // dropped (a log that cannot be written must not stop the server).
  void write_line(std::string_view line);

 private:
  LogFile(int fd, bool owned) : fd_(fd), owned_(owned) {}
  std::mutex mu_;
  int fd_;
  bool owned_;
};

enum class LogLevel : std::uint8_t { kInfo, kWarn, kError };
std::string_view log_level_name(LogLevel level) noexcept;  // "info", "warn", "error"

// One key=value of a line. Keys are the code's own ([a-z0-9_.]); values any text.
struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) LogField(std::string_view k, T v)
      : key(k), value(std::to_string(v)) {}
  std::string_view key;
  std::string value;
};

// Appends ` key=value`, the value quoted as the header says.
void append_log_field(std::string& out, std::string_view key, std::string_view value);
// "2026-09-23T02:13:19.123Z".
void append_utc_millis(std::string& out, std::chrono::system_clock::time_point t);
// A line without its time: "level=warn event=demo.failed reason=…" (no '\n'). EventLog
// writes it with the time in front; the demo uploader hands such records to its log.
std::string log_record(LogLevel level, std::string_view event,
                       std::initializer_list<LogField> fields);
// The whole line: "time=… " + log_record(…) + '\n'.
std::string log_line(std::chrono::system_clock::time_point t, LogLevel level,
                     std::string_view event, std::initializer_list<LogField> fields);

// A line split back into its key=value pairs, quotes and escapes undone (what a reader of
// the log does: tests, tools). InvalidArgument for a line that is not logfmt.
Result<std::vector<std::pair<std::string, std::string>>> parse_log_line(std::string_view line);

class EventLog {
 public:
  // "-" stderr, "" nowhere, else a file (appended). IoError when the file cannot be opened.
  static Result<std::unique_ptr<EventLog>> open(const std::string& where);
  // Writes nowhere.
  EventLog() = default;
  explicit EventLog(std::unique_ptr<LogFile> file) : file_(std::move(file)) {}

  void info(std::string_view event, std::initializer_list<LogField> fields = {}) {
    write(LogLevel::kInfo, event, fields);
  }
  void warn(std::string_view event, std::initializer_list<LogField> fields = {}) {
    write(LogLevel::kWarn, event, fields);
  }
  void error(std::string_view event, std::initializer_list<LogField> fields = {}) {
    write(LogLevel::kError, event, fields);
  }
  void write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields);
  // A log_record() made elsewhere, written with the time in front.
  void write_record(std::string_view record);

 private:
  std::unique_ptr<LogFile> file_;  // null: nowhere
};

// The log of a background step that may fail again and again (the escalation sweep every
// 5 s while the store is broken): a warn line at the first failure, then at most one per
// `every` while it keeps failing (the failures since the first and the latest reason), and
// one info line when it passes again. `now` is the caller's clock.
//
// Thread safety: one caller thread (the step's own).
class RepeatedFailureLog {
 public:
  // Lines "<event>.failed" and "<event>.recovered".
  RepeatedFailureLog(EventLog& log, std::string event, Seconds every)
      : log_(log), event_(std::move(event)), every_(every) {}
  void failed(Time now, const Status& status);
  void passed(Time now);

 private:
  EventLog& log_;
  std::string event_;
  Seconds every_;
  std::uint64_t failures_ = 0;  // in the current run; 0 while passing
  Time first_{};                // of the current run
  Time last_line_{};
};

}  // namespace mw::server
