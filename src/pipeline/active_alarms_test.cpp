// ActiveAlarms on its own: a seed, then episodes as stored (open, escalate, close), counted by
// mine and by region prefix; nothing counted before a seed or after an invalidation.
#include "pipeline/active_alarms.hpp"

#include <gtest/gtest.h>

namespace mw::pipeline {
namespace {

Alarm episode(std::string mine, std::string subject, Severity s, int start_minute,
              bool ended = false) {
  Alarm a;
  a.mine = std::move(mine);
  a.kind = AlarmKind::kGasAlarm;
  a.subject = std::move(subject);
  a.start = Time{} + Seconds{60 * start_minute};
  a.severity = s;
  if (ended) a.end = a.start + Seconds{60};
  return a;
}

SeverityCounts counts(std::uint32_t blue, std::uint32_t yellow, std::uint32_t orange,
                      std::uint32_t red) {
  return {blue, yellow, orange, red};
}

TEST(ActiveAlarms, SeededThenFollowsOpensEscalationsAndCloses) {
  ActiveAlarms active;
  EXPECT_FALSE(active.of_mine("140421000111").has_value());
  active.note(episode("140421000111", "MN01", Severity::kRed, 0));  // before the seed: ignored
  const Alarm shanxi = episode("140421000111", "MN01", Severity::kYellow, 1);
  const Alarm ended = episode("140421000111", "MN02", Severity::kRed, 1, true);
  const Alarm gansu = episode("620823009203", "MN01", Severity::kOrange, 2);
  active.reset(std::vector<Alarm>{shanxi, ended, gansu});
  EXPECT_EQ(active.of_mine("140421000111"), counts(0, 1, 0, 0));
  EXPECT_EQ(active.of_mine("140100000222"), counts(0, 0, 0, 0));

  Alarm escalated = shanxi;  // the same episode (mine, kind, subject, start), now red
  escalated.severity = Severity::kRed;
  active.note(escalated);
  active.note(episode("140421000111", "MN03", Severity::kBlue, 5));
  EXPECT_EQ(active.of_mine("140421000111"), counts(1, 0, 0, 1));
  auto all = active.under("");
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at("620823009203"), counts(0, 0, 1, 0));
  auto shanxi_province = active.under("14");
  ASSERT_TRUE(shanxi_province.has_value());
  EXPECT_EQ(shanxi_province->size(), 1u);
  EXPECT_EQ(shanxi_province->count("140421000111"), 1u);

  escalated.end = escalated.start + Seconds{600};  // closed
  active.note(escalated);
  active.note(episode("140421000111", "MN03", Severity::kBlue, 5, true));
  EXPECT_EQ(active.of_mine("140421000111"), counts(0, 0, 0, 0));
  EXPECT_EQ(active.under("14")->size(), 0u);  // a mine with none is left out

  active.invalidate();
  EXPECT_FALSE(active.of_mine("620823009203").has_value());
  EXPECT_FALSE(active.under("").has_value());
}

}  // namespace
}  // namespace mw::pipeline
