#pragma once
// The tee between the pipeline and the stores: an EvaluatorFactory that wraps each mine's
// evaluator so the durable pipeline sees every point definition, sample, area list, people
// list and presence snapshot the pipeline applies — already routed and already filtered (a
// stale sample never reaches it) — without a change to pipeline.cpp. Every call happens on
// the mine's shard thread, before the wrapped evaluator sees the same call.

#include <span>
#include <string>
#include <string_view>

#include "alarms/episode.hpp"
#include "pipeline/evaluator.hpp"

namespace mw::pipeline {

class StoreSink {
 public:
  virtual ~StoreSink() = default;
  virtual void on_point_defs(std::string_view mine, std::span<const PointDef> defs, Time t) = 0;
  // `h`: the point's catalog handles; the sink keeps its own fields of them (series, latest).
  virtual void on_sample(std::string_view mine, std::string_view point, const Sample& s,
                         PointHandles& h) = 0;
  virtual void on_areas(std::string_view mine, std::span<const Area> areas) = 0;
  virtual void on_people(std::string_view mine, std::span<const Person> people) = 0;
  virtual void on_presence_snapshot(std::string_view mine, Time t,
                                    std::span<const Presence> snapshot) = 0;
};

// `inner` builds the real evaluator; `sink` outlives every evaluator built.
EvaluatorFactory storing_evaluator_factory(EvaluatorFactory inner, StoreSink& sink);

// The evidence of an episode as stored with it (AlarmRepo's evidence_json):
// {"opened":{…},"escalations":[…],"last":{…},"raises":n,"reopenings":n}, each set
// {"time","severity","items":[{"subject","time","value","note"}]}.
std::string episode_evidence_json(const alarms::Episode& episode);

}  // namespace mw::pipeline
