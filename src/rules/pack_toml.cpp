#include "rules/pack_toml.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "model/mine.hpp"

namespace mw::pack_toml {

Where Where::child(std::string_view k) const { return Where{origin, key(k)}; }

std::string Where::key(std::string_view k) const {
  return path.empty() ? std::string(k) : path + "." + std::string(k);
}

Status Where::error(int line, std::string_view what) const {
  std::string m = "rule pack " + std::string(origin) + ": ";
  if (line > 0) m += "line " + std::to_string(line) + ": ";
  return Status::invalid_argument(m + std::string(what));
}

int line_of(const toml::node& n) noexcept { return static_cast<int>(n.source().begin.line); }

namespace {

thread_local std::string_view raw_text;  // the document being parsed (RawText)

// The number token at `pos` (1-based line; column in code points) of raw_text, or "".
std::string_view raw_token(const toml::source_position& pos) {
  std::string_view rest = raw_text;
  for (std::uint32_t line = 1; line < pos.line; ++line) {
    const std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return {};
    rest.remove_prefix(nl + 1);
  }
  const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::size_t i = 0;
  for (std::uint32_t col = 1; col < pos.column && i < rest.size(); ++col) {
    ++i;  // one code point: its lead byte and continuation bytes
    while (i < rest.size() && continuation(rest[i])) ++i;
  }
  std::size_t end = i;
  while (end < rest.size() &&
         std::string_view("+-0123456789.").find(rest[end]) != std::string_view::npos) {
    ++end;
  }
  return rest.substr(i, end - i);
}

bool holds_number(const toml::node& n) {
  if (n.is_number()) return true;
  if (const toml::array* a = n.as_array()) {
    return std::any_of(a->begin(), a->end(), [](const toml::node& e) { return holds_number(e); });
  }
  return false;
}

bool has_source(const toml::table& t) {
  const auto s = t["source"].value<std::string>();
  return s && s->find_first_not_of(" \t") != std::string::npos;
}

Status walk(const toml::node& n, const Where& w) {
  if (const toml::table* t = n.as_table()) {
    for (auto&& [k, v] : *t) {
      const Where here = w.child(k.str());
      if (holds_number(v) && (k.str() != "value" || !has_source(*t))) {
        return here.error(line_of(v), here.path + ": a number needs a source; write " +
                                          std::string(k.str()) +
                                          " = { value = …, source = \"…\" }");
      }
      if (k.str() == "value" && !has_source(*t)) {
        return here.error(line_of(v), here.path + " has no source");
      }
      MW_RETURN_IF_ERROR(walk(v, here));
    }
  } else if (const toml::array* a = n.as_array()) {
    for (const toml::node& e : *a) MW_RETURN_IF_ERROR(walk(e, w));
  }
  return {};
}

}  // namespace

RawText::RawText(std::string_view text) noexcept : previous_(raw_text) { raw_text = text; }
RawText::~RawText() { raw_text = previous_; }

namespace {

// A number as a Decimal: as written in the document under a RawText ("1.0" → "1.0"), else
// with the fewest places that represent it (1.2 → "1.2", 24 → "24").
std::optional<Decimal> to_decimal(const toml::node& n) {
  if (const auto i = n.value_exact<std::int64_t>()) return Decimal{*i, 0};
  const auto d = n.value_exact<double>();
  if (!d || !std::isfinite(*d)) return std::nullopt;
  if (!raw_text.empty()) {
    // As written, when the text there is this very number.
    const auto written = parse_decimal(raw_token(n.source().begin));
    if (written && std::fabs(written->to_double() - *d) < 1e-12) return written;
  }
  for (std::uint8_t scale = 0; scale <= 6; ++scale) {
    const Decimal c = decimal_from_double(*d, scale);
    if (std::fabs(c.to_double() - *d) < 1e-9) return c;
  }
  return std::nullopt;
}

// The {value, source, status, note} table of `key`; fills everything but the value.
template <class T>
Result<const toml::node*> sourced_node(const toml::table& t, std::string_view key, const Where& w,
                                       Sourced<T>& out) {
  const toml::node* n = t.get(key);
  const Where here = w.child(key);
  if (n == nullptr) return w.error(line_of(t), "missing " + here.path);
  const toml::table* st = n->as_table();
  if (st == nullptr) {
    return w.error(line_of(*n), here.path + ": write { value = …, source = \"…\" }");
  }
  MW_RETURN_IF_ERROR(check_keys(*st, here, {"value", "source", "status", "note"}));
  const toml::node* v = st->get("value");
  if (v == nullptr) return w.error(line_of(*n), here.path + " has no value");
  const auto source = (*st)["source"].value<std::string>();
  if (!source || source->find_first_not_of(" \t") == std::string::npos) {
    return w.error(line_of(*n), here.path + " has no source");
  }
  out.source = *source;
  out.line = line_of(*v);
  if (const toml::node* s = st->get("status")) {
    const auto status = s->value<std::string>();
    if (!status || (*status != "V" && *status != "I")) {
      return w.error(line_of(*s), here.path + ".status must be \"V\" or \"I\"");
    }
    out.inferred = *status == "I";
  }
  return v;
}

}  // namespace

Status check_numbers_sourced(const toml::table& root, std::string_view origin) {
  return walk(root, Where{origin, ""});
}

Status check_keys(const toml::table& t, const Where& w,
                  std::initializer_list<std::string_view> allowed) {
  for (auto&& [k, v] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
      const int line = static_cast<int>(k.source().begin.line);
      return w.error(line > 0 ? line : line_of(v), "unknown key '" + w.key(k.str()) + "'");
    }
  }
  return {};
}

