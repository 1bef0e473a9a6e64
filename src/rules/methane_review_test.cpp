#include "rules/methane_review.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mw {
namespace {

std::vector<std::string> split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at = s.find(sep); at != std::string_view::npos; at = s.find(sep, from)) {
    out.emplace_back(s.substr(from, at - from));
    from = at + sep.size();
  }
  out.emplace_back(s.substr(from));
  return out;
}

std::optional<Decimal> field_decimal(const std::string& f) {
  return f.empty() ? std::nullopt : parse_decimal(f);
}

// The methane-relevant fields of the national sample CDDY file; the decoder lives in
// ingest, which rules may not depend on, so this reads the plain `;`/`~` text directly.
std::vector<PointDef> read_sample_cddy() {
  const char* dir = std::getenv("MW_SOURCE_DIR");
  std::ifstream in(std::string(dir != nullptr ? dir : ".") +
                       "/tests/data/netfile/good/national/140421000111_CDDY_20260923100000.txt",
                   std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  std::vector<PointDef> out;
  const std::vector<std::string> segments = split(buf.str(), "~");
  for (std::size_t i = 1; i < segments.size(); ++i) {
    const std::vector<std::string> f = split(segments[i], ";");
    if (f.size() != 24) continue;
    PointDef p;
    p.code = f[0];
    p.sensor_type = parse_sensor_type_code(f[3]).value_or(0);
    p.thresholds.high_alarm = field_decimal(f[8]);
    p.thresholds.high_cut = field_decimal(f[12]);
    p.thresholds.high_restore = field_decimal(f[13]);
    p.location = f[18];
    for (const std::string& rel : split(f[22], "◇")) {
      if (rel.starts_with("D-")) {
        p.relations.push_back({RelationKind::kPowerCut, p.code, "", rel.substr(rel.find(':') + 3)});
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

TEST(MethaneReview, NationalSampleMineIsClassifiedAndCompliant) {
  const std::vector<PointDef> points = read_sample_cddy();
  ASSERT_GE(points.size(), 20U) << "sample CDDY not found; set MW_SOURCE_DIR";
  const MethaneReview r = review_methane_points(points, GasGrade::kHigh, default_rule_pack());
  ASSERT_EQ(r.points.size(), 6U);  // MN0004 is CO, MN0005 wind, … : skipped
  const std::pair<const char*, LocationClass> want[] = {
      {"140421000111MN0001", LocationClass::kCoalFace},
      {"140421000111MN0002", LocationClass::kCoalFaceReturn},
      {"140421000111MN0003", LocationClass::kCoalFaceCorner},
      {"140421000111MN0008", LocationClass::kHeading},
      {"140421000111MN0009", LocationClass::kHeadingReturn},
      {"140421000111MN0010", LocationClass::kMainReturn},
  };
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    EXPECT_EQ(r.points[i].point, want[i].first);
    EXPECT_EQ(r.points[i].classification.cls, want[i].second) << r.points[i].location;
    EXPECT_TRUE(r.points[i].thresholds.findings.empty())
        << r.points[i].point << ": " << r.points[i].thresholds.findings.front().message;
  }
  EXPECT_EQ(r.unclassified, 0U);
  EXPECT_EQ(r.misconfigured, 0U);
}

TEST(MethaneReview, UnclassifiedAndMisconfiguredPointsAreListedAndCounted) {
  PointDef odd;
  odd.code = "X1";
  odd.sensor_type = 1;
  odd.location = "中央变电所";
  odd.thresholds.high_alarm = parse_decimal("1.00");
  PointDef loose;
  loose.code = "X2";
  loose.sensor_type = 43;
  loose.location = "2201迎头";
  loose.thresholds.high_alarm = parse_decimal("1.50");
  loose.thresholds.high_cut = parse_decimal("2.00");
  loose.thresholds.high_restore = parse_decimal("1.00");
  PointDef co;
  co.code = "X3";
  co.sensor_type = 4;
  co.location = "2201迎头";
  const std::vector<PointDef> points{odd, loose, co};
  const MethaneReview r = review_methane_points(points, GasGrade::kLow, default_rule_pack());
  ASSERT_EQ(r.points.size(), 2U);
  EXPECT_EQ(r.points[0].point, "X1");
  EXPECT_TRUE(r.points[0].thresholds.unclassified());
  EXPECT_EQ(r.points[0].classification.rule, "chamber");
  EXPECT_EQ(r.points[1].classification.cls, LocationClass::kHeading);
  // alarm and cut looser, and no D relation
  EXPECT_EQ(r.points[1].thresholds.findings.size(), 3U);
  EXPECT_EQ(r.unclassified, 1U);
  EXPECT_EQ(r.misconfigured, 1U);
}

}  // namespace
}  // namespace mw
