// DefinitionCache keeps the pipeline's own definitions, not copies (issue 6: a second copy of
// each cost 0.58 KB a viewed point, mine_page_bench BM_MinePageHeap): a page's definition is the
// object the pipeline holds, the answer follows a new definition or gas grade, and a definition the
// pipeline lets go is freed at once, whether or not its mine is viewed again.
#include "pipeline/definition_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/sensor_type.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_fixture.hpp"

namespace mw::pipeline {
namespace {

constexpr std::string_view kMine = "140421000111";

PointDef methane_at(std::string_view code, std::string_view location) {
  PointDef d;
  d.code = std::string(code);
  d.system_code = "01";
  d.outstation = "001";
  d.sensor_type = 1;  // 甲烷 (sensor_type.hpp)
  d.unit = "%CH4";
  d.range_high = parse_decimal("4.00");
  d.range_low = parse_decimal("0.00");
  d.thresholds.high_alarm = parse_decimal("1.00");
  d.thresholds.high_alarm_release = parse_decimal("1.00");
  d.thresholds.high_cut = parse_decimal("1.50");
  d.thresholds.high_restore = parse_decimal("1.00");
  d.location = std::string(location);
  return d;
}

class DefinitionCacheUnit : public ::testing::Test {
 protected:
  DefinitionCache::Entry look(const std::shared_ptr<const PointDef>& def,
                              GasGrade grade = GasGrade::kHigh) {
    DefinitionCache::Lookup lookup = cache_.for_mine(kMine, grade);
    return lookup(def);
  }
  DefinitionCache cache_{default_rule_pack()};
};

TEST_F(DefinitionCacheUnit, AnswersWithTheCallersDefinitionAndHoldsNoReference) {
  const auto def = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  ASSERT_TRUE(is_methane(def->sensor_type));
  {
    const DefinitionCache::Entry e = look(def);
    EXPECT_EQ(e.def.get(), def.get());
    ASSERT_NE(e.effective, nullptr);
    EXPECT_EQ(e.effective->cls, LocationClass::kCoalFaceCorner);
  }
  EXPECT_EQ(def.use_count(), 1);  // neither a copy nor a reference stays in the cache
  EXPECT_EQ(cache_.size(kMine), 1u);
}

TEST_F(DefinitionCacheUnit, TheSameDefinitionAndGradeAnswerFromTheCache) {
  const auto def = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  const DefinitionCache::Entry first = look(def);
  const DefinitionCache::Entry again = look(def);
  EXPECT_EQ(again.def.get(), def.get());
  EXPECT_EQ(again.effective, first.effective);  // not worked out again
}

TEST_F(DefinitionCacheUnit, ANewDefinitionObjectIsWorkedOutAgain) {
  const auto corner = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  const DefinitionCache::Entry before = look(corner);
  // The pipeline makes a new object for a changed definition: identity, not equality, decides.
  const auto face = share_definition(methane_at("140421000111MN0001", "3105工作面"));
  const DefinitionCache::Entry after = look(face);
  EXPECT_EQ(after.def.get(), face.get());
  ASSERT_NE(after.effective, nullptr);
  EXPECT_EQ(after.effective->cls, LocationClass::kCoalFace);
  EXPECT_NE(before.effective->cls, after.effective->cls);
}

TEST_F(DefinitionCacheUnit, AnotherGradeUnderTheSameDefinitionIsACopy) {
  const auto def = share_definition(methane_at("140421000111MN0001", "3105工作面"));
  const DefinitionCache::Entry high = look(def, GasGrade::kHigh);
  ASSERT_NE(high.effective, nullptr);
  EXPECT_FALSE(high.effective->outburst_variant);
  // import_registry's moment between the new grade and the rebuilt definitions: the address of
  // `def` stays the high-gas answer's (the server's JSON cache is keyed by it).
  const DefinitionCache::Entry outburst = look(def, GasGrade::kOutburst);
  ASSERT_NE(outburst.effective, nullptr);
  EXPECT_TRUE(outburst.effective->outburst_variant);
  EXPECT_NE(outburst.def.get(), def.get());
  EXPECT_EQ(*outburst.def, *def);
  const DefinitionCache::Entry high_again = look(def, GasGrade::kHigh);
  EXPECT_EQ(high_again.def.get(), def.get());
  EXPECT_EQ(high_again.effective, high.effective);
  // The rebuilt definition (a new object) is answered under the new grade as itself.
  const auto rebuilt = share_definition(*def);
  const DefinitionCache::Entry settled = look(rebuilt, GasGrade::kOutburst);
  EXPECT_EQ(settled.def.get(), rebuilt.get());
  ASSERT_NE(settled.effective, nullptr);
  EXPECT_TRUE(settled.effective->outburst_variant);
}

TEST_F(DefinitionCacheUnit, ADefinitionLetGoIsFreedWithoutAnotherLookup) {
  auto def = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  const std::weak_ptr<const PointDef> seen = def;
  (void)look(def);
  def = share_definition(methane_at("140421000111MN0001", "3105工作面"));  // a new CDDY
  EXPECT_TRUE(seen.expired());
}

TEST_F(DefinitionCacheUnit, PointsNoLongerOnThePageAreDropped) {
  const auto a = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  const auto b = share_definition(methane_at("140421000111MN0002", "3105工作面"));
  {
    DefinitionCache::Lookup lookup = cache_.for_mine(kMine, GasGrade::kHigh);
    (void)lookup(a);
    (void)lookup(b);
  }
  EXPECT_EQ(cache_.size(kMine), 2u);
  {
    DefinitionCache::Lookup lookup = cache_.for_mine(kMine, GasGrade::kHigh);
    (void)lookup(a);
  }
  EXPECT_EQ(cache_.size(kMine), 1u);
  EXPECT_EQ(cache_.size("140421000222"), 0u);
}

TEST_F(DefinitionCacheUnit, APageInAnotherOrderFindsEachPointsOwnEntry) {
  const auto a = share_definition(methane_at("140421000111MN0001", "3105回风隅角"));
  const auto b = share_definition(methane_at("140421000111MN0002", "3105工作面"));
  const auto c = share_definition(methane_at("140421000111MN0003", "总回风巷"));
  std::vector<DefinitionCache::Entry> first;
  {
    DefinitionCache::Lookup lookup = cache_.for_mine(kMine, GasGrade::kHigh);
    for (const auto& d : {a, b, c}) first.push_back(lookup(d));
  }
  DefinitionCache::Lookup lookup = cache_.for_mine(kMine, GasGrade::kHigh);
  const DefinitionCache::Entry ec = lookup(c), ea = lookup(a), eb = lookup(b);
  EXPECT_EQ(ea.def, a);
  EXPECT_EQ(eb.def, b);
  EXPECT_EQ(ec.def, c);
  EXPECT_EQ(ea.effective, first[0].effective);  // each its own, none worked out again
  EXPECT_EQ(eb.effective, first[1].effective);
  EXPECT_EQ(ec.effective, first[2].effective);
  EXPECT_NE(ea.effective->cls, eb.effective->cls);
}

// --- through the pipeline: what the mine page reads ---

class DefinitionCachePipeline : public testing::DurableFixture {
 protected:
  // A CDDY of methane points (code suffix, 安装位置) at `t`.
  testing::TestFile cddy(Time t, const std::vector<std::pair<std::string, std::string>>& points) {
    const std::string m(kMine);
    const std::string ts = format_china_time(t);
    testing::TestFile f;
    f.time = t;
    f.name = m + "_CDDY_" + format_china_compact_time(t) + ".txt";
    f.bytes = m + ";鑫源;KJ95X;监控;厂家;2028-06-30;" + ts + "~";
    for (const auto& [suffix, location] : points) {
      f.bytes += m + suffix + ";01;001;0001;MN;%CH4;4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;" +
                 location + ";;;;;" + ts + "~";
    }
    f.bytes += "||";
    return f;
  }
  std::shared_ptr<const PointDef> def_of(DurablePipeline& p, std::string_view suffix) {
    const auto v = p.mine_view(kMine);
    EXPECT_TRUE(v.has_value());
    if (!v) return nullptr;
    const std::string code = std::string(kMine) + std::string(suffix);
    for (const PointView& pv : v->points) {
      if (pv.code == code) return pv.def;
    }
    return nullptr;
  }
};

TEST_F(DefinitionCachePipeline, APageSharesThePipelinesDefinitionUntilItChanges) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  const Time t0 = testing::test_start();
  ASSERT_EQ(send_file(*p, cddy(t0, {{"MN0001", "3105回风隅角"}, {"MN0002", "3105工作面"}})).kind,
            IngestOutcome::Kind::kApplied);
  const auto first = def_of(*p, "MN0001");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(def_of(*p, "MN0001"), first);  // read again: the very same object
  // The same definitions sent again (a new file time): the object stays.
  ASSERT_EQ(
      send_file(*p, cddy(t0 + Seconds{60}, {{"MN0001", "3105回风隅角"}, {"MN0002", "3105工作面"}}))
          .kind,
      IngestOutcome::Kind::kApplied);
  EXPECT_EQ(def_of(*p, "MN0001"), first);

