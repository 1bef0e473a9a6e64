#pragma once
// The event files a mine's central stations write besides the real-time ones (netfile.md
// §2–3), derived from the same data the simulator uploads:
//   YCBJ  the monitoring system's own abnormal-event records (异常类型 001 over the mine's
//         CDDY alarm threshold, 002 power cut, 004 sensor fault, 006 outstation unreachable,
//         007 calibration): a record with an empty end when an event opens, then again with
//         its end, statistics, cause, measures and who entered them once it closes;
//   RYCS  people underground past the mine's overtime limit (start = entry + limit);
//   RYXZ  people in a restricted area (start = entering it);
//   RYCY  key areas over their approved headcount (RYQY 核定人数) in a snapshot.
// RYCS/RYXZ/RYCY are sent with each RYSS snapshot: every event that was going on since the
// previous snapshot, with its end once it has ended. Records are views into the layout, the
// roster and buffers owned here, valid until the next call. Not thread-safe: one per mine.

#include <cstdint>
#include <string>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "ingest/netfile/records.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"
#include "sim/schedule.hpp"

namespace mw::sim {

class AbnormalLog {
 public:
  explicit AbnormalLog(const MineLayout& layout);
  // One uploaded sample (a point's samples in time order).
  void sample(std::size_t point, Decimal value, std::uint16_t status, Time t);
  // The records to upload at `upload` (events opened or closed since the last call) into
  // `out`; false when there are none.
  bool take(Time upload, std::vector<netfile::YcbjRecord>& out);

 private:
  struct Event {
    bool on = false;
    Time start{}, max_time{}, min_time{};
    Decimal max, min;
    double sum = 0;
    int n = 0;
  };
  struct Change {
    std::size_t point = 0;
    int type = 0;  // index into the event types
    Event event;
    std::optional<Time> end;
  };
  const MineLayout& layout_;
  std::vector<Event> events_;  // point × type
  std::vector<Change> changes_;
};

class PersonnelEvents {
 public:
  PersonnelEvents(const Mine& mine, const MineLayout& layout, const Roster& roster);
  // A snapshot at `t` (after one at `previous`, or the first): `trips` are everyone the
  // schedule holds now.
  void snapshot(Time previous, Time t, const std::deque<Trip>& trips);
  std::vector<netfile::RycsRecord>& overtime() noexcept { return rycs_; }
  std::vector<netfile::RyxzRecord>& restricted() noexcept { return ryxz_; }
  std::vector<netfile::RycyRecord>& over_staffed() noexcept { return rycy_; }

 private:
  const Mine& mine_;
  const MineLayout& layout_;
  const Roster& roster_;
  std::vector<netfile::RycsRecord> rycs_;
  std::vector<netfile::RyxzRecord> ryxz_;
  std::vector<netfile::RycyRecord> rycy_;
  std::vector<std::vector<int>> in_area_;        // workers underground per area at this snapshot
  std::vector<std::optional<Time>> over_since_;  // per area: start of its over-staffing
  std::string people_;                           // RYCY 区域人员集合 texts, back to back
};

}  // namespace mw::sim
