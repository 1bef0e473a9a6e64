#include "sim/live_sim.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/netfile/file_name.hpp"
#include "sim/writer.hpp"

namespace mw::sim {
namespace {

SimulateOptions day_options(double hours) {
  SimulateOptions o;
  o.mines = 2;
  o.hours = hours;
  o.seed = 7;
  o.incident_rate = 2;
  o.start = *china_civil_time(2026, 9, 23, 7, 50, 0);  // across the 08:00 shift change
  return o;
}

// Every file's path and bytes; a path written twice is an error.
struct Collected {
  std::map<std::string, std::string> files;
  std::string twice;
};

CallbackSink collect_into(Collected& c) {
  return CallbackSink([&c](std::string_view path, std::string_view bytes) {
    if (!c.files.emplace(std::string(path), std::string(bytes)).second) c.twice = path;
  });
}

// A live simulation of `o` collecting what it writes.
struct LiveRun {
  explicit LiveRun(const SimulateOptions& o) : sim(LiveSimulation::create(o).value()) {}
  Status advance(Time until) { return sim->advance(until, sink); }
  std::unique_ptr<LiveSimulation> sim;
  Collected c;
  CallbackSink sink = collect_into(c);
};

TEST(LiveSimulation, WindowByWindowWritesTheBytesOfOneRun) {
  const SimulateOptions o = day_options(1);
  Collected whole;
  CallbackSink whole_sink = collect_into(whole);
  ASSERT_TRUE(simulate(o, whole_sink).ok());
  whole.files.erase("mines.csv");
  whole.files.erase("truth.jsonl");

  auto live = LiveSimulation::create(o);
  ASSERT_TRUE(live.ok()) << live.status().message();
  Collected stepped;
  CallbackSink sink = collect_into(stepped);
  // Uneven steps (7 min, and one of a second) up to exactly the end of the day.
  for (Time t = o.start + Seconds{1}; t < o.start + Seconds{3600}; t += Seconds{420}) {
    ASSERT_TRUE((*live)->advance(t, sink).ok());
  }
  ASSERT_TRUE((*live)->advance(o.start + Seconds{3600}, sink).ok());
  EXPECT_EQ(stepped.twice, "");
  ASSERT_EQ(stepped.files.size(), whole.files.size());
  EXPECT_TRUE(stepped.files == whole.files);
  EXPECT_EQ((*live)->registry_csv().substr(0, 9), "mine_code");
}

TEST(LiveSimulation, AnAdvanceWritesOnlyWhatIsDueBeforeItsEnd) {
  const SimulateOptions o = day_options(1);
  LiveRun live(o);
  ASSERT_TRUE(live.advance(o.start).ok());
  EXPECT_TRUE(live.c.files.empty());  // nothing happens before the start
  const Time until = o.start + Seconds{600};
  ASSERT_TRUE(live.advance(until).ok());
  ASSERT_FALSE(live.c.files.empty());
  for (const auto& [path, bytes] : live.c.files) {
    auto name = netfile::parse_file_name(path.substr(path.find('/') + 1));
    ASSERT_TRUE(name.ok()) << path;
    // A file's name carries its upload time: a few seconds of jitter past the event at most.
    EXPECT_LT(name->time, until + Seconds{60}) << path;
  }
}

TEST(LiveSimulation, TheNextDayStartsWithDefinitionsAgainAndTheSamePoints) {
  const SimulateOptions o = day_options(0.5);
  LiveRun live(o);
  ASSERT_TRUE(live.advance(o.start + Seconds{45 * 60}).ok());
  EXPECT_EQ(live.c.twice, "");
  std::map<std::string, std::string> cddy;  // file time → bytes of the first mine's CDDY
  const std::string mine = live.sim->mines().front().code;
  for (const auto& [path, bytes] : live.c.files) {
    if (path.starts_with(mine + "/") && path.find("_CDDY_") != std::string::npos) {
      cddy.emplace(path, bytes);
    }
  }
  ASSERT_EQ(cddy.size(), 2u);  // the first day's and the second's, 30 min later
  auto first = netfile::parse_file_name(cddy.begin()->first.substr(mine.size() + 1));
  auto second = netfile::parse_file_name(cddy.rbegin()->first.substr(mine.size() + 1));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->time - first->time, Seconds{1800});
  // Same points: the definitions differ only in their times.
  EXPECT_EQ(cddy.begin()->second.size(), cddy.rbegin()->second.size());
}

TEST(LiveSimulation, RefusesWhatSimulateRefuses) {
  SimulateOptions o = day_options(1);
  o.mines = 0;
  EXPECT_FALSE(LiveSimulation::create(o).ok());
  o = day_options(1);
  o.profile = "nowhere";
  EXPECT_FALSE(LiveSimulation::create(o).ok());
  o = day_options(0.001);
  EXPECT_FALSE(LiveSimulation::create(o).ok());
}

}  // namespace
}  // namespace mw::sim