Result<const toml::table*> table(const toml::table& t, std::string_view key, const Where& w) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return w.error(line_of(t), "missing [" + w.key(key) + "]");
  const toml::table* out = n->as_table();
  if (out == nullptr) return w.error(line_of(*n), w.key(key) + " must be a table");
  return out;
}

Result<std::string> string(const toml::table& t, std::string_view key, const Where& w,
                           bool required) {
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (required) return w.error(line_of(t), "missing " + w.key(key));
    return std::string{};
  }
  const auto s = n->value<std::string>();
  if (!s) return w.error(line_of(*n), w.key(key) + " must be a string");
  if (required && s->empty()) return w.error(line_of(*n), w.key(key) + " must not be empty");
  return *s;
}

Result<std::vector<std::string>> string_list(const toml::table& t, std::string_view key,
                                             const Where& w, bool required) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (required) return w.error(line_of(t), "missing " + w.key(key));
    return out;
  }
  if (const auto s = n->value<std::string>()) {  // a single string is a list of one
    out.push_back(*s);
    return out;
  }
  const toml::array* a = n->as_array();
  if (a == nullptr) return w.error(line_of(*n), w.key(key) + " must be a list of strings");
  for (const toml::node& e : *a) {
    const auto s = e.value<std::string>();
    if (!s) return w.error(line_of(e), w.key(key) + " must hold only strings");
    out.push_back(*s);
  }
  return out;
}

Result<Sourced<Decimal>> sourced_decimal(const toml::table& t, std::string_view key,
                                         const Where& w) {
  Sourced<Decimal> out;
  auto v = sourced_node(t, key, w, out);
  if (!v.ok()) return v.status();
  const auto d = to_decimal(**v);
  if (!d || d->mantissa <= 0) {
    return w.error(out.line, w.key(key) + ".value must be a positive number");
  }
  out.value = *d;
  return out;
}

Result<Sourced<std::int64_t>> sourced_count(const toml::table& t, std::string_view key,
                                            const Where& w) {
  Sourced<std::int64_t> out;
  auto v = sourced_node(t, key, w, out);
  if (!v.ok()) return v.status();
  const auto i = (*v)->value_exact<std::int64_t>();
  if (!i || *i <= 0) return w.error(out.line, w.key(key) + ".value must be a positive integer");
  out.value = *i;
  return out;
}

Result<Sourced<Seconds>> sourced_duration(const toml::table& t, std::string_view key,
                                          std::int64_t unit_seconds, const Where& w) {
  Sourced<Seconds> out;
  auto v = sourced_node(t, key, w, out);
  if (!v.ok()) return v.status();
  const auto i = (*v)->value_exact<std::int64_t>();
  // Ten years in any unit is far beyond every window a rule needs.
  constexpr std::int64_t kMaxSeconds = 10LL * 366 * 24 * 3600;
  if (!i || *i <= 0 || *i > kMaxSeconds / unit_seconds) {
    return w.error(out.line, w.key(key) + ".value must be a positive whole number");
  }
  out.value = Seconds{*i * unit_seconds};
  return out;
}

Result<Sourced<std::vector<int>>> sourced_shifts(const toml::table& t, std::string_view key,
                                                 const Where& w) {
  Sourced<std::vector<int>> out;
  auto v = sourced_node(t, key, w, out);
  if (!v.ok()) return v.status();
  const toml::array* a = (*v)->as_array();
  if (a == nullptr || a->empty()) {
    return w.error(out.line, w.key(key) + ".value must be a list of \"HH:MM\" times");
  }
  for (const toml::node& e : *a) {
    const auto s = e.value<std::string>();
    const auto m = s ? parse_shift_start(*s) : std::nullopt;
    if (!m) return w.error(line_of(e), w.key(key) + ": shift starts are \"HH:MM\"");
    if (!out.value.empty() && *m <= out.value.back()) {
      return w.error(line_of(e), w.key(key) + ": shift starts must ascend");
    }
    out.value.push_back(*m);
  }
  return out;
}

}  // namespace mw::pack_toml
