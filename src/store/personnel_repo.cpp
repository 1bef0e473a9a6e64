#include "store/personnel_repo.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace mw::store {

namespace {

// Rows at most this long are found by scanning back this far from t; longer and open rows
// are in the partial "_long" indexes (schema_personnel.cpp, whose literal 86400 this is).
constexpr Seconds kSpan{86400};

// A headcount series longer than this is a mistake (a year of 5-min steps is 105 120).
constexpr std::int64_t kMaxHeadcountPoints = 100000;

// Card and area codes are stored packed (pack_code): about a third of the bytes of each
// row and index entry.
std::string pack(std::string_view mine, std::string_view code) { return pack_code(mine, code); }
std::string unpack(std::string_view mine, std::string_view stored) {
  return unpack_code(mine, stored);
}

std::optional<Time> opt_time(Row& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return row.time(i);
}

constexpr std::string_view kUpsertTrip =
    "INSERT INTO personnel_trips (mine, card, entry_time, exit_time) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (mine, card, entry_time) DO UPDATE SET exit_time = excluded.exit_time";

constexpr std::string_view kUpsertInterval =
    "INSERT INTO personnel_intervals (mine, card, area, from_time, to_time) "
    "VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (mine, card, from_time, area) DO UPDATE SET to_time = excluded.to_time";

// Never moves a mine's newest snapshot backwards.
constexpr std::string_view kUpsertSnapshot =
    "INSERT INTO personnel_snapshots (mine, last_snapshot) VALUES (?, ?) "
    "ON CONFLICT (mine) DO UPDATE SET last_snapshot = excluded.last_snapshot "
    "WHERE excluded.last_snapshot > personnel_snapshots.last_snapshot";

// Open rows. The OR term repeats the partial index's condition so both planners use it.
constexpr std::string_view kOpenTrips =
    "SELECT mine, card, entry_time FROM personnel_trips "
    "WHERE (exit_time IS NULL OR exit_time - entry_time > 86400) AND exit_time IS NULL "
    "AND (? = '' OR mine = ?) ORDER BY mine, card";
constexpr std::string_view kOpenIntervals =
    "SELECT mine, card, area, from_time FROM personnel_intervals "
    "WHERE (to_time IS NULL OR to_time - from_time > 86400) AND to_time IS NULL "
    "AND (? = '' OR mine = ?) ORDER BY mine, card, from_time";
constexpr std::string_view kSnapshots =
    "SELECT mine, last_snapshot FROM personnel_snapshots WHERE (? = '' OR mine = ?) "
    "ORDER BY mine";

// Trips covering t (entry ≤ t < exit) with the interval covering t, in two disjoint parts:
// entered within kSpan before t, and the open or long trips entered earlier.
constexpr std::string_view kUndergroundAt =
    "SELECT t.card, t.entry_time, i.area, i.from_time FROM personnel_trips t "
    "LEFT JOIN personnel_intervals i ON i.mine = t.mine AND i.card = t.card "
    "AND i.from_time >= t.entry_time AND i.from_time <= ? AND (i.to_time IS NULL OR i.to_time > ?) "
    "WHERE t.mine = ? AND t.entry_time > ? AND t.entry_time <= ? "
    "AND (t.exit_time IS NULL OR t.exit_time > ?) "
    "UNION ALL "
    "SELECT t.card, t.entry_time, i.area, i.from_time FROM personnel_trips t "
    "LEFT JOIN personnel_intervals i ON i.mine = t.mine AND i.card = t.card "
    "AND i.from_time >= t.entry_time AND i.from_time <= ? AND (i.to_time IS NULL OR i.to_time > ?) "
    "WHERE t.mine = ? AND (t.exit_time IS NULL OR t.exit_time - t.entry_time > 86400) "
    "AND t.entry_time <= ? AND (t.exit_time IS NULL OR t.exit_time > ?)";

// Intervals of an area overlapping [from, to), in the same two disjoint parts.
constexpr std::string_view kAreaIntervals =
    "SELECT from_time, to_time FROM personnel_intervals "
    "WHERE mine = ? AND area = ? AND from_time > ? AND from_time < ? "
    "AND (to_time IS NULL OR to_time > ?) "
    "UNION ALL "
    "SELECT from_time, to_time FROM personnel_intervals "
    "WHERE mine = ? AND area = ? AND (to_time IS NULL OR to_time - from_time > 86400) "
    "AND from_time <= ? AND (to_time IS NULL OR to_time > ?)";

constexpr std::string_view kTripsOf =
    "SELECT card, entry_time, exit_time FROM personnel_trips "
    "WHERE mine = ? AND card = ? AND entry_time < ? AND (exit_time IS NULL OR exit_time > ?) "
    "ORDER BY entry_time";

constexpr std::string_view kIntervalsOf =
    "SELECT card, area, from_time, to_time FROM personnel_intervals "
    "WHERE mine = ? AND card = ? AND from_time < ? AND (to_time IS NULL OR to_time > ?) "
    "ORDER BY from_time, area";

}  // namespace

