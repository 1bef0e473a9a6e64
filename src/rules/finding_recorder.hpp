#pragma once
// Test helper shared by the rules fixtures: a FindingSink that keeps every finding.

#include <utility>
#include <vector>

#include "model/finding.hpp"

namespace mw::rules::testing {

class RecordingSink : public FindingSink {
 public:
  void on_finding(Finding&& f) override { findings.push_back(std::move(f)); }

  // Findings of one kind and edge, in order.
  std::vector<Finding> of(AlarmKind kind, Finding::Edge edge = Finding::Edge::kRaise) const {
    std::vector<Finding> out;
    for (const Finding& f : findings) {
      if (f.kind == kind && f.edge == edge) out.push_back(f);
    }
    return out;
  }

  std::vector<Finding> findings;
};

}  // namespace mw::rules::testing
