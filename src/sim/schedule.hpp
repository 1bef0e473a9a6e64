#pragma once
// Who is underground when, and where: each worked shift sends its crews, support staff and
// one leader down with staggered entries, routes them station by station to their workplace,
// hands over underground at the shift change and brings them up again; the leader comes up
// with the last of his crews (rules.md A4). A night shift crosses midnight.
//
// Trips of a local day depend only on (seed, mine index, day), so any run that covers a day
// sees the same people. Not thread-safe: one owner per mine.

#include <cstdint>
#include <deque>
#include <vector>

#include "base/time.hpp"
#include "model/mine.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"

namespace mw::sim {

struct Hop {
  int station = 0;  // index into MineLayout::stations
  Time arrive{};
};

// One person's time underground: down at `entry`, up at `exit`; hops[0] is the shaft at
// entry and the last hop the shaft at exit.
struct Trip {
  int worker = 0;
  Time entry{};
  Time exit{};
  int shift = 0;       // index into Mine::shifts
  Time shift_start{};  // the shift this trip works
  std::vector<Hop> hops;

  bool underground_at(Time t) const noexcept { return entry <= t && t < exit; }
  // Index of the hop the person is at at `t` (the last with arrive ≤ t); 0 before entry.
  std::size_t hop_at(Time t) const noexcept;
};

// Local-midnight-based day number of a UTC instant (China time), and back.
std::int64_t china_day(Time t) noexcept;
Time china_midnight(std::int64_t day) noexcept;

class Schedule {
 public:
  Schedule(const Mine& mine, const MineLayout& layout, const Roster& roster, std::uint64_t seed,
           std::uint64_t mine_index);

  // Makes sure every trip that may be underground in [from, to] exists, and drops trips that
  // ended before `from` minus `keep`. Trips stay sorted by entry.
  void advance(Time from, Time to, Seconds keep);
  const std::deque<Trip>& trips() const noexcept { return trips_; }
  // Personnel incidents per mine-day (crew_incidents.hpp); set before the first advance.
  void set_incident_rate(double rate) noexcept { incident_rate_ = rate; }
  // The trips a fabricating system reports instead (fabrication.hpp), without incidents; set
  // before the first advance.
  void set_clockwork() noexcept { clockwork_ = true; }

  // The trips of one local day's shifts (all shifts starting that day), sorted by entry.
  std::vector<Trip> trips_of_day(std::int64_t day) const;

 private:
  const Mine& mine_;
  const MineLayout& layout_;
  const Roster& roster_;
  std::uint64_t seed_, mine_index_;
  double incident_rate_ = 0;
  bool clockwork_ = false;
  std::int64_t next_day_ = INT64_MIN;  // first day not generated yet
  std::deque<Trip> trips_;
};

}  // namespace mw::sim