  // A CDDY moves MN0001: the page shows a new object, and the old one is freed as soon as the
  // page that showed it is gone: the cache kept nothing of it.
  const std::weak_ptr<const PointDef> old = first;
  const std::weak_ptr<const PointDef> kept = def_of(*p, "MN0002");
  ASSERT_FALSE(kept.expired());  // the pipeline holds it
  ASSERT_EQ(
      send_file(*p, cddy(t0 + Seconds{120}, {{"MN0001", "3105回风巷"}, {"MN0002", "3105工作面"}}))
          .kind,
      IngestOutcome::Kind::kApplied);
  const auto moved = def_of(*p, "MN0001");
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->location, "3105回风巷");
  EXPECT_FALSE(old.expired());      // `first` still holds it
  EXPECT_EQ(first.use_count(), 1);  // and nothing else does
  EXPECT_FALSE(kept.expired());
  EXPECT_EQ(def_of(*p, "MN0002"), kept.lock());  // unchanged: still the same object
}

TEST_F(DefinitionCachePipeline, AReplacedDefinitionIsFreedBeforeItsMineIsViewedAgain) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  const Time t0 = testing::test_start();
  ASSERT_EQ(send_file(*p, cddy(t0, {{"MN0001", "3105回风隅角"}})).kind,
            IngestOutcome::Kind::kApplied);
  const std::weak_ptr<const PointDef> old = def_of(*p, "MN0001");  // viewed: in the cache
  ASSERT_FALSE(old.expired());
  ASSERT_EQ(send_file(*p, cddy(t0 + Seconds{60}, {{"MN0001", "3105工作面"}})).kind,
            IngestOutcome::Kind::kApplied);
  EXPECT_TRUE(old.expired());
}

