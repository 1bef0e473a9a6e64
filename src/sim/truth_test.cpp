#include "sim/truth.hpp"

#include <gtest/gtest.h>

#include "model/sample.hpp"

namespace mw::sim {
namespace {

// A face with T1 (alarm 1.00, cut 1.50, restore 1.00), its breaker and feed, and a CO sensor.
struct Fixture {
  Mine mine;
  MineLayout layout;
  std::size_t t1 = 0, breaker = 0, feed = 0, co = 0;
  Fixture() {
    mine.code = "140421000111";
    Rng rng(1);
    layout = make_layout(mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
    for (std::size_t i = 0; i < layout.points.size(); ++i) {
      const SimPoint& p = layout.points[i];
      if (p.methane_class == MethaneClass::kCoalFace && t1 == 0) t1 = i;
      if (p.role == PointRole::kCo && p.workplace >= 0 && co == 0) co = i;
    }
    const Relation& d = layout.points[t1].def.relations.front();
    breaker = static_cast<std::size_t>(layout.find_point(d.point));
    feed = static_cast<std::size_t>(layout.find_point(d.target_point));
  }
};

const Time kT0 = *china_civil_time(2026, 9, 23, 10, 0, 0);
Decimal pct(std::int64_t hundredths) { return Decimal{hundredths, 2}; }

// Feeds one poll every 20 s: the T1 value (and status), the breaker and feed states.
void poll(TruthWatcher& w, const Fixture& f, int k, std::int64_t t1, std::uint16_t status = 0,
          int power = 1) {
  const Time t = kT0 + Seconds{20 * k};
  w.sample(f.breaker, Decimal{power, 0}, 0, t - Seconds{1});
  w.sample(f.feed, Decimal{power, 0}, 0, t - Seconds{1});
  w.sample(f.t1, pct(t1), status, t);
  w.poll_done(t);
}

TEST(Truth, AGasAlarmStartsAtTheFirstSampleAtTheThreshold) {
  const Fixture f;
  TruthWatcher w(f.mine, f.layout);
  const std::int64_t values[] = {80, 99, 100, 120, 98, 90};
  for (int k = 0; k < 6; ++k) poll(w, f, k, values[k]);
  const std::vector<Alarm> a = w.alarms();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, AlarmKind::kGasAlarm);
  EXPECT_EQ(a[0].subject, f.layout.points[f.t1].def.code);
  EXPECT_EQ(a[0].start, kT0 + Seconds{40});
  EXPECT_EQ(a[0].severity, Severity::kOrange);
  EXPECT_DOUBLE_EQ(*a[0].peak, 1.2);
}

TEST(Truth, CalibratingAndFaultySamplesDoNotCount) {
  const Fixture f;
  TruthWatcher w(f.mine, f.layout);
  poll(w, f, 0, 200, kStatusCalibrating);
  poll(w, f, 1, 150, kStatusSensorFault);
  poll(w, f, 2, 50);
  EXPECT_TRUE(w.alarms().empty());
}

TEST(Truth, FlappingWithinFiveMinutesIsOneEpisodeLaterIsTwo) {
  const Fixture f;
  TruthWatcher w(f.mine, f.layout);
  poll(w, f, 0, 110);
  poll(w, f, 1, 90);    // closes at +20 s
  poll(w, f, 15, 105);  // +300 s: within 5 min of the close → same episode
  poll(w, f, 16, 90);   // closes at +320 s
  poll(w, f, 32, 130);  // +640 s: more than 5 min later → a new episode
  const std::vector<Alarm> a = w.alarms();
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].start, kT0);
  EXPECT_DOUBLE_EQ(*a[0].peak, 1.1);
  EXPECT_EQ(a[1].start, kT0 + Seconds{640});
}

TEST(Truth, PowerCutFailsOnlyWhenTheFeedKeepsVoltage) {
  for (const bool effective : {true, false}) {
    const Fixture f;
    TruthWatcher w(f.mine, f.layout);
    poll(w, f, 0, 90);
    poll(w, f, 1, 160, 0, 1);  // the cut threshold at +20 s
    for (int k = 2; k < 8; ++k) poll(w, f, k, 160, 0, effective ? 0 : 1);
    const std::vector<Alarm> a = w.alarms();
    ASSERT_EQ(a.size(), effective ? 1u : 2u);
    EXPECT_EQ(a[0].severity, Severity::kRed);
    if (!effective) {
      const Alarm& cut = a[0].kind == AlarmKind::kGasPowerCutFailed ? a[0] : a[1];
      EXPECT_EQ(cut.kind, AlarmKind::kGasPowerCutFailed);
      EXPECT_EQ(cut.start, kT0 + Seconds{20});
      EXPECT_EQ(cut.subject, f.layout.points[f.t1].def.code);
    }
  }
}

TEST(Truth, CoAlarmsAt24PpmRedAtTwiceTheLimit) {
  const Fixture f;
  TruthWatcher w(f.mine, f.layout);
  const std::int64_t ppm[] = {20, 23, 24, 50, 10};
  for (int k = 0; k < 5; ++k) {
    w.sample(f.co, Decimal{ppm[k], 0}, 0, kT0 + Seconds{20 * k});
    w.poll_done(kT0 + Seconds{20 * k});
  }
  w.sample(f.co, Decimal{90, 0}, kStatusCalibrating, kT0 + Seconds{3000});
  const std::vector<Alarm> a = w.alarms();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].kind, AlarmKind::kGasCoAlarm);
  EXPECT_EQ(a[0].start, kT0 + Seconds{40});
  EXPECT_EQ(a[0].severity, Severity::kRed);
}

}  // namespace
}  // namespace mw::sim
