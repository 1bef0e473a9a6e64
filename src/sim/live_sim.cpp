#include "sim/live_sim.hpp"

#include <cmath>

#include "ingest/netfile/profile.hpp"
#include "model/mine_registry.hpp"
#include "sim/mine_sim.hpp"
#include "sim/registry.hpp"

namespace mw::sim {

Result<std::unique_ptr<LiveSimulation>> LiveSimulation::create(const SimulateOptions& options) {
  if (options.mines < 1) return Status::invalid_argument("--mines must be at least 1");
  if (!(options.incident_rate >= 0) || options.incident_rate > 1000) {
    return Status::invalid_argument("--incidents must be between 0 and 1000 per mine-day");
  }
  // A day of at least a minute: each day starts with every mine's definitions.
  if (!(options.hours >= 1.0 / 60) || options.hours > 24 * 366) {
    return Status::invalid_argument("--hours must be at least a minute and at most a year");
  }
  if (netfile::builtin_profile(options.profile) == nullptr) {
    return Status::invalid_argument("unknown profile '" + options.profile + "'");
  }
  return std::unique_ptr<LiveSimulation>(new LiveSimulation(options));
}

LiveSimulation::LiveSimulation(const SimulateOptions& options)
    : options_(options),
      day_(Seconds{static_cast<std::int64_t>(std::llround(options.hours * 3600))}),
      mines_(make_registry(RegistryOptions{options.seed, options.mines})),
      day_start_(options.start),
      day_end_(options.start + day_) {}

LiveSimulation::~LiveSimulation() = default;

std::string LiveSimulation::registry_csv() const { return format_mine_registry(mines_); }

Status LiveSimulation::start_day(FileSink& sink) {
  const netfile::Profile& profile = *netfile::builtin_profile(options_.profile);
  sims_.clear();  // the previous day's state goes before the next is built
  for (std::size_t i = 0; i < mines_.size(); ++i) {
    auto sim = std::make_unique<MineSim>(mines_[i], options_.seed, i, day_start_, profile,
                                         options_.incident_rate);
    MW_RETURN_IF_ERROR(sim->begin(day_end_, sink, stats_));
    sims_.push_back(std::move(sim));
  }
  started_ = true;
  return Status::ok_status();
}

Status LiveSimulation::advance(Time until, FileSink& sink) {
  while (true) {
    if (!started_) {
      if (until <= day_start_) return Status::ok_status();
      MW_RETURN_IF_ERROR(start_day(sink));
    }
    for (auto& sim : sims_) MW_RETURN_IF_ERROR(sim->advance(until, sink, stats_));
    if (until < day_end_) return Status::ok_status();
    // The day is written: the next one begins where it ended.
    for (auto& sim : sims_) sim->finish();
    day_start_ = day_end_;
    day_end_ = day_start_ + day_;
    started_ = false;
  }
}

LiveSource live_source(std::shared_ptr<LiveSimulation> sim) {
  return [sim = std::move(sim)](Time until, const CallbackSink::Fn& fn) {
    CallbackSink sink(fn);
    return sim->advance(until, sink);
  };
}

}  // namespace mw::sim
