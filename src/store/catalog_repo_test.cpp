// The catalog repository, run against both backends.
#include "store/catalog_repo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::MigratedTest;
using ::testing::ElementsAre;

constexpr std::string_view kMine = "620823009203";

Decimal dec(std::string_view text) { return *parse_decimal(text); }
Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

Mine full_mine() {
  Mine m;
  m.code = std::string(kMine);
  m.name = "示例煤矿";
  m.status = MineStatus::kStopped;
  m.gas_grade = GasGrade::kOutburst;
  m.province = "62";
  m.shifts = {6 * 60, 12 * 60, 18 * 60, 0};
  m.overtime_hours = dec("8.5");
  m.maintenance_allowance = 4;
  m.approved_total = 350;
  m.lat = dec("39.7400");
  m.lon = dec("-98.500");
  return m;
}

Mine mine_with_code(std::string code) {
  Mine m;
  m.code = std::move(code);
  m.name = "矿 " + m.code;
  m.province = m.code.substr(0, 2);
  return m;
}

PointDef methane_point() {
  PointDef d;
  d.code = std::string(kMine) + "01MN0001";
  d.system_code = "01";
  d.outstation = "003";
  d.sensor_type = 1;
  d.value_kind = ValueKind::kAnalog;
  d.unit = "%CH4";
  d.range_high = dec("4.00");
  d.range_low = dec("0.00");
  d.thresholds.high_alarm = dec("1.00");
  d.thresholds.high_alarm_release = dec("0.80");
  d.thresholds.high_cut = dec("1.50");
  d.thresholds.high_restore = dec("1.00");
  d.location = "3105回风隅角";
  d.x = dec("12.5");
  d.y = dec("-3");
  d.relations = {
      {RelationKind::kPowerCut, d.code, "断电", std::string(kMine) + "01KG0011"},
      {RelationKind::kInterlock, d.code, "闭锁", std::string(kMine) + "01KG0012"},
  };
  d.time = at(10);
  return d;
}

template <class B>
class CatalogRepoTest : public MigratedTest<B> {
 protected:
  void SetUp() override {
    MigratedTest<B>::SetUp();
    if (this->HasFatalFailure()) return;
    repo_.emplace(this->db());
  }
  CatalogRepo& repo() { return *repo_; }

  std::optional<CatalogRepo> repo_;
};
TYPED_TEST_SUITE(CatalogRepoTest, Backends, BackendNames);

TYPED_TEST(CatalogRepoTest, MineRoundTripsEveryField) {
  const Mine m = full_mine();
  ASSERT_TRUE(this->repo().upsert_mine(m).ok());
  auto got = this->repo().get_mine(kMine);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got, m);
  EXPECT_EQ(format_decimal(*got->lat), "39.7400");  // scale kept
}

TYPED_TEST(CatalogRepoTest, MineUpsertReplacesAndDefaultsRoundTrip) {
  ASSERT_TRUE(this->repo().upsert_mine(full_mine()).ok());
  Mine m = mine_with_code(std::string(kMine));  // defaults: no optional fields
  ASSERT_TRUE(this->repo().upsert_mine(m).ok());
  auto got = this->repo().get_mine(kMine);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got, m);
  EXPECT_FALSE(got->approved_total.has_value());
}

TYPED_TEST(CatalogRepoTest, UnknownMineIsNotFound) {
  auto got = this->repo().get_mine("999999999999");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
}

TYPED_TEST(CatalogRepoTest, ListsMinesByRegionPrefix) {
  for (const char* code : {"620823009203", "620100000001", "620823000001", "140421000111",
                           "150622B0012000200092", "150622b0000000000000"}) {
    ASSERT_TRUE(this->repo().upsert_mine(mine_with_code(code)).ok());
  }
  const auto codes = [&](std::string_view prefix) {
    std::vector<std::string> out;
    auto mines = this->repo().list_mines(prefix);
    EXPECT_TRUE(mines.ok()) << mines.status().to_string();
    if (mines.ok()) {
      for (const Mine& m : *mines) out.push_back(m.code);
    }
    return out;
  };
  EXPECT_THAT(codes("62"), ElementsAre("620100000001", "620823000001", "620823009203"));
  EXPECT_THAT(codes("6208"), ElementsAre("620823000001", "620823009203"));
  EXPECT_THAT(codes("620823009203"), ElementsAre("620823009203"));
  EXPECT_THAT(codes("150622B"), ElementsAre("150622B0012000200092"));  // case matters
  EXPECT_THAT(codes("63"), ElementsAre());
  EXPECT_EQ(codes("").size(), 6u);
  EXPECT_EQ(this->repo().list_mines("62%").status().code(), StatusCode::kInvalidArgument);
}

