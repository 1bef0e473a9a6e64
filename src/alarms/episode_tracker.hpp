#pragma once
// EpisodeTracker: turns the findings of the rules into alarm episodes (rules.md part B).
//  - one episode per (mine, kind, subject): the first kRaise opens it (start = the
//    finding's start), later raises update it (dedup: evidence, peak) and escalate it when
//    their severity is higher (severity = the highest reached, peak = the maximum);
//  - kClear closes it at the clear's time, but only provisionally: a raise within the flap
//    window after the close (pack `alarms.flap.merge_min`, 5 min) re-opens the SAME episode;
//    advance(now) makes a close final once `now` is past the window (event time);
//  - evidence is kept bounded: the opening and each escalating finding's items, plus the
//    latest raise.
// Thread safety: none; owned by one shard thread (architecture.md §3).

#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "alarms/episode.hpp"
#include "model/finding.hpp"

namespace mw::alarms {

class EpisodeTracker final : public FindingSink {
 public:
  // `sink` may be null (replay needs only the final list); it must outlive the tracker.
  explicit EpisodeTracker(Seconds flap_window, AlarmSink* sink = nullptr);

  void on_finding(Finding&& finding) override;
  // Finalises closes older than the flap window at event time `now`.
  void advance(Time now);

  // Every episode, final or not, ordered by (start, mine, kind name, subject).
  std::vector<const Episode*> episodes() const;
  // The same as replay writes them.
  std::vector<Alarm> alarms() const;
  // The current (not final) episode of a key, or null.
  const Episode* find(std::string_view mine, AlarmKind kind, std::string_view subject) const;
  std::size_t open_count() const noexcept;  // episodes without an end
  std::size_t episode_count() const noexcept { return current_.size() + finished_.size(); }

 private:
  using Key = std::tuple<std::string, AlarmKind, std::string>;

  void open(Key key, Finding&& f);
  void update(Episode& e, Finding&& f);
  void finalise(std::map<Key, Episode>::iterator it);

  Seconds flap_window_;
  AlarmSink* sink_;
  std::map<Key, Episode> current_;  // open, or closed within the flap window
  std::vector<Episode> finished_;   // closed for good
};

}  // namespace mw::alarms
