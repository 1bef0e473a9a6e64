#include "alarms/episode_tracker.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mw::alarms {
namespace {

using std::chrono::minutes;

constexpr Seconds kFlap{300};  // rules.md part B: re-open within 5 min = same episode

// 2026-09-23 10:00:00 China time.
Time t0() { return *china_civil_time(2026, 9, 23, 10, 0, 0); }

Finding raise(std::string subject, Time start, Time time, Severity sev, double peak,
              AlarmKind kind = AlarmKind::kGasAlarm, std::string mine = "620823009203") {
  Finding f;
  f.edge = Finding::Edge::kRaise;
  f.mine = std::move(mine);
  f.kind = kind;
  f.subject = std::move(subject);
  f.time = time;
  f.start = start;
  f.severity = sev;
  f.peak = peak;
  f.rule = "coal.ch4.coal_face";
  f.message = std::string("severity ") + std::string(severity_name(sev));
  f.evidence.push_back({f.subject, time, std::to_string(peak), "%CH4"});
  return f;
}

Finding clear(std::string subject, Time time, AlarmKind kind = AlarmKind::kGasAlarm,
              std::string mine = "620823009203") {
  Finding f;
  f.edge = Finding::Edge::kClear;
  f.mine = std::move(mine);
  f.kind = kind;
  f.subject = std::move(subject);
  f.time = time;
  return f;
}

// Records the lifecycle events as "opened <id> <severity>" lines.
class RecordingSink final : public AlarmSink {
 public:
  void on_opened(const Episode& e) override { add("opened", e); }
  void on_escalated(const Episode& e) override { add("escalated", e); }
  void on_closed(const Episode& e) override { add("closed", e); }
  std::vector<std::string> events;

 private:
  void add(std::string_view what, const Episode& e) {
    events.push_back(std::string(what) + " " + e.id + " " +
                     std::string(severity_name(e.alarm.severity)));
  }
};

TEST(EpisodeTracker, RepeatedRaisesAreOneEpisodeWithTheHighestPeak) {
  RecordingSink sink;
  EpisodeTracker tr(kFlap, &sink);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.02));
  tr.on_finding(raise("P1", t0() + minutes(1), t0() + minutes(1), Severity::kOrange, 1.20));
  tr.on_finding(raise("P1", t0() + minutes(2), t0() + minutes(2), Severity::kOrange, 1.10));
  const auto alarms = tr.alarms();
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].start, t0());  // the first raise's start, not a later one
  EXPECT_FALSE(alarms[0].end.has_value());
  EXPECT_EQ(alarms[0].peak, 1.20);
  EXPECT_EQ(alarms[0].severity, Severity::kOrange);
  const Episode* e = tr.find("620823009203", AlarmKind::kGasAlarm, "P1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->raises, 3u);
  EXPECT_EQ(e->evidence.size(), 1u);  // no escalation: only the opening evidence
  EXPECT_EQ(e->last.items.at(0).value, std::to_string(1.10));
  EXPECT_EQ(sink.events,
            std::vector<std::string>{"opened 620823009203/gas.alarm/P1/20260923100000 orange"});
}

TEST(EpisodeTracker, StartComesFromTheFindingNotItsTime) {
  EpisodeTracker tr(kFlap);
  // sensor.fault: judged after 10 min, starts at the first faulty sample.
  tr.on_finding(
      raise("P1", t0(), t0() + minutes(10), Severity::kYellow, 0, AlarmKind::kSensorFault));
  EXPECT_EQ(tr.alarms().at(0).start, t0());
}

TEST(EpisodeTracker, EscalatesOnceAndNeverDeEscalates) {
  RecordingSink sink;
  EpisodeTracker tr(kFlap, &sink);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(raise("P1", t0(), t0() + minutes(1), Severity::kRed, 1.6));
  tr.on_finding(raise("P1", t0(), t0() + minutes(2), Severity::kOrange, 1.1));
  tr.on_finding(raise("P1", t0(), t0() + minutes(3), Severity::kRed, 1.5));
  const Alarm a = tr.alarms().at(0);
  EXPECT_EQ(a.severity, Severity::kRed);
  EXPECT_EQ(a.peak, 1.6);
  EXPECT_EQ(a.message, "severity red");
  const Episode* e = tr.find("620823009203", AlarmKind::kGasAlarm, "P1");
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->evidence.size(), 2u);  // opening + the one escalation
  EXPECT_EQ(e->evidence[0].severity, Severity::kOrange);
  EXPECT_EQ(e->evidence[1].severity, Severity::kRed);
  EXPECT_EQ(e->evidence[1].time, t0() + minutes(1));
  EXPECT_EQ(e->last.time, t0() + minutes(3));
  EXPECT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events.at(1), "escalated 620823009203/gas.alarm/P1/20260923100000 red");
}

