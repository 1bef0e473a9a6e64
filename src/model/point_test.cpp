#include "model/point.hpp"

#include <gtest/gtest.h>

#include <set>

namespace mw {
namespace {

TEST(RelationKind, LettersNamesAndChineseNames) {
  struct Case {
    char letter;
    RelationKind kind;
    std::string_view name, name_zh;
  };
  const Case cases[] = {
      {'B', RelationKind::kInterlock, "interlock", "闭锁"},
      {'G', RelationKind::kLinkedDoor, "linked_door", "关联风门"},
      {'K', RelationKind::kControl, "control", "控制"},
      {'H', RelationKind::kProtect, "protect", "保护"},
      {'Z', RelationKind::kMainBackup, "main_backup", "主备"},
      {'D', RelationKind::kPowerCut, "power_cut", "断电"},
      {'T', RelationKind::kRegulate, "regulate", "调节"},
  };
  std::set<std::string_view> names;
  for (const Case& c : cases) {
    EXPECT_EQ(relation_kind_from_letter(c.letter), c.kind) << c.letter;
    EXPECT_EQ(static_cast<char>(c.kind), c.letter);
    EXPECT_EQ(relation_kind_name(c.kind), c.name);
    EXPECT_EQ(relation_kind_name_zh(c.kind), c.name_zh);
    names.insert(c.name);
  }
  EXPECT_EQ(names.size(), 7u);
}

TEST(RelationKind, OtherLettersAreRejected) {
  for (char c : {'A', 'b', 'd', 'X', '-', ' ', '\0'}) {
    EXPECT_FALSE(relation_kind_from_letter(c).has_value()) << static_cast<int>(c);
  }
}

TEST(PointDef, PowerCutTargetsAreTheDRelationsOnly) {
  PointDef p;
  p.code = "620823009203MN0001";
  p.relations = {
      {RelationKind::kPowerCut, p.code, "断电1", "620823009203KG0011"},
      {RelationKind::kInterlock, p.code, "闭锁", "620823009203KG0002"},
      {RelationKind::kPowerCut, p.code, "断电2", "620823009203KG0015"},
  };
  const auto targets = p.power_cut_targets();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0], "620823009203KG0011");
  EXPECT_EQ(targets[1], "620823009203KG0015");
  EXPECT_TRUE(PointDef{}.power_cut_targets().empty());
}

TEST(PointDef, EqualityCoversThresholds) {
  PointDef a;
  a.thresholds.high_alarm = parse_decimal("1.00");
  PointDef b = a;
  EXPECT_EQ(a, b);
  b.thresholds.high_cut = parse_decimal("1.50");
  EXPECT_NE(a, b);
  // Same value written differently is a different definition (the text is kept exactly).
  b = a;
  b.thresholds.high_alarm = parse_decimal("1.0");
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace mw
