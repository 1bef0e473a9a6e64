// MineRules: the inputs (RYQY, RYXX, RYSS), the findings it emits and its memory. The rule
// families are in personnel_rules.cpp, leader_rules.cpp and mine_activity_rules.cpp.

#include "rules/mine_rules.hpp"

#include <algorithm>
#include <utility>

namespace mw::rules {

namespace {

// A string's heap bytes beyond the object itself (0 while in the small-string buffer).
std::size_t heap_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

}  // namespace

MineRules::MineRules(const RulePack& pack, const Mine& mine, FindingSink& sink)
    : pack_(pack),
      sink_(sink),
      mine_code_(mine.code),
      status_(mine.status),
      shifts_(mine.shifts),
      overtime_limit_(mine.overtime_limit()),
      maintenance_allowance_(mine.maintenance_allowance) {
  // A registry row without shifts falls back on the pack's 三八制.
  if (shifts_.empty()) shifts_ = pack.leader_absent.default_shifts.value;
  std::sort(shifts_.begin(), shifts_.end());
  shifts_.erase(std::unique(shifts_.begin(), shifts_.end()), shifts_.end());
}

std::string MineRules::rule_id(AlarmKind kind) const {
  // The kind names match the pack's tables ([personnel.overtime] …): "coal.personnel.overtime".
  std::string id = pack_.name;
  id += '.';
  id += alarm_kind_name(kind);
  return id;
}

void MineRules::emit_raise(AlarmKind kind, std::string_view subject, Time time, Time start,
                           Severity severity, std::optional<double> peak, std::string message,
                           std::vector<EvidenceItem> evidence) {
  Finding f;
  f.edge = Finding::Edge::kRaise;
  f.mine = mine_code_;
  f.kind = kind;
  f.subject = std::string(subject);
  f.time = time;
  f.start = start;
  f.severity = severity;
  f.peak = peak;
  f.rule = rule_id(kind);
  f.message = std::move(message);
  f.evidence = std::move(evidence);
  sink_.on_finding(std::move(f));
}

void MineRules::emit_clear(AlarmKind kind, std::string_view subject, Time time,
                           std::string message) {
  Finding f;
  f.edge = Finding::Edge::kClear;
  f.mine = mine_code_;
  f.kind = kind;
  f.subject = std::string(subject);
  f.time = time;
  f.start = time;
  f.rule = rule_id(kind);
  f.message = std::move(message);
  sink_.on_finding(std::move(f));
}

MineRules::PersonState* MineRules::find_person(const CardCode& card) {
  auto it = std::lower_bound(people_.begin(), people_.end(), card,
                             [](const PersonState& p, const CardCode& c) { return p.card < c; });
  return it != people_.end() && it->card == card ? &*it : nullptr;
}

MineRules::AreaState* MineRules::find_area(std::string_view code) {
  auto it = std::lower_bound(areas_.begin(), areas_.end(), code,
                             [](const AreaState& a, std::string_view c) { return a.code < c; });
  return it != areas_.end() && it->code == code ? &*it : nullptr;
}

bool MineRules::is_leader(const Presence& p, const std::optional<CardCode>& card) const {
  // Either source suffices: RYSS's own flag, or the RYXX roster (a stale RYSS flag must not
  // turn a leader's shift into a leader_absent alarm).
  if (p.leader) return true;
  return card && std::binary_search(roster_leaders_.begin(), roster_leaders_.end(), *card);
}

bool MineRules::in_restricted_area(const Presence& p) const {
  auto it = std::lower_bound(areas_.begin(), areas_.end(), std::string_view(p.area),
                             [](const AreaState& a, std::string_view c) { return a.code < c; });
  if (it != areas_.end() && it->code == p.area) return it->type == AreaType::kRestricted;
  // n-variant files may write the area's type instead of its code (netfile.md §3).
  return parse_area_type(p.area) == AreaType::kRestricted;
}

std::string MineRules::area_label(std::string_view code) {
  const AreaState* a = find_area(code);
  if (a == nullptr || a->name.empty()) return std::string(code);
  return a->name + "(" + a->code + ")";
}

void MineRules::on_areas(std::span<const Area> areas, Time file_time) {
  std::vector<AreaState> next;
  next.reserve(areas.size());
  for (const Area& a : areas) {
    AreaState s;
    s.code = a.code;
    s.name = a.name;
    s.type = a.type;
    s.approved = a.approved;
    next.push_back(std::move(s));
  }
  std::sort(next.begin(), next.end(),
            [](const AreaState& x, const AreaState& y) { return x.code < y.code; });
  // A code listed twice keeps its first definition.
  next.erase(std::unique(next.begin(), next.end(),
                         [](const AreaState& x, const AreaState& y) { return x.code == y.code; }),
             next.end());
  // Open episodes carry over; an area that disappeared (or lost its approved headcount)
  // can no longer be over its limit.
  for (const AreaState& old : areas_) {
    if (!old.is_open) continue;
    auto it = std::lower_bound(next.begin(), next.end(), old.code,
                               [](const AreaState& a, const std::string& c) { return a.code < c; });
    if (it != next.end() && it->code == old.code && it->approved > 0) {
      it->is_open = true;
      it->open = old.open;
      it->start = old.start;
      it->peak = old.peak;
      it->count = old.count;
    } else {
      emit_clear(AlarmKind::kPersonnelAreaOverLimit, old.code, file_time,
                 "区域" + old.code + "已不在区域定义中或未设核定人数，超员报警解除");
    }
  }
  areas_ = std::move(next);
}

void MineRules::on_people(std::span<const Person> people, Time /*file_time*/) {
  roster_leaders_.clear();
  for (const Person& p : people) {
    if (!p.leader) continue;
    if (auto card = CardCode::from(p.card)) roster_leaders_.push_back(*card);
  }
  std::sort(roster_leaders_.begin(), roster_leaders_.end());
  roster_leaders_.erase(std::unique(roster_leaders_.begin(), roster_leaders_.end()),
                        roster_leaders_.end());
  roster_leaders_.shrink_to_fit();
}

void MineRules::track_people(std::span<const Presence> snapshot) {
  // Mark who is listed; newcomers are appended, then the list is sorted once.
  const std::size_t known = people_.size();
  for (const Presence& p : snapshot) {
    if (!p.underground()) continue;
    auto card = CardCode::from(p.card);
    if (!card) continue;
    auto end = people_.begin() + static_cast<std::ptrdiff_t>(known);
    auto it = std::lower_bound(people_.begin(), end, *card,
                               [](const PersonState& s, const CardCode& c) { return s.card < c; });
    if (it != end && it->card == *card) {
      it->seen = generation_;
      continue;
    }
    PersonState ps;
    ps.card = *card;
    ps.seen = generation_;
    people_.push_back(ps);
  }
  if (people_.size() != known) {
    std::stable_sort(people_.begin(), people_.end(),
                     [](const PersonState& a, const PersonState& b) { return a.card < b.card; });
    // A card listed twice in one snapshot is one person.
    people_.erase(
        std::unique(people_.begin(), people_.end(),
                    [](const PersonState& a, const PersonState& b) { return a.card == b.card; }),
        people_.end());
  }
}

void MineRules::on_presence_snapshot(Time t, std::span<const Presence> snapshot) {
  if (have_snapshot_ && t <= last_snapshot_) {
    ++stale_snapshots_;  // never move state backwards (netfile.md §1: stale files)
    return;
  }
  roll_shift_window(t);
  ++generation_;
  track_people(snapshot);

  for (AreaState& a : areas_) a.count = 0;
  underground_ = 0;
  for (const Presence& p : snapshot) {
    if (!p.underground()) continue;
    auto card = CardCode::from(p.card);
    PersonState* ps = card ? find_person(*card) : nullptr;
    if (ps) {
      if (ps->handled == generation_) continue;  // listed twice
      ps->handled = generation_;
    } else {
      ++untracked_cards_;  // counted as a head, no per-card rules
    }
    ++underground_;
    if (AreaState* a = find_area(p.area)) ++a->count;
    count_in_window(p, card);
    if (ps) check_person(*ps, p, t);
  }

  // Whoever is no longer listed underground has surfaced: their episodes end now.
  for (const PersonState& ps : people_) {
    if (ps.seen != generation_) release_person(ps, t);
  }
  std::erase_if(people_, [this](const PersonState& ps) { return ps.seen != generation_; });
  // Geometric growth or a shift going up would leave up to 2× the records allocated; keep
  // within 1/16 of the people tracked so the 64 B/person budget holds at any headcount.
  if (people_.capacity() > people_.size() + people_.size() / 16 + 8) people_.shrink_to_fit();

  if (window_.active) {
    ++window_.snapshots;
    if (static_cast<std::int64_t>(underground_) >= pack_.leader_absent.min_people.value) {
      ++window_.worked;
    }
  }
  check_areas(t, snapshot);
  check_sos_after_snapshot(t);
  check_closed_mine(t, snapshot);

  have_snapshot_ = true;
  last_snapshot_ = t;
}

void MineRules::advance(Time now) {
  check_upload_gap(now);
  if (window_.active && now >= window_.end) judge_shift_window();
}

std::size_t MineRules::state_bytes() const {
  std::size_t n = sizeof(*this);
  n += people_.capacity() * sizeof(PersonState);
  n += areas_.capacity() * sizeof(AreaState);
  for (const AreaState& a : areas_) n += heap_bytes(a.code) + heap_bytes(a.name);
  n += roster_leaders_.capacity() * sizeof(CardCode);
  n += open_sos_.capacity() * sizeof(SosState);
  n += counters_.capacity() * sizeof(CounterState);
  for (const CounterState& c : counters_) n += heap_bytes(c.point);
  n += window_.leaders.capacity() * sizeof(LeaderTally);
  n += heap_bytes(mine_code_);
  n += shifts_.capacity() * sizeof(int);
  return n;
}

}  // namespace mw::rules
