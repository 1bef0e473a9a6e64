#pragma once
// MineEvaluator: the rules of one mine as the pipeline drives them. The real one
// (rules_evaluator.hpp) wraps one rules::PointRules and one rules::MineRules; tests drive
// the pipeline with a recording fake. Every call is on the mine's shard thread, in event
// time; the catalog has already routed each sample (3001 output counters apart).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "base/time.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "model/sample.hpp"
#include "rules/point_rules.hpp"
#include "rules/rule_pack.hpp"
#include "tsdb/series_index.hpp"

namespace mw::pipeline {

// What the stages after the catalog resolved for one point of one mine, kept in its catalog
// entry so a sample costs one catalog lookup and then indexed accesses (issue 6: the tsdb,
// the mine view and the point rules each looked the code up again). Each stage fills and
// checks only its own field; the catalog (and with it these) lives exactly as long as the
// mine's evaluator, the tsdb ids outlive both, and a rules ref re-resolves after a CDDY.
struct PointHandles {
  static constexpr std::uint32_t kUnset = UINT32_MAX;
  rules::PointRules::PointRef rules;  // the point rules' dense index
  tsdb::SeriesId series = kUnset;     // the durable store's tsdb series
  std::uint32_t latest = kUnset;      // the durable store's slot of the newest sample
};

class MineEvaluator {
 public:
  virtual ~MineEvaluator() = default;
  // Safety monitoring (安全监控).
  virtual void on_point_defs(std::span<const PointDef> defs, Time file_time) = 0;  // CDDY
  virtual void on_realtime_file(Time file_time) = 0;  // a (new) CDSS file, before its samples
  virtual void on_sample(std::string_view point, const Sample& s) = 0;          // HOT
  virtual void on_output_counter(std::string_view point, const Sample& s) = 0;  // 3001
  // The pipeline calls these two with the catalog entry's handles (the hot path); an
  // evaluator that caches nothing keeps the defaults.
  virtual void on_point_sample(PointHandles&, std::string_view point, const Sample& s) {
    on_sample(point, s);
  }
  virtual void on_point_counter(PointHandles&, std::string_view point, const Sample& s) {
    on_output_counter(point, s);
  }
  virtual void on_realtime_file_end(Time file_time) = 0;
  // Personnel location (人员位置).
  virtual void on_areas(std::span<const Area> areas, Time file_time) = 0;      // RYQY
  virtual void on_people(std::span<const Person> people, Time file_time) = 0;  // RYXX
  virtual void on_presence_snapshot(Time snapshot_time, std::span<const Presence> snap) = 0;
  // RYQJ: one SOS record; `end` when the record says it ended.
  virtual void on_sos(const Presence& who, Time start, std::optional<Time> end) = 0;
  // The pipeline clock: fires timers up to `now`.
  virtual void advance(Time now) = 0;
  // Rule state held for this mine (the ≤ 256 B/point and ≤ 64 B/person budgets).
  virtual std::size_t state_bytes() const = 0;
  // Methane points of the latest definitions that matched no location class (rules.md A1).
  virtual std::size_t unclassified_points() const { return 0; }
};

// Builds a mine's evaluator. `pack` and `mine` outlive it; findings go to `sink`.
using EvaluatorFactory = std::function<std::unique_ptr<MineEvaluator>(
    const RulePack& pack, const Mine& mine, FindingSink& sink)>;

}  // namespace mw::pipeline
