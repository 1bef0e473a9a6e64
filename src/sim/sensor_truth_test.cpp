#include "sim/sensor_truth.hpp"

#include <gtest/gtest.h>

#include "model/sample.hpp"

namespace mw::sim {
namespace {

// A face's T1 (a flat-line class) and a district return (not one).
struct Fixture {
  Mine mine;
  MineLayout layout;
  std::size_t t1 = 0, district = 0;
  Fixture() {
    mine.code = "140421000111";
    Rng rng(1);
    layout = make_layout(mine, *china_civil_time(2026, 9, 23, 0, 0, 0), rng);
    for (std::size_t i = 0; i < layout.points.size(); ++i) {
      const SimPoint& p = layout.points[i];
      if (p.methane_class == MethaneClass::kCoalFace && t1 == 0) t1 = i;
      if (p.methane_class == MethaneClass::kDistrictReturn && district == 0) district = i;
    }
  }
};

const Time kT0 = *china_civil_time(2026, 9, 23, 10, 0, 0);
constexpr std::int64_t kPoll = 30;

// One CDSS file per 30 s from poll `from` to `to` (exclusive) with one sample of `point`;
// `value(k)` and `status(k)` give the k-th.
template <class V, class S>
void feed(SensorTruth& w, std::size_t point, int from, int to, V value, S status) {
  for (int k = from; k < to; ++k) {
    const Time t = kT0 + Seconds{kPoll * k};
    w.upload_begins(t + Seconds{2});
    w.sample(point, Decimal{value(k), 2}, status(k), t);
  }
}
const auto kNormal = [](int) { return std::uint16_t{0}; };

std::vector<Alarm> of_kind(const SensorTruth& w, AlarmKind kind) {
  std::vector<Alarm> out;
  for (const Alarm& a : w.alarms()) {
    if (a.kind == kind) out.push_back(a);
  }
  return out;
}

TEST(SensorTruth, AFlatRunOf240MinutesWithPeopleDownStartsAtItsFirstSample) {
  const Fixture f;
  SensorTruth w(f.mine, f.layout);
  w.snapshot(kT0 - Seconds{60}, 40);
  // Noise for 10 polls, then 0.23 for 8 hours.
  feed(
      w, f.t1, 0, 10, [](int k) { return 20 + k % 3; }, kNormal);
  feed(
      w, f.t1, 10, 10 + 960, [](int) { return 23; }, kNormal);
  const auto flat = of_kind(w, AlarmKind::kSensorFlatline);
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].subject, f.layout.points[f.t1].def.code);
  EXPECT_EQ(flat[0].start, kT0 + Seconds{kPoll * 10});
  EXPECT_EQ(flat[0].severity, Severity::kOrange);
}

TEST(SensorTruth, NoFlatLineShorterThan240MinutesOrInAnIdleMineOrOfAReturn) {
  const Fixture f;
  SensorTruth w(f.mine, f.layout);
  w.snapshot(kT0 - Seconds{60}, 40);
  feed(
      w, f.t1, 0, 479, [](int) { return 23; }, kNormal);  // 239 min 0 s
  feed(
      w, f.district, 0, 960, [](int) { return 15; }, kNormal);
  EXPECT_TRUE(of_kind(w, AlarmKind::kSensorFlatline).empty());

  SensorTruth idle(f.mine, f.layout);
  idle.snapshot(kT0 - Seconds{60}, 4);  // fewer than 5 people when the run reaches 240 min
  feed(
      idle, f.t1, 0, 960, [](int) { return 23; }, kNormal);
  idle.snapshot(kT0 + Seconds{kPoll * 960}, 40);  // people later do not change the verdict
  EXPECT_TRUE(of_kind(idle, AlarmKind::kSensorFlatline).empty());
}

TEST(SensorTruth, TheHeadcountIsTheLatestSnapshotBeforeTheFileThatReaches240Minutes) {
  const Fixture f;
  for (const int before : {0, 1}) {
    SensorTruth w(f.mine, f.layout);
    w.snapshot(kT0 - Seconds{60}, 3);
    feed(
        w, f.t1, 0, 480, [](int) { return 23; }, kNormal);  // the run is 239.5 min long
    // Poll 480 reaches 240 min; its file is uploaded 2 s after the poll.
    const Time reach = kT0 + Seconds{kPoll * 480};
    if (before == 1) w.snapshot(reach + Seconds{1}, 12);  // read before that file: counts
    feed(
        w, f.t1, 480, 481, [](int) { return 23; }, kNormal);
    // Same second as the upload: replay reads the CDSS file first.
    w.snapshot(reach + Seconds{2}, 30);
    EXPECT_EQ(of_kind(w, AlarmKind::kSensorFlatline).size(), static_cast<std::size_t>(before));
  }
}

