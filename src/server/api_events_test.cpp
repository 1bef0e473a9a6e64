// The live event an escalation step is published as.
#include <gtest/gtest.h>

#include "server/api_routes.hpp"

namespace mw::server {
namespace {

TEST(EscalationEvent, JsonNamesTheAlarmTheLevelAndItsScope) {
  workflow::EscalationEvent e;
  e.alarm_id = 42;
  e.mine = "620823009203";
  e.level = store::WorkflowLevel::kProvince;
  e.scope = "62";
  e.time = *china_civil_time(2026, 9, 23, 1, 40, 0);
  EXPECT_EQ(escalation_event_json(e),
            R"({"event":"alarm.handed_up","id":42,"mine":"620823009203","level":"province",)"
            R"("scope":"62","time":"2026-09-23T01:40:00+08:00"})");
}

}  // namespace
}  // namespace mw::server
