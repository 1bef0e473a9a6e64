#include "sim/writer.hpp"

#include <cmath>

#include "ingest/netfile/profile.hpp"
#include "model/mine_registry.hpp"
#include "sim/mine_sim.hpp"
#include "sim/registry.hpp"

namespace mw::sim {

Status DirSink::write(std::string_view path, std::string_view bytes) {
  // Create each parent directory once ("<root>", "<root>/<mine>").
  std::size_t slash = path.find('/');
  if (!made_.contains(root_)) {
    MW_RETURN_IF_ERROR(env_.create_dir(root_));
    made_.insert(root_);
  }
  while (slash != std::string_view::npos) {
    const std::string dir = root_ + "/" + std::string(path.substr(0, slash));
    if (!made_.contains(dir)) {
      MW_RETURN_IF_ERROR(env_.create_dir(dir));
      made_.insert(dir);
    }
    slash = path.find('/', slash + 1);
  }
  const std::string full = root_ + "/" + std::string(path);
  Result<std::unique_ptr<WritableFile>> f = env_.new_writable_file(full);
  if (!f.ok()) return f.status();
  MW_RETURN_IF_ERROR((*f)->append(bytes));
  return (*f)->close();
}

Result<SimulateStats> simulate(const SimulateOptions& options, FileSink& sink) {
  if (options.mines < 1) return Status::invalid_argument("--mines must be at least 1");
  if (!(options.incident_rate >= 0) || options.incident_rate > 1000) {
    return Status::invalid_argument("--incidents must be between 0 and 1000 per mine-day");
  }
  if (!(options.hours > 0) || options.hours > 24 * 366) {
    return Status::invalid_argument("--hours must be above 0 and at most a year");
  }
  const netfile::Profile* profile = netfile::builtin_profile(options.profile);
  if (profile == nullptr) {
    return Status::invalid_argument("unknown profile '" + options.profile + "'");
  }
  const std::vector<Mine> mines = make_registry(RegistryOptions{options.seed, options.mines});
  SimulateStats stats;
  const std::string csv = format_mine_registry(mines);
  MW_RETURN_IF_ERROR(sink.write("mines.csv", csv));
  ++stats.files;
  stats.bytes += csv.size();
  const Time end =
      options.start + Seconds{static_cast<std::int64_t>(std::llround(options.hours * 3600))};
  std::string truth;
  for (std::size_t i = 0; i < mines.size(); ++i) {
    MineSim sim(mines[i], options.seed, i, options.start, *profile, options.incident_rate);
    MW_RETURN_IF_ERROR(sim.run(end, sink, stats));
    for (const Alarm& a : sim.expected_alarms()) {
      append_alarm_json(truth, a);
      truth += '\n';
    }
  }
  MW_RETURN_IF_ERROR(sink.write("truth.jsonl", truth));
  ++stats.files;
  stats.bytes += truth.size();
  return stats;
}

}  // namespace mw::sim
