#pragma once
// PersonnelRepo: the personnel history tables (migration 3, docs/storage.md "Personnel
// history") over any Db. Trips and area intervals are written as upserts keyed by their
// start, so the rows PersonnelDeriver returns can be written as they come — an open row
// (no end) is later updated by its closed form — and a replay writes nothing twice. Open
// rows are what a restarted deriver resumes from (load_state).
//
// Thread safety: as the Db it is given (one owner thread). Holds no state of its own.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "store/db.hpp"
#include "store/personnel_history.hpp"

namespace mw::store {

// Retention of personnel location data: 1 year (rules.md: kept ≥ 1 year), counted as 366
// days so a leap year is covered.
inline constexpr Seconds kPersonnelRetention{366 * 24 * 3600};

// One card underground at a given time.
struct UndergroundCard {
  std::string card;
  Time entry{};      // its trip's entry
  std::string area;  // the area it was in then; "" when no interval covers that time
  std::optional<Time> area_since;

  friend bool operator==(const UndergroundCard&, const UndergroundCard&) = default;
};

// Headcount of an area over [t, t + step).
struct HeadcountPoint {
  Time t{};
  std::uint32_t at = 0;    // people in the area at instant t
  std::uint32_t peak = 0;  // most people at once during [t, t + step)

  friend bool operator==(const HeadcountPoint&, const HeadcountPoint&) = default;
};

class PersonnelRepo {
 public:
  explicit PersonnelRepo(Db& db) : db_(db) {}

  // Writes the updates (their rows and each mine's newest snapshot) in one transaction, or
  // joins the caller's. An update with no rows still records its snapshot time.
  Status write(std::span<const PersonnelUpdate> updates);
  Status write(const PersonnelUpdate& update) { return write(std::span(&update, 1)); }

  // The stored open rows and newest snapshot of one mine / of every mine with any.
  Result<PersonnelState> load_state(std::string_view mine);
  Result<std::vector<PersonnelState>> load_all_states();
  // Start-up: restores `deriver` with every stored mine's state (load_all_states).
  Status restore(PersonnelDeriver& deriver);

  // Cards underground at `t` (entry ≤ t < exit, or no exit yet), ordered by card.
  Result<std::vector<UndergroundCard>> underground_at(std::string_view mine, Time t);
  // Counts of people in `area` at each from + k·step < to. step must be > 0 and the series
  // at most 100 000 points, else InvalidArgument.
  Result<std::vector<HeadcountPoint>> area_headcount(std::string_view mine, std::string_view area,
                                                     Time from, Time to, Seconds step);
  // Trips / intervals of one card overlapping [from, to), oldest first.
  Result<std::vector<Trip>> trips_of(std::string_view mine, std::string_view card, Time from,
                                     Time to);
  Result<std::vector<AreaInterval>> intervals_of(std::string_view mine, std::string_view card,
                                                 Time from, Time to);

  // Deletes closed trips and intervals that ended before now − kPersonnelRetention (open
  // rows are kept whatever their age). Returns the number of rows deleted.
  Result<std::int64_t> apply_retention(Time now);

 private:
  Db& db_;
};

}  // namespace mw::store
