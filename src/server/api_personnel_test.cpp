// Personnel history through the API: trips of a card and an area's headcount over a day,
// from what the durable pipeline stored of the scenario's RYSS snapshots.
#include "server/api_test_fixture.hpp"

namespace mw::server::apitest {
namespace {

TEST_F(ApiRoutesTest, TripsAndAreaHeadcountFromPersonnelHistory) {
  open("mine_activity_while_closed");
  const std::string mine = "/api/v1/mines/" + std::string(kGansu);
  const Response t = get(mine + "/personnel/62082300920300001/trips", kGansuCity,
                         {{"from", "2026-09-23T00:00:00+08:00"}});
  ASSERT_EQ(t.status, 200U) << t.body;
  auto trips = json(t)["trips"].get_array();
  ASSERT_EQ(trips.size(), 1U) << t.body;
  EXPECT_EQ(std::string_view(trips.at(0)["entry"].get_string()), "2026-09-23T01:00:00+08:00");
  EXPECT_TRUE(trips.at(0)["exit"].is_null());  // still underground

  const Response h =
      get(mine + "/areas/6208230092030005/headcount", kGansuCity, {{"day", "2026-09-23"}});
  ASSERT_EQ(h.status, 200U) << h.body;
  auto doc = json(h);
  EXPECT_EQ(doc["approved"].get_uint64().value_unsafe(), 60U);
  auto points = doc["points"].get_array();
  ASSERT_EQ(points.size(), 288U);  // a day in 5-minute steps
  // 01:25 is step 17: the snapshot of 01:25 holds 11 people in the area.
  EXPECT_EQ(std::string_view(points.at(17)["time"].get_string()), "2026-09-23T01:25:00+08:00");
  EXPECT_EQ(points.at(17)["at"].get_uint64().value_unsafe(), 11U);
  EXPECT_EQ(points.at(0)["at"].get_uint64().value_unsafe(), 0U);

  EXPECT_EQ(get(mine + "/areas/6208230092030099/headcount", kGansuCity).status, 404U);
  EXPECT_EQ(get(mine + "/areas/6208230092030005/headcount", kGansuCity, {{"day", "23/09"}}).status,
            422U);
  EXPECT_EQ(get(mine + "/personnel/62082300920300001/trips", kGansuCity,
                {{"from", "2025-01-01T00:00:00+08:00"}})
                .status,
            422U);  // over a year
}

}  // namespace
}  // namespace mw::server::apitest