TEST(EpisodeTracker, ClearSetsTheEndAndTheCloseBecomesFinalAfterTheFlapWindow) {
  RecordingSink sink;
  EpisodeTracker tr(kFlap, &sink);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(clear("P1", t0() + minutes(8)));
  EXPECT_EQ(tr.alarms().at(0).end, t0() + minutes(8));
  EXPECT_EQ(tr.open_count(), 0u);
  tr.advance(t0() + minutes(13));  // exactly 5 min after: a re-open could still merge
  EXPECT_EQ(sink.events.size(), 1u);
  EXPECT_NE(tr.find("620823009203", AlarmKind::kGasAlarm, "P1"), nullptr);
  tr.advance(t0() + minutes(13) + Seconds(1));
  ASSERT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events[1], "closed 620823009203/gas.alarm/P1/20260923100000 orange");
  EXPECT_EQ(tr.find("620823009203", AlarmKind::kGasAlarm, "P1"), nullptr);
  tr.advance(t0() + minutes(60));
  EXPECT_EQ(sink.events.size(), 2u);  // closed once
  EXPECT_EQ(tr.alarms().at(0).end, t0() + minutes(8));
}

TEST(EpisodeTracker, FlapMergeAtTheWindowEdge) {
  // (re-open after the close, episodes expected)
  const auto f = [](Seconds gap, std::size_t expected) {
    EpisodeTracker tr(kFlap);
    const Time close = t0() + minutes(4);
    tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
    tr.on_finding(clear("P1", close));
    tr.on_finding(raise("P1", close + gap, close + gap, Severity::kOrange, 1.1));
    const auto alarms = tr.alarms();
    ASSERT_EQ(alarms.size(), expected) << gap.count();
    EXPECT_EQ(alarms[0].start, t0());
    if (expected == 1) {
      EXPECT_FALSE(alarms[0].end.has_value()) << "a merged episode is active again";
      EXPECT_EQ(tr.find("620823009203", AlarmKind::kGasAlarm, "P1")->reopenings, 1u);
    } else {
      EXPECT_EQ(alarms[0].end, close);
      EXPECT_EQ(alarms[1].start, close + gap);
      EXPECT_FALSE(alarms[1].end.has_value());
    }
  };
  f(Seconds(10), 1);
  f(Seconds(299), 1);
  f(Seconds(300), 1);
  f(Seconds(301), 2);
  f(Seconds(3600), 2);
}

TEST(EpisodeTracker, ARaiseAfterAFinalCloseOpensANewEpisodeWithItsOwnId) {
  RecordingSink sink;
  EpisodeTracker tr(kFlap, &sink);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kRed, 1.6));
  tr.on_finding(clear("P1", t0() + minutes(2)));
  tr.advance(t0() + minutes(30));
  tr.on_finding(raise("P1", t0() + minutes(31), t0() + minutes(31), Severity::kOrange, 1.1));
  const auto alarms = tr.alarms();
  ASSERT_EQ(alarms.size(), 2u);
  EXPECT_EQ(alarms[1].severity, Severity::kOrange);  // nothing carried over
  EXPECT_EQ(alarms[1].peak, 1.1);
  EXPECT_EQ(sink.events, (std::vector<std::string>{
                             "opened 620823009203/gas.alarm/P1/20260923100000 red",
                             "closed 620823009203/gas.alarm/P1/20260923100000 red",
                             "opened 620823009203/gas.alarm/P1/20260923103100 orange",
                         }));
}

