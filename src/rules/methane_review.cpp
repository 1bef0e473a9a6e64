#include "rules/methane_review.hpp"

#include "model/sensor_type.hpp"

namespace mw {

MethaneReview review_methane_points(std::span<const PointDef> points, GasGrade grade,
                                    const RulePack& pack) {
  MethaneReview review;
  for (const PointDef& p : points) {
    if (!is_methane(p.sensor_type)) continue;
    ReviewedPoint r;
    r.point = p.code;
    r.location = p.location;
    r.classification = pack.classifier.classify(p.code, p.location);
    Result<EffectiveThresholds> t = effective_thresholds(p, r.classification.cls, grade, pack);
    if (!t.ok()) continue;  // unreachable: methane was checked above
    r.thresholds = std::move(t).value();
    if (r.thresholds.unclassified()) ++review.unclassified;
    if (r.thresholds.misconfigured()) ++review.misconfigured;
    review.points.push_back(std::move(r));
  }
  return review;
}

}  // namespace mw
