#pragma once
// One simulated mine from definition to the last file: its layout, people, schedule and
// physics, and the files its central stations write (see writer.hpp). Record buffers are
// reused from file to file, so the steady state allocates little beyond the encoder's output.
// Not thread-safe: one owner.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/netfile/profile.hpp"
#include "ingest/netfile/records.hpp"
#include "model/mine.hpp"
#include "sim/event_files.hpp"
#include "sim/fabrication.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"
#include "sim/physics.hpp"
#include "sim/presence_truth.hpp"
#include "sim/schedule.hpp"
#include "sim/sensor_truth.hpp"
#include "sim/truth.hpp"
#include "sim/writer.hpp"

namespace mw::sim {

// Cadences (netfile.md §2–3): statistics and personnel snapshots every 5 minutes.
inline constexpr Seconds kStatsPeriod{300};
inline constexpr Seconds kSnapshotPeriod{300};
// People who came up stay in RYSS with flag 2 this long (netfile.md §3: "the next snapshots").
inline constexpr Seconds kSurfacedKept{600};

class MineSim {
 public:
  // `incident_rate`: injected incidents per mine-day (incidents.hpp); 0 = a compliant mine.
  MineSim(const Mine& mine, std::uint64_t seed, std::uint64_t index, Time start,
          const netfile::Profile& profile, double incident_rate = 0);

  // Writes the mine's files for [start, end) into `sink`: begin, advance(end), finish.
  Status run(Time end, FileSink& sink, SimulateStats& stats);
  // The same in steps, for a live demo: begin plans [start, end) and writes the definitions;
  // each advance writes the files of events before `until` not written yet (the same bytes as
  // one run, whatever the steps); finish closes the truth at `end`.
  Status begin(Time end, FileSink& sink, SimulateStats& stats);
  Status advance(Time until, FileSink& sink, SimulateStats& stats);
  void finish();

  const MineLayout& layout() const noexcept { return layout_; }
  const Roster& roster() const noexcept { return roster_; }
  Schedule& schedule() noexcept { return schedule_; }
  Seconds poll_period() const noexcept { return poll_; }
  // When this mine starts fabricating its data (fabrication.hpp); nullopt when honest.
  std::optional<Time> fabricating_from() const noexcept { return fake_from_; }
  // What the written data must make minewatch raise (truth.jsonl lines of this mine), in
  // start order.
  std::vector<Alarm> expected_alarms() const;

 private:
  struct Stat {  // running TJSJ statistics of one point in the current window
    int n = 0;
    double sum = 0;
    Decimal max, min;
    Time max_time{}, min_time{};
  };

  Status emit(netfile::FileType kind, const netfile::Header& header,
              const netfile::RecordList& records, Time t, FileSink& sink, SimulateStats& stats);
  Status write_definitions(FileSink& sink, SimulateStats& stats);
  Status write_cdss(Time poll, FileSink& sink, SimulateStats& stats);
  Status write_tjsj(Time window_start, Time at, FileSink& sink, SimulateStats& stats);
  Status write_ryss(Time t, FileSink& sink, SimulateStats& stats);
  Status write_fzss(Time t, FileSink& sink, SimulateStats& stats);
  Status write_jzss(Time t, FileSink& sink, SimulateStats& stats);
  Status write_ryqj(Time t, FileSink& sink, SimulateStats& stats);
  Status write_personnel_events(Time t, const std::deque<Trip>& trips, FileSink& sink,
                                SimulateStats& stats);
  // True inside an upload-gap incident: nothing is uploaded then.
  bool in_gap(Time t) const noexcept;
  // The plain header (code; name; upload time) at `t`, reused from file to file.
  const netfile::Header& header_at(Time t);

  const Mine& mine_;
  const netfile::Profile& profile_;
  Time start_;
  std::uint64_t seed_, index_;
  double incident_rate_;
  Rng rng_;  // layout and roster draws, then upload jitter and per-record details
  MineLayout layout_;
  Roster roster_;
  Schedule schedule_;
  Physics physics_;
  TruthWatcher truth_;
  PresenceTruth presence_truth_;
  SensorTruth sensor_truth_;
  AbnormalLog abnormal_;
  PersonnelEvents personnel_events_;
  // A fabricating mine: from when, and what its system reports instead (fabrication.hpp).
  std::optional<Time> fake_from_;
  std::unique_ptr<Schedule> fake_schedule_;
  std::unique_ptr<Fabricator> fabricator_;
  std::optional<Time> last_snapshot_;
  Time end_{};
  Seconds poll_{20};
  std::vector<std::string> relation_text_;  // CDDY field 23 per point
  std::vector<std::string> type_code_;      // CDDY field 4 per point ("0001")
  netfile::Header header_;
  std::vector<Stat> stats_, next_stats_;  // this 5-min window, and samples already past it
  Time stats_window_{};
  // Record buffers reused from file to file, one per real-time type.
  netfile::RecordList cdss_, tjsj_, ryss_, fzss_, jzss_, ycbj_, rycs_, ryxz_, rycy_;
  std::string arena_;  // reused text buffer for RYSS tracks
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::string path_;
  std::vector<Window> gaps_;
  // The next event of each cadence (begin sets them; advance moves them on).
  std::vector<Time> sos_;  // SOS presses in order, then `end_` as a sentinel
  std::size_t next_sos_ = 0;
  Time next_poll_{}, next_stats_at_{}, next_snapshot_{}, next_status_{};
};

}  // namespace mw::sim
