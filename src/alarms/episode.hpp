#pragma once
// Alarm episodes (rules.md part B: "one alarm = one episode: it opens once, may escalate,
// and closes once"): the record the EpisodeTracker keeps for each, and the AlarmSink that
// hears about them (serve pushes these events to the WebSocket live bus).

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "model/alarm.hpp"
#include "model/finding.hpp"

namespace mw::alarms {

// One finding's evidence as kept with an episode.
struct EvidenceSet {
  Time time{};                          // the finding's event time
  Severity severity = Severity::kBlue;  // the severity the finding stated
  std::vector<EvidenceItem> items;      // at most kMaxEvidenceItems

  friend bool operator==(const EvidenceSet&, const EvidenceSet&) = default;
};

// Bounds the memory of one episode: a rule that attaches a long list keeps its head.
inline constexpr std::size_t kMaxEvidenceItems = 16;

struct Episode {
  // Deterministic: "<mine>/<kind>/<subject>/<start as yyyyMMddHHmmss China time>".
  std::string id;
  Alarm alarm;
  // [0] opened the episode; each later one raised its severity (at most 3 escalations, as
  // there are four severities).
  std::vector<EvidenceSet> evidence;
  EvidenceSet last;              // the latest raise (repeated evidence updates this, opens nothing)
  std::uint32_t raises = 0;      // raises merged into this episode, the opening one included
  std::uint32_t reopenings = 0;  // closes undone by a re-open within the flap window
  bool final = false;            // closed for good: the flap window after `end` has passed

  bool active() const noexcept { return !alarm.end.has_value(); }
};

// Receives an episode's lifecycle. Called on the tracker's (shard's) thread only.
class AlarmSink {
 public:
  virtual ~AlarmSink() = default;
  virtual void on_opened(const Episode& episode) = 0;
  virtual void on_escalated(const Episode& episode) = 0;
  // Once the close is final: the flap window has passed without a re-open.
  virtual void on_closed(const Episode& episode) = 0;
};

// "<mine>/<kind>/<subject>/<yyyyMMddHHmmss>".
std::string episode_id(const Alarm& alarm);

// The order replay writes alarms in: start, mine, kind name, subject (then end, which
// makes it total).
bool alarm_order_less(const Alarm& a, const Alarm& b) noexcept;

}  // namespace mw::alarms
