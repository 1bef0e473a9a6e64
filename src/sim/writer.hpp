#pragma once
// Walks simulated time and writes every mine's networking files exactly as a central station
// writes them (netfile.md): CDDY/FZDY/RYQY/RYJZ/RYXX at the start, CDSS every 10–30 s (the
// mine's own poll period, with upload jitter), TJSJ every 5 min (statistics of the CDSS
// samples of the 5-min window), RYSS, FZSS and JZSS every 5 min. Files go through the
// project's encoder, named `<mine>_<TYPE>_<yyyyMMddHHmmss>.txt`, under `<mine>/`.
//
// Deterministic: the same options give the same bytes. Mines are independent (one random
// stream each), so a mine's files do not depend on how many other mines are simulated.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "base/env.hpp"
#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::sim {

// Where files go. Paths are relative: "mines.csv", "<mine>/<file name>".
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual Status write(std::string_view path, std::string_view bytes) = 0;
};

// Writes under a directory through an Env, creating sub-directories as needed.
class DirSink final : public FileSink {
 public:
  DirSink(Env& env, std::string root) : env_(env), root_(std::move(root)) {}
  Status write(std::string_view path, std::string_view bytes) override;

 private:
  Env& env_;
  std::string root_;
  std::set<std::string, std::less<>> made_;  // directories known to exist
};

struct SimulateOptions {
  int mines = 10;
  double hours = 24;
  std::uint64_t seed = 1;
  // Default start: 2026-09-23 00:00:00 China time, so a run without --start is reproducible.
  Time start = Time{Seconds{1790092800}};
  std::string profile = "national";
  // contracts.md --incidents: about this many sensor incidents (incidents.hpp, near-misses
  // included) per producing mine-day, plus half as many personnel incidents
  // (crew_incidents.hpp); closed mines work a night on a quarter of the days; a misconfigured
  // sensor on rate/20 of the producing mines. 0 writes compliant mines only.
  double incident_rate = 0;
};

struct SimulateStats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t samples = 0;   // CDSS records
  std::uint64_t presence = 0;  // RYSS records
};

// Writes mines.csv, every mine's files and truth.jsonl (one alarm line per expected alarm,
// rules.md part B format, `end` null) into `sink`. Fails on an unknown profile, bad
// options, or the first write or encode error (naming the file).
Result<SimulateStats> simulate(const SimulateOptions& options, FileSink& sink);

}  // namespace mw::sim
