// The mine page's points from PointJsonCache are the whole rendering byte for byte (first
// rendered, then cached), a new definition is rendered anew, and definitions the pipeline
// let go are swept.
#include "server/point_json.hpp"

#include <gtest/gtest.h>

#include "pipeline/definition_cache.hpp"

namespace mw::server {
namespace {

Time at(int minute) { return *china_civil_time(2026, 9, 23, 10, minute, 0); }

std::shared_ptr<const PointDef> methane(std::string code, std::string location) {
  PointDef d;
  d.code = std::move(code);
  d.system_code = "01";
  d.sensor_type = 1;  // 环境瓦斯
  d.unit = "%CH4";
  d.location = std::move(location);
  d.thresholds.high_alarm = parse_decimal("1.00");
  d.thresholds.high_cut = parse_decimal("1.50");
  d.thresholds.high_restore = parse_decimal("1.00");
  return std::make_shared<const PointDef>(std::move(d));
}

pipeline::PointView view(std::shared_ptr<const PointDef> def, std::optional<Sample> latest) {
  pipeline::PointView p;
  p.code = def->code;
  if (auto e = pipeline::point_effective_thresholds(*def, GasGrade::kHigh, default_rule_pack())) {
    p.effective = std::make_shared<const EffectiveThresholds>(std::move(*e));
  }
  p.def = std::move(def);
  p.latest = std::move(latest);
  return p;
}

Sample sample(const char* value, std::uint16_t status = 0) {
  Sample s;
  s.time = at(1);
  s.value = *parse_decimal(value);
  s.status = status;
  return s;
}

std::vector<pipeline::PointView> page() {
  std::vector<pipeline::PointView> points;
  points.push_back(view(methane("140421000111MN0001", "3105回风隅角"), sample("0.32")));
  points.push_back(view(methane("140421000111MN0002", "3105工作面"), sample("1.60")));  // cut
  points.push_back(view(methane("140421000111MN0003", "总回风巷\"东\""), std::nullopt));
  points.push_back(
      view(methane("140421000111MN0004", "2201掘进工作面"), sample("0.10", kStatusPowerCut)));
  PointDef sw;
  sw.code = "140421000111KG0005";
  sw.sensor_type = 0x1002;  // not in the table: no sensor_name
  sw.value_kind = ValueKind::kSwitch;
  sw.text_on = "开";
  sw.text_off = "停";
  sw.location = "局部通风机";
  points.push_back(view(std::make_shared<const PointDef>(sw), sample("1")));
  pipeline::PointView undefined;  // seen in CDSS, never defined
  undefined.code = "140421000111MN0099";
  undefined.latest = sample("0.5");
  points.push_back(undefined);
  return points;
}

std::string whole(std::span<const pipeline::PointView> points) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  for (const pipeline::PointView& p : points) write_point(w, p);
  w.end_array();
  return out;
}

std::string cached(PointJsonCache& cache, std::span<const pipeline::PointView> points) {
  std::string out;
  JsonWriter w(out);
  w.begin_array();
  cache.write_points(w, points);
  w.end_array();
  return out;
}

TEST(PointJsonCache, IsTheWholeRenderingByteForByte) {
  const std::vector<pipeline::PointView> points = page();
  ASSERT_NE(points[0].effective, nullptr);  // methane points carry their thresholds
  PointJsonCache cache;
  const std::string expected = whole(points);
  EXPECT_EQ(cached(cache, points), expected);  // rendered now
  EXPECT_EQ(cache.size(), 5u);                 // the undefined point is not cached
  EXPECT_EQ(cached(cache, points), expected);  // from the cache
  EXPECT_NE(expected.find(R"("badge":"cut")"), std::string::npos);
  EXPECT_NE(expected.find(R"("text_on":"开")"), std::string::npos);
  EXPECT_NE(expected.find(R"("defined":false)"), std::string::npos);

  // A new sample changes only "latest"; a new definition of the same point renders anew.
  std::vector<pipeline::PointView> next = points;
  next[0].latest = sample("1.20");
  next[1] = view(methane("140421000111MN0002", "3105回风巷"), next[1].latest);
  const std::string changed = cached(cache, next);
  EXPECT_EQ(changed, whole(next));
  EXPECT_NE(changed.find("3105回风巷"), std::string::npos);
  EXPECT_EQ(changed.find("3105工作面"), std::string::npos);
}

TEST(PointJsonCache, DefinitionsThePipelineLetGoAreSwept) {
  PointJsonCache cache;
  std::vector<pipeline::PointView> first, second;
  for (int i = 0; i < 1100; ++i) {
    first.push_back(
        view(methane("140421000111MN" + std::to_string(1000 + i), "3105回风巷"), sample("0.3")));
  }
  (void)cached(cache, first);
  EXPECT_EQ(cache.size(), 1100u);  // all still held by the "pipeline" (this test)
  first.clear();                   // replaced by new definitions
  for (int i = 0; i < 1100; ++i) {
    second.push_back(
        view(methane("140421000111MN" + std::to_string(1000 + i), "3105进风巷"), sample("0.3")));
  }
  const std::string out = cached(cache, second);
  EXPECT_EQ(out, whole(second));
  EXPECT_EQ(cache.size(), 1100u);  // the first 1,100 were swept as the map grew
}

}  // namespace
}  // namespace mw::server
