#include "model/mine_registry.hpp"

#include <gtest/gtest.h>

namespace mw {
namespace {

constexpr std::string_view kHeader = "mine_code,name,status,gas_grade\n";

TEST(MineRegistry, ReadsRequiredColumnsWithDefaults) {
  auto r = parse_mine_registry(std::string(kHeader) +
                               "620823009203,甘肃某煤矿,producing,high\n"
                               "150622B0012000200092,内蒙古某煤矿,closed,low\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 2u);
  const Mine& a = (*r)[0];
  EXPECT_EQ(a.code, "620823009203");
  EXPECT_EQ(a.name, "甘肃某煤矿");
  EXPECT_EQ(a.status, MineStatus::kProducing);
  EXPECT_EQ(a.gas_grade, GasGrade::kHigh);
  EXPECT_EQ(a.province, "62");
  EXPECT_EQ(a.shifts, (std::vector<int>{0, 480, 960}));
  EXPECT_EQ(format_decimal(a.overtime_hours), "10");
  EXPECT_EQ(a.maintenance_allowance, 10u);
  EXPECT_FALSE(a.approved_total.has_value());
  EXPECT_EQ((*r)[1].province, "15");
  EXPECT_EQ((*r)[1].status, MineStatus::kClosed);
}

TEST(MineRegistry, AbsentOrEmptyOptionalColumnsTakeTheDefaultsGiven) {
  MineDefaults d;
  d.shifts = {360, 1080};  // 两班制 06:00, 18:00
  d.overtime_hours = Decimal{85, 1};
  d.maintenance_allowance = 4;
  auto r = parse_mine_registry(
      "mine_code,name,status,gas_grade,shifts,overtime_hours,maintenance_allowance\n"
      "620823009203,甲,producing,high,,,\n"
      "620823009204,乙,stopped,low,08:00,12,2\n",
      d);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const Mine& a = (*r)[0];
  EXPECT_EQ(a.shifts, (std::vector<int>{360, 1080}));
  EXPECT_EQ(format_decimal(a.overtime_hours), "8.5");
  EXPECT_EQ(a.maintenance_allowance, 4u);
  const Mine& b = (*r)[1];  // the row's own values win
  EXPECT_EQ(b.shifts, (std::vector<int>{480}));
  EXPECT_EQ(format_decimal(b.overtime_hours), "12");
  EXPECT_EQ(b.maintenance_allowance, 2u);
  // Without the columns at all, the same defaults.
  auto c = parse_mine_registry(std::string(kHeader) + "620823009205,丙,stopped,low\n", d);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)[0].maintenance_allowance, 4u);
  EXPECT_EQ(format_decimal((*c)[0].overtime_hours), "8.5");
}

TEST(MineRegistry, ReadsOptionalColumnsInAnyOrderAndIgnoresUnknownOnes) {
  auto r = parse_mine_registry(
      "lon,operator,gas_grade,mine_code,shifts,status,name,overtime_hours,"
      "maintenance_allowance,approved_total,lat,province\r\n"
      "103.83,某集团,outburst,620823009203,06:00;12:00;18:00;23:00,stopped,某矿,8.5,4,320,"
      "36.05,61\r\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 1u);
  const Mine& m = (*r)[0];
  EXPECT_EQ(m.gas_grade, GasGrade::kOutburst);
  EXPECT_EQ(m.status, MineStatus::kStopped);
  EXPECT_EQ(m.shifts, (std::vector<int>{360, 720, 1080, 1380}));
  EXPECT_EQ(format_decimal(m.overtime_hours), "8.5");
  EXPECT_EQ(m.maintenance_allowance, 4u);
  EXPECT_EQ(m.approved_total, 320u);
  EXPECT_EQ(format_decimal(*m.lat), "36.05");
  EXPECT_EQ(format_decimal(*m.lon), "103.83");
  EXPECT_EQ(m.province, "61");  // stated explicitly, not derived from the code
}

TEST(MineRegistry, EmptyOptionalCellsTakeDefaults) {
  auto r = parse_mine_registry(
      "mine_code,name,status,gas_grade,shifts,overtime_hours,approved_total,lat\n"
      "620823009203,某矿,producing,low,,,,\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ((*r)[0].shifts, (std::vector<int>{0, 480, 960}));
  EXPECT_EQ(format_decimal((*r)[0].overtime_hours), "10");
  EXPECT_FALSE((*r)[0].approved_total.has_value());
  EXPECT_FALSE((*r)[0].lat.has_value());
}

TEST(MineRegistry, Rfc4180Quoting) {
  auto r = parse_mine_registry(std::string(kHeader) +
                               "620823009203,\"某矿, \"\"东井\"\"\nsecond line\",producing,low\n"
                               "620823009204,\" spaced \",producing,low\n"
                               "\n"
                               "620823009205,plain,producing,low");  // no final line end
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "某矿, \"东井\"\nsecond line");
  EXPECT_EQ((*r)[1].name, " spaced ");
  EXPECT_EQ((*r)[2].name, "plain");
}

TEST(MineRegistry, ToleratesABomAndCrlf) {
  auto r = parse_mine_registry(
      "\xEF\xBB\xBFmine_code,name,status,gas_grade\r\n620823009203,某矿,producing,low\r\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].code, "620823009203");
  EXPECT_EQ((*r)[0].gas_grade, GasGrade::kLow);
}

TEST(MineRegistry, HeaderOnlyIsAnEmptyRegistry) {
  auto r = parse_mine_registry(kHeader);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(r->empty());
}

TEST(MineRegistry, ErrorsNameLineAndColumn) {
  const auto f = [](std::string_view rows, std::string_view want) {
    auto r = parse_mine_registry(std::string(kHeader) + std::string(rows));
    ASSERT_FALSE(r.ok()) << rows;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message(), want) << rows;
  };
  f("620823009203,a,producing,medium\n",
    "mines.csv line 2, column gas_grade: 'medium' is not one of low|high|outburst");
  f("620823009203,a,producing,low\n\n\n\n620823009204,b,open,low\n",
    "mines.csv line 6, column status: 'open' is not one of producing|stopped|closed|construction");
  f("62082300920,a,producing,low\n",
    "mines.csv line 2, column mine_code: mine code '62082300920' is 11 characters; expected 12 "
    "digits or 20 characters");
  f("620823009203,,producing,low\n",
    "mines.csv line 2, column name: is empty; every mine needs a name");
  f("620823009203,a,producing,low\n620823009203,b,closed,low\n",
    "mines.csv line 3, column mine_code: mine 620823009203 is already listed on line 2");
  f("620823009203,a,producing\n", "mines.csv line 2: 3 fields, but the header has 4");
  f("620823009203,\"a,producing,low\n", "mines.csv line 2: a quoted field is never closed");
  f("620823009203,\"a\"b,producing,low\n",
    "mines.csv line 2: text after the closing quote of a field");
  f("620823009203,a\"b,producing,low\n",
    "mines.csv line 2: a '\"' inside an unquoted field; quote the whole field and double the "
    "quote");
  f("620823009203,\"two\nlines\",producing,x\n",
    "mines.csv line 2, column gas_grade: 'x' is not one of low|high|outburst");
  f("620823009203,\"two\nlines\",producing,low\n620823009204,b,x,low\n",
    "mines.csv line 4, column status: 'x' is not one of producing|stopped|closed|construction");
}

TEST(MineRegistry, ErrorsInOptionalColumns) {
  const auto f = [](std::string_view column, std::string_view value, std::string_view want) {
    auto r = parse_mine_registry("mine_code,name,status,gas_grade," + std::string(column) +
                                 "\n620823009203,a,producing,low," + std::string(value) + "\n");
    ASSERT_FALSE(r.ok()) << column << "=" << value;
    EXPECT_EQ(r.status().message(), want);
  };
  f("shifts", "08:00;07:00",
    "mines.csv line 2, column shifts: '08:00;07:00': shift starts must be in ascending order "
    "within one day");
  f("shifts", "8h",
    "mines.csv line 2, column shifts: '8h' is not a local time HH:MM (e.g. 00:00;08:00;16:00)");
  f("overtime_hours", "0",
    "mines.csv line 2, column overtime_hours: '0' is not a positive number of hours");
  f("overtime_hours", "ten",
    "mines.csv line 2, column overtime_hours: 'ten' is not a positive number of hours");
  f("maintenance_allowance", "-1",
    "mines.csv line 2, column maintenance_allowance: '-1' is not a whole number ≥ 0");
  f("approved_total", "1.5",
    "mines.csv line 2, column approved_total: '1.5' is not a whole number ≥ 0");
  f("lat", "91",
    "mines.csv line 2, column lat: '91' is not a number of degrees between -90 and 90");
  f("lon", "-180.5",
    "mines.csv line 2, column lon: '-180.5' is not a number of degrees between -180 and 180");
  f("province", "620",
    "mines.csv line 2, column province: '620' is not a 2-digit province code (GB/T 2260)");
}

TEST(MineRegistry, HeaderProblems) {
  const auto f = [](std::string_view text, std::string_view want) {
    auto r = parse_mine_registry(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().message(), want);
  };
  f("", "mines.csv is empty; expected a header row mine_code,name,status,gas_grade");
  f("\n\n", "mines.csv is empty; expected a header row mine_code,name,status,gas_grade");
  f("mine_code,name,status\n",
    "mines.csv line 1: the header has no column 'gas_grade' (required: "
    "mine_code,name,status,gas_grade)");
  f("mine_code,name,status,gas_grade,name\n",
    "mines.csv line 1: column 'name' appears twice in the header");
}

TEST(MineRegistry, RejectsTextThatIsNotUtf8) {
  // "矿" in GB18030 (BF F3): the registry must be UTF-8.
  auto r = parse_mine_registry(std::string(kHeader) + "620823009203,\xBF\xF3,producing,low\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "mines.csv line 2: not valid UTF-8 (byte offset 45); save the registry as UTF-8");
}

TEST(MineRegistry, FormatWritesEveryColumn) {
  Mine a;
  a.code = "620823009203";
  a.name = "某矿, \"东井\"";
  a.status = MineStatus::kConstruction;
  a.gas_grade = GasGrade::kOutburst;
  a.province = "62";
  a.shifts = {360, 720, 1080, 1380};
  a.overtime_hours = *parse_decimal("8.5");
  a.maintenance_allowance = 3;
  a.approved_total = 320;
  a.lat = parse_decimal("36.05");
  a.lon = parse_decimal("-103.830");
  Mine b;
  b.code = "150622B0012000200092";
  b.name = "乙矿";
  b.province = "15";
  EXPECT_EQ(format_mine_registry({a, b}),
            "mine_code,name,status,gas_grade,province,shifts,overtime_hours,"
            "maintenance_allowance,approved_total,lat,lon\n"
            "620823009203,\"某矿, \"\"东井\"\"\",construction,outburst,62,06:00;12:00;18:00;23:00,"
            "8.5,3,320,36.05,-103.830\n"
            "150622B0012000200092,乙矿,producing,low,15,00:00;08:00;16:00,10,10,,,\n");
}

TEST(MineRegistry, FormatThenParseGivesTheSameMines) {
  Mine a;
  a.code = "620823009203";
  a.name = " leading space, comma\nand line";
  a.province = "62";
  a.approved_total = 0;
  a.lat = parse_decimal("-0.5");
  Mine b;
  b.code = "620823009204";
  b.name = "b";
  b.province = "62";
  b.status = MineStatus::kStopped;
  const std::vector<Mine> mines{a, b};
  auto r = parse_mine_registry(format_mine_registry(mines));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, mines);
}

}  // namespace
}  // namespace mw
