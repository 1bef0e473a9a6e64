#pragma once
// Test fixture of the durable pipeline's restart tests: a data directory in a temporary
// folder, a manual clock at the test stream's start, and sending a file as a sender would
// (the clock moves to the file's time, the pipeline advances, then the file is ingested).

#include <gtest/gtest.h>

#include <memory>

#include "base/clock.hpp"
#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"

namespace mw::pipeline::testing {

class DurableFixture : public ::testing::Test {
 protected:
  // A pipeline on the fixture's data directory (whatever `o.data_dir` says).
  std::unique_ptr<DurablePipeline> open_with(DurableOptions o) {
    o.data_dir = tmp_.sub("data");
    auto p = DurablePipeline::open(std::move(o), default_rule_pack(),
                                   *netfile::builtin_profile("national"), clock_);
    EXPECT_TRUE(p.ok()) << p.status().to_string();
    return p.ok() ? std::move(*p) : nullptr;
  }
  // `rule_history` below the journal's floor (7 h) keeps the floor.
  std::unique_ptr<DurablePipeline> open_keeping(Seconds rule_history) {
    DurableOptions o;
    o.rule_history = rule_history;
    return open_with(std::move(o));
  }
  IngestOutcome send_file(DurablePipeline& p, const TestFile& f) {
    if (f.time > clock_.now()) clock_.set(f.time);
    p.advance();
    auto r = p.ingest(f.name, f.bytes);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : IngestOutcome{};
  }

  ::mw::testing::TempDir tmp_;
  ManualClock clock_{test_start()};
};

}  // namespace mw::pipeline::testing
