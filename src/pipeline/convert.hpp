#pragma once
// Decoded networking records (views into a file's buffer) → the model's owned values that
// the catalog and the rules keep (netfile.md §2–3 → model/*.hpp).

#include <optional>
#include <string_view>

#include "base/time.hpp"
#include "ingest/netfile/profile.hpp"
#include "ingest/netfile/records.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "model/sample.hpp"

namespace mw::pipeline {

// A CDDY record. An unreadable sensor type becomes 0 (no rule applies to it); a missing
// 数据时间 takes `file_time`. Malformed relation groups are left out (the decoder already
// reported them as record.bad_relation).
PointDef to_point_def(const netfile::CddyRecord& r, netfile::RelationForm form, Time file_time);
Area to_area(const netfile::RyqyRecord& r);
Person to_person(const netfile::RyxxRecord& r);
// An RYSS record. A 出入井标志 other than 0/1/2 counts as "has come up": nobody is counted
// underground on a value the spec does not define.
Presence to_presence(const netfile::RyssRecord& r);
// An RYQJ (SOS) record as the person it is about, underground in its area.
Presence sos_presence(const netfile::RyqjRecord& r);
// A CDSS record's value and status.
Sample to_sample(const netfile::CdssRecord& r) noexcept;
// The sensor type whose Chinese name a CDSS record carries (传感器类型名称), e.g. "产量" →
// 3001; nullopt when no type has that name.
std::optional<std::uint16_t> sensor_type_by_name(std::string_view name_zh) noexcept;

}  // namespace mw::pipeline
