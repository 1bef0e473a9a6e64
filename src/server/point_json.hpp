#pragma once
// The points of a mine page as JSON (docs/api.md, GET /api/v1/mines/{mine}: "points"). A
// point's definition part ("code" through "effective") changes only with its definition or
// the mine's gas grade, and is most of a page's bytes and of its CPU (issue 6: JSON writing
// was ~40 % of the handler once the thresholds were cached); PointJsonCache keeps it
// rendered per definition, so a page renders only each point's newest sample.
//
// Thread safety: PointJsonCache may be used from any thread at once (one mutex, held to look
// a page's points up, never while writing the page).

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/json.hpp"
#include "pipeline/durable_pipeline.hpp"

namespace mw::server {

// `"key":value`, or `"key":null` when empty (the mine page's optional numbers).
void write_opt_decimal(JsonWriter& w, std::string_view key, const std::optional<Decimal>& d);

// One point, rendered whole: what PointJsonCache::write_points writes for it, byte for byte.
void write_point(JsonWriter& w, const pipeline::PointView& p);

class PointJsonCache {
 public:
  // At most this many definitions rendered: a national node (~600k points) whose every page
  // was viewed would otherwise keep ~0.3 KB for each; past it the cache starts again.
  static constexpr std::size_t kMaxEntries = 200'000;

  // Writes `points` as elements of the JSON array open in `w`.
  void write_points(JsonWriter& w, std::span<const pipeline::PointView> points);
  std::size_t size() const;  // definitions rendered now (tests)

 private:
  // Keyed by the definition's address: the pipeline makes a new PointDef (and `effective`)
  // for each new definition or gas grade and never changes one, and the entry holds it, so
  // the address cannot be reused for another while it is cached.
  struct Entry {
    std::shared_ptr<const PointDef> def;
    std::shared_ptr<const std::string> json;
  };
  void sweep();  // under mu_: drops definitions nobody else holds any more

  mutable std::mutex mu_;
  std::unordered_map<const PointDef*, Entry> entries_;
  std::size_t sweep_at_ = 1024;
};

}  // namespace mw::server
