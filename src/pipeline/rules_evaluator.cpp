#include "pipeline/rules_evaluator.hpp"

#include "rules/fabrication_rules.hpp"
#include "rules/mine_rules.hpp"
#include "rules/point_rules.hpp"

namespace mw::pipeline {
namespace {

class RulesEvaluator final : public MineEvaluator {
 public:
  RulesEvaluator(const RulePack& pack, const Mine& mine, FindingSink& sink)
      : point_(pack, mine, sink), mine_(pack, mine, sink), fabrication_(pack, mine, point_, sink) {}

  void on_point_defs(std::span<const PointDef> defs, Time file_time) override {
    point_.on_point_defs(defs, file_time);
    fabrication_.on_point_defs();  // keyed by point_'s dense index, which changed
  }
  void on_realtime_file(Time file_time) override {
    mine_.on_realtime_file(file_time);
    fabrication_.on_realtime_file(file_time);
    sync_gap(file_time);  // a file ends a gap before its samples are judged
  }
  void on_sample(std::string_view point, const Sample& s) override {
    fabrication_.on_sample(point_.on_sample(point, s), s);
  }
  void on_point_sample(PointHandles& h, std::string_view point, const Sample& s) override {
    fabrication_.on_sample(point_.on_sample(h.rules, point, s), s);
  }
  void on_output_counter(std::string_view point, const Sample& s) override {
    mine_.on_output_counter(point, s);
  }
  void on_realtime_file_end(Time file_time) override {
    point_.on_realtime_file_end(file_time);
    fabrication_.on_realtime_file_end(file_time);
  }
  void on_areas(std::span<const Area> areas, Time file_time) override {
    mine_.on_areas(areas, file_time);
  }
  void on_people(std::span<const Person> people, Time file_time) override {
    mine_.on_people(people, file_time);
  }
  void on_presence_snapshot(Time t, std::span<const Presence> snapshot) override {
    mine_.on_presence_snapshot(t, snapshot);
    fabrication_.on_presence_snapshot(t, snapshot);
    point_.set_people_underground(mine_.people_underground(), t);
  }
  void on_sos(const Presence& who, Time start, std::optional<Time> end) override {
    mine_.on_sos(who, start, end);
  }
  void advance(Time now) override {
    mine_.advance(now);  // first: it decides whether the mine is in an upload gap
    sync_gap(now);
    point_.advance(now);
    fabrication_.advance(now);
  }
  std::size_t unclassified_points() const override { return point_.unclassified_count(); }
  std::size_t state_bytes() const override {
    return point_.state_bytes() + mine_.state_bytes() + fabrication_.state_bytes();
  }

 private:
  // `t`: the file that may end a gap, or the clock that noticed one; a gap is reported to the
  // point rules from its start (the last file + the gap time), not from when it was noticed.
  void sync_gap(Time t) {
    const bool gap = mine_.in_upload_gap();
    if (gap == in_gap_) return;
    in_gap_ = gap;
    point_.set_upload_gap(gap, gap ? mine_.upload_gap_start() : t);
  }

  rules::PointRules point_;
  rules::MineRules mine_;
  rules::FabricationRules fabrication_;  // data.suspected_fabrication
  bool in_gap_ = false;
};

}  // namespace

std::unique_ptr<MineEvaluator> make_rules_evaluator(const RulePack& pack, const Mine& mine,
                                                    FindingSink& sink) {
  return std::make_unique<RulesEvaluator>(pack, mine, sink);
}

EvaluatorFactory rules_evaluator_factory() {
  return [](const RulePack& pack, const Mine& mine, FindingSink& sink) {
    return make_rules_evaluator(pack, mine, sink);
  };
}

}  // namespace mw::pipeline