Status PersonnelRepo::write(std::span<const PersonnelUpdate> updates) {
  return in_transaction(db_, [&]() -> Status {
    for (const PersonnelUpdate& u : updates) {
      for (const Trip& t : u.trips) {
        MW_RETURN_IF_ERROR(
            exec_status(db_.exec(kUpsertTrip, {u.mine, pack(u.mine, t.card), t.entry, t.exit})));
      }
      for (const AreaInterval& i : u.intervals) {
        MW_RETURN_IF_ERROR(exec_status(db_.exec(
            kUpsertInterval, {u.mine, pack(u.mine, i.card), pack(u.mine, i.area), i.from, i.to})));
      }
      MW_RETURN_IF_ERROR(exec_status(db_.exec(kUpsertSnapshot, {u.mine, u.snapshot})));
    }
    return Status{};
  });
}

namespace {

// Loads the states of `mine`, or of every mine when it is "".
Result<std::vector<PersonnelState>> load_states(Db& db, std::string_view mine) {
  std::map<std::string, PersonnelState, std::less<>> states;
  auto state_of = [&](std::string m) -> PersonnelState& {
    auto it = states.find(m);
    if (it == states.end()) {
      it = states.emplace(m, PersonnelState{}).first;
      it->second.mine = std::move(m);
    }
    return it->second;
  };
  MW_RETURN_IF_ERROR(db.query(kSnapshots, {mine, mine}, [&](Row& row) {
    state_of(row.str(0)).last_snapshot = row.time(1);
    return row.status();
  }));
  MW_RETURN_IF_ERROR(db.query(kOpenTrips, {mine, mine}, [&](Row& row) {
    const std::string m = row.str(0);
    state_of(m).open_trips.push_back(Trip{unpack(m, row.text(1)), row.time(2), std::nullopt});
    return row.status();
  }));
  MW_RETURN_IF_ERROR(db.query(kOpenIntervals, {mine, mine}, [&](Row& row) {
    const std::string m = row.str(0);
    state_of(m).open_intervals.push_back(
        AreaInterval{unpack(m, row.text(1)), unpack(m, row.text(2)), row.time(3), std::nullopt});
    return row.status();
  }));
  std::vector<PersonnelState> out;
  out.reserve(states.size());
  for (auto& [code, state] : states) {
    // In card order (the stored order is that of the packed codes).
    std::stable_sort(state.open_trips.begin(), state.open_trips.end(),
                     [](const Trip& a, const Trip& b) { return a.card < b.card; });
    std::stable_sort(state.open_intervals.begin(), state.open_intervals.end(),
                     [](const AreaInterval& a, const AreaInterval& b) { return a.card < b.card; });
    out.push_back(std::move(state));
  }
  return out;
}

}  // namespace

Result<PersonnelState> PersonnelRepo::load_state(std::string_view mine) {
  if (mine.empty()) return Status::invalid_argument("load_state needs a mine code");
  auto states = load_states(db_, mine);
  if (!states.ok()) return std::move(states).take_status();
  if (states->empty()) {
    PersonnelState empty;
    empty.mine = std::string(mine);
    return empty;
  }
  return std::move(states->front());
}

Result<std::vector<PersonnelState>> PersonnelRepo::load_all_states() {
  return load_states(db_, "");
}

Status PersonnelRepo::restore(PersonnelDeriver& deriver) {
  auto states = load_all_states();
  if (!states.ok()) return std::move(states).take_status();
  for (const PersonnelState& s : *states) deriver.restore(s);
  return Status{};
}

