// The read API and alarm actions through the Router, over a real DurablePipeline in a temp
// data directory fed with scenario files (tests/scenarios), and the scope matrix on every route.
#include "server/api_test_fixture.hpp"

namespace mw::server::apitest {
namespace {

using ::testing::HasSubstr;

TEST_F(ApiRoutesTest, AnonymousCallersGet401EverywhereButTheApiDescription) {
  open("mine_activity_while_closed");
  for (const RouteSpec& s : api_route_specs()) {
    const Response r = call(s.method, concrete(s.pattern, kGansu, "1"), std::nullopt);
    if (s.pattern == "/api/v1/openapi.json") {
      EXPECT_EQ(r.status, 200U);
    } else {
      EXPECT_EQ(r.status, 401U) << s.pattern;
    }
  }
}

TEST_F(ApiRoutesTest, MineOutsideScopeIsExactly404LikeAMineThatDoesNotExist) {
  open("mine_activity_while_closed");
  const std::int64_t gansu_alarm = alarm_of(kGansu);
  const std::string id = std::to_string(gansu_alarm);
  for (const RouteSpec& s : api_route_specs()) {
    if (s.pattern.find("{mine}") == std::string_view::npos &&
        s.pattern.find("{id}") == std::string_view::npos) {
      continue;
    }
    SCOPED_TRACE(std::string(s.pattern));
    // The Shanxi supervisor asking for the Gansu mine (or its alarm) …
    const Response other = call(s.method, concrete(s.pattern, kGansu, id), kShanxiProvince, {},
                                R"({"remark":"x","verdict":"accepted"})");
    // … gets what a mine that does not exist gets.
    const std::string missing_id = std::to_string(gansu_alarm + 1000);
    const Response none = call(s.method, concrete(s.pattern, "629999999999", missing_id), kNation,
                               {}, R"({"remark":"x","verdict":"accepted"})");
    EXPECT_EQ(other.status, 404U) << other.body;
    EXPECT_EQ(none.status, 404U) << none.body;
    std::string expected = none.body;
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"629999999999", std::string(kGansu)},
          {missing_id, id}}) {
      if (const auto pos = expected.find(from); pos != std::string::npos) {
        expected.replace(pos, from.size(), to);
      }
    }
    EXPECT_EQ(other.body, expected);
  }
  // And the mine's own dispatcher of another mine is treated the same.
  const Principal shanxi_mine = who(Role::kMine, std::string(kShanxi));
  EXPECT_EQ(get("/api/v1/mines/" + std::string(kGansu), shanxi_mine).status, 404U);
  EXPECT_EQ(get("/api/v1/alarms/" + id, shanxi_mine).status, 404U);
  // Nothing was written by the refused actions.
  auto h = workflow_->history(gansu_alarm);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->empty());
}

TEST_F(ApiRoutesTest, MinesListHoldsOnlyTheCallersMinesWithStatusAndAlarms) {
  open("mine_activity_while_closed");
  EXPECT_THAT(mine_codes(kNation), ::testing::ElementsAre(kShanxi, kGansu));
  EXPECT_THAT(mine_codes(kShanxiProvince), ::testing::ElementsAre(kShanxi));
  EXPECT_THAT(mine_codes(kGansuCity), ::testing::ElementsAre(kGansu));
  EXPECT_THAT(mine_codes(kGansuMine), ::testing::ElementsAre(kGansu));
  EXPECT_THAT(mine_codes(who(Role::kCity, "6201")), ::testing::ElementsAre());

  const Response r = get("/api/v1/mines", kGansuViewer);
  ASSERT_EQ(r.status, 200U) << r.body;
  auto m = json(r)["mines"].get_array().at(0);
  EXPECT_EQ(std::string_view(m["status"].get_string()), "stopped");
  EXPECT_EQ(std::string_view(m["last_upload"].get_string()), "2026-09-23T01:25:00+08:00");
  EXPECT_EQ(m["people_underground"].get_uint64().value_unsafe(), 11U);
  EXPECT_EQ(m["active_alarms"]["red"].get_uint64().value_unsafe(), 1U);
  EXPECT_EQ(m["active_alarms"]["orange"].get_uint64().value_unsafe(), 0U);

  // Filters.
  const Response closed = get("/api/v1/mines", kNation, {{"status", "closed"}});
  EXPECT_THAT(closed.body, HasSubstr(kShanxi));
  EXPECT_THAT(closed.body, ::testing::Not(HasSubstr(kGansu)));
  const Response region = get("/api/v1/mines", kNation, {{"region", "62"}});
  EXPECT_THAT(region.body, ::testing::Not(HasSubstr(kShanxi)));
  EXPECT_EQ(get("/api/v1/mines", kNation, {{"status", "idle"}}).status, 422U);
}

