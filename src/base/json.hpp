#pragma once
// Minimal JSON output (the CLI's JSON lines, alarms.jsonl). Parsing uses simdjson.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/decimal.hpp"
#include "base/time.hpp"

namespace mw {

// Appends `s` as a JSON string literal, quotes included. Invalid UTF-8 bytes are written
// as U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Builds one JSON object or array incrementally, inserting commas.
// Usage: JsonWriter w(out); w.begin_object(); w.key("a"); w.value(1); w.end_object();
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(std::uint64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(unsigned v) { return value(static_cast<std::uint64_t>(v)); }
  JsonWriter& value(double v);  // shortest round-trip form; NaN/Inf as null
  JsonWriter& value(bool v);
  JsonWriter& value(Decimal d);  // as a JSON number, exactly as the decimal reads
  JsonWriter& time_value(Time t);  // ISO 8601 string with +08:00
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // an already-encoded JSON value

 private:
  void separate();
  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace mw
