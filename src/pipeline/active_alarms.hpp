#pragma once
// ActiveAlarms: the alarm episodes the store holds as active (no end_time, as
// store::AlarmQuery::active reads them), kept in memory so the mine page and the mine list
// count them without a store query (issue 6). DurablePipeline seeds it from the store and
// then notes every episode exactly as it writes it; anything it cannot follow (a journal
// replay re-deriving what is stored, a store write that failed) makes it ask for a new seed.
// The workflow never changes "active": acknowledging or closing an alarm's handling writes
// the workflow tables only, never the episode's end.
//
// Thread safety: every method may be called from any thread at once; one mutex, held for
// one update or one count.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "base/time.hpp"
#include "model/alarm.hpp"

namespace mw::pipeline {

// Active alarms by severity, indexed by Severity (kBlue 0 … kRed 3).
using SeverityCounts = std::array<std::uint32_t, 4>;

class ActiveAlarms {
 public:
  // Replaces everything with the store's active episodes (each as stored); seeded after.
  void reset(std::span<const Alarm> active);
  // Forgets everything: the next read needs reset() first.
  void invalidate();
  // An episode as just written to the store: active while it has no end, at its severity.
  // Ignored until seeded (the seed will include it).
  void note(const Alarm& stored);

  // Counts of `mine`; nullopt when not seeded.
  std::optional<SeverityCounts> of_mine(std::string_view mine) const;
  // Counts of every mine whose code starts with `prefix` that has an active alarm; nullopt
  // when not seeded.
  std::optional<std::map<std::string, SeverityCounts, std::less<>>> under(
      std::string_view prefix) const;

 private:
  // The store's key of an episode: (mine, kind, subject, start).
  using Key = std::tuple<std::string, AlarmKind, std::string, Time>;
  void add(const std::string& mine, Severity s, int delta);

  mutable std::mutex mu_;
  bool seeded_ = false;
  std::map<Key, Severity> episodes_;
  std::map<std::string, SeverityCounts, std::less<>> by_mine_;  // only mines with one
};

}  // namespace mw::pipeline