TEST_F(ApiRoutesTest, MinePageShowsAreasPeopleAndNoLeader) {
  open("mine_activity_while_closed");
  const Response r = get("/api/v1/mines/" + std::string(kGansu), kGansuMine);
  ASSERT_EQ(r.status, 200U) << r.body;
  auto m = json(r);
  EXPECT_EQ(std::string_view(m["name"].get_string()), "甘肃停产煤矿");
  EXPECT_EQ(m["people_underground"].get_uint64().value_unsafe(), 11U);
  EXPECT_FALSE(m["leader_on_shift"].get_bool().value_unsafe());
  auto areas = m["areas"].get_array();
  ASSERT_GE(areas.size(), 1U);
  bool found = false;
  for (auto a : areas) {
    if (std::string_view(a["code"].get_string()) == "6208230092030005") {
      found = true;
      EXPECT_EQ(a["approved"].get_uint64().value_unsafe(), 60U);
      EXPECT_EQ(std::string_view(a["name"].get_string()), "井底车场");
    }
  }
  EXPECT_TRUE(found) << r.body;

  const Response people = get("/api/v1/mines/" + std::string(kGansu) + "/personnel", kGansuCity);
  ASSERT_EQ(people.status, 200U) << people.body;
  auto p = json(people);
  EXPECT_EQ(p["count"].get_uint64().value_unsafe(), 11U);
  EXPECT_EQ(std::string_view(p["snapshot_time"].get_string()), "2026-09-23T01:25:00+08:00");
  EXPECT_EQ(std::string_view(p["people"].get_array().at(0)["card"].get_string()),
            "62082300920300001");
}

TEST_F(ApiRoutesTest, PointsCarryLatestValueBadgeAndEffectiveThresholds) {
  open("gas_alarm_red_escalation", at(8, 20));
  const Principal shanxi_city = who(Role::kCity, "1404");
  const Response r = get("/api/v1/mines/" + std::string(kShanxi), shanxi_city);
  ASSERT_EQ(r.status, 200U) << r.body;
  bool found = false;
  for (auto p : json(r)["points"].get_array()) {
    if (std::string_view(p["code"].get_string()) != "140421000111MN0001") continue;
    found = true;
    EXPECT_EQ(std::string_view(p["location"].get_string()), "3105回采工作面");
    EXPECT_EQ(std::string_view(p["effective"]["class"].get_string()), "coal_face");
    EXPECT_EQ(p["effective"]["cut"].get_double().value_unsafe(), 1.5);
    EXPECT_EQ(std::string_view(p["latest"]["time"].get_string()), "2026-09-23T08:10:00+08:00");
  }
  EXPECT_TRUE(found) << r.body;
  bool feed = false;
  for (auto p : json(r)["points"].get_array()) {
    if (std::string_view(p["code"].get_string()) != "140421000111KG0003") continue;
    feed = true;
    EXPECT_EQ(std::string_view(p["text_on"].get_string()), "有电压");
    EXPECT_EQ(std::string_view(p["text_off"].get_string()), "负荷侧无电压");
  }
  EXPECT_TRUE(feed) << r.body;

  const std::string series =
      "/api/v1/mines/" + std::string(kShanxi) + "/points/140421000111MN0001/series";
  const Response s =
      get(series, shanxi_city,
          {{"from", "2026-09-23T08:00:00+08:00"}, {"to", "2026-09-23T08:11:00+08:00"}});
  ASSERT_EQ(s.status, 200U) << s.body;
  auto doc = json(s);
  EXPECT_EQ(std::string_view(doc["resolution"].get_string()), "raw");
  EXPECT_EQ(doc["samples"].get_array().size(), 11U);  // one CDSS file a minute, 08:00–08:10
  EXPECT_EQ(get(series, shanxi_city, {{"from", "yesterday"}}).status, 422U);
  EXPECT_EQ(get(series, shanxi_city,
                {{"from", "2026-09-23T09:00:00+08:00"}, {"to", "2026-09-23T08:00:00+08:00"}})
                .status,
            422U);
  EXPECT_EQ(get("/api/v1/mines/" + std::string(kShanxi) + "/points/140421000111MN9999/series",
                shanxi_city)
                .status,
            404U);
  EXPECT_EQ(get(series, kGansuProvince).status, 404U);
}