TEST_F(DefinitionCachePipeline, ARegistryImportRebuildsTheDefinitionsAndFreesTheOldOnes) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  Mine mine = testing::test_mine();  // high gas
  ASSERT_TRUE(p->import_registry({mine}).ok());
  const Time t0 = testing::test_start();
  ASSERT_EQ(send_file(*p, cddy(t0, {{"MN0001", "3105工作面"}})).kind,
            IngestOutcome::Kind::kApplied);
  const std::weak_ptr<const PointDef> high = def_of(*p, "MN0001");
  ASSERT_FALSE(high.expired());

  mine.gas_grade = GasGrade::kOutburst;  // the import replays the journal: new definitions
  ASSERT_TRUE(p->import_registry({mine}).ok());
  EXPECT_TRUE(high.expired());
  const auto v = p->mine_view(kMine);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->points.size(), 1u);
  ASSERT_NE(v->points[0].effective, nullptr);
  EXPECT_TRUE(v->points[0].effective->outburst_variant);
  EXPECT_EQ(v->points[0].def->location, "3105工作面");
}

// After a restart whose journal no longer holds the first CDDY, a CDDY naming other points
// (another system of the mine) adds to the stored definitions instead of hiding them.
TEST_F(DefinitionCachePipeline, ACddyAfterARestartAddsToTheStoredDefinitions) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  const Time t0 = testing::test_start();
  ASSERT_EQ(send_file(*p, cddy(t0, {{"MN0001", "3105回风隅角"}, {"MN0002", "3105工作面"}})).kind,
            IngestOutcome::Kind::kApplied);
  clock_.set(t0 + Seconds{25 * 3600});  // past the rules' history: the journal lets it go
  p->advance();
  ASSERT_TRUE(p->close().ok());
  p.reset();
  p = open_with({});
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->stats().recovered_records, 0u);  // the definitions can only come from the store
  ASSERT_NE(def_of(*p, "MN0001"), nullptr);

  ASSERT_EQ(send_file(*p, cddy(t0 + Seconds{25 * 3600 + 60}, {{"MN0003", "3105回风巷"}})).kind,
            IngestOutcome::Kind::kApplied);
  const auto v = p->mine_view(kMine);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->points.size(), 3u);
  for (const PointView& pv : v->points) EXPECT_NE(pv.def, nullptr) << pv.code;
  EXPECT_EQ(def_of(*p, "MN0002")->location, "3105工作面");
  EXPECT_EQ(def_of(*p, "MN0003")->location, "3105回风巷");
}

}  // namespace
}  // namespace mw::pipeline
