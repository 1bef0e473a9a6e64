#include "sim/cli.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mw::sim {
namespace {

struct Captured {
  std::string out, err;
  Output out_fn() {
    return [this](std::string_view s) { out += s; };
  }
  Output err_fn() {
    return [this](std::string_view s) { err += s; };
  }
};

std::string temp_dir(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   (std::string("mw_sim_cli_") + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(SimulateCli, RefusesUnusableArguments) {
  for (const auto& [mines, hours, start] :
       {std::tuple{0, 1.0, ""}, std::tuple{1, 0.0, ""}, std::tuple{1, 1.0, "yesterday"}}) {
    Captured c;
    SimulateArgs args;
    args.mines = mines;
    args.hours = hours;
    args.start = start;
    args.out = temp_dir("bad");
    EXPECT_EQ(run_simulate(args, Env::posix(), c.out_fn(), c.err_fn()), 2) << c.err;
    EXPECT_NE(c.err.find("simulate:"), std::string::npos);
  }
}

TEST(SimulateCli, WritesADataSetWhoseTruthScoresPerfectlyAgainstItself) {
  const std::string dir = temp_dir("run");
  Captured c;
  SimulateArgs args;
  args.mines = 2;
  args.hours = 2;
  args.seed = 3;
  args.incidents = 24;  // enough that two hours hold some incidents
  args.start = "2026-09-23 07:00:00";
  args.out = dir;
  ASSERT_EQ(run_simulate(args, Env::posix(), c.out_fn(), c.err_fn()), 0) << c.err;
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / "mines.csv"));
  const auto truth = (std::filesystem::path(dir) / "truth.jsonl").string();
  ASSERT_TRUE(std::filesystem::exists(truth));

  Captured s;
  ScoreArgs score_args{truth, truth, true};
  ASSERT_EQ(run_score(score_args, Env::posix(), s.out_fn(), s.err_fn()), 0) << s.err;
  EXPECT_NE(s.out.find("\"overall\""), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("\"missed\":1"), std::string::npos) << s.out;
  std::filesystem::remove_all(dir);
}

TEST(ScoreCli, UnreadableFileIsAnArgumentError) {
  Captured c;
  ScoreArgs args{"/nonexistent/truth.jsonl", "/nonexistent/alarms.jsonl", false};
  EXPECT_EQ(run_score(args, Env::posix(), c.out_fn(), c.err_fn()), 2);
  EXPECT_NE(c.err.find("/nonexistent/truth.jsonl"), std::string::npos) << c.err;
}

}  // namespace
}  // namespace mw::sim