TEST_F(ApiRoutesTest, AlarmListFiltersAndScope) {
  open("mine_activity_while_closed");
  const auto ids = [&](const Principal& p, std::vector<std::pair<std::string, std::string>> q) {
    const Response r = get("/api/v1/alarms", p, std::move(q));
    EXPECT_EQ(r.status, 200U) << r.body;
    std::vector<std::string> mines;
    for (auto a : json(r)["alarms"].get_array()) {
      mines.emplace_back(a["mine"].get_string().value_unsafe());
    }
    return mines;
  };
  EXPECT_THAT(ids(kNation, {}), ::testing::ElementsAre(kShanxi, kGansu));
  EXPECT_THAT(ids(kShanxiProvince, {}), ::testing::ElementsAre(kShanxi));
  EXPECT_THAT(ids(kShanxiProvince, {{"mine", std::string(kGansu)}}), ::testing::ElementsAre());
  EXPECT_THAT(ids(kShanxiProvince, {{"region", "62"}}), ::testing::ElementsAre());
  EXPECT_THAT(ids(kGansuMine, {}), ::testing::ElementsAre(kGansu));
  EXPECT_THAT(ids(kNation, {{"active", "true"}}), ::testing::ElementsAre(kGansu));
  EXPECT_THAT(ids(kNation, {{"active", "false"}}), ::testing::ElementsAre(kShanxi));
  EXPECT_THAT(ids(kNation, {{"severity", "red"}, {"kind", "mine.activity_while_closed"}}),
              ::testing::ElementsAre(kShanxi, kGansu));
  EXPECT_THAT(ids(kNation, {{"severity", "orange"}}), ::testing::ElementsAre());
  EXPECT_THAT(ids(kNation, {{"state", "new"}}), ::testing::ElementsAre(kShanxi, kGansu));
  EXPECT_THAT(ids(kNation, {{"from", "2026-09-23T01:20:00+08:00"}}),
              ::testing::ElementsAre(kGansu));
  EXPECT_THAT(ids(kNation, {{"limit", "1"}}), ::testing::ElementsAre(kShanxi));
  const Response page = get("/api/v1/alarms", kNation, {{"limit", "1"}});
  const std::int64_t next = json(page)["next_after"].get_int64().value_unsafe();
  EXPECT_THAT(ids(kNation, {{"limit", "1"}, {"after", std::to_string(next)}}),
              ::testing::ElementsAre(kGansu));
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"kind", "gas"},
                             {"severity", "purple"},
                             {"active", "yes"},
                             {"limit", "0"},
                             {"state", "done"},
                             {"to", "noon"}}) {
    EXPECT_EQ(get("/api/v1/alarms", kNation, {{k, v}}).status, 422U) << k << "=" << v;
  }
}

TEST_F(ApiRoutesTest, AlarmDetailHasEvidenceAndNextEscalation) {
  open("mine_activity_while_closed");
  const std::int64_t id = alarm_of(kGansu);
  const Response r = get("/api/v1/alarms/" + std::to_string(id), kGansuCity);
  ASSERT_EQ(r.status, 200U) << r.body;
  auto d = json(r);
  EXPECT_EQ(std::string_view(d["alarm"]["kind"].get_string()), "mine.activity_while_closed");
  EXPECT_EQ(std::string_view(d["alarm"]["handling"]["state"].get_string()), "new");
  EXPECT_TRUE(d["evidence"].is_object());
  // Red since 01:25, escalation after 15 min.
  EXPECT_EQ(std::string_view(d["next_escalation"].get_string()), "2026-09-23T01:40:00+08:00");
  EXPECT_EQ(d["history"].get_array().size(), 0U);
  EXPECT_EQ(get("/api/v1/alarms/abc", kNation).status, 404U);
  EXPECT_EQ(get("/api/v1/alarms/-1", kNation).status, 404U);
}

