#pragma once
// DefinitionCache: the location class and effective thresholds of each methane point (rules.md
// A1), worked out once per definition and gas grade for the mine page. Before (issue 6), every
// mine page ran the location classifier and effective_thresholds for every methane point.
//
// The definitions themselves are the pipeline's (MineState::defs, durable_impl.hpp): the cache
// hands back the caller's pointer and never copies one (a second copy of each definition was
// 0.58 KB a viewed point, bench/mine_page_bench BM_MinePageHeap: ~1.7 GB at 3 M points). An entry
// is keyed by (mine, point) and answers only while the caller's definition is the very object it
// was made for (pointer identity: the pipeline makes a new one for each new or changed definition)
// and the mine's gas grade is the same; the rule pack is fixed for the life of the pipeline. An
// entry refers to its definition weakly, so a definition the pipeline lets go (a new CDDY, an
// import_registry rebuild) is freed at once, and each page of a mine drops the entries of its
// points that are no longer on it.
//
// Thread safety: for_mine() may be called from any thread at once; the Lookup it returns
// holds the cache's lock until it is destroyed (one mine page's points), and must be used by
// that thread only.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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

// `def` as the pipeline shares it. Allocated apart from its reference count: a weak reference
// (DefinitionCache's) to a definition let go then keeps ~32 bytes, not the whole PointDef.
std::shared_ptr<const PointDef> share_definition(PointDef def);

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
    // `def` (not null) with its effective thresholds under the mine's grade: `def` itself,
    // whose thresholds are worked out once while the pipeline keeps it. Only when the grade
    // changed under an unchanged `def` (import_registry has set a new grade and not yet
    // rebuilt the definitions) is the answer a copy of `def`: a definition's address stands
    // for one grade (PointView::def; the server's JSON cache is keyed by it).
    Entry operator()(const std::shared_ptr<const PointDef>& def);

    // Drops the entries of the mine's points this page did not look up.
    ~Lookup();
    Lookup(const Lookup&) = delete;
    Lookup& operator=(const Lookup&) = delete;

   private:
    friend class DefinitionCache;
    struct Slot {
      std::weak_ptr<const PointDef> def;  // identity only: never keeps a definition alive
      std::shared_ptr<const EffectiveThresholds> effective;
      GasGrade grade = GasGrade::kLow;  // the grade `effective` is for
      std::uint32_t page = 0;           // the mine's last page that looked the point up
    };
    struct Points {
      std::unordered_map<std::string, Slot> slots;
      // The last page's slots in its order (the map's nodes do not move): a page asks for its
      // points in the same order each time, so the i-th is found by identity, not by hashing
      // its code (the hash lookup was ~15 % of a page's CPU).
      std::vector<Slot*> order;
      std::uint32_t pages = 0;
    };
    Lookup(std::unique_lock<std::mutex> lock, Points& points, GasGrade grade, const RulePack& pack)
        : lock_(std::move(lock)), points_(points), grade_(grade), pack_(pack) {}
    std::unique_lock<std::mutex> lock_;
    Points& points_;
    GasGrade grade_;
    const RulePack& pack_;
    std::size_t position_ = 0;   // lookups of this page so far
    std::size_t looked_up_ = 0;  // distinct points of this page
  };

  // The points of `mine`, whose gas grade is `grade` now.
  Lookup for_mine(std::string_view mine, GasGrade grade);

  // Entries held for `mine` now (tests).
  std::size_t size(std::string_view mine) const;

 private:
  const RulePack& pack_;
  mutable std::mutex mu_;
  std::map<std::string, Lookup::Points, std::less<>> mines_;
};

}  // namespace mw::pipeline
