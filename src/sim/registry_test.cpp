#include "sim/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/codes.hpp"
#include "model/mine_registry.hpp"

namespace mw::sim {
namespace {

std::vector<Mine> sample(int n, std::uint64_t seed = 11) {
  return make_registry(RegistryOptions{seed, n});
}

TEST(Registry, SameSeedSameMinesOtherSeedOtherMines) {
  EXPECT_EQ(sample(30), sample(30));
  EXPECT_NE(sample(30), sample(30, 12));
}

TEST(Registry, AMineDependsOnlyOnSeedAndIndex) {
  const std::vector<Mine> few = sample(5), many = sample(50);
  for (std::size_t i = 0; i < few.size(); ++i) EXPECT_EQ(few[i], many[i]);
}

TEST(Registry, CodesAreValidUniqueAndStartWithACountyOfTheirProvince) {
  const std::vector<Mine> mines = sample(400);
  std::set<std::string> codes;
  for (const Mine& m : mines) {
    EXPECT_TRUE(check_mine_code(m.code).ok()) << m.code;
    ASSERT_EQ(m.code.size(), 12u);
    EXPECT_TRUE(codes.insert(m.code).second) << "duplicate " << m.code;
    EXPECT_EQ(m.province, m.code.substr(0, 2));
    const std::vector<std::string_view> counties = county_codes_of(m.province);
    EXPECT_NE(std::find(counties.begin(), counties.end(), m.code.substr(0, 6)), counties.end())
        << m.code;
  }
}

TEST(Registry, ProvincesStatusesGradesAndPatternsAreMixed) {
  const std::vector<Mine> mines = sample(400);
  std::map<std::string, int> provinces;
  std::map<MineStatus, int> status;
  std::map<GasGrade, int> grade;
  int four_six = 0;
  for (const Mine& m : mines) {
    ++provinces[m.province];
    ++status[m.status];
    ++grade[m.gas_grade];
    four_six += shift_pattern_of(m) == ShiftPattern::kFourSix ? 1 : 0;
  }
  EXPECT_GE(provinces.size(), 7u);
  for (const char* p : {"14", "15", "61", "52", "41", "37", "65"}) EXPECT_GT(provinces[p], 0) << p;
  EXPECT_GT(status[MineStatus::kProducing], 300);
  EXPECT_GT(status[MineStatus::kStopped], 10);
  EXPECT_GT(status[MineStatus::kClosed], 5);
  EXPECT_GT(grade[GasGrade::kOutburst], 10);
  EXPECT_GT(grade[GasGrade::kHigh], 40);
  EXPECT_GT(four_six, 60);
  EXPECT_LT(four_six, 200);
}

TEST(Registry, NamesAreChineseCompanyNamesOfTheirProvince) {
  const std::map<std::string, std::string> prefix{
      {"14", "山西"}, {"15", "内蒙古"}, {"61", "陕西"}, {"52", "贵州"},  {"41", "河南"},
      {"37", "山东"}, {"65", "新疆"},   {"34", "安徽"}, {"23", "黑龙江"}};
  for (const Mine& m : sample(100)) {
    EXPECT_EQ(m.name.rfind(prefix.at(m.province), 0), 0u) << m.name;
    EXPECT_TRUE(m.name.ends_with("公司")) << m.name;
  }
}

TEST(Registry, PositionsLieInsideTheProvinceBox) {
  for (const Mine& m : sample(100)) {
    GeoBox box{};
    ASSERT_TRUE(province_box(m.province, box));
    ASSERT_TRUE(m.lat && m.lon);
    EXPECT_GE(m.lat->to_double(), box.lat_min);
    EXPECT_LE(m.lat->to_double(), box.lat_max);
    EXPECT_GE(m.lon->to_double(), box.lon_min);
    EXPECT_LE(m.lon->to_double(), box.lon_max);
  }
}

TEST(Registry, WritesAMinesCsvThatParsesBackToTheSameMines) {
  const std::vector<Mine> mines = sample(20);
  Result<std::vector<Mine>> back = parse_mine_registry(format_mine_registry(mines));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, mines);
}

TEST(Registry, ShiftPatternNames) {
  Mine m;
  EXPECT_EQ(shift_pattern_name_zh(shift_pattern_of(m)), "三八制");
  m.shifts = {0, 360, 720, 1080};
  EXPECT_EQ(shift_pattern_name_zh(shift_pattern_of(m)), "四六制");
}

}  // namespace
}  // namespace mw::sim
