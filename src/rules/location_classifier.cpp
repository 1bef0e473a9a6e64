#include "rules/location_classifier.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace mw {
namespace {

// Decodes one UTF-8 sequence at text[pos]; sets len. Malformed bytes decode as themselves
// with len 1 (location text is validated by ingest; here we only must not crash).
char32_t decode_at(std::string_view text, std::size_t pos, std::size_t& len) {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  const auto cont = [&](std::size_t i) -> int {
    if (pos + i >= text.size()) return -1;
    const auto b = static_cast<unsigned char>(text[pos + i]);
    return (b & 0xC0U) == 0x80U ? static_cast<int>(b & 0x3FU) : -1;
  };
  if (b0 < 0x80U) {
    len = 1;
    return b0;
  }
  std::size_t n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    n = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    n = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    n = 4;
    cp = b0 & 0x07U;
  } else {
    len = 1;
    return b0;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const int c = cont(i);
    if (c < 0) {
      len = 1;
      return b0;
    }
    cp = (cp << 6) | static_cast<char32_t>(c);
  }
  len = n;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000U) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

bool is_ascii_punct_or_space(char32_t cp) {
  return cp <= 0x20U || cp == 0x7FU || (cp >= 0x21U && cp <= 0x2FU) ||
         (cp >= 0x3AU && cp <= 0x40U) || (cp >= 0x5BU && cp <= 0x60U) ||
         (cp >= 0x7BU && cp <= 0x7EU);
}

// Unicode punctuation and space blocks mines' text actually carries (、。《》“”—…·).
bool is_wide_punct_or_space(char32_t cp) {
  return cp == 0xA0U || cp == 0xB7U || cp == 0xD7U ||  // nbsp, middle dot, ×
         (cp >= 0x2000U && cp <= 0x206FU) ||           // general punctuation, spaces
         (cp >= 0x3000U && cp <= 0x303FU) ||           // CJK symbols and punctuation
         (cp >= 0xFE10U && cp <= 0xFE1FU) ||           // vertical forms
         (cp >= 0xFE30U && cp <= 0xFE6FU) ||           // CJK compatibility and small forms
         (cp >= 0xFF5FU && cp <= 0xFF65U) ||           // half-width CJK punctuation
         cp == 0xFEFFU;                                // BOM / zero-width no-break space
}

bool contains(std::string_view text, std::string_view word) {
  return text.find(word) != std::string_view::npos;
}

}  // namespace

std::string fold_location_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t len = 1;
    char32_t cp = decode_at(text, pos, len);
    if (len == 1 && cp >= 0x80U) {  // malformed byte: keep it, it can match nothing anyway
      out.push_back(text[pos]);
      pos += len;
      continue;
    }
    pos += len;
    if (cp >= 0xFF01U && cp <= 0xFF5EU) cp -= 0xFEE0U;  // full-width ASCII → ASCII
    if (cp >= U'A' && cp <= U'Z') cp += U'a' - U'A';
    if (is_ascii_punct_or_space(cp) || is_wide_punct_or_space(cp)) continue;
    append_utf8(out, cp);
  }
  return out;
}

LocationClassifier::LocationClassifier(ClassifierConfig config) : config_(std::move(config)) {}

std::string LocationClassifier::normalize(std::string_view location) const {
  const std::string folded = fold_location_text(location);
  const std::string_view in = folded;
  std::string out;
  out.reserve(in.size());
  std::size_t pos = 0;
  while (pos < in.size()) {
    const LocationSynonym* best = nullptr;
    std::size_t best_len = 0;
    for (const LocationSynonym& s : config_.synonyms) {
      for (const std::string& f : s.from) {
        if (f.size() > best_len && in.substr(pos).starts_with(f)) {
          best = &s;
          best_len = f.size();
        }
      }
    }
    if (best != nullptr) {
      out += best->to;
      pos += best_len;
      continue;
    }
    std::size_t len = 1;
    decode_at(in, pos, len);
    out.append(in.substr(pos, len));
    pos += len;
  }
  return out;
}

Classification LocationClassifier::classify(std::string_view point_code,
                                            std::string_view location) const {
  Classification c;
  c.normalized = normalize(location);
  if (const auto it = config_.overrides.find(point_code); it != config_.overrides.end()) {
    c.cls = it->second;
    c.by = Classification::By::kOverride;
    c.rule = "override";
    return c;
  }
  const std::string_view text = c.normalized;
  for (const LocationRule& r : config_.rules) {
    const auto hit = std::find_if(r.any.begin(), r.any.end(),
                                  [&](const std::string& k) { return contains(text, k); });
    if (!r.any.empty() && hit == r.any.end()) continue;
    if (!std::all_of(r.all.begin(), r.all.end(),
                     [&](const std::string& k) { return contains(text, k); })) {
      continue;
    }
    if (std::any_of(r.none.begin(), r.none.end(),
                    [&](const std::string& k) { return contains(text, k); })) {
      continue;
    }
    c.cls = r.cls;
    c.by = Classification::By::kRule;
    c.rule = r.id;
    c.keyword = hit != r.any.end() ? *hit : (r.all.empty() ? std::string{} : r.all.front());
    return c;
  }
  return c;
}

void LocationClassifier::set_override(std::string point_code, LocationClass cls) {
  config_.overrides.insert_or_assign(std::move(point_code), cls);
}

}  // namespace mw
