#pragma once
// Alarms: the one registry of alarm kinds (rules.md part B, a contract) and the alarm
// record as replay writes it (contracts.md `minewatch replay`).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/time.hpp"

namespace mw {

// Four-colour levels (rules.md A6), ordered: blue < yellow < orange < red.
enum class Severity : std::uint8_t { kBlue = 0, kYellow = 1, kOrange = 2, kRed = 3 };
// "blue" | "yellow" | "orange" | "red"
std::string_view severity_name(Severity s) noexcept;
std::optional<Severity> parse_severity(std::string_view name) noexcept;

// Every alarm kind minewatch emits. DO NOT renumber and never reuse a name for another
// meaning: values are stored, names are read by tools outside the code (style.md §12).
enum class AlarmKind : std::uint8_t {
  kGasAlarm = 1,                      // gas.alarm
  kGasPowerCutFailed = 2,             // gas.power_cut_failed
  kGasCoAlarm = 3,                    // gas.co_alarm
  kSensorThresholdMisconfigured = 4,  // sensor.threshold_misconfigured
  kSensorFault = 5,                   // sensor.fault
  kSensorFlatline = 6,                // sensor.flatline
  kSensorCalibrationSuspicious = 7,   // sensor.calibration_suspicious
  kMineUploadGap = 8,                 // mine.upload_gap
  kPersonnelAreaOverLimit = 9,        // personnel.area_over_limit
  kPersonnelOvertime = 10,            // personnel.overtime
  kPersonnelRestrictedArea = 11,      // personnel.restricted_area
  kPersonnelSos = 12,                 // personnel.sos
  kPersonnelLeaderAbsent = 13,        // personnel.leader_absent
  kMineActivityWhileClosed = 14,      // mine.activity_while_closed
  kDataSuspectedFabrication = 15,     // data.suspected_fabrication
};

// What an alarm's `subject` is a code of (rules.md part B, column "subject").
enum class AlarmSubject : std::uint8_t { kPoint, kMine, kArea, kCard };

std::string_view alarm_kind_name(AlarmKind kind) noexcept;  // "gas.alarm", ...
std::optional<AlarmKind> parse_alarm_kind(std::string_view name) noexcept;
AlarmSubject alarm_subject(AlarmKind kind) noexcept;
// "point" | "mine" | "area" | "card"
std::string_view alarm_subject_name(AlarmSubject subject) noexcept;
// Every kind, in enum order.
std::span<const AlarmKind> all_alarm_kinds() noexcept;

// One alarm episode (rules.md part B): opens once, may escalate, closes once.
struct Alarm {
  std::string mine;  // mine code
  AlarmKind kind = AlarmKind::kGasAlarm;
  std::string subject;                  // point, mine, area or card code (alarm_subject(kind))
  Time start{};                         // event time
  std::optional<Time> end;              // empty while active
  Severity severity = Severity::kBlue;  // the highest reached
  std::optional<double> peak;           // max value, where one applies
  std::string rule;                     // rule id in the pack
  std::string message;                  // Chinese, for people

  friend bool operator==(const Alarm&, const Alarm&) = default;
};

// Appends the replay contract line (contracts.md): {"mine","kind","subject","severity",
// "start","end","peak","rule","message"} in that order, times ISO 8601 +08:00, end and
// peak null when absent. No trailing newline.
void append_alarm_json(std::string& out, const Alarm& alarm);

}  // namespace mw
