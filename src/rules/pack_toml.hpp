#pragma once
// Helpers for reading rule pack TOML: messages that name key and line, strict key sets, and
// numbers that must carry a source (internal to the rules module).

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/status.hpp"
#include "base/time.hpp"
#include "rules/rule_pack.hpp"

namespace mw::pack_toml {

// Where we are in the document: origin (file) and dotted path ("sensor.flatline").
struct Where {
  std::string_view origin;
  std::string path;

  Where child(std::string_view key) const;
  std::string key(std::string_view k) const;  // "path.k"
  Status error(int line, std::string_view what) const;
};

int line_of(const toml::node& n) noexcept;

// While alive, numbers are read from the document's own text, so a value keeps the decimals
// it was written with ("1.0" stays "1.0" in messages; toml++ hands over only a double).
// One per parse, on the parsing thread; without one, the fewest places are used.
class RawText {
 public:
  explicit RawText(std::string_view text) noexcept;
  ~RawText();
  RawText(const RawText&) = delete;
  RawText& operator=(const RawText&) = delete;

 private:
  std::string_view previous_;
};

// Every number in the document must be the `value` of a table that also holds a non-empty
// `source` string; the first offender is reported with its line.
Status check_numbers_sourced(const toml::table& root, std::string_view origin);

// Fails naming the first key of `t` that is not in `allowed`, with its line.
Status check_keys(const toml::table& t, const Where& w,
                  std::initializer_list<std::string_view> allowed);

// The sub-table `key` of `t`; nullptr with an error when absent or not a table.
Result<const toml::table*> table(const toml::table& t, std::string_view key, const Where& w);

Result<std::string> string(const toml::table& t, std::string_view key, const Where& w,
                           bool required);
Result<std::vector<std::string>> string_list(const toml::table& t, std::string_view key,
                                             const Where& w, bool required);

// `key = { value = <number>, source = "…", status = "V"|"I", note = "…" }`; the value must be
// > 0 (every threshold, window and count in a pack is positive).
Result<Sourced<Decimal>> sourced_decimal(const toml::table& t, std::string_view key,
                                         const Where& w);
Result<Sourced<std::int64_t>> sourced_count(const toml::table& t, std::string_view key,
                                            const Where& w);
// A duration written in `unit_seconds` units (the key says which: `_s`, `_min`, `_h`).
Result<Sourced<Seconds>> sourced_duration(const toml::table& t, std::string_view key,
                                          std::int64_t unit_seconds, const Where& w);
// `key = { value = ["00:00", …], source = "…" }` → minutes after midnight, ascending.
Result<Sourced<std::vector<int>>> sourced_shifts(const toml::table& t, std::string_view key,
                                                 const Where& w);

}  // namespace mw::pack_toml
