#pragma once
// Personnel history (人员位置历史, issue 5): trips underground (下井记录: card, entry, exit)
// and area presence intervals (card, area, from, to) derived from RYSS snapshots, which
// PersonnelRepo stores for a year (rules.md: personnel location data kept ≥ 1 year).
//
// PersonnelDeriver is pure (no I/O, no clock): fed each mine's snapshots in event time, it
// keeps per card only its open trip and area (a few dozen bytes, memory_bytes()) and
// returns, per snapshot, the rows that changed — trips and intervals just opened (no end
// yet) and just closed. Storing every returned row as an upsert keyed by its start makes
// the stored history equal to the deriver's, and lets a restarted deriver resume from the
// stored open rows (restore()).
//
// How times are chosen (docs/storage.md "Personnel history"):
// - Entry: the RYSS 入井时刻 when given and not after the snapshot; else the snapshot time.
// - Area start: the RYSS 进入区域时刻 clamped into [trip entry, snapshot]; else the snapshot.
// - Exit: the RYSS 出井时刻 of a flag-2/0 record (clamped into [entry, snapshot]). A card
//   that is simply missing from a snapshot (or whose 入井时刻 changed: a new trip) left at
//   the first snapshot without it: with half-open [entry, exit), "who was underground at
//   t" asked at any snapshot time then answers exactly what that snapshot said, and the
//   error is at most one snapshot period — the resolution of the data itself.
// - A snapshot not newer than the mine's last applied one is stale and changes nothing
//   (a re-sent file, or a journal replay of what the store already holds).
//
// Thread safety: none; one owner thread (the pipeline shard that owns the mines).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/time.hpp"
#include "model/personnel.hpp"

namespace mw::store {

// One trip underground of one card: [entry, exit). exit is empty while underground.
struct Trip {
  std::string card;
  Time entry{};
  std::optional<Time> exit;

  friend bool operator==(const Trip&, const Trip&) = default;
};

// One stay of one card in one area (区域): [from, to). to is empty while there.
struct AreaInterval {
  std::string card;
  std::string area;
  Time from{};
  std::optional<Time> to;

  friend bool operator==(const AreaInterval&, const AreaInterval&) = default;
};

// The rows one snapshot changed, for PersonnelRepo::write. Each row is an upsert keyed by
// (mine, card, entry) / (mine, card, area, from): opened rows come with no end, closed rows
// with their end (a row may open and close in the same update only if both happened).
struct PersonnelUpdate {
  std::string mine;
  Time snapshot{};  // the snapshot that produced these rows (stored as the mine's newest)
  std::vector<Trip> trips;
  std::vector<AreaInterval> intervals;

  bool empty() const noexcept { return trips.empty() && intervals.empty(); }
};

// What a deriver needs to resume a mine after a restart: its open rows and the newest
// snapshot already applied (PersonnelRepo::load_state).
struct PersonnelState {
  std::string mine;
  std::optional<Time> last_snapshot;
  std::vector<Trip> open_trips;              // exit empty
  std::vector<AreaInterval> open_intervals;  // to empty

  friend bool operator==(const PersonnelState&, const PersonnelState&) = default;
};

struct PersonnelDeriverStats {
  std::uint64_t snapshots = 0;        // applied
  std::uint64_t stale_snapshots = 0;  // not newer than the mine's last: ignored
  std::uint64_t trips_opened = 0;
  std::uint64_t trips_closed = 0;
  std::uint64_t intervals_opened = 0;
  std::uint64_t intervals_closed = 0;
};

// A card or area code relative to its mine: what follows the mine code when the code begins
// with it (an area is the mine code + 4; the cards seen are too), else "=" + the whole code
// ('=' begins no code: codes are letters and digits). The stored and the in-memory form: a
// third of the bytes, and card keys short enough to need no heap.
std::string pack_code(std::string_view mine, std::string_view code);
std::string unpack_code(std::string_view mine, std::string_view packed);

class PersonnelDeriver {
 public:
  // Applies one full RYSS snapshot of `mine` taken at `snapshot_time` (the file's time).
  // Records with an empty card are ignored; a card listed twice counts once (the last).
  PersonnelUpdate apply(std::string_view mine, Time snapshot_time,
                        std::span<const Presence> people);

  // Replaces what is known of state.mine with the stored state (after a restart).
  void restore(const PersonnelState& state);

  // Who is underground now in `mine` (its open trips, ordered by card).
  std::vector<Trip> open_trips(std::string_view mine) const;
  // Where they are now (open intervals, ordered by card).
  std::vector<AreaInterval> open_intervals(std::string_view mine) const;

  // Cards tracked over all mines (underground, or surfaced and still listed).
  std::size_t tracked() const noexcept;
  // Heap and object bytes held for all mines (an estimate from container sizes).
  std::size_t memory_bytes() const noexcept;
  const PersonnelDeriverStats& stats() const noexcept { return stats_; }

 private:
  static constexpr std::uint32_t kNoArea = 0xffffffffU;

  // One tracked card. Times are Unix seconds.
  struct Card {
    std::int64_t entry = 0;        // open trip's entry, or the closed trip's (to skip re-sends)
    std::int64_t exit = 0;         // closed trip's exit (when !open)
    std::int64_t area_from = 0;    // current interval's start (when area != kNoArea)
    std::uint32_t area = kNoArea;  // index into Mine::areas
    std::uint32_t seen = 0;        // Mine::seq of the last snapshot listing this card
    bool open = false;             // underground (open trip)
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  struct Mine {
    std::optional<Time> last_snapshot;
    std::uint32_t seq = 0;
    std::vector<std::string> areas;  // area codes, interned (a mine has tens to hundreds)
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> area_index;
    std::unordered_map<std::string, Card, StringHash, std::equal_to<>> cards;  // by pack_code
  };

  Mine& mine_state(std::string_view mine);
  static std::uint32_t intern_area(Mine& m, std::string_view area);
  void apply_underground(Mine& m, std::string_view card, Card& c, const Presence& p, Time snapshot,
                         PersonnelUpdate& out);
  void apply_surfaced(Mine& m, std::string_view card, Card& c, bool is_new, const Presence& p,
                      Time snapshot, PersonnelUpdate& out);
  void close_trip(Mine& m, std::string_view card, Card& c, Time exit, PersonnelUpdate& out);
  void close_interval(const Mine& m, std::string_view card, Card& c, Time to, PersonnelUpdate& out);
  void open_interval(Mine& m, std::string_view card, Card& c, std::string_view area, Time from,
                     PersonnelUpdate& out);

  std::unordered_map<std::string, Mine, StringHash, std::equal_to<>> mines_;
  PersonnelDeriverStats stats_;
};

}  // namespace mw::store