TEST(SensorTruth, FaultsAndUploadGapsRestartTheRun) {
  const Fixture f;
  SensorTruth w(f.mine, f.layout);
  w.snapshot(kT0 - Seconds{60}, 40);
  // A fault at 3 h, then a gap of 10 min at 6 h: the run that counts starts after the gap.
  feed(
      w, f.t1, 0, 360, [](int) { return 23; }, kNormal);
  feed(
      w, f.t1, 360, 361, [](int) { return 23; }, [](int) { return kStatusSensorFault; });
  feed(
      w, f.t1, 361, 720, [](int) { return 23; }, kNormal);
  feed(
      w, f.t1, 740, 1300, [](int) { return 23; }, kNormal);
  const auto flat = of_kind(w, AlarmKind::kSensorFlatline);
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].start, kT0 + Seconds{kPoll * 740});
}

// Calibrating (bit 4) during polls [from, to).
auto calibrating(std::vector<std::pair<int, int>> spans) {
  return [spans](int k) {
    for (const auto& [from, to] : spans) {
      if (k >= from && k < to) return kStatusCalibrating;
    }
    return std::uint16_t{0};
  };
}
const auto kNoise = [](int k) { return 20 + k % 3; };

TEST(SensorTruth, CalibrationOverAnHourOrAThirdEpisodeWithin24Hours) {
  const Fixture f;
  {  // One of 60.5 minutes (121 polls flagged, the episode ends at the first unflagged).
    SensorTruth w(f.mine, f.layout);
    feed(w, f.t1, 0, 400, kNoise, calibrating({{100, 221}}));
    const auto cal = of_kind(w, AlarmKind::kSensorCalibrationSuspicious);
    ASSERT_EQ(cal.size(), 1u);
    EXPECT_EQ(cal[0].start, kT0 + Seconds{kPoll * 100});
  }
  {  // Exactly 60 minutes: not over.
    SensorTruth w(f.mine, f.layout);
    feed(w, f.t1, 0, 400, kNoise, calibrating({{100, 220}}));
    EXPECT_TRUE(of_kind(w, AlarmKind::kSensorCalibrationSuspicious).empty());
  }
  {  // Three of 5 minutes an hour apart: the third is the offending one.
    SensorTruth w(f.mine, f.layout);
    feed(w, f.t1, 0, 800, kNoise, calibrating({{100, 110}, {220, 230}, {340, 350}}));
    const auto cal = of_kind(w, AlarmKind::kSensorCalibrationSuspicious);
    ASSERT_EQ(cal.size(), 1u);
    EXPECT_EQ(cal[0].start, kT0 + Seconds{kPoll * 340});
  }
  {  // Two of 25 minutes, and a third more than 24 h after the first: never more than two.
    SensorTruth w(f.mine, f.layout);
    feed(w, f.t1, 0, 3200, kNoise, calibrating({{100, 150}, {400, 450}, {3100, 3110}}));
    EXPECT_TRUE(of_kind(w, AlarmKind::kSensorCalibrationSuspicious).empty());
  }
}

TEST(SensorTruth, AnAlarmRaisedAgainWithin5MinutesOfItsCloseIsTheSameEpisode) {
  const Fixture f;
  // 70 min flagged, 4 min unflagged, 10 min flagged: one episode of the alarm. With 6 min
  // between them, two.
  for (const int pause : {8, 12}) {
    SensorTruth w(f.mine, f.layout);
    feed(w, f.t1, 0, 600, kNoise, calibrating({{100, 240}, {240 + pause, 260 + pause}}));
    EXPECT_EQ(of_kind(w, AlarmKind::kSensorCalibrationSuspicious).size(), pause == 8 ? 1u : 2u);
  }
}

TEST(SensorTruth, AnUploadGapEndsACalibrationAtItsLastFlaggedSample) {
  const Fixture f;
  SensorTruth w(f.mine, f.layout);
  // Flagged 25 min, 20 min of nothing, flagged 25 min more: two episodes, 49.5 min in all.
  feed(w, f.t1, 0, 150, kNoise, calibrating({{100, 150}}));
  feed(w, f.t1, 190, 400, kNoise, calibrating({{190, 240}}));
  EXPECT_TRUE(of_kind(w, AlarmKind::kSensorCalibrationSuspicious).empty());
  // Without the gap the same flags are one episode of 70 minutes.
  SensorTruth whole(f.mine, f.layout);
  feed(whole, f.t1, 0, 400, kNoise, calibrating({{100, 240}}));
  EXPECT_EQ(of_kind(whole, AlarmKind::kSensorCalibrationSuspicious).size(), 1u);
}

}  // namespace
}  // namespace mw::sim
