#include "model/codes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw {
namespace {

constexpr std::string_view kMine = "620823009203";
constexpr std::string_view kLongMine = "150622B0012000200092";

TEST(MineCode, Validity) {
  const auto f = [](std::string_view code, bool valid) {
    EXPECT_EQ(is_valid_mine_code(code), valid) << code;
    EXPECT_EQ(check_mine_code(code).ok(), valid) << code;
  };
  f("620823009203", true);
  f("150622B0012000200092", true);
  f("15062200120002000920", true);  // 20 digits
  f("", false);
  f("62082300920", false);               // 11 digits
  f("6208230092031", false);             // 13 digits
  f("62082300920A", false);              // a letter in a 12-digit code
  f("150622b0012000200092", false);      // lower case
  f("15062AB0012000200092", false);      // letter inside the county code
  f("150622B001200020009-", false);      // punctuation
  f("６２０８２３００９２０３", false);  // full-width digits
}

TEST(MineCode, ErrorsSayWhatIsExpected) {
  const auto f = [](std::string_view code, std::string_view needle) {
    const Status s = check_mine_code(code);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << code;
    EXPECT_NE(s.message().find(needle), std::string::npos) << s.message();
  };
  f("", "empty");
  f("1234", "is 4 characters; expected 12 digits or 20 characters");
  f("62082300920A", "must be 12 digits");
  f("15062AB0012000200092", "county code");
}

TEST(MineCode, Province) {
  EXPECT_EQ(province_of(kMine), "62");
  EXPECT_EQ(province_of(kLongMine), "15");
  EXPECT_EQ(province_of("1"), "1");
  EXPECT_EQ(province_of(""), "");
}

TEST(CardCode, Validity) {
  const auto f = [](std::string_view card, std::string_view mine, bool valid) {
    EXPECT_EQ(check_card_code(card, mine).ok(), valid) << card << " / " << mine;
  };
  f("62082300920300001", kMine, true);              // 12 + 5
  f("150622B001200020009200001", kLongMine, true);  // 20 + 5 = 25
  f("6208230092030000000000001", kMine, true);      // 25-digit variant of a 12-digit mine
  f("6208230092030001", kMine, false);              // 12 + 4
  f("620823009203000001", kMine, false);            // 12 + 6
  f("62082300920400001", kMine, false);             // another mine's card
  f("6208230092030000A", kMine, false);             // letter in the serial
  f("620823009203000000000000A", kMine, false);     // 25 but not digits
  f("6208230092040000000000001", kMine, false);     // 25 of another mine
  f("", kMine, false);
}

TEST(CardCode, ErrorNamesLengthAndMineCode) {
  const Status s = check_card_code("1404210001", "140421000111");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "card code '1404210001' is 10 characters; expected mine code 140421000111 + 5 digits");
  EXPECT_NE(check_card_code("62082300920400001", kMine).message().find("does not start with"),
            std::string::npos);
}

TEST(AreaCode, Validity) {
  const auto f = [](std::string_view area, std::string_view mine, bool valid) {
    EXPECT_EQ(check_area_code(area, mine).ok(), valid) << area;
  };
  f("6208230092030001", kMine, true);
  f("150622B00120002000920001", kLongMine, true);
  f("620823009203001", kMine, false);
  f("62082300920300001", kMine, false);
  f("6208230092030x01", kMine, false);
  f("6208230092040001", kMine, false);
}

TEST(StationCode, Validity) {
  const auto f = [](std::string_view station, std::string_view mine, bool valid) {
    EXPECT_EQ(check_station_code(station, mine).ok(), valid) << station;
  };
  f("6208230092030001000001", kMine, true);
  f("150622B00120002000920001000001", kLongMine, true);
  f("620823009203000100001", kMine, false);    // area + 5
  f("62082300920300010000001", kMine, false);  // area + 7
  f("6208230092030001 00001", kMine, false);
  f("6208230092040001000001", kMine, false);
}

TEST(StationCode, AreaIsThePrefix) {
  const auto f = [](std::string_view station, std::string_view mine, std::string_view area) {
    EXPECT_EQ(area_of_station(station, mine), area) << station;
  };
  f("6208230092030001000001", kMine, "6208230092030001");
  f("150622B00120002000920007000123", kLongMine, "150622B00120002000920007");
  f("620823009203000100001", kMine, "");   // too short
  f("6208230092040001000001", kMine, "");  // another mine
  f("", kMine, "");
}

}  // namespace
}  // namespace mw
