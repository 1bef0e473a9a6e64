#pragma once
// The real MineEvaluator: one rules::PointRules, rules::MineRules and rules::FabricationRules
// per mine, and the two facts the point rules take from the mine rules — people underground
// (sensor.flatline) and whether the mine is in an upload gap (inhibition, rules.md part B).

#include <memory>

#include "pipeline/evaluator.hpp"

namespace mw::pipeline {

std::unique_ptr<MineEvaluator> make_rules_evaluator(const RulePack& pack, const Mine& mine,
                                                    FindingSink& sink);
// make_rules_evaluator as an EvaluatorFactory.
EvaluatorFactory rules_evaluator_factory();

}  // namespace mw::pipeline
