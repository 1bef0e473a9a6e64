// The one harness of the declarative scenario tests (style.md §10): every folder of
// tests/scenarios is replayed with the default rule pack and its alarms are compared, line
// by line, with the folder's expected.jsonl (and quarantine.jsonl when present).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/env.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/replay.hpp"
#include "pipeline/rules_evaluator.hpp"

namespace mw::pipeline {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(MW_SCENARIO_DIR, ec)) {
    if (e.is_directory() && fs::exists(e.path() / "expected.jsonl")) {
      names.push_back(e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Compares line by line and names the first line that differs, with both texts.
void expect_same_lines(const std::string& what, const std::vector<std::string>& expected,
                       const std::vector<std::string>& actual) {
  for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
    const std::string e = i < expected.size() ? expected[i] : "(no line)";
    const std::string a = i < actual.size() ? actual[i] : "(no line)";
    if (e != a) {
      std::string all;
      for (const auto& l : actual) all += l + "\n";
      ADD_FAILURE() << what << " line " << (i + 1) << " differs\n  expected: " << e
                    << "\n  actual:   " << a << "\nreplay wrote:\n"
                    << all;
      return;
    }
  }
}

class Scenario : public testing::TestWithParam<std::string> {};

Result<ReplayResult> replay_case(const fs::path& dir, std::size_t shards) {
  auto mines = parse_mine_registry(read_text(dir / "mines.csv"));
  if (!mines.ok()) return std::move(mines).take_status();
  const ReplaySetup setup{&default_rule_pack(), netfile::builtin_profile("national"),
                          rules_evaluator_factory(), shards};
  return replay_directory(dir.string(), std::move(mines).value(), setup, Env::posix());
}

TEST_P(Scenario, ReplayWritesTheExpectedAlarms) {
  const fs::path dir = fs::path(MW_SCENARIO_DIR) / GetParam();
  auto result = replay_case(dir, 1);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  expect_same_lines("expected.jsonl", split_lines(read_text(dir / "expected.jsonl")),
                    split_lines(format_alarms_jsonl(result->alarms)));
  if (fs::exists(dir / "quarantine.jsonl")) {
    expect_same_lines("quarantine.jsonl", split_lines(read_text(dir / "quarantine.jsonl")),
                      split_lines(result->quarantine_jsonl));
  }
  // The same input, sharded differently, gives the same bytes (architecture.md §1).
  auto sharded = replay_case(dir, 3);
  ASSERT_TRUE(sharded.ok());
  EXPECT_EQ(format_alarms_jsonl(sharded->alarms), format_alarms_jsonl(result->alarms));
}

INSTANTIATE_TEST_SUITE_P(Cases, Scenario, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ScenarioHarness, FindsTheCases) {
  // Guards against a harness that silently runs nothing (wrong folder, renamed files).
  const auto names = case_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "gas_alarm_face_1_00"), names.end());
  EXPECT_GE(names.size(), 4u);
}

}  // namespace
}  // namespace mw::pipeline
