#pragma once
// Ground truth from the RYSS snapshots as written, by rules.md part B:
//   personnel.area_over_limit   people (flag 1) in an area > its approved headcount; start
//                               = snapshot time; orange, red > 1.2 × approved
//   personnel.overtime          underground longer than the mine's limit; start = entry +
//                               limit; yellow
//   personnel.restricted_area   a person in a 限制区域; start = time of entering it; orange
//   personnel.leader_absent     a complete shift window worked (≥ 5 underground in at least
//                               half its snapshots) and led by nobody (no leader card under-
//                               ground in at least half); start = shift start; orange;
//                               judged at the first snapshot after the window
//   mine.activity_while_closed  closed: ≥ 1 underground; stopped: > maintenance allowance;
//                               start = first such snapshot; red
// Episodes re-opening within 5 minutes are one episode. Not thread-safe: one per mine.

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "base/time.hpp"
#include "model/alarm.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"

namespace mw::sim {

class PresenceTruth {
 public:
  // Windows starting before `run_start` are not judged (their first snapshots are missing).
  PresenceTruth(const Mine& mine, const MineLayout& layout, const Roster& roster, Time run_start);

  void begin_snapshot(Time t);
  // One RYSS record of the current snapshot.
  void person(int worker, bool underground, int area, Time entry, Time area_entry);
  void end_snapshot();
  // The run ended at `end`: the last window is judged too when it ended by then (replay
  // judges the windows that close with its input).
  void run_ended(Time end);
  // Everything found, open episodes included, in start order.
  std::vector<Alarm> alarms() const;

 private:
  struct Episode {
    bool open = false, any = false, red = false;
    Time start{}, closed{};
  };
  void track(Episode& e, bool over, bool red, Time t, AlarmKind kind, const std::string& subject);
  Alarm make(AlarmKind kind, const std::string& subject, Time start, Severity sev) const;
  Time window_start(Time t) const;
  void judge_window();

  const Mine& mine_;
  const MineLayout& layout_;
  const Roster& roster_;
  Time run_start_;
  Time now_{};
  std::vector<int> area_count_;
  int underground_ = 0;
  std::vector<int> leaders_now_;
  std::vector<Episode> area_episodes_;
  Episode closed_episode_;
  std::set<std::pair<int, Time>> restricted_seen_, overtime_seen_;
  // The shift window being accumulated: snapshots, worked ones, leader presence per card.
  Time window_{};
  bool have_window_ = false;
  int window_snaps_ = 0, window_worked_ = 0;
  std::map<int, int> window_leaders_;
  std::vector<Alarm> done_;
};

}  // namespace mw::sim