TYPED_TEST(CatalogRepoTest, PointRoundTripsWithRelations) {
  const PointDef d = methane_point();
  auto r = this->repo().upsert_point(kMine, d, at(10));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, PointChange::kCreated);
  auto got = this->repo().get_point(kMine, d.code);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(*got, d);
  EXPECT_THAT(got->power_cut_targets(), ElementsAre(std::string(kMine) + "01KG0011"));
}

TYPED_TEST(CatalogRepoTest, PointHistoryAnswersThresholdsAtATime) {
  CatalogRepo& repo = this->repo();
  PointDef v1 = methane_point();
  ASSERT_EQ(*repo.upsert_point(kMine, v1, at(10)), PointChange::kCreated);

  PointDef same = v1;  // re-sent an hour later: only 数据时间 differs
  same.time = at(11);
  ASSERT_EQ(*repo.upsert_point(kMine, same, at(11)), PointChange::kUnchanged);

  PointDef v2 = v1;  // the mine loosens its thresholds at 12:00 and drops the D relation
  v2.thresholds.high_alarm = dec("1.50");
  v2.thresholds.high_cut = dec("2.00");
  v2.relations.erase(v2.relations.begin());
  v2.time = at(12);
  ASSERT_EQ(*repo.upsert_point(kMine, v2, at(12)), PointChange::kChanged);

  auto before = repo.get_point_at(kMine, v1.code, at(9, 59));
  EXPECT_EQ(before.status().code(), StatusCode::kNotFound);
  auto morning = repo.get_point_at(kMine, v1.code, at(11, 30));
  ASSERT_TRUE(morning.ok()) << morning.status().to_string();
  EXPECT_EQ(morning->thresholds.high_alarm, dec("1.00"));
  EXPECT_EQ(morning->relations.size(), 2u);
  auto noon = repo.get_point_at(kMine, v1.code, at(12));
  ASSERT_TRUE(noon.ok());
  EXPECT_EQ(*noon, v2);
  EXPECT_EQ(*repo.get_point(kMine, v1.code), v2);

  auto history = repo.point_history(kMine, v1.code);
  ASSERT_TRUE(history.ok()) << history.status().to_string();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].valid_from, at(10));
  EXPECT_EQ((*history)[0].def, v1);
  EXPECT_EQ((*history)[1].valid_from, at(12));
  EXPECT_EQ((*history)[1].def, v2);
}

TYPED_TEST(CatalogRepoTest, ACorrectionAtTheSameInstantReplacesTheVersion) {
  CatalogRepo& repo = this->repo();
  PointDef d = methane_point();
  ASSERT_EQ(*repo.upsert_point(kMine, d, at(10)), PointChange::kCreated);
  d.location = "3105回风巷";
  d.relations.pop_back();
  ASSERT_EQ(*repo.upsert_point(kMine, d, at(10)), PointChange::kChanged);
  auto history = repo.point_history(kMine, d.code);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().def, d);
}

TYPED_TEST(CatalogRepoTest, ListPointsGivesTheNewestVersionOfEach) {
  CatalogRepo& repo = this->repo();
  PointDef a = methane_point();
  PointDef b = methane_point();
  b.code = std::string(kMine) + "01KG0011";
  b.sensor_type = 1011;
  b.value_kind = ValueKind::kSwitch;
  b.unit = "";
  b.thresholds = {};
  b.relations.clear();
  b.text_on = "有电压";
  b.text_off = "负荷侧无电压";
  ASSERT_TRUE(repo.upsert_point(kMine, a, at(10)).ok());
  ASSERT_TRUE(repo.upsert_point(kMine, b, at(10)).ok());
  PointDef a2 = a;
  a2.relations.pop_back();
  a2.thresholds.high_cut = dec("1.40");
  ASSERT_TRUE(repo.upsert_point(kMine, a2, at(13)).ok());
  ASSERT_TRUE(repo.upsert_point("140421000111", a, at(10)).ok());  // another mine

  auto points = repo.list_points(kMine);
  ASSERT_TRUE(points.ok()) << points.status().to_string();
  EXPECT_THAT(*points, ElementsAre(b, a2));  // by code: KG0011 < MN0001
}

