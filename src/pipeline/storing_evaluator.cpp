#include "pipeline/storing_evaluator.hpp"

#include <memory>
#include <utility>

#include "base/json.hpp"

namespace mw::pipeline {
namespace {

class StoringEvaluator final : public MineEvaluator {
 public:
  StoringEvaluator(std::string mine, std::unique_ptr<MineEvaluator> inner, StoreSink& sink)
      : mine_(std::move(mine)), inner_(std::move(inner)), sink_(sink) {}

  void on_point_defs(std::span<const PointDef> defs, Time file_time) override {
    sink_.on_point_defs(mine_, defs, file_time);
    inner_->on_point_defs(defs, file_time);
  }
  void on_realtime_file(Time file_time) override { inner_->on_realtime_file(file_time); }
  void on_sample(std::string_view point, const Sample& s) override {
    PointHandles h;
    on_point_sample(h, point, s);
  }
  void on_output_counter(std::string_view point, const Sample& s) override {
    PointHandles h;
    on_point_counter(h, point, s);
  }
  void on_point_sample(PointHandles& h, std::string_view point, const Sample& s) override {
    sink_.on_sample(mine_, point, s, h);
    inner_->on_point_sample(h, point, s);
  }
  void on_point_counter(PointHandles& h, std::string_view point, const Sample& s) override {
    sink_.on_sample(mine_, point, s, h);
    inner_->on_point_counter(h, point, s);
  }
  void on_realtime_file_end(Time file_time) override { inner_->on_realtime_file_end(file_time); }
  void on_areas(std::span<const Area> areas, Time file_time) override {
    sink_.on_areas(mine_, areas);
    inner_->on_areas(areas, file_time);
  }
  void on_people(std::span<const Person> people, Time file_time) override {
    sink_.on_people(mine_, people);
    inner_->on_people(people, file_time);
  }
  void on_presence_snapshot(Time snapshot_time, std::span<const Presence> snap) override {
    sink_.on_presence_snapshot(mine_, snapshot_time, snap);
    inner_->on_presence_snapshot(snapshot_time, snap);
  }
  void on_sos(const Presence& who, Time start, std::optional<Time> end) override {
    inner_->on_sos(who, start, end);
  }
  void advance(Time now) override { inner_->advance(now); }
  std::size_t state_bytes() const override { return inner_->state_bytes(); }
  std::size_t unclassified_points() const override { return inner_->unclassified_points(); }

 private:
  std::string mine_;
  std::unique_ptr<MineEvaluator> inner_;
  StoreSink& sink_;
};

void write_set(JsonWriter& w, const alarms::EvidenceSet& set) {
  w.begin_object();
  w.key("time").time_value(set.time);
  w.key("severity").value(severity_name(set.severity));
  w.key("items").begin_array();
  for (const EvidenceItem& item : set.items) {
    w.begin_object();
    w.key("subject").value(item.subject);
    w.key("time").time_value(item.time);
    w.key("value").value(item.value);
    w.key("note").value(item.note);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

EvaluatorFactory storing_evaluator_factory(EvaluatorFactory inner, StoreSink& sink) {
  return
      [inner = std::move(inner), &sink](const RulePack& pack, const Mine& mine,
                                        FindingSink& findings) -> std::unique_ptr<MineEvaluator> {
        return std::make_unique<StoringEvaluator>(mine.code, inner(pack, mine, findings), sink);
      };
}

std::string episode_evidence_json(const alarms::Episode& episode) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("opened");
  if (episode.evidence.empty()) {
    w.null();
  } else {
    write_set(w, episode.evidence.front());
  }
  w.key("escalations").begin_array();
  for (std::size_t i = 1; i < episode.evidence.size(); ++i) write_set(w, episode.evidence[i]);
  w.end_array();
  w.key("last");
  write_set(w, episode.last);
  w.key("raises").value(std::uint64_t{episode.raises});
  w.key("reopenings").value(std::uint64_t{episode.reopenings});
  w.end_object();
  return out;
}

}  // namespace mw::pipeline
