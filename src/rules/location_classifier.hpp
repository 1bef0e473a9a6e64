#pragma once
// LocationClassifier: 安装位置 free text → methane location class (rules.md A1).
//
// Data-driven: the synonyms and the ordered keyword rules come from the rule pack
// ([classifier] in rules/coal.toml, documented in docs/rules.md); code only normalises.
//  1. normalise: full-width ASCII → half-width, ASCII lower case, drop spaces and
//     punctuation, then rewrite synonyms (顺槽 → 巷, 综采工作面 → 工作面, 迎头 → 掘进工作面 …)
//     in one left-to-right pass, longest match first, so rewritten text is never rewritten;
//  2. a per-point override (point code → class) wins over the text;
//  3. otherwise the first rule, in pack order, whose keywords match: at least one of `any`
//     (when given), every one of `all`, none of `none`. A rule may map to `unclassified`
//     to keep known non-methane places (pipelines, chambers) out of the classes.
// Nothing matched → kUnclassified, which the caller reports (never drops).
//
// Thread safety: const methods may be called concurrently; set_override is not thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/location_class.hpp"

namespace mw {

// Texts that mean the same place; every `from` is rewritten to `to` during normalisation.
struct LocationSynonym {
  std::vector<std::string> from;
  std::string to;
};

// One keyword rule. Keywords are stored normalised (the pack loader normalises them).
struct LocationRule {
  std::string id;  // unique within the pack, e.g. "corner"
  LocationClass cls = LocationClass::kUnclassified;
  std::vector<std::string> any;   // at least one must occur (ignored when empty)
  std::vector<std::string> all;   // every one must occur
  std::vector<std::string> none;  // none may occur
};

struct ClassifierConfig {
  std::vector<LocationSynonym> synonyms;
  std::vector<LocationRule> rules;                              // first match wins
  std::map<std::string, LocationClass, std::less<>> overrides;  // point code → class
};

// What the classifier decided and why (evidence for alarms and the unclassified report).
struct Classification {
  enum class By : unsigned char { kOverride, kRule, kNothing };
  LocationClass cls = LocationClass::kUnclassified;
  By by = By::kNothing;
  std::string rule;        // rule id; "override" for an override; empty when nothing matched
  std::string keyword;     // the `any` keyword that matched (first of `all` when no `any`)
  std::string normalized;  // the normalised location text the rules saw

  // True when the point ended up without a class (matched nothing, or a rule said so).
  bool unclassified() const noexcept { return cls == LocationClass::kUnclassified; }
};

// Width folding, lower case and punctuation/space removal only (step 1 without synonyms).
std::string fold_location_text(std::string_view text);

class LocationClassifier {
 public:
  LocationClassifier() = default;
  explicit LocationClassifier(ClassifierConfig config);

  // Step 1: fold_location_text, then the synonyms.
  std::string normalize(std::string_view location) const;
  Classification classify(std::string_view point_code, std::string_view location) const;

  // Adds or replaces an override (e.g. from a mine's configuration).
  void set_override(std::string point_code, LocationClass cls);
  const ClassifierConfig& config() const noexcept { return config_; }

 private:
  ClassifierConfig config_;
};

}  // namespace mw