TYPED_TEST(CatalogRepoTest, AFileOfPointsIsOneTransaction) {
  CatalogRepo& repo = this->repo();
  std::vector<PointDef> file;
  for (int i = 0; i < 3; ++i) {
    file.push_back(methane_point());
    file.back().code += "-" + std::to_string(i);
  }
  const auto apply = [&](bool refuse_last) {
    return in_transaction(this->db(), [&]() -> Status {
      for (const PointDef& d : file) {
        auto r = repo.upsert_point(kMine, d, at(10));
        if (!r.ok()) return r.status();
      }
      return refuse_last ? Status::invalid_argument("file rejected") : Status{};
    });
  };
  EXPECT_FALSE(apply(true).ok());
  EXPECT_TRUE(repo.list_points(kMine)->empty());
  ASSERT_TRUE(apply(false).ok());
  EXPECT_EQ(repo.list_points(kMine)->size(), 3u);
}

TYPED_TEST(CatalogRepoTest, AreasStationsAndPeopleRoundTrip) {
  CatalogRepo& repo = this->repo();
  const std::string area_code = std::string(kMine) + "0002";
  const Area area{area_code, AreaType::kRestricted, 12, "采空区"};
  const Area shaft{std::string(kMine) + "0001", AreaType::kShaft, 0, "主井口"};
  ASSERT_TRUE(repo.upsert_area(kMine, area).ok());
  ASSERT_TRUE(repo.upsert_area(kMine, shaft).ok());
  EXPECT_EQ(*repo.get_area(kMine, area_code), area);
  EXPECT_THAT(*repo.list_areas(kMine), ElementsAre(shaft, area));
  Area renamed = area;
  renamed.approved = 20;
  renamed.type = AreaType::kKey;
  ASSERT_TRUE(repo.upsert_area(kMine, renamed).ok());
  EXPECT_EQ(*repo.get_area(kMine, area_code), renamed);
  EXPECT_EQ(repo.get_area("140421000111", area_code).status().code(), StatusCode::kNotFound);

  Station st{area_code + "000001", "1201掘进面基站", dec("1.5"),
             std::nullopt,         dec("-620.25"),   "迎头"};
  ASSERT_TRUE(repo.upsert_station(kMine, st).ok());
  EXPECT_EQ(*repo.get_station(kMine, st.code), st);
  st.name = "1201掘进面基站(迁移)";
  st.x.reset();
  ASSERT_TRUE(repo.upsert_station(kMine, st).ok());
  EXPECT_THAT(*repo.list_stations(kMine), ElementsAre(st));

  const Person leader{std::string(kMine) + "00007",
                      "张三",
                      "采煤工",
                      "副矿长",
                      "综采一队",
                      "1975-03-01",
                      "本科",
                      true,
                      false};
  Person worker{std::string(kMine) + "00003",
                "李四",
                "瓦斯检查工",
                "未设置",
                "通风队",
                "1990/7/8",
                "高中",
                false,
                true};
  ASSERT_TRUE(repo.upsert_person(kMine, leader).ok());
  ASSERT_TRUE(repo.upsert_person(kMine, worker).ok());
  EXPECT_EQ(*repo.get_person(kMine, leader.card), leader);
  worker.special = false;
  ASSERT_TRUE(repo.upsert_person(kMine, worker).ok());
  EXPECT_THAT(*repo.list_people(kMine), ElementsAre(worker, leader));
  EXPECT_EQ(repo.get_person(kMine, "nobody").status().code(), StatusCode::kNotFound);
}

TYPED_TEST(CatalogRepoTest, ABadStoredValueIsReportedNotGuessed) {
  ASSERT_TRUE(this->repo().upsert_mine(full_mine()).ok());
  ASSERT_TRUE(
      this->db().exec("UPDATE mines SET status = ? WHERE code = ?", {"mined_out", kMine}).ok());
  auto got = this->repo().get_mine(kMine);
  EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(got.status().message(), ::testing::HasSubstr("column status"));
}

}  // namespace
}  // namespace mw::store