TEST_F(ApiRoutesTest, OverdueRedAlarmEscalatesFrom1440Not1439) {
  open("mine_activity_while_closed");
  clock_.set(at(1, 39, 59));
  auto none = escalate_overdue(*pipeline_, *workflow_);
  ASSERT_TRUE(none.ok()) << none.status().to_string();
  EXPECT_TRUE(none->empty());
  clock_.set(at(1, 40, 0));
  auto one = escalate_overdue(*pipeline_, *workflow_);
  ASSERT_TRUE(one.ok()) << one.status().to_string();
  ASSERT_EQ(one->size(), 1U);  // the Gansu alarm only: the Shanxi one has ended
  EXPECT_EQ((*one)[0].mine, kGansu);
  EXPECT_EQ((*one)[0].scope, "6208");
  const Response r = get("/api/v1/alarms/" + std::to_string((*one)[0].alarm_id), kGansuCity);
  EXPECT_THAT(r.body, HasSubstr(R"("level":"city")"));
  EXPECT_THAT(r.body, HasSubstr(R"("action":"escalate")"));
}

TEST_F(ApiRoutesTest, AlarmActionsFollowRolesAndStates) {
  open("mine_activity_while_closed");
  const std::string base = "/api/v1/alarms/" + std::to_string(alarm_of(kGansu));
  EXPECT_EQ(post(base + "/ack", kGansuViewer, "").status, 403U);
  EXPECT_EQ(post(base + "/ack", kGansuMine, "{not json").status, 400U);
  EXPECT_EQ(post(base + "/ack", kGansuMine, R"({"note":"x"})").status, 400U);
  EXPECT_EQ(post(base + "/ack", kGansuMine, R"({"remark":5})").status, 400U);
  EXPECT_EQ(
      post(base + "/disposition", kGansuMine, R"({"cause":"a","measures":"b","early_reason":"c"})")
          .status,
      409U);  // not acknowledged yet
  const Response ack = post(base + "/ack", kGansuMine, R"({"remark":"调度已知悉"})");
  ASSERT_EQ(ack.status, 200U) << ack.body;
  EXPECT_THAT(ack.body, HasSubstr(R"("state":"acknowledged")"));
  EXPECT_EQ(post(base + "/ack", kGansuCity, "").status, 409U);
  // Still active: the mine must say why it disposes early.
  const Response early = post(base + "/disposition", kGansuMine, R"({"cause":"a","measures":"b"})");
  EXPECT_EQ(early.status, 422U);
  EXPECT_THAT(early.body, HasSubstr("early_reason"));
  EXPECT_EQ(
      post(base + "/disposition", kGansuCity, R"({"cause":"a","measures":"b","early_reason":"c"})")
          .status,
      403U);  // supervisors do not write the mine's disposition
  const Response d = post(
      base + "/disposition", kGansuMine,
      R"({"cause":"停产期间违规组织人员入井检修","measures":"人员全部升井, 责令停止作业","early_reason":"人员已升井, 等待数据恢复","released_at":"2026-09-23T01:28:00+08:00"})");
  ASSERT_EQ(d.status, 200U) << d.body;
  EXPECT_THAT(d.body, HasSubstr(R"("released_at":"2026-09-23T01:28:00+08:00")"));
  EXPECT_EQ(post(base + "/verify", kGansuMine, R"({"verdict":"accepted"})").status, 403U);
  EXPECT_EQ(post(base + "/verify", kGansuCity, R"({"verdict":"maybe"})").status, 422U);
  const Response v = post(base + "/verify", kGansuCity, R"({"verdict":"accepted"})");
  ASSERT_EQ(v.status, 200U) << v.body;
  EXPECT_THAT(v.body, HasSubstr(R"("state":"verified")"));
  const Response history = get(base, kGansuMine);
  EXPECT_EQ(json(history)["history"].get_array().size(), 3U);
}

TEST_F(ApiRoutesTest, OpenApiDocumentIsServedPublicly) {
  open("mine_activity_while_closed");
  const Response r = get("/api/v1/openapi.json", std::nullopt);
  ASSERT_EQ(r.status, 200U);
  EXPECT_EQ(std::string_view(json(r)["openapi"].get_string()), "3.1.0");
}

}  // namespace
}  // namespace mw::server::apitest
