#include "store/personnel_history.hpp"

#include <algorithm>

namespace mw::store {

namespace {

// RYSS times up to this far after the snapshot are taken as written (the mine's clocks
// differ by seconds to minutes); later ones are treated as missing.
constexpr Seconds kClockSkew{3600};

std::int64_t secs(Time t) { return t.time_since_epoch().count(); }
Time at(std::int64_t s) { return Time{Seconds{s}}; }

// A written time that can be believed for a snapshot taken at `snapshot`.
bool usable(Time t, Time snapshot) { return t != Time{} && t <= snapshot + kClockSkew; }

std::size_t string_heap(const std::string& s) {
  // Short strings live inside the object (SSO); longer ones own capacity + 1 bytes.
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

template <class Map>
std::size_t map_bytes(const Map& map) {
  // A node: next pointer, the value, the cached hash.
  constexpr std::size_t kNode =
      sizeof(void*) + sizeof(typename Map::value_type) + sizeof(std::size_t);
  std::size_t bytes = map.bucket_count() * sizeof(void*) + map.size() * kNode;
  for (const auto& [key, value] : map) bytes += string_heap(key);
  return bytes;
}

// pack_code without allocating when the code begins with the mine code.
std::string_view packed_view(std::string_view mine, std::string_view code, std::string& scratch) {
  if (code.size() >= mine.size() && code.substr(0, mine.size()) == mine) {
    return code.substr(mine.size());
  }
  scratch = "=";
  scratch += code;
  return scratch;
}

}  // namespace

std::string pack_code(std::string_view mine, std::string_view code) {
  std::string scratch;
  return std::string(packed_view(mine, code, scratch));
}

std::string unpack_code(std::string_view mine, std::string_view packed) {
  if (!packed.empty() && packed.front() == '=') return std::string(packed.substr(1));
  std::string code(mine);
  code += packed;
  return code;
}

PersonnelDeriver::Mine& PersonnelDeriver::mine_state(std::string_view mine) {
  auto it = mines_.find(mine);
  if (it == mines_.end()) it = mines_.emplace(std::string(mine), Mine{}).first;
  return it->second;
}

std::uint32_t PersonnelDeriver::intern_area(Mine& m, std::string_view area) {
  auto it = m.area_index.find(area);
  if (it != m.area_index.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(m.areas.size());
  m.areas.emplace_back(area);
  m.area_index.emplace(std::string(area), index);
  return index;
}

PersonnelUpdate PersonnelDeriver::apply(std::string_view mine, Time snapshot_time,
                                        std::span<const Presence> people) {
  PersonnelUpdate out;
  out.mine = std::string(mine);
  out.snapshot = snapshot_time;
  Mine& m = mine_state(mine);
  if (m.last_snapshot && snapshot_time <= *m.last_snapshot) {
    ++stats_.stale_snapshots;
    return out;
  }
  ++stats_.snapshots;
  m.last_snapshot = snapshot_time;
  ++m.seq;
  std::string scratch;
  for (const Presence& p : people) {
    if (p.card.empty()) continue;
    const std::string_view key = packed_view(mine, p.card, scratch);
    auto it = m.cards.find(key);
    const bool is_new = it == m.cards.end();
    if (is_new) it = m.cards.emplace(std::string(key), Card{}).first;
    Card& c = it->second;
    c.seen = m.seq;
    if (p.underground()) {
      apply_underground(m, p.card, c, p, snapshot_time, out);
    } else {
      apply_surfaced(m, p.card, c, is_new, p, snapshot_time, out);
    }
  }
  // Cards no longer listed left at this snapshot (see the header); forget them.
  for (auto it = m.cards.begin(); it != m.cards.end();) {
    if (it->second.seen == m.seq) {
      ++it;
      continue;
    }
    if (it->second.open) {
      close_trip(m, unpack_code(mine, it->first), it->second, snapshot_time, out);
    }
    it = m.cards.erase(it);
  }
  return out;
}

void PersonnelDeriver::apply_underground(Mine& m, std::string_view card, Card& c, const Presence& p,
                                         Time snapshot, PersonnelUpdate& out) {
  const bool has_entry = usable(p.entry_time, snapshot);
  const Time entry = has_entry ? p.entry_time : snapshot;
  if (c.open && has_entry && entry > at(c.entry)) {
    // A later 入井时刻: the card came up and went down again between two snapshots.
    close_trip(m, card, c, std::min(entry, snapshot), out);
  }
  if (!c.open) {
    // A closed trip re-listed underground with the same entry was closed by a missing
    // snapshot record: reopening it upserts the same row back to open.
    c.open = true;
    c.entry = secs(entry);
    c.exit = 0;
    c.area = kNoArea;
    out.trips.push_back(Trip{std::string(card), entry, std::nullopt});
    ++stats_.trips_opened;
  }
  // Where it is now.
  if (p.area.empty()) {
    if (c.area != kNoArea) close_interval(m, card, c, snapshot, out);
    return;
  }
  const bool has_area_time = usable(p.area_entry_time, snapshot);
  Time from = has_area_time ? p.area_entry_time : snapshot;
  from = std::max(from, at(c.entry));
  if (c.area != kNoArea) {
    const bool same_area = m.areas[c.area] == p.area;
    // The same area with a later 进入区域时刻: it left and came back between snapshots.
    if (same_area && !(has_area_time && from > at(c.area_from))) return;
    from = std::max(from, at(c.area_from));
    close_interval(m, card, c, from, out);
  }
  open_interval(m, card, c, p.area, from, out);
}

void PersonnelDeriver::apply_surfaced(Mine& m, std::string_view card, Card& c, bool is_new,
                                      const Presence& p, Time snapshot, PersonnelUpdate& out) {
  const bool has_exit = p.exit_time && usable(*p.exit_time, snapshot);
  if (c.open) {
    // usable() bounds it above; close_trip keeps it no earlier than the entry.
    const Time exit = has_exit ? *p.exit_time : snapshot;
    close_trip(m, card, c, exit, out);
    return;
  }
  // Not tracked underground: record a whole trip only when both its times are written
  // (without an exit time it is unknown how long it lasted), and only once.
  if (!usable(p.entry_time, snapshot) || !has_exit) return;
  const Time exit = std::max(*p.exit_time, p.entry_time);
  if (!is_new && c.entry == secs(p.entry_time) && c.exit == secs(exit)) return;
  c.entry = secs(p.entry_time);
  c.exit = secs(exit);
  out.trips.push_back(Trip{std::string(card), p.entry_time, exit});
  ++stats_.trips_closed;
}

void PersonnelDeriver::close_trip(Mine& m, std::string_view card, Card& c, Time exit,
                                  PersonnelUpdate& out) {
  exit = std::max(exit, at(c.entry));
  if (c.area != kNoArea) close_interval(m, card, c, exit, out);
  c.open = false;
  c.exit = secs(exit);
  out.trips.push_back(Trip{std::string(card), at(c.entry), exit});
  ++stats_.trips_closed;
}

void PersonnelDeriver::close_interval(const Mine& m, std::string_view card, Card& c, Time to,
                                      PersonnelUpdate& out) {
  const Time from = at(c.area_from);
  out.intervals.push_back(
      AreaInterval{std::string(card), m.areas[c.area], from, std::max(to, from)});
  c.area = kNoArea;
  ++stats_.intervals_closed;
}

void PersonnelDeriver::open_interval(Mine& m, std::string_view card, Card& c, std::string_view area,
                                     Time from, PersonnelUpdate& out) {
  c.area = intern_area(m, area);
  c.area_from = secs(from);
  out.intervals.push_back(AreaInterval{std::string(card), std::string(area), from, std::nullopt});
  ++stats_.intervals_opened;
}

void PersonnelDeriver::restore(const PersonnelState& state) {
  Mine& m = mine_state(state.mine);
  m.cards.clear();
  m.last_snapshot = state.last_snapshot;
  for (const Trip& t : state.open_trips) {
    if (t.exit) continue;
    Card& c = m.cards[pack_code(state.mine, t.card)];
    c.open = true;
    c.entry = secs(t.entry);
    c.seen = m.seq;
  }
  for (const AreaInterval& i : state.open_intervals) {
    auto it = m.cards.find(pack_code(state.mine, i.card));
    if (i.to || it == m.cards.end()) continue;
    Card& c = it->second;
    if (c.area != kNoArea && at(c.area_from) >= i.from) continue;
    c.area = intern_area(m, i.area);
    c.area_from = secs(i.from);
  }
}

std::vector<Trip> PersonnelDeriver::open_trips(std::string_view mine) const {
  std::vector<Trip> out;
  auto it = mines_.find(mine);
  if (it == mines_.end()) return out;
  for (const auto& [card, c] : it->second.cards) {
    if (c.open) out.push_back(Trip{unpack_code(mine, card), at(c.entry), std::nullopt});
  }
  std::sort(out.begin(), out.end(), [](const Trip& a, const Trip& b) { return a.card < b.card; });
  return out;
}

std::vector<AreaInterval> PersonnelDeriver::open_intervals(std::string_view mine) const {
  std::vector<AreaInterval> out;
  auto it = mines_.find(mine);
  if (it == mines_.end()) return out;
  for (const auto& [card, c] : it->second.cards) {
    if (c.open && c.area != kNoArea) {
      out.push_back(AreaInterval{unpack_code(mine, card), it->second.areas[c.area], at(c.area_from),
                                 std::nullopt});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const AreaInterval& a, const AreaInterval& b) { return a.card < b.card; });
  return out;
}

std::size_t PersonnelDeriver::tracked() const noexcept {
  std::size_t n = 0;
  for (const auto& [code, m] : mines_) n += m.cards.size();
  return n;
}

std::size_t PersonnelDeriver::memory_bytes() const noexcept {
  std::size_t bytes = map_bytes(mines_);
  for (const auto& [code, m] : mines_) {
    bytes += m.areas.capacity() * sizeof(std::string);
    for (const std::string& a : m.areas) bytes += string_heap(a);
    bytes += map_bytes(m.area_index) + map_bytes(m.cards);
  }
  return bytes;
}

}  // namespace mw::store
