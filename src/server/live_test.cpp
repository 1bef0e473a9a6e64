#include "server/live.hpp"

#include <gtest/gtest.h>

namespace mw::server {
namespace {

Principal supervisor(std::string scope) {
  Principal p;
  p.name = "sup";
  p.role = scope.size() == 2 ? Role::kProvince : Role::kCity;
  p.scope = std::move(scope);
  return p;
}

std::vector<std::string> texts(LiveQueue& q) {
  std::vector<std::string> out;
  for (const auto& e : q.take_all()) out.push_back(*e);
  return out;
}

TEST(LiveBusTest, EventsGoOnlyToSubscribersWhoSeeTheMine) {
  LiveBus bus;
  int notified = 0;
  auto shanxi = bus.subscribe(supervisor("14"), [&] { ++notified; });
  auto taiyuan = bus.subscribe(supervisor("1401"), [] {});
  bus.publish("140105001001", "a");
  bus.publish("140421000111", "b");
  bus.publish("610105001001", "c");
  EXPECT_EQ(texts(shanxi->queue()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(texts(taiyuan->queue()), (std::vector<std::string>{"a"}));
  EXPECT_EQ(notified, 2);
  EXPECT_EQ(bus.stats().subscribers, 2U);
  taiyuan.reset();
  EXPECT_EQ(bus.stats().subscribers, 1U);
  EXPECT_EQ(bus.stats().events_published, 3U);
}

TEST(LiveBusTest, OverflowMarksTheClientOnceAndDropsItsQueue) {
  LiveBus bus;
  int notified = 0;
  auto sub = bus.subscribe(
      supervisor("14"), [&] { ++notified; }, 2);
  for (int i = 0; i < 5; ++i) bus.publish("140105001001", std::to_string(i));
  EXPECT_TRUE(sub->queue().overflowed());
  EXPECT_EQ(sub->queue().size(), 0U);
  EXPECT_EQ(bus.stats().clients_dropped, 1U);
  EXPECT_EQ(bus.stats().events_delivered, 2U);
  EXPECT_EQ(notified, 3);  // two events, then the overflow; nothing after
}

TEST(MineStatusTrackerTest, OnlineOnUploadOfflineAfterTheGapOneEventPerChange) {
  LiveBus bus;
  auto sub = bus.subscribe(supervisor("14"), [] {});
  MineStatusTracker t(bus, Seconds{600});
  const Time t0 = *parse_iso8601("2026-09-23T10:00:00+08:00");
  t.seed("140105001001", t0 - Seconds{3600}, t0);  // seeded offline: no event
  EXPECT_FALSE(t.online("140105001001"));
  t.note_upload("140105001001", t0);
  t.note_upload("140105001001", t0 + Seconds{30});  // already online: no event
  t.tick(t0 + Seconds{630});                        // 600 s since the last: still online
  EXPECT_TRUE(t.online("140105001001"));
  t.tick(t0 + Seconds{631});
  EXPECT_FALSE(t.online("140105001001"));
  t.tick(t0 + Seconds{700});
  const auto events = texts(sub->queue());
  ASSERT_EQ(events.size(), 2U);
  EXPECT_NE(events[0].find("\"mine.online\""), std::string::npos) << events[0];
  EXPECT_NE(events[1].find("\"mine.offline\""), std::string::npos);
  EXPECT_NE(events[1].find("\"last_upload\":\"2026-09-23T10:00:30+08:00\""), std::string::npos)
      << events[1];
  EXPECT_EQ(t.online_count(), 0U);
}

TEST(LiveEventTest, AlarmEventCarriesTheReplayFormAndEpisodeId) {
  alarms::Episode e;
  e.alarm.mine = "140421000111";
  e.alarm.kind = AlarmKind::kGasAlarm;
  e.alarm.subject = "140421000111MN0001";
  e.alarm.start = *parse_iso8601("2026-09-23T10:01:30+08:00");
  e.alarm.severity = Severity::kOrange;
  e.id = alarms::episode_id(e.alarm);
  LiveBus bus;
  auto sub = bus.subscribe(supervisor("14"), [] {});
  LiveAlarmSink sink(bus);
  sink.on_opened(e);
  const auto events = texts(sub->queue());
  ASSERT_EQ(events.size(), 1U);
  std::string alarm;
  append_alarm_json(alarm, e.alarm);
  EXPECT_EQ(events[0], R"({"event":"alarm.opened","mine":"140421000111","id":")" + e.id +
                           R"(","alarm":)" + alarm + "}");
}

}  // namespace
}  // namespace mw::server
