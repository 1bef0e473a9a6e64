#include "pipeline/durable_pipeline.hpp"

namespace mw::pipeline {

// Filled in step by step; every call fails cleanly until then.
struct DurablePipeline::Impl {};

namespace {
Status unfinished() { return Status::failed_precondition("DurablePipeline: not implemented yet"); }
}  // namespace

std::string_view ingest_outcome_name(IngestOutcome::Kind kind) noexcept {
  switch (kind) {
    case IngestOutcome::Kind::kApplied: return "applied";
    case IngestOutcome::Kind::kDuplicate: return "duplicate";
    case IngestOutcome::Kind::kStale: return "stale";
    case IngestOutcome::Kind::kQuarantined: return "quarantined";
  }
  return "unknown";
}

Result<std::unique_ptr<DurablePipeline>> DurablePipeline::open(DurableOptions, const RulePack&,
                                                               const netfile::Profile&,
                                                               const Clock&) {
  return unfinished();
}
DurablePipeline::DurablePipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DurablePipeline::~DurablePipeline() = default;
Result<IngestOutcome> DurablePipeline::ingest(std::string_view, std::string_view) {
  return unfinished();
}
void DurablePipeline::advance() {}
Status DurablePipeline::checkpoint() { return unfinished(); }
Status DurablePipeline::close() { return unfinished(); }
std::vector<Mine> DurablePipeline::mines() const { return {}; }
Status DurablePipeline::import_registry(std::vector<Mine>) { return unfinished(); }
std::optional<MineView> DurablePipeline::mine_view(std::string_view) const { return {}; }
Result<tsdb::SpanRange> DurablePipeline::series(std::string_view, std::string_view, Time, Time) {
  return unfinished();
}
std::vector<StoredAlarm> DurablePipeline::alarms(const AlarmQuery&) const { return {}; }
std::optional<StoredAlarm> DurablePipeline::alarm(std::int64_t) const { return {}; }
std::vector<Alarm> DurablePipeline::episodes() const { return {}; }
DurableStats DurablePipeline::stats() const { return {}; }
void DurablePipeline::inspect(const std::function<void(const Pipeline&)>&) const {}

}  // namespace mw::pipeline
