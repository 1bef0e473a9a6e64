// personnel.leader_absent (rules.md part B; 国家安全监管总局令第33号: a mine leader goes down
// with every shift): a shift window that was worked and led by nobody, judged when it ends.

#include <algorithm>
#include <string>

#include "rules/mine_rules.hpp"
#include "rules/ratio.hpp"

namespace mw::rules {

namespace {

constexpr Seconds kDay{24 * 3600};
// At most this many leader cards are listed as evidence (brief: bounded, ~20).
constexpr std::size_t kMaxEvidenceLeaders = 20;

// "08:00" China local of a UTC instant.
std::string local_hhmm(Time t) { return format_china_time(t).substr(11, 5); }

}  // namespace

void MineRules::roll_shift_window(Time t) {
  if (window_.active && t >= window_.end) judge_shift_window();
  // A snapshot older than the last judged window's end (the clock ran ahead of it) has no
  // window left to count in.
  if (!window_.active && t >= judged_until_) open_shift_window(t);
}

void MineRules::open_shift_window(Time t) {
  if (shifts_.empty()) return;
  // Shift starts are China local wall times; a window runs to the next start, so the last
  // one of the day crosses midnight into the next day's first start.
  const Time local = t + kChinaOffset;
  const Time local_day = std::chrono::floor<std::chrono::days>(local);
  const auto minute = std::chrono::duration_cast<std::chrono::minutes>(local - local_day).count();
  auto next = std::upper_bound(shifts_.begin(), shifts_.end(), minute);
  Time start_local, end_local;
  if (next == shifts_.begin()) {  // before the day's first start: yesterday's last window
    start_local = local_day - kDay + std::chrono::minutes(shifts_.back());
    end_local = local_day + std::chrono::minutes(shifts_.front());
  } else {
    start_local = local_day + std::chrono::minutes(*(next - 1));
    end_local = next == shifts_.end() ? local_day + kDay + std::chrono::minutes(shifts_.front())
                                      : local_day + std::chrono::minutes(*next);
  }
  window_.active = true;
  window_.start = start_local - kChinaOffset;
  window_.end = end_local - kChinaOffset;
  // Joining in the middle of a window (the first data of a replay) would judge a shift on
  // part of its snapshots; a first snapshot within the upload-gap time of the start still
  // covers it (RYSS comes about every 5 min, netfile.md §3).
  window_.observed_from_start = have_snapshot_ || t - window_.start <= pack_.upload_gap.gap.value;
  window_.tally_overflow = false;
  window_.snapshots = 0;
  window_.worked = 0;
  window_.leaders.clear();
}

void MineRules::count_in_window(const Presence& p, const std::optional<CardCode>& card) {
  if (!window_.active || !card || !is_leader(p, card)) return;
  auto it = std::find_if(window_.leaders.begin(), window_.leaders.end(),
                         [&](const LeaderTally& l) { return l.card == *card; });
  if (it != window_.leaders.end()) {
    ++it->snapshots;
  } else if (window_.leaders.size() < kMaxLeaderTallies) {
    window_.leaders.push_back(LeaderTally{*card, 1});
  } else {
    window_.tally_overflow = true;  // unjudgeable: a leader we could not tally may have led
  }
}

void MineRules::judge_shift_window() {
  window_.active = false;
  judged_until_ = window_.end;
  const ShiftWindow& w = window_;
  if (!w.observed_from_start || w.snapshots == 0 || w.tally_overflow) return;
  const Decimal fraction = pack_.leader_absent.min_fraction.value;
  if (!at_least_fraction(w.worked, w.snapshots, fraction)) return;  // not a worked shift
  for (const LeaderTally& l : w.leaders) {
    if (at_least_fraction(l.snapshots, w.snapshots, fraction)) return;  // led
  }

  const std::string span = format_china_time(w.start).substr(0, 16) + "至" + local_hhmm(w.end);
  std::vector<EvidenceItem> ev;
  ev.push_back(
      {mine_code_, w.end, std::to_string(w.worked) + "/" + std::to_string(w.snapshots),
       "井下≥" + std::to_string(pack_.leader_absent.min_people.value) + "人的快照数/本班快照数"});
  std::vector<LeaderTally> seen = w.leaders;
  std::stable_sort(seen.begin(), seen.end(), [](const LeaderTally& a, const LeaderTally& b) {
    return a.snapshots > b.snapshots;
  });
  if (seen.size() > kMaxEvidenceLeaders) seen.resize(kMaxEvidenceLeaders);
  for (const LeaderTally& l : seen) {
    ev.push_back({std::string(l.card.view()), w.end,
                  std::to_string(l.snapshots) + "/" + std::to_string(w.snapshots),
                  "矿领导在井下的快照数, 不足" + format_decimal(fraction) + "×本班快照数"});
  }
  if (w.leaders.empty()) ev.push_back({mine_code_, w.end, "0", "本班快照中未见矿领导"});
  emit_raise(AlarmKind::kPersonnelLeaderAbsent, mine_code_, w.end, w.start, Severity::kOrange,
             std::nullopt, span + "班次井下有人作业, 无矿领导带班下井", std::move(ev));
  // The finding is about a shift that is over: its episode ends with the window.
  emit_clear(AlarmKind::kPersonnelLeaderAbsent, mine_code_, w.end, span + "班次已结束");
}

}  // namespace mw::rules
