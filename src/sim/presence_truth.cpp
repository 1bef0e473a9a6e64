#include "sim/presence_truth.hpp"

#include <algorithm>

#include "sim/physics.hpp"
#include "sim/schedule.hpp"

namespace mw::sim {
namespace {

constexpr Seconds kFlap{300};        // rules.md B: re-opening within 5 minutes is one episode
constexpr int kWorkedHeadcount = 5;  // rules.md personnel.leader_absent

}  // namespace

PresenceTruth::PresenceTruth(const Mine& mine, const MineLayout& layout, const Roster& roster,
                             Time run_start)
    : mine_(mine),
      layout_(layout),
      roster_(roster),
      run_start_(run_start),
      area_count_(layout.areas.size(), 0),
      area_episodes_(layout.areas.size()) {}

Alarm PresenceTruth::make(AlarmKind kind, const std::string& subject, Time start,
                          Severity sev) const {
  Alarm a;
  a.mine = mine_.code;
  a.kind = kind;
  a.subject = subject;
  a.start = start;
  a.severity = sev;
  a.rule = "sim.truth";
  a.message = std::string(alarm_kind_name(kind));
  return a;
}

Time PresenceTruth::window_start(Time t) const {
  const int s = shift_index_at(mine_, t);
  Time start = china_midnight(china_day(t)) +
               std::chrono::minutes{mine_.shifts[static_cast<std::size_t>(s)]};
  if (start > t) start -= Seconds{86400};
  return start;
}

void PresenceTruth::begin_snapshot(Time t) {
  now_ = t;
  std::fill(area_count_.begin(), area_count_.end(), 0);
  underground_ = 0;
  leaders_now_.clear();
  const Time w = window_start(t);
  if (have_window_ && w != window_) judge_window();
  if (!have_window_ || w != window_) {
    window_ = w;
    have_window_ = true;
    window_snaps_ = window_worked_ = 0;
    window_leaders_.clear();
  }
}

void PresenceTruth::person(int worker, bool underground, int area, Time entry, Time area_entry) {
  if (!underground) return;
  ++underground_;
  ++area_count_[static_cast<std::size_t>(area)];
  const Worker& w = roster_.workers[static_cast<std::size_t>(worker)];
  if (w.person.leader) leaders_now_.push_back(worker);
  if (area == layout_.restricted_area && restricted_seen_.emplace(worker, area_entry).second) {
    done_.push_back(
        make(AlarmKind::kPersonnelRestrictedArea, w.person.card, area_entry, Severity::kOrange));
  }
  const Seconds limit = mine_.overtime_limit();
  if (now_ - entry > limit && overtime_seen_.emplace(worker, entry).second) {
    done_.push_back(
        make(AlarmKind::kPersonnelOvertime, w.person.card, entry + limit, Severity::kYellow));
  }
}

void PresenceTruth::track(Episode& e, bool over, bool red, Time t, AlarmKind kind,
                          const std::string& subject) {
  if (over) {
    if (!e.open) {
      if (!(e.any && t - e.closed <= kFlap)) {
        if (e.any) {
          done_.push_back(make(kind, subject, e.start,
                               e.red || kind == AlarmKind::kMineActivityWhileClosed
                                   ? Severity::kRed
                                   : Severity::kOrange));
        }
        e = Episode{};
        e.any = true;
        e.start = t;
      }
      e.open = true;
    }
    e.red |= red;
  } else if (e.open) {
    e.open = false;
    e.closed = t;
  }
}

void PresenceTruth::end_snapshot() {
  for (std::size_t a = 0; a < layout_.areas.size(); ++a) {
    const auto approved = static_cast<int>(layout_.areas[a].approved);
    if (approved <= 0) continue;
    const int n = area_count_[a];
    track(area_episodes_[a], n > approved, n * 10 > approved * 12, now_,
          AlarmKind::kPersonnelAreaOverLimit, layout_.areas[a].code);
  }
  const bool evidence = (mine_.status == MineStatus::kClosed && underground_ >= 1) ||
                        (mine_.status == MineStatus::kStopped &&
                         underground_ > static_cast<int>(mine_.maintenance_allowance));
  track(closed_episode_, evidence, true, now_, AlarmKind::kMineActivityWhileClosed, mine_.code);

  ++window_snaps_;
  if (underground_ >= kWorkedHeadcount) ++window_worked_;
  std::sort(leaders_now_.begin(), leaders_now_.end());
  leaders_now_.erase(std::unique(leaders_now_.begin(), leaders_now_.end()), leaders_now_.end());
  for (int l : leaders_now_) ++window_leaders_[l];
}

void PresenceTruth::run_ended(Time end) {
  if (!have_window_) return;
  // The window's end is the next shift start after it.
  const int s = shift_index_at(mine_, window_);
  const std::size_t next = static_cast<std::size_t>(s) + 1;
  const Time day_start = china_midnight(china_day(window_));
  const Time window_end =
      next < mine_.shifts.size()
          ? day_start + std::chrono::minutes{mine_.shifts[next]}
          : day_start + Seconds{86400} + std::chrono::minutes{mine_.shifts.front()};
  if (end >= window_end) {
    judge_window();
    have_window_ = false;
  }
}

void PresenceTruth::judge_window() {
  if (window_ < run_start_ || window_snaps_ == 0) return;
  const bool worked = window_worked_ * 2 >= window_snaps_;
  bool led = false;
  for (const auto& [leader, snaps] : window_leaders_) led |= snaps * 2 >= window_snaps_;
  if (worked && !led) {
    done_.push_back(
        make(AlarmKind::kPersonnelLeaderAbsent, mine_.code, window_, Severity::kOrange));
  }
}

std::vector<Alarm> PresenceTruth::alarms() const {
  std::vector<Alarm> out = done_;
  for (std::size_t a = 0; a < area_episodes_.size(); ++a) {
    const Episode& e = area_episodes_[a];
    if (e.any) {
      out.push_back(make(AlarmKind::kPersonnelAreaOverLimit, layout_.areas[a].code, e.start,
                         e.red ? Severity::kRed : Severity::kOrange));
    }
  }
  if (closed_episode_.any) {
    out.push_back(make(AlarmKind::kMineActivityWhileClosed, mine_.code, closed_episode_.start,
                       Severity::kRed));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Alarm& a, const Alarm& b) { return a.start < b.start; });
  return out;
}

}  // namespace mw::sim
