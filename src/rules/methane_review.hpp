#pragma once
// Review of a mine's methane point definitions: each methane point's class (with the rule
// that matched), its effective thresholds and findings. Unclassified points are listed
// like the others and counted, so they are reported rather than dropped (rules.md A1).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "model/mine.hpp"
#include "model/point.hpp"
#include "rules/location_classifier.hpp"
#include "rules/rule_pack.hpp"
#include "rules/thresholds.hpp"

namespace mw {

struct ReviewedPoint {
  std::string point;     // 测点编码
  std::string location;  // 安装位置 as the mine wrote it
  Classification classification;
  EffectiveThresholds thresholds;
};

struct MethaneReview {
  std::vector<ReviewedPoint> points;  // every methane point (0001, 0011, 0043), input order
  std::size_t unclassified = 0;       // points without a class
  std::size_t misconfigured = 0;      // classified points with at least one finding
};

// Classifies with pack.classifier (overrides included); other sensor types are skipped.
MethaneReview review_methane_points(std::span<const PointDef> points, GasGrade grade,
                                    const RulePack& pack);

}  // namespace mw
