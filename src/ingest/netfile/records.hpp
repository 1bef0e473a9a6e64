#pragma once
// Typed records of every networking file type (netfile.md §2–3). Text fields are views into
// the UTF-8 buffer owned by the DecodedFile (or, for writers, by the caller). Each struct
// lists its fields once in `fields(self, f)`, calling f(name, member) in canonical order; the
// names are the vocabulary profiles use in their field maps and `inspect` prints.
//
// Member types: string_view = text (may be empty); Decimal / Time / int32 = required;
// std::optional<...> = may be empty in the file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/decimal.hpp"
#include "base/time.hpp"
#include "ingest/netfile/file_type.hpp"

namespace mw::netfile {

using Text = std::string_view;
using OptDecimal = std::optional<Decimal>;
using OptTime = std::optional<Time>;
using Int = std::int32_t;
using OptInt = std::optional<std::int32_t>;

// Segment 0 of a file. One per file, so it owns its text. Field names for profiles:
// mine_code, mine_name, system_model, system_name, vendor, cert_expiry, approved_total,
// person_count, switch_count, analog_count, upload_time, reserved.
struct Header {
  std::string mine_code;       // 煤矿编码
  std::string mine_name;       // 煤矿名称
  std::string system_model;    // 系统型号
  std::string system_name;     // 系统名称
  std::string vendor;          // 生产厂家
  std::string cert_expiry;     // 安标有效期 (a date, kept as written)
  std::string approved_total;  // RYXX: a number, maybe the approved total (kept as written)
  std::string person_count;    // legacy-params 人员数量 / legacy-a record count (as written)
  std::string switch_count;    // crlf-counts 开关量数
  std::string analog_count;    // crlf-counts 模拟量数
  std::optional<Time> upload_time;    // 上传时间 / 文件内容更新时间
  std::vector<std::string> reserved;  // fields the profile calls "reserved", in order
};

// CDDY 测点定义.
struct CddyRecord {
  static constexpr FileType kType = FileType::kCddy;
  Text point_code, system_code, outstation_code, sensor_type, value_kind, unit;
  OptDecimal range_high, range_low, alarm_high, alarm_high_release, alarm_low, alarm_low_release,
      cut_high, restore_high, cut_low, restore_low;
  Text on_text, off_text, location;
  OptDecimal x, y, z;
  Text relations;  // raw; see relations.hpp
  OptTime time;
  Text extra;  // fields matched by "..." in the profile, raw with their separators

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("point_code", s.point_code), f("system_code", s.system_code);
    f("outstation_code", s.outstation_code), f("sensor_type", s.sensor_type);
    f("value_kind", s.value_kind), f("unit", s.unit), f("range_high", s.range_high);
    f("range_low", s.range_low), f("alarm_high", s.alarm_high);
    f("alarm_high_release", s.alarm_high_release), f("alarm_low", s.alarm_low);
    f("alarm_low_release", s.alarm_low_release), f("cut_high", s.cut_high);
    f("restore_high", s.restore_high), f("cut_low", s.cut_low);
    f("restore_low", s.restore_low), f("on_text", s.on_text), f("off_text", s.off_text);
    f("location", s.location), f("x", s.x), f("y", s.y), f("z", s.z);
    f("relations", s.relations), f("time", s.time);
  }
};

// CDSS 测点实时. status is the 测点状态 bit set (netfile.md §2).
struct CdssRecord {
  static constexpr FileType kType = FileType::kCdss;
  Text point_code, sensor_type_name, location;
  Decimal value;
  Text unit;
  Int status = 0;
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("point_code", s.point_code), f("sensor_type_name", s.sensor_type_name);
    f("location", s.location), f("value", s.value), f("unit", s.unit);
    f("status", s.status), f("time", s.time);
  }
};

// TJSJ 测点统计.
struct TjsjRecord {
  static constexpr FileType kType = FileType::kTjsj;
  Text point_code, sensor_type_name, location, unit;
  Time start, end;
  OptDecimal max;
  OptTime max_time;
  OptDecimal min;
  OptTime min_time;
  OptDecimal avg;
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("point_code", s.point_code), f("sensor_type_name", s.sensor_type_name);
    f("location", s.location), f("unit", s.unit), f("start", s.start), f("end", s.end);
    f("max", s.max), f("max_time", s.max_time), f("min", s.min), f("min_time", s.min_time);
    f("avg", s.avg), f("time", s.time);
  }
};

