#pragma once
// MineRules: the personnel and mine-level rules of rules.md part B — personnel.area_over_limit,
// personnel.overtime, personnel.restricted_area, personnel.sos, personnel.leader_absent,
// mine.activity_while_closed, mine.upload_gap. One object per mine; all times are event times.
//
// Thread safety: none. The object belongs to its mine's shard thread (architecture.md §3).
//
// Choices where rules.md leaves room (each has a test):
// - personnel.overtime is judged at snapshots: underground for ≥ the limit at a snapshot
//   (10 h 00 raises, 9 h 59 does not); start = entry + limit whenever it is noticed.
// - personnel.sos without an end in its RYQJ record closes when the card is no longer
//   underground in a later snapshot.
// - personnel.leader_absent: the first window this object sees is judged only if its first
//   snapshot came within the upload-gap time (5 min) of the window start; an episode is
//   raised and closed at the window end, so every leaderless shift is its own alarm.
// - mine.upload_gap turns orange once no CDSS file came for longer than orange_after (60 min).
// - mine.activity_while_closed: a rising 3001 counter is evidence while its latest sample
//   rose; the episode closes when neither people nor counter show activity.
//
// Findings go to the FindingSink as kRaise / kClear edges; the alarms module makes episodes
// of them. A subject already in an open episode raises again only to escalate or to report a
// new peak, never to open a duplicate. Per-mine state is bounded: one 56-byte record per
// person underground, one per area, and small fixed tallies (state_bytes()).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"
#include "model/finding.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/sample.hpp"
#include "rules/card_code.hpp"
#include "rules/rule_pack.hpp"

namespace mw::rules {

class MineRules {
 public:
  // Keeps references to `pack` and `sink` (both must outlive this object) and a copy of the
  // mine's registry row.
  MineRules(const RulePack& pack, const Mine& mine, FindingSink& sink);

  // RYQY: the full set of areas. Open area episodes of areas no longer listed close at
  // file_time.
  void on_areas(std::span<const Area> areas, Time file_time);
  // RYXX: the roster. Only who is a mine leader (是否矿领导) is kept.
  void on_people(std::span<const Person> people, Time file_time);
  // RYSS: a full snapshot of everyone tracked (netfile.md §3); someone absent or with flag
  // 0/2 is not underground. A snapshot not newer than the last one is ignored.
  void on_presence_snapshot(Time snapshot_time, std::span<const Presence> snapshot);
  // RYQJ: a person's SOS from `start`; `end` when the record says it is over.
  void on_sos(const Presence& who, Time start) { on_sos(who, start, std::nullopt); }
  void on_sos(const Presence& who, Time start, std::optional<Time> end);
  // A sample of an output counter (3001 产量, cumulative).
  void on_output_counter(std::string_view point, const Sample& s);
  // Any CDSS file of this mine arrived (mine.upload_gap).
  void on_realtime_file(Time file_time);
  // The pipeline clock: fires the upload-gap timer and judges ended shift windows.
  void advance(Time now);

  // Distinct cards underground in the latest snapshot (0 before any).
  std::uint32_t people_underground() const { return underground_; }
  bool in_upload_gap() const { return gap_open_; }
  // Start of the current (or latest) upload gap: the last CDSS file + the gap time.
  Time upload_gap_start() const { return last_file_ + pack_.upload_gap.gap.value; }
  // Heap and inline bytes of this object's state (issue 4: ≤ 64 B per person tracked).
  std::size_t state_bytes() const;

  // Counts of input this object could not use, for the pipeline's summary.
  std::uint64_t stale_snapshots() const { return stale_snapshots_; }
  std::uint64_t untracked_cards() const { return untracked_cards_; }

  // Persons tracked right now (underground in the latest snapshot).
  std::size_t people_tracked() const { return people_.size(); }

 private:
  // One person underground (56 bytes: the ≤ 64 B/person budget).
  struct PersonState {
    CardCode card;
    std::uint8_t flags = 0;     // kOvertimeOpen | kRestrictedOpen
    std::uint32_t seen = 0;     // generation of the last snapshot listing this card
    std::uint32_t handled = 0;  // generation of the last snapshot whose rules ran for it
    Time entry{};               // 入井时刻 of the latest snapshot
    Time restricted_start{};    // start of the open personnel.restricted_area episode
  };
  static_assert(sizeof(PersonState) <= 64, "issue 4: ≤ 64 B of rule state per person");
  static constexpr std::uint8_t kOvertimeOpen = 1;
  static constexpr std::uint8_t kRestrictedOpen = 2;
  // Distinct leader cards tallied per shift window; a mine has a handful of leaders.
  static constexpr std::size_t kMaxLeaderTallies = 64;

