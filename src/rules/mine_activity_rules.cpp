// mine.activity_while_closed and mine.upload_gap (rules.md part B).

#include <algorithm>
#include <chrono>
#include <string>

#include "rules/mine_rules.hpp"

namespace mw::rules {

namespace {

// At most this many cards are listed as evidence (brief: bounded, ~20).
constexpr std::size_t kMaxEvidenceCards = 20;

std::string status_zh(MineStatus s) { return s == MineStatus::kClosed ? "关闭" : "停产"; }

}  // namespace

bool MineRules::mine_is_shut() const {
  return status_ == MineStatus::kStopped || status_ == MineStatus::kClosed;
}

void MineRules::check_closed_mine(Time t, std::span<const Presence> snapshot) {
  if (!mine_is_shut()) return;
  // A closed mine allows nobody; a stopped one its maintenance crew (mines.csv).
  const std::uint32_t allowed = status_ == MineStatus::kClosed ? 0 : maintenance_allowance_;
  closed_people_ = underground_ > allowed;
  if (!closed_people_) {
    update_closed_episode(t);
    return;
  }
  if (closed_open_ && underground_ <= closed_peak_) return;  // same episode, nothing new
  if (!closed_open_) closed_start_ = t;
  closed_open_ = true;
  closed_peak_ = std::max(closed_peak_, underground_);

  std::vector<EvidenceItem> ev;
  ev.push_back({mine_code_, t, std::to_string(underground_),
                "快照井下人数; 矿井状态 " + status_zh(status_) + ", 允许 " +
                    std::to_string(allowed) + " 人"});
  std::size_t listed = 0;
  for (const Presence& p : snapshot) {
    if (!p.underground() || listed == kMaxEvidenceCards) continue;
    ev.push_back({p.card, t, p.name, "在井下; 区域 " + p.area});
    ++listed;
  }
  if (underground_ > listed) {
    ev.push_back({mine_code_, t, std::to_string(underground_ - listed), "另有人员未列出"});
  }
  emit_raise(AlarmKind::kMineActivityWhileClosed, mine_code_, t, closed_start_, Severity::kRed,
             static_cast<double>(closed_peak_),
             "矿井状态为" + status_zh(status_) + ", 井下仍有" + std::to_string(underground_) + "人",
             std::move(ev));
}

void MineRules::on_output_counter(std::string_view point, const Sample& s) {
  if (!mine_is_shut() || is_faulty(s.status) || is_calibrating(s.status)) return;
  auto it = std::find_if(counters_.begin(), counters_.end(),
                         [&](const CounterState& c) { return c.point == point; });
  if (it == counters_.end()) {  // the first value: nothing to compare with yet
    counters_.push_back(CounterState{std::string(point), s.value, s.time, false});
    return;
  }
  if (s.time <= it->time) return;
  const Decimal before = it->last;
  const Time before_time = it->time;
  it->rising = s.value.compare(before) > 0;
  it->last = s.value;
  it->time = s.time;
  closed_counter_ = std::any_of(counters_.begin(), counters_.end(),
                                [](const CounterState& c) { return c.rising; });
  if (!it->rising) {
    update_closed_episode(s.time);
    return;
  }
  if (closed_open_) return;  // already open: the counter is more of the same evidence
  closed_open_ = true;
  closed_start_ = s.time;
  std::vector<EvidenceItem> ev;
  ev.push_back({std::string(point), s.time, format_decimal(s.value),
                "产量累计值上升; 上一值 " + format_decimal(before) + " (" +
                    format_china_time(before_time) + ")"});
  emit_raise(AlarmKind::kMineActivityWhileClosed, mine_code_, s.time, s.time, Severity::kRed,
             std::nullopt,
             "矿井状态为" + status_zh(status_) + ", 产量计数" + std::string(point) + "仍在上升",
             std::move(ev));
}

void MineRules::update_closed_episode(Time t) {
  if (!closed_open_ || closed_people_ || closed_counter_) return;
  closed_open_ = false;
  closed_peak_ = 0;
  emit_clear(AlarmKind::kMineActivityWhileClosed, mine_code_, t,
             "矿井井下人数已在允许范围内, 产量计数未再上升");
}

void MineRules::on_realtime_file(Time file_time) {
  if (have_file_ && file_time <= last_file_) return;  // stale: the gap is measured forward
  const Time gap_start = last_file_ + pack_.upload_gap.gap.value;
  have_file_ = true;
  last_file_ = file_time;
  if (!gap_open_) return;
  gap_open_ = false;
  gap_severity_ = Severity::kYellow;
  emit_clear(AlarmKind::kMineUploadGap, mine_code_, std::max(file_time, gap_start),
             "恢复上传实时数据, 文件时间 " + format_china_time(file_time));
}

void MineRules::check_upload_gap(Time now) {
  if (!have_file_ || now <= last_file_) return;
  const Seconds gap = now - last_file_;
  // Yellow past the gap time; orange once no file came for longer than orange_after.
  if (gap <= pack_.upload_gap.gap.value) return;
  const Severity sev =
      gap > pack_.upload_gap.orange_after.value ? Severity::kOrange : Severity::kYellow;
  if (gap_open_ && sev <= gap_severity_) return;
  gap_open_ = true;
  gap_severity_ = sev;
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(gap).count();
  std::vector<EvidenceItem> ev;
  ev.push_back({mine_code_, last_file_, format_china_time(last_file_), "最后一个实时数据文件"});
  ev.push_back({mine_code_, now, std::to_string(minutes), "至此未收到实时数据文件(分钟)"});
  // The message states the pack's limit that was passed; the evidence has the minutes so far.
  const Seconds limit =
      sev == Severity::kOrange ? pack_.upload_gap.orange_after.value : pack_.upload_gap.gap.value;
  emit_raise(AlarmKind::kMineUploadGap, mine_code_, now, last_file_ + pack_.upload_gap.gap.value,
             sev, std::nullopt,
             "自" + format_china_time(last_file_) + "起超过" +
                 std::to_string(std::chrono::duration_cast<std::chrono::minutes>(limit).count()) +
                 "分钟未上传实时数据",
             std::move(ev));
}

}  // namespace mw::rules
