#include "pipeline/replay.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pipeline/rules_evaluator.hpp"

namespace mw::pipeline {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(std::string_view tag)
      : path_(fs::temp_directory_path() /
              ("mw_replay_" + std::string(tag) + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  void write(const std::string& rel, std::string_view text) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(path_ / rel, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string str() const { return path_.string(); }
  std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }

 private:
  fs::path path_;
};

constexpr std::string_view kMine = "140421000111";
constexpr std::string_view kCsv =
    "mine_code,name,status,gas_grade\n140421000111,鑫源,producing,high\n";

std::string cdss_file(std::string_view time, std::string_view value,
                      std::string_view mine = kMine) {
  return std::string(mine) + ";鑫源;" + std::string(time) + "~" + std::string(mine) +
         "MN0001;环境瓦斯;3105回风隅角;" + std::string(value) + ";%CH4;0;" + std::string(time) +
         "~||";
}

std::string cddy_file(std::string_view time) {
  return std::string(kMine) + ";鑫源;KJ95X;监控;厂家;2028-06-30;" + std::string(time) + "~" +
         std::string(kMine) +
         "MN0001;01;001;0001;MN;%CH4;4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;3105回风隅角;;;;"
         "D-140421000111KG0003-断电器:D-140421000111KG0004;" +
         std::string(time) + "~||";
}

std::vector<std::string> relatives(const std::vector<ReplayFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.relative);
  return out;
}

TEST(ListReplayFiles, NameTimeOrderDefinitionsFirstRecursiveTxtOnly) {
  TempDir dir("list");
  dir.write("b/140421000111_CDSS_20260923100000.txt", "");
  dir.write("a/140421000111_CDDY_20260923100000.txt", "");  // same second: definitions first
  dir.write("a/140421000111_CDSS_20260923095950.txt", "");
  dir.write("140421000111/aqjk/140421000111_RYQY_20260923100010.TXT", "");
  dir.write("mines.csv", "");
  dir.write("expected.jsonl", "");
  dir.write("junk.txt", "");  // not a networking file name: first, quarantined later
  const auto files = list_replay_files(dir.str(), *netfile::builtin_profile("national"));
  ASSERT_TRUE(files.ok()) << files.status().to_string();
  EXPECT_EQ(relatives(*files), (std::vector<std::string>{
                                   "junk.txt",
                                   "a/140421000111_CDSS_20260923095950.txt",
                                   "a/140421000111_CDDY_20260923100000.txt",
                                   "b/140421000111_CDSS_20260923100000.txt",
                                   "140421000111/aqjk/140421000111_RYQY_20260923100010.TXT",
                               }));
  EXPECT_TRUE(files->at(2).definition);
  EXPECT_FALSE(files->at(3).definition);
}

TEST(ListReplayFiles, ANonDirectoryIsAnError) {
  TempDir dir("nodir");
  dir.write("file.txt", "x");
  EXPECT_FALSE(list_replay_files(dir / "file.txt", *netfile::builtin_profile("national")).ok());
  EXPECT_FALSE(list_replay_files(dir / "missing", *netfile::builtin_profile("national")).ok());
}

// Runs the command and returns its exit status; out/err collected.
struct CommandRun {
  int status = -1;
  std::string out, err;
};
CommandRun run_command(const ReplayArgs& args) {
  CommandRun r;
  r.status = run_replay(
      args, Env::posix(), rules_evaluator_factory(), [&](std::string_view s) { r.out += s; },
      [&](std::string_view s) { r.err += s; });
  return r;
}

TEST(RunReplay, WritesAlarmsQuarantineAndSummaryByteIdenticallyTwice) {
  TempDir dir("run");
  dir.write("in/140421000111_CDDY_20260923100000.txt", cddy_file("2026-09-23 10:00:00"));
  dir.write("in/140421000111_CDSS_20260923100010.txt", cdss_file("2026-09-23 10:00:10", "0.50"));
  dir.write("in/140421000111_CDSS_20260923100020.txt", cdss_file("2026-09-23 10:00:20", "1.20"));
  dir.write("in/140421000111_CDSS_20260923100030.txt", "broken~");
  dir.write("in/620823009203_CDSS_20260923100030.txt",
            cdss_file("2026-09-23 10:00:30", "1", "620823009203"));
  dir.write("mines.csv", std::string(kCsv));
  ReplayArgs args{dir / "in", dir / "mines.csv", dir / "a1.jsonl", dir / "q1.jsonl",
                  "",         "national"};
  const CommandRun first = run_command(args);
  ASSERT_EQ(first.status, 0) << first.err;
  args.alarms_out = dir / "a2.jsonl";
  args.quarantine_out = dir / "q2.jsonl";
  const CommandRun second = run_command(args);
  ASSERT_EQ(second.status, 0) << second.err;

  const std::string alarms = dir.read("a1.jsonl");
  EXPECT_EQ(alarms, dir.read("a2.jsonl"));
  EXPECT_EQ(dir.read("q1.jsonl"), dir.read("q2.jsonl"));
  EXPECT_EQ(first.out, second.out);
  // One gas.alarm (1.20 at a corner: ≥ 1.00, < 1.50 → orange), still active.
  EXPECT_EQ(std::count(alarms.begin(), alarms.end(), '\n'), 1);
  EXPECT_NE(alarms.find("\"kind\":\"gas.alarm\""), std::string::npos) << alarms;
  EXPECT_NE(alarms.find("\"start\":\"2026-09-23T10:00:20+08:00\",\"end\":null"), std::string::npos)
      << alarms;
  // Quarantine lines name the file below DIR, whatever DIR was.
  const std::string q = dir.read("q1.jsonl");
  EXPECT_NE(q.find("{\"file\":\"140421000111_CDSS_20260923100030.txt\",\"reason\":"),
            std::string::npos)
      << q;
  EXPECT_NE(q.find("620823009203 is not in the registry"), std::string::npos) << q;
  EXPECT_EQ(std::count(q.begin(), q.end(), '\n'), 2);
  EXPECT_NE(first.out.find("files read: 5\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("files quarantined: 2\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("samples: 2\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("alarms gas.alarm: 1\n"), std::string::npos) << first.out;
}

TEST(RunReplay, UnusableArgumentsExitTwoAndSayWhy) {
  TempDir dir("args");
  dir.write("in/x.txt", "");
  dir.write("mines.csv", std::string(kCsv));
  dir.write("bad.csv", "mine_code,name,status,gas_grade\n140421000111,x,open,low\n");
  const auto f = [&](ReplayArgs args, std::string_view says) {
    const CommandRun r = run_command(args);
    EXPECT_EQ(r.status, 2) << says;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(args.alarms_out)) << says;
  };
  const std::string out = dir / "alarms.jsonl";
  f({dir / "missing", dir / "mines.csv", out, "", "", "national"}, "not a readable directory");
  f({dir / "in", dir / "none.csv", out, "", "", "national"}, "registry");
  f({dir / "in", dir / "bad.csv", out, "", "", "national"}, "status");
  f({dir / "in", dir / "mines.csv", out, "", "", "martian"}, "unknown profile");
  f({dir / "in", dir / "mines.csv", out, "", dir / "none.toml", "national"}, "none.toml");
}

TEST(FormatReplaySummary, CountsAndAlarmsByKindInRegistryOrder) {
  ReplayResult r;
  r.stats.files_read = 7;
  r.stats.files_quarantined = 1;
  r.stats.records = 40;
  r.stats.samples = 30;
  r.points = 12;
  r.stats.unclassified_points = 2;
  r.people = 4;
  r.rule_state_bytes = 2048;
  r.alarms.resize(3);
  r.alarms[0].kind = AlarmKind::kPersonnelSos;
  r.alarms[1].kind = AlarmKind::kGasAlarm;
  r.alarms[2].kind = AlarmKind::kPersonnelSos;
  EXPECT_EQ(format_replay_summary(r),
            "files read: 7\nfiles quarantined: 1\nfiles stale: 0\nrecords: 40\n"
            "records skipped: 0\nsamples: 30\npoints: 12\npoints unclassified: 2\npeople: 4\n"
            "rule state bytes: 2048\nalarms: 3\nalarms gas.alarm: 1\n"
            "alarms personnel.sos: 2\n");
}

}  // namespace
}  // namespace mw::pipeline
