// replay --data-dir: every scenario of tests/scenarios replayed into a data directory gives
// the alarms of the plain replay, and a second replay into the same directory gives them
// again and stores nothing twice.
#include "pipeline/durable_replay.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/rules_evaluator.hpp"

namespace mw::pipeline {
namespace {

namespace fs = std::filesystem;

struct Stored {
  std::size_t alarms = 0;
  std::uint64_t journal_bytes = 0;
};

Stored stored_in(const std::string& data_dir, const ReplaySetup& setup) {
  ManualClock clock(Time{});
  DurableOptions o;
  o.data_dir = data_dir;
  o.rule_history = Seconds{0};
  auto p = DurablePipeline::open(std::move(o), *setup.pack, *setup.profile, clock);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  if (!p.ok()) return {};
  Stored s;
  AlarmQuery q;
  q.limit = 100000;
  s.alarms = (*p)->alarms(q).value().size();
  for (const auto& e : fs::directory_iterator(fs::path(data_dir) / "journal")) {
    if (e.path().extension() == ".wal") s.journal_bytes += e.file_size();
  }
  return s;
}

TEST(DurableReplay, ScenariosGiveThePlainAlarmsTwiceAndStoreNothingTwice) {
  const ReplaySetup setup{&default_rule_pack(), netfile::builtin_profile("national"),
                          rules_evaluator_factory(), 1};
  std::size_t scenarios = 0;
  for (const auto& entry : fs::directory_iterator(MW_SCENARIO_DIR)) {
    if (!entry.is_directory()) continue;
    const std::string dir = entry.path().string();
    SCOPED_TRACE(dir);
    auto csv = Env::posix().read_file(dir + "/mines.csv");
    ASSERT_TRUE(csv.ok());
    auto mines = parse_mine_registry(*csv);
    ASSERT_TRUE(mines.ok()) << mines.status().to_string();
    auto plain = replay_directory(dir, *mines, setup, Env::posix());
    ASSERT_TRUE(plain.ok()) << plain.status().to_string();

    ::mw::testing::TempDir tmp;
    const std::string data = tmp.sub("data");
    auto first = replay_into_data_dir(dir, *mines, setup, Env::posix(), data);
    ASSERT_TRUE(first.ok()) << first.status().to_string();
    EXPECT_EQ(format_alarms_jsonl(first->alarms), format_alarms_jsonl(plain->alarms));
    EXPECT_EQ(first->quarantine_jsonl, plain->quarantine_jsonl);
    EXPECT_EQ(first->stats.samples, plain->stats.samples);
    const Stored after_first = stored_in(data, setup);
    EXPECT_GE(after_first.alarms, plain->alarms.size() > 0 ? 1u : 0u);

    auto second = replay_into_data_dir(dir, *mines, setup, Env::posix(), data);
    ASSERT_TRUE(second.ok()) << second.status().to_string();
    EXPECT_EQ(format_alarms_jsonl(second->alarms), format_alarms_jsonl(plain->alarms));
    const Stored after_second = stored_in(data, setup);
    EXPECT_EQ(after_second.alarms, after_first.alarms);
    // Only clock ticks are new in the journal (the files were all duplicates): 28 B each.
    EXPECT_LT(after_second.journal_bytes - after_first.journal_bytes,
              after_first.journal_bytes / 4 + 1);
    ++scenarios;
  }
  EXPECT_GT(scenarios, 10u);
}

TEST(DurableReplay, TheCommandWithDataDirPrintsTheSameAlarmsTwice) {
  ::mw::testing::TempDir tmp;
  const std::string scenario = std::string(MW_SCENARIO_DIR) + "/gas_alarm_red_escalation";
  ReplayArgs args;
  args.dir = scenario;
  args.registry = scenario + "/mines.csv";
  args.alarms_out = tmp.sub("plain.jsonl");
  std::string out, err;
  const auto o = [&](std::string_view s) { out += s; };
  const auto e = [&](std::string_view s) { err += s; };
  ASSERT_EQ(run_replay(args, Env::posix(), rules_evaluator_factory(), o, e), 0) << err;
  args.data_dir = tmp.sub("data");
  args.alarms_out = tmp.sub("a1.jsonl");
  ASSERT_EQ(run_replay(args, Env::posix(), rules_evaluator_factory(), o, e), 0) << err;
  args.alarms_out = tmp.sub("a2.jsonl");
  ASSERT_EQ(run_replay(args, Env::posix(), rules_evaluator_factory(), o, e), 0) << err;
  const auto plain = Env::posix().read_file(tmp.sub("plain.jsonl"));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->empty());
  EXPECT_EQ(*Env::posix().read_file(tmp.sub("a1.jsonl")), *plain);
  EXPECT_EQ(*Env::posix().read_file(tmp.sub("a2.jsonl")), *plain);
  EXPECT_TRUE(fs::exists(tmp.sub("data/minewatch.db")));
  EXPECT_TRUE(fs::exists(tmp.sub("data/journal")));
}

}  // namespace
}  // namespace mw::pipeline
