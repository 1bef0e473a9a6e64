#pragma once
// Personnel incidents written into a day's trips (issue 3): an over-staffed key area, a
// worker staying past the overtime limit, a walk into the restricted area, a shift without
// its leader, and night work in a closed mine; and a near-miss: a key area filled to exactly
// its approved headcount (over-limit needs more). What each one becomes in truth.jsonl is
// decided from the RYSS snapshots as written (presence_truth.hpp).

#include <cstdint>
#include <vector>

#include "model/mine.hpp"
#include "sim/layout.hpp"
#include "sim/people.hpp"
#include "sim/schedule.hpp"

namespace mw::sim {

// Changes the trips of local day `day`: on producing mines about rate/2 incidents a day and
// the near-miss on about rate/8 of the days, on closed mines a night crew on about rate/4 of
// the days. Depends only on (seed, mine index,
// day, rate).
void apply_crew_incidents(const Mine& mine, const MineLayout& layout, const Roster& roster,
                          std::uint64_t seed, std::uint64_t mine_index, std::int64_t day,
                          double rate, std::vector<Trip>& trips);

}  // namespace mw::sim
