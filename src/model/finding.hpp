#pragma once
// Finding: a rule's verdict about one (mine, kind, subject) at an event time. Rules emit
// findings; the alarms module turns them into episodes (rules.md part B: open once, may
// escalate, close once, flap merge). Rules know nothing of episodes, alarms nothing of how
// a finding was computed (architecture.md §2).

#include <optional>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "model/alarm.hpp"

namespace mw {

// One piece of evidence a supervisor can check: a sample, a snapshot count, a threshold.
// e.g. {"140421000111MN0003", t, "1.62", "%CH4 status=alarm"}.
struct EvidenceItem {
  std::string subject;  // a point, area, card or mine code
  Time time{};
  std::string value;  // as the mine wrote it
  std::string note;   // what it shows, short (units, status, threshold)

  friend bool operator==(const EvidenceItem&, const EvidenceItem&) = default;
};

struct Finding {
  enum class Edge : unsigned char {
    kRaise,  // the condition holds at `time`: opens an episode or updates/escalates it
    kClear,  // the condition stopped holding at `time`: the episode may close
  };
  Edge edge = Edge::kRaise;
  std::string mine;
  AlarmKind kind = AlarmKind::kGasAlarm;
  std::string subject;
  Time time{};   // event time of the evidence
  Time start{};  // kRaise: the episode start rules.md defines (may precede `time`)
  Severity severity = Severity::kBlue;
  std::optional<double> peak;
  std::string rule;     // rule id in the pack, e.g. "coal.ch4.coal_face"
  std::string message;  // Chinese, for people
  std::vector<EvidenceItem> evidence;
};

// Where rules send findings. Called on the owning shard's thread only.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void on_finding(Finding&& finding) = 0;
};

}  // namespace mw