// YCBJ 测点异常. An open event has no end (netfile.md §2).
struct YcbjRecord {
  static constexpr FileType kType = FileType::kYcbj;
  Text point_code, sensor_type_name, location, unit;
  Text abnormal_type;  // 异常类型 "001".."010"
  Time start;
  OptTime end;
  OptDecimal max;
  OptTime max_time;
  OptDecimal min;
  OptTime min_time;
  OptDecimal avg;
  Text reason, measures;  // 异常原因, 处理措施
  OptTime entry_time;     // 录入时间
  Text entered_by;        // 录入人
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("point_code", s.point_code), f("sensor_type_name", s.sensor_type_name);
    f("location", s.location), f("unit", s.unit), f("abnormal_type", s.abnormal_type);
    f("start", s.start), f("end", s.end), f("max", s.max), f("max_time", s.max_time);
    f("min", s.min), f("min_time", s.min_time), f("avg", s.avg), f("reason", s.reason);
    f("measures", s.measures), f("entry_time", s.entry_time);
    f("entered_by", s.entered_by), f("time", s.time);
  }
};

// FZDY 分站定义 (full list not found: profiles put "..." before the time).
struct FzdyRecord {
  static constexpr FileType kType = FileType::kFzdy;
  Text outstation_code, location;
  OptDecimal x, y, z;
  OptTime time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("outstation_code", s.outstation_code), f("location", s.location);
    f("x", s.x), f("y", s.y), f("z", s.z), f("time", s.time);
  }
};

// FZSS 分站实时: run_state 0 ok, 1 comms lost, 2 fault, 9 unknown; power_state 0 DC,
// 1 AC, 2 power fault, 9 unknown.
struct FzssRecord {
  static constexpr FileType kType = FileType::kFzss;
  Text outstation_code;
  Int run_state = 0, power_state = 0;
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("outstation_code", s.outstation_code), f("run_state", s.run_state);
    f("power_state", s.power_state), f("time", s.time);
  }
};

// RYQY 区域. approved_count = 核定人数, the area's approved headcount.
struct RyqyRecord {
  static constexpr FileType kType = FileType::kRyqy;
  Text area_type, area_code;
  OptInt approved_count;
  Text area_name;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("area_type", s.area_type), f("area_code", s.area_code);
    f("approved_count", s.approved_count), f("area_name", s.area_name);
  }
};

// RYJZ 基站.
struct RyjzRecord {
  static constexpr FileType kType = FileType::kRyjz;
  Text station_code, station_name;
  OptDecimal x, y, z;
  Text description;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("station_code", s.station_code), f("station_name", s.station_name);
    f("x", s.x), f("y", s.y), f("z", s.z), f("description", s.description);
  }
};

// RYXX 人员信息. "未设置" is a placeholder the mines use for unknown text.
struct RyxxRecord {
  static constexpr FileType kType = FileType::kRyxx;
  Text card, name, job, post, team, birth_date, education;
  OptInt is_leader, is_special;  // 是否矿领导, 是否特种人员 (0/1)
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("card", s.card), f("name", s.name), f("job", s.job), f("post", s.post);
    f("team", s.team), f("birth_date", s.birth_date), f("education", s.education);
    f("is_leader", s.is_leader), f("is_special", s.is_special);
  }
};

// RYSS 人员实时. in_mine_flag (出入井标志) 1 underground, 2 (or 0) came up. track (轨迹) is
// raw: iterate it with for_each_track_point (relations.hpp).
struct RyssRecord {
  static constexpr FileType kType = FileType::kRyss;
  Text card, name;
  Int in_mine_flag = 0;
  OptTime enter_time, exit_time;  // 入井时刻, 出井时刻
  Text area_code;                 // n-variant: may hold an area type
  OptTime area_enter_time;
  Text station_code;
  OptTime station_enter_time;
  Text work_pattern;    // 劳动组织方式, e.g. 三八制
  OptDecimal distance;  // 距基站距离
  Text work_state;      // 人员工作状态
  OptInt is_leader, is_special;
  Text track;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("card", s.card), f("name", s.name), f("in_mine_flag", s.in_mine_flag);
    f("enter_time", s.enter_time), f("exit_time", s.exit_time), f("area_code", s.area_code);
    f("area_enter_time", s.area_enter_time), f("station_code", s.station_code);
    f("station_enter_time", s.station_enter_time), f("work_pattern", s.work_pattern);
    f("distance", s.distance), f("work_state", s.work_state), f("is_leader", s.is_leader);
    f("is_special", s.is_special), f("track", s.track);
  }
};

