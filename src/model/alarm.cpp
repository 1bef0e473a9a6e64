#include "model/alarm.hpp"

#include <array>

#include "base/json.hpp"

namespace mw {
namespace {

struct KindInfo {
  AlarmKind kind;
  std::string_view name;
  AlarmSubject subject;
};

// rules.md part B, in its order.
constexpr std::array<KindInfo, 15> kKinds = {{
    {AlarmKind::kGasAlarm, "gas.alarm", AlarmSubject::kPoint},
    {AlarmKind::kGasPowerCutFailed, "gas.power_cut_failed", AlarmSubject::kPoint},
    {AlarmKind::kGasCoAlarm, "gas.co_alarm", AlarmSubject::kPoint},
    {AlarmKind::kSensorThresholdMisconfigured, "sensor.threshold_misconfigured",
     AlarmSubject::kPoint},
    {AlarmKind::kSensorFault, "sensor.fault", AlarmSubject::kPoint},
    {AlarmKind::kSensorFlatline, "sensor.flatline", AlarmSubject::kPoint},
    {AlarmKind::kSensorCalibrationSuspicious, "sensor.calibration_suspicious",
     AlarmSubject::kPoint},
    {AlarmKind::kMineUploadGap, "mine.upload_gap", AlarmSubject::kMine},
    {AlarmKind::kPersonnelAreaOverLimit, "personnel.area_over_limit", AlarmSubject::kArea},
    {AlarmKind::kPersonnelOvertime, "personnel.overtime", AlarmSubject::kCard},
    {AlarmKind::kPersonnelRestrictedArea, "personnel.restricted_area", AlarmSubject::kCard},
    {AlarmKind::kPersonnelSos, "personnel.sos", AlarmSubject::kCard},
    {AlarmKind::kPersonnelLeaderAbsent, "personnel.leader_absent", AlarmSubject::kMine},
    {AlarmKind::kMineActivityWhileClosed, "mine.activity_while_closed", AlarmSubject::kMine},
    {AlarmKind::kDataSuspectedFabrication, "data.suspected_fabrication", AlarmSubject::kMine},
}};

constexpr bool kinds_in_enum_order() {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (static_cast<std::size_t>(kKinds[i].kind) != i + 1) return false;
  }
  return true;
}
static_assert(kinds_in_enum_order(), "kKinds[i] must describe AlarmKind value i + 1");

constexpr std::array<AlarmKind, kKinds.size()> make_kind_list() {
  std::array<AlarmKind, kKinds.size()> out{};
  for (std::size_t i = 0; i < kKinds.size(); ++i) out[i] = kKinds[i].kind;
  return out;
}
constexpr auto kKindList = make_kind_list();

const KindInfo* info(AlarmKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  if (i == 0 || i > kKinds.size()) return nullptr;
  return &kKinds[i - 1];
}

}  // namespace

std::string_view severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::kBlue: return "blue";
    case Severity::kYellow: return "yellow";
    case Severity::kOrange: return "orange";
    case Severity::kRed: return "red";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view name) noexcept {
  if (name == "blue") return Severity::kBlue;
  if (name == "yellow") return Severity::kYellow;
  if (name == "orange") return Severity::kOrange;
  if (name == "red") return Severity::kRed;
  return std::nullopt;
}

std::string_view alarm_kind_name(AlarmKind kind) noexcept {
  const KindInfo* k = info(kind);
  return k ? k->name : "unknown";
}

std::optional<AlarmKind> parse_alarm_kind(std::string_view name) noexcept {
  for (const KindInfo& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

AlarmSubject alarm_subject(AlarmKind kind) noexcept {
  const KindInfo* k = info(kind);
  return k ? k->subject : AlarmSubject::kMine;
}

std::string_view alarm_subject_name(AlarmSubject subject) noexcept {
  switch (subject) {
    case AlarmSubject::kPoint: return "point";
    case AlarmSubject::kMine: return "mine";
    case AlarmSubject::kArea: return "area";
    case AlarmSubject::kCard: return "card";
  }
  return "unknown";
}

std::span<const AlarmKind> all_alarm_kinds() noexcept { return kKindList; }

void append_alarm_json(std::string& out, const Alarm& a) {
  JsonWriter w(out);
  w.begin_object();
  w.key("mine").value(a.mine);
  w.key("kind").value(alarm_kind_name(a.kind));
  w.key("subject").value(a.subject);
  w.key("severity").value(severity_name(a.severity));
  w.key("start").time_value(a.start);
  w.key("end");
  if (a.end) {
    w.time_value(*a.end);
  } else {
    w.null();
  }
  w.key("peak");
  if (a.peak) {
    w.value(*a.peak);
  } else {
    w.null();
  }
  w.key("rule").value(a.rule);
  w.key("message").value(a.message);
  w.end_object();
}

}  // namespace mw
