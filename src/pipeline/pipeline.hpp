#pragma once
// Pipeline: the one path networking files take (architecture.md §1, §3): decode with the
// profile → catalog update → the mine's rules → alarm episodes. `replay` drives it from a
// directory, `serve` will drive it from uploads; only the source and the clock differ.
//
// Mines are sharded by a stable hash of the mine code; a shard owns its mines' catalogs,
// rule state and episode tracker, so nothing is shared between shards. This version runs
// every shard on the caller's thread (deterministic, what replay needs); the output does not
// depend on the shard count. Thread safety: none — one caller at a time.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alarms/episode_tracker.hpp"
#include "base/clock.hpp"
#include "ingest/netfile/decoder.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "pipeline/catalog.hpp"
#include "pipeline/evaluator.hpp"
#include "rules/rule_pack.hpp"

namespace mw::pipeline {

struct PipelineStats {
  std::uint64_t files_read = 0;         // every file handed to ingest()
  std::uint64_t files_quarantined = 0;  // of which rejected (see FileResult::reason)
  std::uint64_t files_stale = 0;        // older than what was applied: only new data used
  std::uint64_t records = 0;            // records decoded from accepted files
  std::uint64_t records_skipped = 0;    // bad records the decoder skipped in accepted files
  std::uint64_t samples = 0;            // CDSS samples applied to the rules
  std::uint64_t samples_not_new = 0;    // CDSS samples not newer than their point's last one
  // Methane points of the latest CDDY of each mine that matched no location class (rules.md
  // A1: they keep the mine's own thresholds and are reported, never dropped).
  std::uint64_t unclassified_points = 0;
};

// The replay clock (docs/replay.md "The clock"): the newest file time that at least two
// mines have reached, or the one mine's newest while only one has sent files. A single mine
// cannot pull it ahead, so a mine whose file names are far in the future (a wrong clock at
// its central station) does not put every other mine in mine.upload_gap. Monotonic.
class QuorumClock {
 public:
  // A file of `mine` named with time `t`.
  void observe(std::string_view mine, Time t);
  bool started() const noexcept { return started_; }
  Time now() const noexcept { return two_ ? second_ : top_; }

 private:
  std::string top_mine_;  // the mine with the newest time
  Time top_ = Time::min();
  Time second_ = Time::min();  // the newest time of any other mine
  bool started_ = false;
  bool two_ = false;
};

struct FileResult {
  enum class Outcome : std::uint8_t { kApplied, kStale, kQuarantined };
  Outcome outcome = Outcome::kApplied;
  std::string reason;  // kQuarantined: why, for a person (decoder's reason, unknown mine)
  std::string mine;
  Time file_time{};  // the time in the file name
  std::size_t records = 0;
  std::size_t samples = 0;  // applied
};

class Pipeline {
 public:
  struct Options {
    std::size_t shards = 1;
    alarms::AlarmSink* alarm_sink = nullptr;  // lifecycle events; may be null
  };

  // `pack`, `profile` and `clock` outlive the pipeline. Files of mines not in `registry` are
  // quarantined.
  Pipeline(std::vector<Mine> registry, const RulePack& pack, const netfile::Profile& profile,
           const Clock& clock, EvaluatorFactory factory, Options options);
  Pipeline(std::vector<Mine> registry, const RulePack& pack, const netfile::Profile& profile,
           const Clock& clock, EvaluatorFactory factory)
      : Pipeline(std::move(registry), pack, profile, clock, std::move(factory), Options{}) {}
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Decodes one networking file (base name or path; the base name must follow netfile.md
  // §1) and applies what is new in it. Never throws on bad input.
  FileResult ingest(std::string_view file_name, std::string_view bytes);
  // The same for a file the caller has already decoded with this pipeline's profile (the
  // durable path decodes, journals, then applies; `file` views bytes the caller keeps).
  FileResult ingest_decoded(const netfile::DecodedFile& file);
  // Moves every mine's rules and every tracker to the clock's now (timers, flap closes).
  void advance();
  // The same to `now` (replay's QuorumClock; the Clock then serves the decoder only).
  void advance_to(Time now);

  // Every episode of every shard, in (start, mine, kind name, subject) order.
  std::vector<Alarm> alarms() const;
  const PipelineStats& stats() const noexcept { return stats_; }
  // The catalog of a mine that has sent a file, or null.
  const MineCatalog* catalog(std::string_view mine) const;
  // Rule state bytes over all mines (the ≤ 256 B/point, ≤ 64 B/person budgets).
  std::size_t rule_state_bytes() const;
  // Points known to the catalogs (defined or seen in CDSS) and people of the RYXX lists.
  std::size_t point_count() const;
  std::size_t person_count() const;
  std::size_t shard_count() const noexcept { return shards_.size(); }
  // Which shard a mine belongs to: FNV-1a of the code, stable across runs and platforms.
  static std::size_t shard_of(std::string_view mine, std::size_t shards) noexcept;

 private:
  struct MineSlot;
  struct Shard;

  MineSlot* slot_for(std::string_view mine_code);
  void apply(MineSlot& slot, const netfile::DecodedFile& file, FileResult& result);
  void apply_realtime(MineSlot& slot, const netfile::DecodedFile& file, bool stale,
                      FileResult& result);

  const RulePack& pack_;
  const netfile::Profile& profile_;
  const Clock& clock_;
  EvaluatorFactory factory_;
  std::map<std::string, Mine, std::less<>> registry_;
  std::vector<std::unique_ptr<Shard>> shards_;
  PipelineStats stats_;
};

}  // namespace mw::pipeline
