#include "rules/location_classifier.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/rule_pack.hpp"

namespace mw {
namespace {

const LocationClassifier& coal() { return default_rule_pack().classifier; }

struct Case {
  std::string_view text;
  std::string_view want;  // class id, or "unclassified"
};

// Real-world 安装位置 spellings → class (rules.md A1), one line per case.
constexpr Case kCases[] = {
    // 上隅角 (T0)
    {"3105回风隅角", "coal_face_corner"},
    {"12306综采工作面上隅角", "coal_face_corner"},
    {"12306工作面上隅角", "coal_face_corner"},
    {"8101上隅角", "coal_face_corner"},
    {"15102采面上隅角", "coal_face_corner"},
    {"2-301综放工作面 上隅角", "coal_face_corner"},
    {"３１０５回风隅角", "coal_face_corner"},
    {"1301工作面上偶角", "coal_face_corner"},
    {"3105隅角", "coal_face_corner"},
    {"W1310回采工作面回风隅角", "coal_face_corner"},
    // 采煤工作面 (T1)
    {"3105回采工作面", "coal_face"},
    {"12306综采工作面", "coal_face"},
    {"15102采面", "coal_face"},
    {"8101综放面", "coal_face"},
    {"1201采煤工作面", "coal_face"},
    {"E2303 综采工作面", "coal_face"},
    {"3105工作面", "coal_face"},
    {"3105回采面", "coal_face"},
    {"2号煤层1301工作面（中部）", "coal_face"},
    // 采煤工作面回风巷 (T2)
    {"3105回风巷", "coal_face_return"},
    {"8101回风顺槽", "coal_face_return"},
    {"12306工作面回风巷", "coal_face_return"},
    {"15102回风顺巷", "coal_face_return"},
    {"3105工作面回风流", "coal_face_return"},
    {"1301风巷", "coal_face_return"},
    {"3105回风", "coal_face_return"},
    {"8101 回风巷道", "coal_face_return"},
    {"3105工作面回风侧", "coal_face_return"},
    // 回风巷中部
    {"15102工作面回风巷中部", "coal_face_return_mid"},
    {"8101回风顺槽中部", "coal_face_return_mid"},
    // 采煤工作面进风巷
    {"9103进风巷", "coal_face_intake"},
    {"9103运输顺槽", "coal_face_intake"},
    {"3105工作面进风巷", "coal_face_intake"},
    {"1301机巷", "coal_face_intake"},
    {"8101皮带顺槽", "coal_face_intake"},
    {"12306运输平巷", "coal_face_intake"},
    // 采煤机
    {"采煤机机载", "shearer"},
    {"12306采煤机", "shearer"},
    {"3105工作面采煤机机身", "shearer"},
    // 掘进工作面 (T1)
    {"1201掘进工作面", "heading"},
    {"2201迎头", "heading"},
    {"掘进头", "heading"},
    {"3105回风巷掘进工作面", "heading"},
    {"9103进风巷掘进工作面", "heading"},
    {"12302回风顺槽迎头", "heading"},
    {"1201综掘工作面", "heading"},
    {"东翼回风大巷掘进迎头", "heading"},
    {"1201掘进", "heading"},
    {"3号煤辅运巷掘进面", "heading"},
    // 掘进工作面回风流 (T2)
    {"1201掘进回风流", "heading_return"},
    {"1201掘进工作面回风流", "heading_return"},
    {"2201迎头回风流", "heading_return"},
    {"3105回风巷掘进工作面回风流", "heading_return"},
    {"1201掘进工作面回风", "heading_return"},
    {"1201掘进巷道回风流", "heading_return"},
    {"1201掘进（回风流）", "heading_return"},
    // 掘进工作面进风
    {"1201掘进工作面进风分风口", "heading_intake"},
    {"被串掘进工作面局扇前", "heading_intake"},
    {"1203掘进局部通风机前", "heading_intake"},
    {"被串掘进工作面", "heading_intake"},
    {"被串工作面进风巷", "coal_face_intake"},
    {"采区进风分风口", "unclassified"},
    // 掘进机等
    {"掘进机载", "heading_machine"},
    {"1201掘进机机载", "heading_machine"},
    {"综掘机", "heading_machine"},
    {"掘锚一体机", "heading_machine"},
    {"连续采煤机", "heading_machine"},
    {"3号连采机机载", "heading_machine"},
    {"梭车", "heading_machine"},
    {"锚杆钻车机载", "heading_machine"},
    // 采区回风巷
    {"北一采区回风巷", "district_return"},
    {"二采区回风", "district_return"},
    {"11盘区回风巷", "district_return"},
    {"三采区回风上山", "district_return"},
    // 一翼 / 总回风
    {"东翼总回风巷", "main_return"},
    {"一翼回风", "main_return"},
    {"西翼回风大巷", "main_return"},
    {"总回风巷", "main_return"},
    {"中央回风立井井底", "main_return"},
    {"总回风巷中部", "main_return"},
    // 架线电机车
    {"主要运输巷装煤点", "trolley_haulage"},
    {"架线电机车巷道", "trolley_haulage"},
    // 煤仓 / 带式输送机走廊
    {"井下煤仓", "coal_bunker"},
    {"主井带式输送机走廊", "coal_bunker"},
    {"3#煤仓上口", "coal_bunker"},
    {"井底煤仓", "coal_bunker"},
    {"皮带走廊", "coal_bunker"},
    // 兼做回风井的带式输送机井筒
    {"兼做回风井的带式输送机斜井", "belt_shaft_return"},
    {"回风斜井皮带机头", "belt_shaft_return"},
    // 抽采泵站
    {"临时抽采泵站下风侧", "drainage_station"},
    {"井下移动抽放泵站下风侧", "drainage_station"},
    {"1201瓦斯泵站", "drainage_station"},
    // Negatives: no table 19 class; must stay unclassified, never a working place.
    {"中央变电所", "unclassified"},
    {"副井底", "unclassified"},
    {"井底车场", "unclassified"},
    {"主通风机房", "unclassified"},
    {"3105工作面下隅角", "unclassified"},
    {"抽采管路", "unclassified"},
    {"1201掘进工作面抽放管道", "unclassified"},
    {"3105回风巷钻场", "unclassified"},
    {"避难硐室", "unclassified"},
    {"地面瓦斯抽采泵站", "unclassified"},
    {"中央水泵房", "unclassified"},
    {"主要进风大巷", "unclassified"},
    {"回风石门", "unclassified"},
    {"地面煤仓", "unclassified"},
    {"", "unclassified"},
    {"１＃测点", "unclassified"},
    {"调度室", "unclassified"},
    {"蓄电池电机车充电硐室", "unclassified"},
    {"2-2煤辅运大巷", "unclassified"},
    {"主斜井皮带机头", "unclassified"},
    {"1305高抽巷", "unclassified"},
    {"进风井底", "unclassified"},
    {"12306综放工作面上隅角抽采管", "unclassified"},
    // Distances and qualifiers after the place do not change it.
    {"3105综采工作面回风顺槽距工作面10m", "coal_face_return"},
    {"3105运输顺槽距工作面20米", "coal_face_intake"},
    {"1201掘进工作面后5m", "heading"},
    {"1201掘进工作面回风10-15m", "heading_return"},
    {"1201顺槽掘进迎头", "heading"},
    {"8号煤采区回风上山", "district_return"},
    {"总回风巷测风站", "main_return"},
    {"回风井底", "main_return"},
    {"1301工作面切眼", "coal_face"},
    {"3105工作面上隅角(尾巷侧)", "coal_face_corner"},
};

TEST(LocationClassifier, ClassifiesRealWorldSpellings) {
  int n = 0;
  for (const Case& c : kCases) {
    const Classification got = coal().classify("", c.text);
    EXPECT_EQ(location_class_name(got.cls), c.want)
        << "text '" << c.text << "' normalised '" << got.normalized << "' rule '" << got.rule
        << "'";
    ++n;
  }
  EXPECT_GE(n, 80);
}

TEST(LocationClassifier, ArbitraryBytesNeverCrash) {
  // A tiny linear congruential generator keeps the input reproducible.
  std::uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1103515245U + 12345U;
    return static_cast<char>((state >> 16) & 0xFFU);
  };
  for (int i = 0; i < 2000; ++i) {
    std::string text(static_cast<std::size_t>(i % 40), '\0');
    for (char& ch : text) ch = next();
    if (i % 3 == 0) text += "回风隅角";
    const Classification c = coal().classify("", text);
    EXPECT_LE(c.normalized.size(), text.size() + 64);
    if (i % 3 == 0) {
      EXPECT_NE(c.normalized.find("隅角"), std::string::npos);
    }
  }
}

TEST(LocationClassifier, ReportsTheRuleAndKeywordThatMatched) {
  const Classification c = coal().classify("", "3105回风隅角");
  EXPECT_EQ(c.by, Classification::By::kRule);
  EXPECT_EQ(c.rule, "corner");
  EXPECT_EQ(c.keyword, "回风隅角");

  const Classification r = coal().classify("", "8101回风顺槽");
  EXPECT_EQ(r.rule, "face_return");
  EXPECT_EQ(r.keyword, "回风巷");  // the synonym rewrote 顺槽
}

TEST(LocationClassifier, UnmatchedTextIsReportedNotDropped) {
  const Classification c = coal().classify("140421000111MN0099", "中央变电所");
  EXPECT_TRUE(c.unclassified());
  EXPECT_EQ(c.by, Classification::By::kRule);
  EXPECT_EQ(c.rule, "chamber");

  const Classification none = coal().classify("140421000111MN0098", "某处");
  EXPECT_TRUE(none.unclassified());
  EXPECT_EQ(none.by, Classification::By::kNothing);
  EXPECT_EQ(none.rule, "");
  EXPECT_EQ(none.normalized, "某处");
}

TEST(LocationClassifier, OverrideWinsOverText) {
  LocationClassifier c = coal();
  c.set_override("140421000111MN0002", LocationClass::kCoalFaceReturnMid);
  const Classification o = c.classify("140421000111MN0002", "3105回风巷");
  EXPECT_EQ(o.cls, LocationClass::kCoalFaceReturnMid);
  EXPECT_EQ(o.by, Classification::By::kOverride);
  EXPECT_EQ(o.rule, "override");
  // Another point with the same text still follows the rules.
  EXPECT_EQ(c.classify("140421000111MN0003", "3105回风巷").cls, LocationClass::kCoalFaceReturn);
  // An override can also take a point out of every class.
  c.set_override("140421000111MN0003", LocationClass::kUnclassified);
  EXPECT_TRUE(c.classify("140421000111MN0003", "3105回风巷").unclassified());
}

TEST(FoldLocationText, WidthCasePunctuationAndSpaces) {
  EXPECT_EQ(fold_location_text("３１０５（回风巷）"), "3105回风巷");
  EXPECT_EQ(fold_location_text(" W1310 回采-工作面 "), "w1310回采工作面");
  EXPECT_EQ(fold_location_text("3#、5#煤仓。"), "35煤仓");
  EXPECT_EQ(fold_location_text("东翼\u3000总回风巷【主】"), "东翼总回风巷主");
  EXPECT_EQ(fold_location_text("“上隅角”…—"), "上隅角");
  EXPECT_EQ(fold_location_text("ＡＢＣ１２"), "abc12");
}

TEST(FoldLocationText, MalformedUtf8DoesNotCrashAndIsKept) {
  const std::string bad = std::string("3105") + '\xff' + "回风";
  EXPECT_EQ(fold_location_text(bad), bad);
  const std::string cut = std::string("回") + '\xe9';  // truncated sequence
  EXPECT_EQ(fold_location_text(cut), cut);
}

TEST(LocationClassifier, SynonymsRewriteOnceLongestFirst) {
  ClassifierConfig cfg;
  cfg.synonyms.push_back({{"顺槽", "槽"}, "巷"});
  cfg.synonyms.push_back({{"巷"}, "巷道"});  // must not re-apply to text already rewritten
  const LocationClassifier c(cfg);
  EXPECT_EQ(c.normalize("回风顺槽"), "回风巷");
  EXPECT_EQ(c.normalize("风巷"), "风巷道");
}

TEST(LocationClassifier, RuleSemanticsAnyAllNoneAndOrder) {
  ClassifierConfig cfg;
  cfg.rules.push_back({"a", LocationClass::kHeading, {"掘进"}, {}, {"机"}});
  cfg.rules.push_back({"b", LocationClass::kHeadingMachine, {}, {"掘进", "机"}, {}});
  cfg.rules.push_back({"c", LocationClass::kCoalFace, {"工作面", "采面"}, {}, {}});
  const LocationClassifier c(cfg);
  EXPECT_EQ(c.classify("", "掘进头").rule, "a");
  EXPECT_EQ(c.classify("", "掘进机").rule, "b");        // excluded from a by `none`
  EXPECT_EQ(c.classify("", "掘进机").keyword, "掘进");  // no `any`: first of `all`
  EXPECT_EQ(c.classify("", "采面").keyword, "采面");
  EXPECT_EQ(c.classify("", "掘进工作面").rule, "a");  // first match wins
  EXPECT_TRUE(c.classify("", "机").unclassified());
}

}  // namespace
}  // namespace mw
