// GET /api/v1/alarms paging under filters: severity in the store, handling state after it.
#include "server/api_test_fixture.hpp"
#include "store/alarm_repo.hpp"

namespace mw::server::apitest {
namespace {

using ::testing::ElementsAre;

class ApiAlarmsTest : public ApiRoutesTest {
 protected:
  // `n` gas alarms of the Gansu mine after the scenario's two (ids 3 … n + 2), subjects
  // …MN1000 on, severity by index.
  template <class SeverityOf>
  void add_gansu_alarms(int n, SeverityOf severity_of) {
    auto db = store::open_db((tmp_.file("data") / "minewatch.db").string());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    store::AlarmRepo repo(**db);
    for (int i = 0; i < n; ++i) {
      Alarm a;
      a.mine = std::string(kGansu);
      a.kind = AlarmKind::kGasAlarm;
      a.subject = std::string(kGansu) + "MN" + std::to_string(1000 + i);
      a.start = at(2, 0) + Seconds{i};
      a.severity = severity_of(i);
      a.rule = "test";
      ASSERT_TRUE(repo.upsert(a, "{}", a.start).ok());
    }
  }
  // The subjects of one page and its next_after (0 for null).
  std::pair<std::vector<std::string>, std::int64_t> page(
      std::vector<std::pair<std::string, std::string>> q) {
    const Response r = get("/api/v1/alarms", kNation, std::move(q));
    EXPECT_EQ(r.status, 200U) << r.body;
    auto d = json(r);
    std::vector<std::string> subjects;
    for (auto a : d["alarms"].get_array()) subjects.emplace_back(a["subject"].get_string().value());
    const auto next = d["next_after"];
    return {subjects, next.is_null() ? 0 : next.get_int64().value()};
  }
};

TEST_F(ApiAlarmsTest, SeverityFilterPagesAreFullAndSkipNothing) {
  open("mine_activity_while_closed");
  // 60 blue alarms, then two orange ones: sparse matches far down the table.
  add_gansu_alarms(62, [](int i) { return i < 60 ? Severity::kBlue : Severity::kOrange; });
  const auto fetch = [&](std::vector<std::pair<std::string, std::string>> q) {
    const Response r = get("/api/v1/alarms", kNation, std::move(q));
    EXPECT_EQ(r.status, 200U) << r.body;
    return r;
  };
  Response first = fetch({{"severity", "orange"}, {"limit", "1"}});
  auto a1 = json(first)["alarms"].get_array();
  ASSERT_EQ(a1.size(), 1U) << first.body;
  EXPECT_EQ(std::string_view(a1.at(0)["severity"].get_string()), "orange");
  EXPECT_EQ(std::string_view(a1.at(0)["subject"].get_string()), std::string(kGansu) + "MN1060");
  const std::int64_t next = json(first)["next_after"].get_int64().value_unsafe();
  Response second =
      fetch({{"severity", "orange"}, {"limit", "1"}, {"after", std::to_string(next)}});
  auto a2 = json(second)["alarms"].get_array();
  ASSERT_EQ(a2.size(), 1U) << second.body;
  EXPECT_EQ(std::string_view(a2.at(0)["subject"].get_string()), std::string(kGansu) + "MN1061");
  // Several severities at once, by comma or repeated; a full page of 10.
  Response several = fetch({{"severity", "orange,red"}, {"limit", "10"}});
  EXPECT_EQ(json(several)["alarms"].get_array().size(), 4U) << several.body;  // 2 red, 2 orange
  Response repeated = fetch({{"severity", "blue"}, {"severity", "orange"}, {"limit", "10"}});
  EXPECT_EQ(json(repeated)["alarms"].get_array().size(), 10U);
  EXPECT_EQ(get("/api/v1/alarms", kNation, {{"severity", "red,"}}).status, 422U);
  EXPECT_EQ(get("/api/v1/alarms", kNation, {{"severity", "Red"}}).status, 422U);
}

// Issue 6: an alarm store that cannot be read answers 503 with why, never "no alarms".
TEST_F(ApiAlarmsTest, AnAlarmStoreThatCannotBeReadIsA503WithTheReason) {
  open("mine_activity_while_closed");
  const auto rename = [&](std::string_view from, std::string_view to) {
    auto db = store::open_db((tmp_.file("data") / "minewatch.db").string());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    const std::string sql = "ALTER TABLE " + std::string(from) + " RENAME TO " + std::string(to);
    const Status s = store::exec_status((*db)->exec(sql));
    ASSERT_TRUE(s.ok()) << s.to_string();
  };
  ASSERT_EQ(get("/api/v1/alarms", kNation, {}).status, 200U);
  rename("alarms_episodes", "episodes_away");
  for (const std::string& path :
       std::vector<std::string>{"/api/v1/alarms", "/api/v1/alarms/1", "/api/v1/mines",
                                "/api/v1/mines/" + std::string(kGansu)}) {
    const Response r = get(path, kNation, {});
    EXPECT_EQ(r.status, 503U) << path << ": " << r.body;
    EXPECT_NE(r.body.find("alarm store"), std::string::npos) << path << ": " << r.body;
  }
  rename("episodes_away", "alarms_episodes");
  EXPECT_EQ(get("/api/v1/alarms", kNation, {}).status, 200U);
}

TEST_F(ApiAlarmsTest, StatePagesNeverDropTheRowsAfterAFullPage) {
  open("mine_activity_while_closed");
  // Five alarms (Shanxi, Gansu, MN1000-1002); the Gansu one acknowledged, so "new" skips it.
  ASSERT_EQ(post("/api/v1/alarms/" + std::to_string(alarm_of(kGansu)) + "/ack", kNation, "").status,
            200U);
  add_gansu_alarms(3, [](int) { return Severity::kYellow; });
  const std::string m = std::string(kGansu) + "MN";
  auto [first, next] = page({{"state", "new"}, {"limit", "3"}});
  EXPECT_THAT(first, ElementsAre(std::string(kShanxi), m + "1000", m + "1001"));
  ASSERT_NE(next, 0);
  auto [second, last] = page({{"state", "new"}, {"limit", "3"}, {"after", std::to_string(next)}});
  EXPECT_THAT(second, ElementsAre(m + "1002"));
  EXPECT_EQ(last, 0);
}

TEST_F(ApiAlarmsTest, SparseStateMatchesAnswerAnEmptyPageThatGoesOn) {
  open("mine_activity_while_closed");
  const std::int64_t acked = alarm_of(kGansu) + 60;  // the last one added below
  add_gansu_alarms(60, [](int) { return Severity::kBlue; });
  ASSERT_EQ(post("/api/v1/alarms/" + std::to_string(acked) + "/ack", kNation, "").status, 200U);
  // One request reads at most 50 rows of one: none of them acknowledged.
  auto [first, next] = page({{"state", "acknowledged"}, {"limit", "1"}});
  EXPECT_TRUE(first.empty());
  ASSERT_NE(next, 0);  // not the end: go on from here
  auto [second, more] =
      page({{"state", "acknowledged"}, {"limit", "1"}, {"after", std::to_string(next)}});
  EXPECT_THAT(second, ElementsAre(std::string(kGansu) + "MN1059"));
}

}  // namespace
}  // namespace mw::server::apitest
