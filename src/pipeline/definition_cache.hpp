#pragma once
// DefinitionCache: each point's definition as the API reads it, shared instead of copied
// into every mine page, with the location class and effective thresholds of a methane point
// (rules.md A1) worked out once per definition and gas grade. Before (issue 6), every mine
// page copied each definition and ran the location classifier and effective_thresholds for
// every methane point. An entry is keyed by (mine, point) and answers only while the
// definition and the mine's gas grade are the ones it was made for, so a new CDDY or a
// registry import with another grade makes a new one; the rule pack is fixed for the life of
// the pipeline.
//
// Thread safety: for_mine() may be called from any thread at once; the Lookup it returns
// holds the cache's lock until it is destroyed (one mine page's points), and must be used by
// that thread only.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/mine.hpp"
#include "model/point.hpp"
#include "rules/rule_pack.hpp"
#include "rules/thresholds.hpp"

namespace mw::pipeline {

// A methane point's class and effective thresholds in a mine of `grade`, worked out as the
// mine page always did (the pack's location classifier on code and 安装位置, then
// effective_thresholds); nullopt for any other point.
std::optional<EffectiveThresholds> point_effective_thresholds(const PointDef& def, GasGrade grade,
                                                              const RulePack& pack);

class DefinitionCache {
 public:
  struct Entry {
    std::shared_ptr<const PointDef> def;
    std::shared_ptr<const EffectiveThresholds> effective;  // null unless a methane point
  };

  // `pack` outlives the cache.
  explicit DefinitionCache(const RulePack& pack) : pack_(pack) {}

  class Lookup {
   public:
    // `def`'s entry: the cached one while it is for an equal definition and the same grade.
    const Entry& operator()(const PointDef& def);

   private:
    friend class DefinitionCache;
    struct Slot {
      Entry entry;
      GasGrade grade = GasGrade::kLow;
    };
    using Points = std::unordered_map<std::string, Slot>;
    Lookup(std::unique_lock<std::mutex> lock, Points& points, GasGrade grade, const RulePack& pack)
        : lock_(std::move(lock)), points_(points), grade_(grade), pack_(pack) {}
    std::unique_lock<std::mutex> lock_;
    Points& points_;
    GasGrade grade_;
    const RulePack& pack_;
  };

  // The points of `mine`, whose gas grade is `grade` now.
  Lookup for_mine(std::string_view mine, GasGrade grade);

 private:
  const RulePack& pack_;
  std::mutex mu_;
  std::unordered_map<std::string, Lookup::Points> mines_;
};

}  // namespace mw::pipeline