Result<std::vector<UndergroundCard>> PersonnelRepo::underground_at(std::string_view mine, Time t) {
  const Time back = t - kSpan;
  std::vector<UndergroundCard> rows;
  MW_RETURN_IF_ERROR(db_.query(kUndergroundAt,
                               {t, t, mine, back, t, t,  //
                                t, t, mine, back, t},
                               [&](Row& row) {
                                 UndergroundCard c{unpack(mine, row.text(0)), row.time(1),
                                                   row.is_null(2) ? "" : unpack(mine, row.text(2)),
                                                   opt_time(row, 3)};
                                 rows.push_back(std::move(c));
                                 return row.status();
                               }));
  // One line per card; were two intervals to cover t, the later-entered one wins.
  std::sort(rows.begin(), rows.end(), [](const UndergroundCard& a, const UndergroundCard& b) {
    if (a.card != b.card) return a.card < b.card;
    return a.area_since > b.area_since;
  });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const UndergroundCard& a, const UndergroundCard& b) {
                           return a.card == b.card;
                         }),
             rows.end());
  return rows;
}

Result<std::vector<HeadcountPoint>> PersonnelRepo::area_headcount(std::string_view mine,
                                                                  std::string_view area, Time from,
                                                                  Time to, Seconds step) {
  if (step.count() <= 0) return Status::invalid_argument("headcount step must be positive");
  if (to <= from) return std::vector<HeadcountPoint>{};
  const std::int64_t points = ((to - from).count() + step.count() - 1) / step.count();
  if (points > kMaxHeadcountPoints) {
    return Status::invalid_argument("headcount series of " + std::to_string(points) +
                                    " points is longer than the limit of " +
                                    std::to_string(kMaxHeadcountPoints) + "; use a larger step");
  }
  // +1 at each start, −1 at each end; at equal times the ends first (intervals are half-open).
  std::vector<std::pair<std::int64_t, int>> events;
  constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
  const Time back = from - kSpan;
  const std::string stored_area = pack(mine, area);
  MW_RETURN_IF_ERROR(db_.query(kAreaIntervals,
                               {mine, stored_area, back, to, from,  //
                                mine, stored_area, back, from},
                               [&](Row& row) {
                                 events.emplace_back(row.int64(0), +1);
                                 events.emplace_back(row.is_null(1) ? kNever : row.int64(1), -1);
                                 return row.status();
                               }));
  std::sort(events.begin(), events.end());
  std::vector<HeadcountPoint> out;
  out.reserve(static_cast<std::size_t>(points));
  std::size_t e = 0;
  std::int64_t current = 0;
  for (std::int64_t k = 0; k < points; ++k) {
    const Time t = from + k * step;
    const std::int64_t start = t.time_since_epoch().count();
    const std::int64_t end = std::min(t + step, to).time_since_epoch().count();
    for (; e < events.size() && events[e].first <= start; ++e) current += events[e].second;
    std::int64_t peak = current;
    const std::int64_t at = current;
    for (; e < events.size() && events[e].first < end; ++e) {
      current += events[e].second;
      peak = std::max(peak, current);
    }
    out.push_back(HeadcountPoint{t, static_cast<std::uint32_t>(std::max<std::int64_t>(at, 0)),
                                 static_cast<std::uint32_t>(std::max<std::int64_t>(peak, 0))});
  }
  return out;
}

Result<std::vector<Trip>> PersonnelRepo::trips_of(std::string_view mine, std::string_view card,
                                                  Time from, Time to) {
  return query_all<Trip>(db_, kTripsOf, {mine, pack(mine, card), to, from}, [&](Row& row) {
    return Trip{unpack(mine, row.text(0)), row.time(1), opt_time(row, 2)};
  });
}

Result<std::vector<AreaInterval>> PersonnelRepo::intervals_of(std::string_view mine,
                                                              std::string_view card, Time from,
                                                              Time to) {
  return query_all<AreaInterval>(
      db_, kIntervalsOf, {mine, pack(mine, card), to, from}, [&](Row& row) {
        return AreaInterval{unpack(mine, row.text(0)), unpack(mine, row.text(1)), row.time(2),
                            opt_time(row, 3)};
      });
}

Result<std::int64_t> PersonnelRepo::apply_retention(Time now) {
  const Time cutoff = now - kPersonnelRetention;
  std::int64_t deleted = 0;
  MW_RETURN_IF_ERROR(in_transaction(db_, [&]() -> Status {
    auto trips = db_.exec("DELETE FROM personnel_trips WHERE exit_time < ?", {cutoff});
    if (!trips.ok()) return trips.status();
    auto intervals = db_.exec("DELETE FROM personnel_intervals WHERE to_time < ?", {cutoff});
    if (!intervals.ok()) return intervals.status();
    deleted = *trips + *intervals;
    return Status{};
  }));
  return deleted;
}

}  // namespace mw::store