// JZSS 基站实时 (states as FZSS).
struct JzssRecord {
  static constexpr FileType kType = FileType::kJzss;
  Text station_code;
  Int run_state = 0, power_state = 0;
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("station_code", s.station_code), f("run_state", s.run_state);
    f("power_state", s.power_state), f("time", s.time);
  }
};

// RYCS overtime / RYQJ SOS / RYXZ restricted area: one person's event.
template <FileType T>
struct PersonEventRecord {
  static constexpr FileType kType = T;
  Text card, name;
  OptTime enter_time;  // 入井时刻
  Time start;
  OptTime end;
  Text area_code;
  OptTime area_enter_time;
  Text station_code;
  OptTime station_enter_time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("card", s.card), f("name", s.name), f("enter_time", s.enter_time);
    f("start", s.start), f("end", s.end), f("area_code", s.area_code);
    f("area_enter_time", s.area_enter_time), f("station_code", s.station_code);
    f("station_enter_time", s.station_enter_time);
  }
};
using RycsRecord = PersonEventRecord<FileType::kRycs>;
using RyqjRecord = PersonEventRecord<FileType::kRyqj>;
using RyxzRecord = PersonEventRecord<FileType::kRyxz>;

// RYCY 超员.
struct RycyRecord {
  static constexpr FileType kType = FileType::kRycy;
  Text alarm_type;
  OptInt approved_count, current_count;  // 定员数, 当前总人数
  Text area_code, area_name;
  Time start;
  OptTime end;
  Text people;  // 区域人员集合, raw
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("alarm_type", s.alarm_type), f("approved_count", s.approved_count);
    f("current_count", s.current_count), f("area_code", s.area_code);
    f("area_name", s.area_name), f("start", s.start), f("end", s.end), f("people", s.people);
  }
};

// legacy-params RYCS 人员参数 (13 fields; certificates and expiries are '&'-joined).
struct PersonnelParamsRecord {
  static constexpr FileType kType = FileType::kPersonnelParams;
  Text card, name, id_number, post, team, own_staff, sex, education, marital, phone, address,
      certificates, certificate_expiry;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("card", s.card), f("name", s.name), f("id_number", s.id_number), f("post", s.post);
    f("team", s.team), f("own_staff", s.own_staff), f("sex", s.sex);
    f("education", s.education), f("marital", s.marital), f("phone", s.phone);
    f("address", s.address), f("certificates", s.certificates);
    f("certificate_expiry", s.certificate_expiry);
  }
};

// Drainage, hydrology, ZKSS: generic point series (netfile.md §2 "Other families").
struct PointSeriesRecord {
  static constexpr FileType kType = FileType::kPointSeries;
  Text point_code, sensor_type_name, location;
  OptDecimal value;
  Text unit;
  OptInt status;
  Time time;
  Text extra;

  template <class S, class F>
  static void fields(S& s, F&& f) {
    f("point_code", s.point_code), f("sensor_type_name", s.sensor_type_name);
    f("location", s.location), f("value", s.value), f("unit", s.unit);
    f("status", s.status), f("time", s.time);
  }
};

// One alternative per FileType, in FileType order (index == enum value).
using RecordList =
    std::variant<std::vector<CddyRecord>, std::vector<CdssRecord>, std::vector<TjsjRecord>,
                 std::vector<YcbjRecord>, std::vector<FzdyRecord>, std::vector<FzssRecord>,
                 std::vector<RyqyRecord>, std::vector<RyjzRecord>, std::vector<RyxxRecord>,
                 std::vector<RyssRecord>, std::vector<JzssRecord>, std::vector<RycsRecord>,
                 std::vector<RyqjRecord>, std::vector<RyxzRecord>, std::vector<RycyRecord>,
                 std::vector<PersonnelParamsRecord>, std::vector<PointSeriesRecord>>;
static_assert(std::variant_size_v<RecordList> == kFileTypeCount);

// An empty list of the right alternative for `t`.
RecordList empty_record_list(FileType t);
// Record field names of a kind, canonical order (for profile validation and docs).
std::vector<std::string_view> record_field_names(FileType t);
// True when `name` is a Header field name (or "reserved").
bool is_header_field_name(std::string_view name) noexcept;

}  // namespace mw::netfile
