#include "model/mine.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace mw {
namespace {

TEST(MineStatus, ContractNames) {
  const auto f = [](std::string_view name, MineStatus s) {
    EXPECT_EQ(parse_mine_status(name), s) << name;
    EXPECT_EQ(mine_status_name(s), name);
  };
  f("producing", MineStatus::kProducing);
  f("stopped", MineStatus::kStopped);
  f("closed", MineStatus::kClosed);
  f("construction", MineStatus::kConstruction);
  for (std::string_view bad : {"", "Producing", "open", "停产", "closed "}) {
    EXPECT_FALSE(parse_mine_status(bad).has_value()) << bad;
  }
}

TEST(GasGrade, ContractNames) {
  const auto f = [](std::string_view name, GasGrade g) {
    EXPECT_EQ(parse_gas_grade(name), g) << name;
    EXPECT_EQ(gas_grade_name(g), name);
  };
  f("low", GasGrade::kLow);
  f("high", GasGrade::kHigh);
  f("outburst", GasGrade::kOutburst);
  for (std::string_view bad : {"", "medium", "LOW", "突出"}) {
    EXPECT_FALSE(parse_gas_grade(bad).has_value()) << bad;
  }
}

TEST(Mine, DefaultsAreThoseOfTheContract) {
  const Mine m;
  EXPECT_EQ(m.shifts, (std::vector<int>{0, 480, 960}));
  EXPECT_EQ(format_decimal(m.overtime_hours), "10");
  EXPECT_EQ(m.maintenance_allowance, 10u);
  EXPECT_FALSE(m.approved_total.has_value());
  EXPECT_FALSE(m.lat.has_value());
}

TEST(Mine, OvertimeLimit) {
  const auto f = [](std::string_view hours, long long seconds) {
    Mine m;
    m.overtime_hours = *parse_decimal(hours);
    EXPECT_EQ(m.overtime_limit().count(), seconds) << hours;
  };
  f("10", 36000);
  f("8.5", 30600);
  f("0.25", 900);
  f("12.000", 43200);
  f("999999999999999999", std::numeric_limits<long long>::max());  // saturates, no overflow
}

TEST(ShiftStart, ParseAndFormat) {
  const auto f = [](std::string_view text, std::optional<int> minutes) {
    EXPECT_EQ(parse_shift_start(text), minutes) << text;
    if (minutes) {
      EXPECT_EQ(format_shift_start(*minutes), text);
    }
  };
  f("00:00", 0);
  f("08:00", 480);
  f("16:30", 990);
  f("23:59", 1439);
  f("24:00", std::nullopt);
  f("08:60", std::nullopt);
  f("8:00", std::nullopt);
  f("08:00:00", std::nullopt);
  f("08-00", std::nullopt);
  f("0a:00", std::nullopt);
  f("", std::nullopt);
}

}  // namespace
}  // namespace mw
