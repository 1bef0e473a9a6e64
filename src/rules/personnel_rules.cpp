// personnel.area_over_limit, personnel.overtime, personnel.restricted_area, personnel.sos
// (rules.md part B).

#include <algorithm>
#include <chrono>
#include <string>

#include "rules/mine_rules.hpp"
#include "rules/ratio.hpp"

namespace mw::rules {

namespace {

// At most this many cards are listed as evidence of one finding (brief: bounded, ~20).
constexpr std::size_t kMaxEvidenceCards = 20;

std::string who(const Presence& p) { return p.name.empty() ? p.card : p.name + "(" + p.card + ")"; }

// "9小时59分"
std::string hours_minutes(Seconds d) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  std::string out = std::to_string(minutes / 60) + "小时";
  if (minutes % 60 != 0) out += std::to_string(minutes % 60) + "分";
  return out;
}

}  // namespace

void MineRules::check_person(PersonState& ps, const Presence& p, Time t) {
  ps.entry = p.entry_time;

  // personnel.overtime: underground for the mine's limit or longer at this snapshot.
  const bool over = overtime_limit_ > Seconds{0} && p.entry_time > Time{} && p.entry_time <= t &&
                    t - p.entry_time >= overtime_limit_;
  if (over && (ps.flags & kOvertimeOpen) == 0) {
    ps.flags |= kOvertimeOpen;
    std::vector<EvidenceItem> ev;
    ev.push_back({p.card, t, format_china_time(p.entry_time),
                  "入井时刻; 至快照已在井下" + hours_minutes(t - p.entry_time) + ", 限" +
                      hours_minutes(overtime_limit_)});
    emit_raise(AlarmKind::kPersonnelOvertime, p.card, t, p.entry_time + overtime_limit_,
               Severity::kYellow, std::nullopt,
               "人员" + who(p) + "于" + format_china_time(p.entry_time) + "入井, 超过" +
                   hours_minutes(overtime_limit_) + "未出井",
               std::move(ev));
  } else if (!over && (ps.flags & kOvertimeOpen) != 0) {
    ps.flags &= static_cast<std::uint8_t>(~kOvertimeOpen);
    emit_clear(AlarmKind::kPersonnelOvertime, p.card, t, "人员" + who(p) + "入井时刻已更新");
  }

  // personnel.restricted_area: in an area of type 限制区域, from the time of entering it.
  const bool restricted = in_restricted_area(p);
  if (restricted && (ps.flags & kRestrictedOpen) == 0) {
    ps.flags |= kRestrictedOpen;
    const Time start = p.area_entry_time > Time{} && p.area_entry_time <= t ? p.area_entry_time : t;
    ps.restricted_start = start;
    std::vector<EvidenceItem> ev;
    ev.push_back({p.card, t, p.area,
                  "所在区域(限制区域); 进入区域时刻 " + format_china_time(p.area_entry_time)});
    if (!p.station.empty()) ev.push_back({p.card, t, p.station, "所在基站"});
    emit_raise(AlarmKind::kPersonnelRestrictedArea, p.card, t, start, Severity::kOrange,
               std::nullopt, "人员" + who(p) + "进入限制区域" + area_label(p.area), std::move(ev));
  } else if (!restricted && (ps.flags & kRestrictedOpen) != 0) {
    ps.flags &= static_cast<std::uint8_t>(~kRestrictedOpen);
    emit_clear(AlarmKind::kPersonnelRestrictedArea, p.card, t,
               "人员" + who(p) + "已离开限制区域, 现在" + p.area);
  }
}

void MineRules::release_person(const PersonState& ps, Time t) {
  const std::string card(ps.card.view());
  if ((ps.flags & kOvertimeOpen) != 0) {
    emit_clear(AlarmKind::kPersonnelOvertime, card, t, "人员" + card + "已出井");
  }
  if ((ps.flags & kRestrictedOpen) != 0) {
    emit_clear(AlarmKind::kPersonnelRestrictedArea, card, t, "人员" + card + "已出井");
  }
}

