#include "model/sample.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

TEST(SampleStatus, BitValuesAreThoseOfTheFiles) {
  // netfile.md §2: 1 alarm, 2 power cut, 4 calibrating, 8 over range, 16 outstation fault,
  // 32 not polled, 64 paused, 128 sensor fault.
  EXPECT_EQ(kStatusAlarm, 1);
  EXPECT_EQ(kStatusPowerCut, 2);
  EXPECT_EQ(kStatusCalibrating, 4);
  EXPECT_EQ(kStatusOverRange, 8);
  EXPECT_EQ(kStatusOutstationFault, 16);
  EXPECT_EQ(kStatusNotPolled, 32);
  EXPECT_EQ(kStatusPaused, 64);
  EXPECT_EQ(kStatusSensorFault, 128);
}

TEST(SampleStatus, Describe) {
  const auto f = [](std::uint16_t bits, std::string_view want) {
    EXPECT_EQ(describe_status(bits), want) << bits;
  };
  f(0, "normal");
  f(1, "alarm");
  f(5, "alarm|calibrating");
  f(2, "power_cut");
  f(8, "over_range");
  f(16, "outstation_fault");
  f(32, "not_polled");
  f(64, "paused");
  f(128, "sensor_fault");
  f(255, "alarm|power_cut|calibrating|over_range|outstation_fault|not_polled|paused|sensor_fault");
  f(256, "bit8");
  f(0x8001, "alarm|bit15");
}

TEST(SampleStatus, Faulty) {
  const auto f = [](std::uint16_t bits, bool faulty) {
    EXPECT_EQ(is_faulty(bits), faulty) << bits;
  };
  f(0, false);
  f(1, false);
  f(2, false);
  f(4, false);
  f(8, true);
  f(16, true);
  f(32, false);
  f(64, false);
  f(128, true);
  f(1 | 128, true);
  f(4 | 16, true);
}

TEST(SampleStatus, Calibrating) {
  EXPECT_TRUE(is_calibrating(4));
  EXPECT_TRUE(is_calibrating(4 | 1));
  EXPECT_FALSE(is_calibrating(0));
  EXPECT_FALSE(is_calibrating(1 | 2 | 8 | 128));
}

TEST(Sample, EqualityKeepsTheWrittenScale) {
  const Time t = *parse_china_time("2026-09-23 10:13:19");
  const Sample a{t, *parse_decimal("0.50"), 0};
  EXPECT_EQ(a, (Sample{t, *parse_decimal("0.50"), 0}));
  EXPECT_NE(a, (Sample{t, *parse_decimal("0.5"), 0}));
  EXPECT_NE(a, (Sample{t, *parse_decimal("0.50"), kStatusAlarm}));
}

}  // namespace
}  // namespace mw
