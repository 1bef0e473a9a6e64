#pragma once
// The detection scorer (contracts.md `minewatch score`): matches the alarms a replay reported
// against the incidents the simulator injected (truth.jsonl), one to one, per kind.
//   An expected alarm is found when a reported alarm has the same mine, kind and subject and
//   its start lies within the tolerance of the expected start: 2 min for gas.* and sensor.*,
//   10 min for personnel.*, mine.* and data.*. Each reported alarm matches at most one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "model/alarm.hpp"

namespace mw::sim {

// The fields of an alarm line the scorer uses.
struct AlarmKey {
  std::string mine;
  AlarmKind kind = AlarmKind::kGasAlarm;
  std::string subject;
  Time start{};
};

// Parses JSON lines in the alarm format of rules.md part B (other fields are ignored; blank
// lines are skipped). An error names `origin`, the line and what is wrong.
Result<std::vector<AlarmKey>> parse_alarm_lines(std::string_view text, std::string_view origin);

// contracts.md tolerances, by the kind's family.
Seconds match_tolerance(AlarmKind kind) noexcept;

struct KindScore {
  std::string kind;  // "gas.alarm", or "overall"
  int expected = 0, found = 0, missed = 0, false_alarms = 0;
  std::optional<double> recall;     // found / expected; none when nothing was expected
  std::optional<double> precision;  // found / reported; none when nothing was reported
};

struct ScoreReport {
  std::vector<KindScore> kinds;  // every kind seen in truth or alarms, in registry order
  KindScore overall;
};

// Maximum one-to-one matching: within each (mine, kind, subject), expected alarms in start
// order each take the earliest unmatched reported alarm inside their tolerance window; with
// windows of equal width this greedy sweep finds the largest possible matching.
ScoreReport score(const std::vector<AlarmKey>& truth, const std::vector<AlarmKey>& reported);

// A fixed-width table, one row per kind plus "overall".
std::string format_score_table(const ScoreReport& report);
// {"kinds":[{"kind":…,"expected":…,"found":…,"missed":…,"false_alarms":…,"recall":…,
// "precision":…}…],"overall":{…}} — recall/precision null when undefined.
std::string format_score_json(const ScoreReport& report);

}  // namespace mw::sim
