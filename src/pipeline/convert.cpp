#include "pipeline/convert.hpp"

#include <string>

#include "ingest/netfile/relations.hpp"
#include "model/sensor_type.hpp"

namespace mw::pipeline {
namespace {

std::string own(std::string_view s) { return std::string(s); }

bool is_one(const netfile::OptInt& v) noexcept { return v && *v == 1; }

}  // namespace

PointDef to_point_def(const netfile::CddyRecord& r, netfile::RelationForm form, Time file_time) {
  PointDef d;
  d.code = own(r.point_code);
  d.system_code = own(r.system_code);
  d.outstation = own(r.outstation_code);
  d.sensor_type = parse_sensor_type_code(r.sensor_type).value_or(0);
  d.value_kind = parse_value_kind(r.value_kind).value_or(ValueKind::kAnalog);
  d.unit = own(r.unit);
  d.range_high = r.range_high;
  d.range_low = r.range_low;
  d.thresholds.high_alarm = r.alarm_high;
  d.thresholds.high_alarm_release = r.alarm_high_release;
  d.thresholds.low_alarm = r.alarm_low;
  d.thresholds.low_alarm_release = r.alarm_low_release;
  d.thresholds.high_cut = r.cut_high;
  d.thresholds.high_restore = r.restore_high;
  d.thresholds.low_cut = r.cut_low;
  d.thresholds.low_restore = r.restore_low;
  d.text_on = own(r.on_text);
  d.text_off = own(r.off_text);
  d.location = own(r.location);
  d.x = r.x;
  d.y = r.y;
  d.z = r.z;
  for (const netfile::Relation& rel : netfile::parse_relations(r.relations, form).relations) {
    const auto kind = relation_kind_from_letter(netfile::relation_code(rel.kind));
    if (!kind) continue;
    Relation m;
    m.kind = *kind;
    m.point = form == netfile::RelationForm::kIdOnly ? d.code : own(rel.point);
    m.name = own(rel.name);
    // crlf-counts writes only `D-<id>`: the id is the point acted on.
    m.target_point = rel.target.empty() ? own(rel.point) : own(rel.target);
    d.relations.push_back(std::move(m));
  }
  d.time = r.time.value_or(file_time);
  return d;
}

Area to_area(const netfile::RyqyRecord& r) {
  Area a;
  a.code = own(r.area_code);
  a.type = parse_area_type(r.area_type);
  a.approved =
      r.approved_count && *r.approved_count > 0 ? static_cast<std::uint32_t>(*r.approved_count) : 0;
  a.name = own(r.area_name);
  return a;
}

Person to_person(const netfile::RyxxRecord& r) {
  Person p;
  p.card = own(r.card);
  p.name = own(r.name);
  p.job = own(r.job);
  p.post = own(r.post);
  p.team = own(r.team);
  p.birth_date = own(r.birth_date);
  p.education = own(r.education);
  p.leader = is_one(r.is_leader);
  p.special = is_one(r.is_special);
  return p;
}

Presence to_presence(const netfile::RyssRecord& r) {
  Presence p;
  p.card = own(r.card);
  p.name = own(r.name);
  switch (r.in_mine_flag) {
    case 0: p.flag = UndergroundFlag::kSurfacedZero; break;
    case 1: p.flag = UndergroundFlag::kUnderground; break;
    default: p.flag = UndergroundFlag::kSurfaced; break;
  }
  p.entry_time = r.enter_time.value_or(Time{});
  p.exit_time = r.exit_time;
  p.area = own(r.area_code);
  p.area_entry_time = r.area_enter_time.value_or(Time{});
  p.station = own(r.station_code);
  p.station_entry_time = r.station_enter_time.value_or(Time{});
  p.labour_organisation = own(r.work_pattern);
  p.distance = r.distance;
  p.work_state = own(r.work_state);
  p.leader = is_one(r.is_leader);
  p.special = is_one(r.is_special);
  netfile::for_each_track_point(r.track, [&](const netfile::TrackPoint& t) {
    p.track.push_back(TrackPoint{own(t.station), t.time});
  });
  return p;
}

Presence sos_presence(const netfile::RyqjRecord& r) {
  Presence p;
  p.card = own(r.card);
  p.name = own(r.name);
  p.flag = UndergroundFlag::kUnderground;
  p.entry_time = r.enter_time.value_or(Time{});
  p.area = own(r.area_code);
  p.area_entry_time = r.area_enter_time.value_or(Time{});
  p.station = own(r.station_code);
  p.station_entry_time = r.station_enter_time.value_or(Time{});
  return p;
}

Sample to_sample(const netfile::CdssRecord& r) noexcept {
  // The decoder admits statuses 0..255 only (codec_monitoring.cpp), so this cannot narrow.
  return Sample{r.time, r.value, static_cast<std::uint16_t>(r.status & 0xffff)};
}

std::optional<std::uint16_t> sensor_type_by_name(std::string_view name_zh) noexcept {
  if (name_zh.empty()) return std::nullopt;
  for (const SensorType& t : all_sensor_types()) {
    if (t.name_zh == name_zh) return t.code;
  }
  return std::nullopt;
}

}  // namespace mw::pipeline