  struct AreaState {
    std::string code;
    std::string name;
    AreaType type = AreaType::kUnknown;
    std::uint32_t approved = 0;
    std::uint32_t count = 0;          // people in the area in the latest snapshot
    std::uint32_t peak = 0;           // of the open episode
    Severity open = Severity::kBlue;  // kBlue: no open episode
    bool is_open = false;
    Time start{};
  };

  struct LeaderTally {
    CardCode card;
    std::uint32_t snapshots = 0;  // of the current window with this card underground
  };
  // The shift window being observed (personnel.leader_absent).
  struct ShiftWindow {
    bool active = false;
    bool observed_from_start = false;  // false: joined mid-window, so it is not judged
    bool tally_overflow = false;       // more leader cards than kMaxLeaderTallies
    Time start{}, end{};
    std::uint32_t snapshots = 0;
    std::uint32_t worked = 0;  // snapshots with ≥ min_people underground
    std::vector<LeaderTally> leaders;
  };

  struct SosState {
    CardCode card;
    Time start{};
  };

  struct CounterState {
    std::string point;
    Decimal last;
    Time time{};
    bool rising = false;  // the latest sample was above the one before
  };

  // mine_rules.cpp
  void emit_raise(AlarmKind kind, std::string_view subject, Time time, Time start,
                  Severity severity, std::optional<double> peak, std::string message,
                  std::vector<EvidenceItem> evidence);
  void emit_clear(AlarmKind kind, std::string_view subject, Time time, std::string message);
  std::string rule_id(AlarmKind kind) const;
  PersonState* find_person(const CardCode& card);
  AreaState* find_area(std::string_view code);
  bool is_leader(const Presence& p, const std::optional<CardCode>& card) const;
  bool in_restricted_area(const Presence& p) const;
  // "3101采空区密闭(1404210001110006)" for a known area, else the text as written.
  std::string area_label(std::string_view code);
  void track_people(std::span<const Presence> snapshot);

  // personnel_rules.cpp
  void check_person(PersonState& ps, const Presence& p, Time t);
  void release_person(const PersonState& ps, Time t);
  void check_areas(Time t, std::span<const Presence> snapshot);
  void check_sos_after_snapshot(Time t);

  // leader_rules.cpp
  void roll_shift_window(Time t);
  void open_shift_window(Time t);
  void count_in_window(const Presence& p, const std::optional<CardCode>& card);
  void judge_shift_window();

  // mine_activity_rules.cpp
  bool mine_is_shut() const;
  void check_closed_mine(Time t, std::span<const Presence> snapshot);
  void update_closed_episode(Time t);
  void check_upload_gap(Time now);

  const RulePack& pack_;
  FindingSink& sink_;
  std::string mine_code_;
  MineStatus status_;
  std::vector<int> shifts_;  // minutes after local midnight, ascending
  Seconds overtime_limit_;
  std::uint32_t maintenance_allowance_;

  std::vector<PersonState> people_;       // sorted by card
  std::vector<AreaState> areas_;          // sorted by code
  std::vector<CardCode> roster_leaders_;  // RYXX 是否矿领导 = 1, sorted
  std::vector<SosState> open_sos_;
  std::array<SosState, 8> closed_sos_{};  // recently closed, so a resent RYQJ is not new
  std::size_t closed_sos_next_ = 0;
  std::vector<CounterState> counters_;
  ShiftWindow window_;
  Time judged_until_{};  // end of the last judged window: a late snapshot never reopens it

  bool have_snapshot_ = false;
  Time last_snapshot_{};
  std::uint32_t generation_ = 0;
  std::uint32_t underground_ = 0;

  // mine.activity_while_closed
  bool closed_open_ = false;
  Time closed_start_{};
  bool closed_people_ = false;   // the latest snapshot is evidence
  bool closed_counter_ = false;  // the latest counter sample rose
  std::uint32_t closed_peak_ = 0;

  // mine.upload_gap
  bool have_file_ = false;
  Time last_file_{};
  bool gap_open_ = false;
  Severity gap_severity_ = Severity::kYellow;

  std::uint64_t stale_snapshots_ = 0;
  std::uint64_t untracked_cards_ = 0;
};

}  // namespace mw::rules