TEST(EpisodeTracker, ClearsWithoutAnOpenEpisodeAreIgnoredAndTheFirstCloseCounts) {
  EpisodeTracker tr(kFlap);
  tr.on_finding(clear("P1", t0()));
  EXPECT_EQ(tr.episode_count(), 0u);
  tr.on_finding(raise("P1", t0() + minutes(1), t0() + minutes(1), Severity::kOrange, 1.0));
  tr.on_finding(clear("P1", t0() + minutes(3)));
  tr.on_finding(clear("P1", t0() + minutes(4)));
  EXPECT_EQ(tr.alarms().at(0).end, t0() + minutes(3));
}

TEST(EpisodeTracker, EachMineKindAndSubjectIsItsOwnEpisode) {
  EpisodeTracker tr(kFlap);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(raise("P2", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0, AlarmKind::kSensorFlatline));
  tr.on_finding(
      raise("P1", t0(), t0(), Severity::kOrange, 1.0, AlarmKind::kGasAlarm, "140421000111"));
  EXPECT_EQ(tr.episode_count(), 4u);
  tr.on_finding(clear("P2", t0() + minutes(1)));
  EXPECT_EQ(tr.open_count(), 3u);
}

TEST(EpisodeTracker, AlarmsAreOrderedByStartMineKindNameAndSubject) {
  EpisodeTracker tr(kFlap);
  const Time t1 = t0() + minutes(1);
  tr.on_finding(raise("P9", t1, t1, Severity::kOrange, 1.0));
  tr.on_finding(raise("P2", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
  // sensor.fault is enum 5 but sorts after gas.* by name.
  tr.on_finding(raise("P0", t0(), t0(), Severity::kYellow, 0, AlarmKind::kSensorFault));
  tr.on_finding(raise("P0", t0(), t0(), Severity::kOrange, 0, AlarmKind::kGasCoAlarm));
  tr.on_finding(
      raise("P5", t0(), t0(), Severity::kOrange, 1.0, AlarmKind::kGasAlarm, "140421000111"));
  std::vector<std::string> got;
  for (const Alarm& a : tr.alarms()) {
    got.push_back(a.mine + " " + std::string(alarm_kind_name(a.kind)) + " " + a.subject);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "140421000111 gas.alarm P5",
                     "620823009203 gas.alarm P1",
                     "620823009203 gas.alarm P2",
                     "620823009203 gas.co_alarm P0",
                     "620823009203 sensor.fault P0",
                     "620823009203 gas.alarm P9",
                 }));
}

TEST(EpisodeTracker, EvidenceIsBounded) {
  EpisodeTracker tr(kFlap);
  Finding f = raise("P1", t0(), t0(), Severity::kOrange, 1.0);
  for (int i = 0; i < 100; ++i) f.evidence.push_back({"P1", t0(), std::to_string(i), ""});
  tr.on_finding(std::move(f));
  for (int i = 0; i < 50; ++i) {
    tr.on_finding(raise("P1", t0(), t0() + Seconds(i), Severity::kOrange, 1.0));
  }
  const Episode* e = tr.find("620823009203", AlarmKind::kGasAlarm, "P1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->evidence.at(0).items.size(), kMaxEvidenceItems);
  EXPECT_EQ(e->evidence.size(), 1u);
  EXPECT_EQ(e->last.time, t0() + Seconds(49));
  EXPECT_EQ(e->raises, 51u);
}

TEST(EpisodeTracker, ClearBeforeTheStartEndsAtTheStart) {
  EpisodeTracker tr(kFlap);
  tr.on_finding(raise("P1", t0(), t0(), Severity::kOrange, 1.0));
  tr.on_finding(clear("P1", t0() - minutes(1)));
  EXPECT_EQ(tr.alarms().at(0).end, t0());
}

TEST(EpisodeId, NamesMineKindSubjectAndChinaLocalStart) {
  Alarm a;
  a.mine = "620823009203";
  a.kind = AlarmKind::kPersonnelAreaOverLimit;
  a.subject = "6208230092030001";
  a.start = *china_civil_time(2026, 9, 23, 0, 5, 9);
  EXPECT_EQ(episode_id(a),
            "620823009203/personnel.area_over_limit/6208230092030001/20260923000509");
}

}  // namespace
}  // namespace mw::alarms
