#include "sim/event_files.hpp"

#include <array>
#include <string_view>

#include "model/sample.hpp"

namespace mw::sim {
namespace {

// 异常类型 (netfile.md §2) with the cause and measures a dispatcher enters once it ends.
struct EventType {
  std::string_view code, reason, measures;
};
constexpr std::array<EventType, 5> kTypes{{
    {"001", "监测值超过报警门限", "加强通风，查明原因，撤出作业人员"},
    {"002", "瓦斯超限断电", "断电撤人，排放瓦斯后复电"},
    {"004", "传感器故障", "更换传感器探头"},
    {"006", "分站通信中断", "检查分站通信线路"},
    {"007", "传感器定期标校", "标校完成，恢复监测"},
}};
constexpr std::string_view kEnteredBy = "调度室值班员";
constexpr Seconds kEntryDelay{180};  // the dispatcher enters an ended event a few minutes on

}  // namespace

AbnormalLog::AbnormalLog(const MineLayout& layout)
    : layout_(layout), events_(layout.points.size() * kTypes.size()) {}

void AbnormalLog::sample(std::size_t point, Decimal value, std::uint16_t status, Time t) {
  const SimPoint& p = layout_.points[point];
  const bool reading = !is_faulty(status) && !is_calibrating(status);
  const std::optional<Decimal>& alarm = p.def.thresholds.high_alarm;
  const bool analog = p.def.value_kind != ValueKind::kSwitch;
  const std::array<bool, kTypes.size()> now{
      analog && reading && alarm && value.compare(*alarm) >= 0,
      (status & kStatusPowerCut) != 0,
      (status & kStatusSensorFault) != 0,
      (status & kStatusOutstationFault) != 0,
      is_calibrating(status),
  };
  for (std::size_t k = 0; k < kTypes.size(); ++k) {
    Event& e = events_[point * kTypes.size() + k];
    if (!now[k]) {
      if (e.on) changes_.push_back({point, static_cast<int>(k), e, t});
      e.on = false;
      continue;
    }
    if (!e.on) {
      e = Event{true, t, t, t, value, value, 0, 0};
      changes_.push_back({point, static_cast<int>(k), e, std::nullopt});
    }
    if (value.compare(e.max) > 0) e.max = value, e.max_time = t;
    if (value.compare(e.min) < 0) e.min = value, e.min_time = t;
    e.sum += value.to_double();
    ++e.n;
  }
}

bool AbnormalLog::take(Time upload, std::vector<netfile::YcbjRecord>& out) {
  out.clear();
  for (const Change& c : changes_) {
    const SimPoint& p = layout_.points[c.point];
    const EventType& type = kTypes[static_cast<std::size_t>(c.type)];
    netfile::YcbjRecord r;
    r.point_code = p.def.code;
    r.sensor_type_name = p.type_name;
    r.location = p.def.location;
    r.unit = p.def.unit;
    r.abnormal_type = type.code;
    r.start = c.event.start;
    r.end = c.end;
    if (c.event.n > 0) {
      r.max = c.event.max;
      r.max_time = c.event.max_time;
      r.min = c.event.min;
      r.min_time = c.event.min_time;
      r.avg = decimal_from_double(c.event.sum / c.event.n, p.scale);
    }
    if (c.end) {
      r.reason = type.reason;
      r.measures = type.measures;
      r.entry_time = *c.end + kEntryDelay;
      r.entered_by = kEnteredBy;
    }
    r.time = upload;
    out.push_back(r);
  }
  changes_.clear();
  return !out.empty();
}

PersonnelEvents::PersonnelEvents(const Mine& mine, const MineLayout& layout, const Roster& roster)
    : mine_(mine),
      layout_(layout),
      roster_(roster),
      in_area_(layout.areas.size()),
      over_since_(layout.areas.size()) {}

void PersonnelEvents::snapshot(Time previous, Time t, const std::deque<Trip>& trips) {
  rycs_.clear();
  ryxz_.clear();
  rycy_.clear();
  people_.clear();
  for (auto& list : in_area_) list.clear();
  const Seconds limit = mine_.overtime_limit();
  auto area_of = [&](int station) {
    return layout_.station_area[static_cast<std::size_t>(station)];
  };
  for (const Trip& trip : trips) {
    if (trip.entry > t || trip.exit <= previous) continue;
    const Person& who = roster_.workers[static_cast<std::size_t>(trip.worker)].person;
    const std::size_t at = trip.hop_at(t);
    if (trip.underground_at(t))
      in_area_[static_cast<std::size_t>(area_of(trip.hops[at].station))].push_back(trip.worker);
    auto event = [&](auto& r, Time start, Time end, std::size_t hop) {
      r.card = who.card;
      r.name = who.name;
      r.enter_time = trip.entry;
      r.start = start;
      if (end <= t) r.end = end;
      const int area = area_of(trip.hops[hop].station);
      std::size_t first = hop;
      while (first > 0 && area_of(trip.hops[first - 1].station) == area) --first;
      r.area_code = layout_.areas[static_cast<std::size_t>(area)].code;
      r.area_enter_time = trip.hops[first].arrive;
      r.station_code = layout_.stations[static_cast<std::size_t>(trip.hops[hop].station)].code;
      r.station_enter_time = trip.hops[hop].arrive;
    };
    // Overtime from entry + limit until the person comes up.
    if (trip.entry + limit <= t && trip.exit > trip.entry + limit) {
      netfile::RycsRecord r;
      event(r, trip.entry + limit, trip.exit, at);
      rycs_.push_back(r);
    }
    // Each stay in the restricted area that overlaps (previous, t].
    for (std::size_t k = 0; k + 1 < trip.hops.size(); ++k) {
      const Hop& h = trip.hops[k];
      if (area_of(h.station) != layout_.restricted_area) continue;
      const Time until = trip.hops[k + 1].arrive;
      if (h.arrive > t || until <= previous) continue;
      netfile::RyxzRecord r;
      event(r, h.arrive, until, k);
      ryxz_.push_back(r);
    }
  }
  // Key areas over their approved headcount: one record per snapshot while it lasts, and
  // the closing one.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t a = 0; a < layout_.areas.size(); ++a) {
    const Area& area = layout_.areas[a];
    const auto n = static_cast<std::int64_t>(in_area_[a].size());
    const bool over = area.approved > 0 && n > static_cast<std::int64_t>(area.approved);
    if (!over && !over_since_[a]) continue;
    if (over && !over_since_[a]) over_since_[a] = t;
    netfile::RycyRecord r;
    r.alarm_type = "1";
    r.approved_count = static_cast<netfile::Int>(area.approved);
    r.current_count = static_cast<netfile::Int>(n);
    r.area_code = area.code;
    r.area_name = area.name;
    r.start = *over_since_[a];
    if (!over) {
      r.end = t;
      over_since_[a].reset();
    }
    const std::size_t begin = people_.size();
    for (int w : in_area_[a]) {
      if (people_.size() > begin) people_ += ',';
      people_ += roster_.workers[static_cast<std::size_t>(w)].person.card;
    }
    spans.emplace_back(begin, people_.size() - begin);
    rycy_.push_back(r);
  }
  // The buffer is complete: only now can views into it be taken.
  for (std::size_t k = 0; k < rycy_.size(); ++k) {
    rycy_[k].people = std::string_view(people_).substr(spans[k].first, spans[k].second);
  }
}

}  // namespace mw::sim