void MineRules::check_areas(Time t, std::span<const Presence> snapshot) {
  const Decimal red_factor = pack_.area_over_limit.red_factor.value;
  for (AreaState& a : areas_) {
    Severity sev = Severity::kBlue;  // kBlue: within the limit
    if (a.approved > 0 && a.count > a.approved) {
      sev = exceeds_multiple(a.count, a.approved, red_factor) ? Severity::kRed : Severity::kOrange;
    }
    if (sev == Severity::kBlue) {
      if (a.is_open) {
        a.is_open = false;
        emit_clear(AlarmKind::kPersonnelAreaOverLimit, a.code, t,
                   "区域" + a.name + "(" + a.code + ")人数" + std::to_string(a.count) +
                       ", 已不超过核定人数" + std::to_string(a.approved));
      }
      continue;
    }
    if (!a.is_open) {
      a.is_open = true;
      a.start = t;
      a.open = sev;
      a.peak = a.count;
    } else if (sev > a.open || a.count > a.peak) {
      a.open = std::max(a.open, sev);
      a.peak = std::max(a.peak, a.count);
    } else {
      continue;  // same episode, nothing new
    }

    std::vector<EvidenceItem> ev;
    ev.push_back({a.code, t, std::to_string(a.count),
                  "快照井下人数; 核定人数 " + std::to_string(a.approved) + "; 红色线 > " +
                      format_decimal(red_factor) + "×核定"});
    std::size_t listed = 0, more = 0;
    for (const Presence& p : snapshot) {
      if (!p.underground() || p.area != a.code) continue;
      if (listed < kMaxEvidenceCards) {
        ev.push_back({p.card, t, p.name, "在该区域"});
        ++listed;
      } else {
        ++more;
      }
    }
    if (more > 0) ev.push_back({a.code, t, std::to_string(more), "另有人员未列出"});
    std::string msg = "区域" + a.name + "(" + a.code + ")井下" + std::to_string(a.count) +
                      "人, 超过核定人数" + std::to_string(a.approved) + "人";
    if (a.open == Severity::kRed) msg += ", 超核定人数20%以上(重大事故隐患)";
    emit_raise(AlarmKind::kPersonnelAreaOverLimit, a.code, t, a.start, a.open,
               static_cast<double>(a.peak), std::move(msg), std::move(ev));
  }
}

void MineRules::on_sos(const Presence& p, Time start, std::optional<Time> end) {
  const auto card = CardCode::from(p.card);
  const bool ended = end && *end >= start;
  if (card) {
    auto it = std::find_if(open_sos_.begin(), open_sos_.end(),
                           [&](const SosState& s) { return s.card == *card; });
    if (it != open_sos_.end()) {  // already open: no duplicate, but an end closes it
      if (end && *end >= it->start) {
        emit_clear(AlarmKind::kPersonnelSos, p.card, *end, "人员" + who(p) + "求救结束");
        closed_sos_[closed_sos_next_++ % closed_sos_.size()] = *it;
        open_sos_.erase(it);
      }
      return;
    }
    // The same record sent again after its SOS closed is not a new SOS.
    for (const SosState& s : closed_sos_) {
      if (s.card == *card && s.start == start) return;
    }
  }
  std::vector<EvidenceItem> ev;
  ev.push_back({p.card, start, p.area, "求救开始; 所在区域"});
  if (!p.station.empty()) ev.push_back({p.card, start, p.station, "所在基站"});
  if (ended) ev.push_back({p.card, *end, format_china_time(*end), "求救结束"});
  emit_raise(AlarmKind::kPersonnelSos, p.card, start, start, Severity::kRed, std::nullopt,
             "人员" + who(p) + "在" + (p.area.empty() ? std::string("井下") : area_label(p.area)) +
                 "发出求救信号",
             std::move(ev));
  if (ended) {
    emit_clear(AlarmKind::kPersonnelSos, p.card, *end, "人员" + who(p) + "求救结束");
    if (card) closed_sos_[closed_sos_next_++ % closed_sos_.size()] = SosState{*card, start};
  } else if (card) {
    open_sos_.push_back(SosState{*card, start});
  }
}

void MineRules::check_sos_after_snapshot(Time t) {
  // An SOS without an end closes when its card is no longer underground.
  std::erase_if(open_sos_, [&](const SosState& s) {
    if (t <= s.start || find_person(s.card) != nullptr) return false;
    const std::string card(s.card.view());
    emit_clear(AlarmKind::kPersonnelSos, card, t, "人员" + card + "已不在井下, 求救结束");
    closed_sos_[closed_sos_next_++ % closed_sos_.size()] = s;
    return true;
  });
}

}  // namespace mw::rules
