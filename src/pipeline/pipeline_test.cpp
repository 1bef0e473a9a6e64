#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/profile.hpp"
#include "pipeline/rules_evaluator.hpp"

namespace mw::pipeline {
namespace {

constexpr std::string_view kMineA = "140421000111";
constexpr std::string_view kMineB = "520203000512";

// A national-profile file: header `mine;name;upload time~`, records, `||` (netfile.md §1).
std::string file_text(std::string_view mine, std::string_view upload_time,
                      const std::vector<std::string>& records) {
  std::string s = std::string(mine) + ";测试煤矿;" + std::string(upload_time) + "~";
  for (const auto& r : records) s += r + "~";
  return s + "||";
}

std::string cddy_text(std::string_view mine, std::string_view time,
                      const std::vector<std::string>& records) {
  std::string s =
      std::string(mine) + ";测试煤矿;KJ95X;监控系统;厂家;2028-06-30;" + std::string(time) + "~";
  for (const auto& r : records) s += r + "~";
  return s + "||";
}

// A CDDY record: code, type, kind, unit, location; thresholds empty.
std::string def(std::string_view code, std::string_view type, std::string_view kind,
                std::string_view unit, std::string_view location) {
  return std::string(code) + ";01;001;" + std::string(type) + ";" + std::string(kind) + ";" +
         std::string(unit) + ";4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;" + std::string(location) +
         ";;;;;2026-09-23 10:00:00";
}

std::string cdss(std::string_view code, std::string_view type_name, std::string_view value,
                 std::string_view time, int status = 0) {
  return std::string(code) + ";" + std::string(type_name) + ";某处;" + std::string(value) +
         ";%CH4;" + std::to_string(status) + ";" + std::string(time);
}

Time at(int h, int m, int s) { return *china_civil_time(2026, 9, 23, h, m, s); }

// Logs every call as a line; raises gas.alarm for a methane sample ≥ 1.00 and clears it
// under, so the tests can see findings reach the episode tracker.
class FakeEvaluator final : public MineEvaluator {
 public:
  FakeEvaluator(const Mine& mine, FindingSink& sink, std::vector<std::string>& log)
      : mine_(mine), sink_(sink), log_(log) {}
  void on_point_defs(std::span<const PointDef> defs, Time t) override {
    std::string line = mine_.code + " defs " + format_china_time(t);
    for (const auto& d : defs) line += " " + d.code + ":" + std::to_string(d.sensor_type);
    log_.push_back(line);
  }
  void on_realtime_file(Time t) override {
    log_.push_back(mine_.code + " file " + format_china_time(t));
  }
  void on_sample(std::string_view point, const Sample& s) override {
    log_.push_back(mine_.code + " sample " + std::string(point) + " " + format_decimal(s.value) +
                   " " + format_china_time(s.time));
    Finding f;
    f.edge = s.value.compare(Decimal{100, 2}) >= 0 ? Finding::Edge::kRaise : Finding::Edge::kClear;
    f.mine = mine_.code;
    f.subject = std::string(point);
    f.time = f.start = s.time;
    f.severity = Severity::kOrange;
    f.peak = s.value.to_double();
    f.rule = "coal.ch4.coal_face";
    sink_.on_finding(std::move(f));
  }
  void on_output_counter(std::string_view point, const Sample& s) override {
    log_.push_back(mine_.code + " counter " + std::string(point) + " " + format_decimal(s.value));
  }
  void on_realtime_file_end(Time t) override {
    log_.push_back(mine_.code + " file_end " + format_china_time(t));
  }
  void on_areas(std::span<const Area> areas, Time) override {
    std::string line = mine_.code + " areas";
    for (const auto& a : areas) line += " " + a.code + ":" + std::to_string(a.approved);
    log_.push_back(line);
  }
  void on_people(std::span<const Person> people, Time) override {
    std::string line = mine_.code + " people";
    for (const auto& p : people) line += " " + p.card + (p.leader ? ":leader" : "");
    log_.push_back(line);
  }
  void on_presence_snapshot(Time t, std::span<const Presence> snap) override {
    std::string line = mine_.code + " snapshot " + format_china_time(t);
    for (const auto& p : snap) {
      line += " " + p.card + (p.underground() ? ":down@" : ":up@") + p.area + "/" +
              std::to_string(p.track.size());
    }
    log_.push_back(line);
  }
  void on_sos(const Presence& who, Time start, std::optional<Time> end) override {
    log_.push_back(mine_.code + " sos " + who.card + " " + format_china_time(start) +
                   (end ? " ended" : ""));
  }
  void advance(Time now) override {
    log_.push_back(mine_.code + " advance " + format_china_time(now));
  }
  std::size_t state_bytes() const override { return 100; }

 private:
  const Mine& mine_;
  FindingSink& sink_;
  std::vector<std::string>& log_;
};

Mine mine(std::string_view code) {
  Mine m;
  m.code = std::string(code);
  m.name = "测试煤矿";
  return m;
}

struct Fixture {
  explicit Fixture(std::size_t shards = 1)
      : clock(at(10, 0, 0)),
        pipeline(
            {mine(kMineA), mine(kMineB)}, default_rule_pack(),
            *netfile::builtin_profile("national"), clock,
            [this](const RulePack&, const Mine& m, FindingSink& sink) {
              return std::make_unique<FakeEvaluator>(m, sink, log);
            },
            Pipeline::Options{shards, nullptr}) {}
  // As replay does: the clock is the newest data time, the file's own included.
  FileResult feed(std::string_view name, const std::string& text) {
    if (const auto parsed = netfile::parse_file_name(name); parsed.ok()) {
      clock.set(std::max(clock.now(), parsed->time));
    }
    return pipeline.ingest(name, text);
  }
  // The log lines containing `what`.
  std::vector<std::string> lines(std::string_view what) const {
    std::vector<std::string> out;
    for (const auto& l : log) {
      if (l.find(what) != std::string::npos) out.push_back(l);
    }
    return out;
  }
  std::vector<std::string> log;
  ManualClock clock;
  Pipeline pipeline;
};

TEST(Pipeline, RoutesMethaneToPointRulesAndOutputCountersToMineRules) {
  Fixture fx;
  auto r = fx.feed("140421000111_CDDY_20260923100000.txt",
                   cddy_text(kMineA, "2026-09-23 10:00:00",
                             {def("140421000111MN0001", "0001", "MN", "%CH4", "3105回风隅角"),
                              def("140421000111LJ0001", "3001", "LJ", "t", "主井")}));
  ASSERT_EQ(r.outcome, FileResult::Outcome::kApplied) << r.reason;
  r = fx.feed("140421000111_CDSS_20260923100010.txt",
              file_text(kMineA, "2026-09-23 10:00:10",
                        {cdss("140421000111MN0001", "环境瓦斯", "0.42", "2026-09-23 10:00:08"),
                         cdss("140421000111LJ0001", "产量", "1520.5", "2026-09-23 10:00:08")}));
  ASSERT_EQ(r.outcome, FileResult::Outcome::kApplied) << r.reason;
  EXPECT_EQ(r.samples, 2u);
  EXPECT_EQ(fx.log, (std::vector<std::string>{
                        "140421000111 defs 2026-09-23 10:00:00 140421000111MN0001:1 "
                        "140421000111LJ0001:3001",
                        "140421000111 file 2026-09-23 10:00:10",
                        "140421000111 sample 140421000111MN0001 0.42 2026-09-23 10:00:08",
                        "140421000111 counter 140421000111LJ0001 1520.5",
                        "140421000111 file_end 2026-09-23 10:00:10",
                    }));
  EXPECT_EQ(fx.pipeline.stats().files_read, 2u);
  EXPECT_EQ(fx.pipeline.stats().records, 4u);
  EXPECT_EQ(fx.pipeline.stats().samples, 2u);
  ASSERT_NE(fx.pipeline.catalog(kMineA), nullptr);
  EXPECT_TRUE(fx.pipeline.catalog(kMineA)->find_point("140421000111LJ0001")->defined);
}

TEST(Pipeline, BeforeAnyCddyTheCdssTypeNameRoutesTheSample) {
  Fixture fx;
  fx.feed("140421000111_CDSS_20260923100010.txt",
          file_text(kMineA, "2026-09-23 10:00:10",
                    {cdss("140421000111LJ0001", "产量", "10", "2026-09-23 10:00:08"),
                     cdss("140421000111MN0001", "环境瓦斯", "0.5", "2026-09-23 10:00:08")}));
  EXPECT_EQ(fx.lines("counter").size(), 1u);
  EXPECT_EQ(fx.lines("sample").size(), 1u);
  EXPECT_FALSE(fx.pipeline.catalog(kMineA)->find_point("140421000111LJ0001")->defined);
}

TEST(Pipeline, QuarantinesUnknownMinesAndRejectedFilesAndGoesOn) {
  Fixture fx;
  // Header time 6 min after the clock (netfile.md §1: > 5 min in the future is rejected).
  auto future = fx.pipeline.ingest(
      "140421000111_CDSS_20260923100010.txt",
      file_text(kMineA, "2026-09-23 10:06:11",
                {cdss("140421000111MN0001", "环境瓦斯", "0.4", "2026-09-23 10:00:08")}));
  EXPECT_EQ(future.outcome, FileResult::Outcome::kQuarantined);
  auto r =
      fx.feed("620823009203_CDSS_20260923100010.txt",
              file_text("620823009203", "2026-09-23 10:00:10",
                        {cdss("620823009203MN0001", "环境瓦斯", "0.4", "2026-09-23 10:00:08")}));
  EXPECT_EQ(r.outcome, FileResult::Outcome::kQuarantined);
  EXPECT_NE(r.reason.find("620823009203 is not in the registry"), std::string::npos) << r.reason;
  r = fx.feed("140421000111_CDSS_20260923100010.txt", "140421000111;x;2026-09-23 10:00:10~");
  EXPECT_EQ(r.outcome, FileResult::Outcome::kQuarantined);
  EXPECT_FALSE(r.reason.empty());
  r = fx.feed("not-a-networking-file.txt", "hello");
  EXPECT_EQ(r.outcome, FileResult::Outcome::kQuarantined);
  EXPECT_FALSE(r.reason.empty());
  EXPECT_EQ(fx.pipeline.stats().files_read, 4u);
  EXPECT_EQ(fx.pipeline.stats().files_quarantined, 4u);
  EXPECT_EQ(fx.pipeline.stats().records, 0u);
  EXPECT_TRUE(fx.log.empty());
}

TEST(Pipeline, AStaleRealtimeFileAppliesOnlyWhatIsNewPerPoint) {
  Fixture fx;
  fx.feed("140421000111_CDSS_20260923100020.txt",
          file_text(kMineA, "2026-09-23 10:00:20",
                    {cdss("140421000111MN0001", "环境瓦斯", "0.40", "2026-09-23 10:00:18")}));
  fx.log.clear();
  // Arrives late: MN0001's sample is older than the one applied, MN0002 is new.
  const auto r =
      fx.feed("140421000111_CDSS_20260923100010.txt",
              file_text(kMineA, "2026-09-23 10:00:10",
                        {cdss("140421000111MN0001", "环境瓦斯", "0.90", "2026-09-23 10:00:08"),
                         cdss("140421000111MN0002", "环境瓦斯", "0.30", "2026-09-23 10:00:08")}));
  EXPECT_EQ(r.outcome, FileResult::Outcome::kStale);
  EXPECT_EQ(r.samples, 1u);
  EXPECT_EQ(fx.log, (std::vector<std::string>{
                        "140421000111 sample 140421000111MN0002 0.30 2026-09-23 10:00:08"}));
  EXPECT_EQ(fx.pipeline.stats().files_stale, 1u);
  EXPECT_EQ(fx.pipeline.stats().samples_not_new, 1u);
}

TEST(Pipeline, TheSameFileTwiceIsAppliedOnce) {
  Fixture fx;
  const std::string text =
      file_text(kMineA, "2026-09-23 10:00:10",
                {cdss("140421000111MN0001", "环境瓦斯", "0.40", "2026-09-23 10:00:08")});
  fx.feed("140421000111_CDSS_20260923100010.txt", text);
  fx.feed("140421000111_CDSS_20260923100010.txt", text);
  EXPECT_EQ(fx.lines("sample").size(), 1u);
  EXPECT_EQ(fx.pipeline.stats().samples, 1u);
}

TEST(Pipeline, OlderDefinitionsAndSnapshotsChangeNothing) {
  Fixture fx;
  fx.feed("140421000111_CDDY_20260923100000.txt",
          cddy_text(kMineA, "2026-09-23 10:00:00",
                    {def("140421000111MN0001", "0001", "MN", "%CH4", "3105回风隅角")}));
  const auto r = fx.feed("140421000111_CDDY_20260923090000.txt",
                         cddy_text(kMineA, "2026-09-23 09:00:00",
                                   {def("140421000111MN0001", "0004", "MN", "ppm", "旧")}));
  EXPECT_EQ(r.outcome, FileResult::Outcome::kStale);
  EXPECT_EQ(fx.lines("defs").size(), 1u);
  EXPECT_EQ(fx.pipeline.catalog(kMineA)->find_point("140421000111MN0001")->sensor_type, 1);

  const std::string snap =
      file_text(kMineB, "2026-09-23 10:15:00",
                {"52020300051200001;李国强;1;2026-09-23 07:52:10;;5202030005120003;2026-09-23 "
                 "08:41:05;5202030005120003000002;2026-09-23 08:41:05;三八制;35;0;1;0;"
                 "5202030005120001000001&2026-09-23 07:52:10"});
  fx.feed("520203000512_RYSS_20260923101500.txt", snap);
  EXPECT_EQ(fx.feed("520203000512_RYSS_20260923101500.txt", snap).outcome,
            FileResult::Outcome::kStale);
  EXPECT_EQ(fx.feed("520203000512_RYSS_20260923101000.txt", snap).outcome,
            FileResult::Outcome::kStale);
  EXPECT_EQ(fx.lines("snapshot"),
            std::vector<std::string>{"520203000512 snapshot 2026-09-23 10:15:00 "
                                     "52020300051200001:down@5202030005120003/1"});
}

TEST(Pipeline, PersonnelFilesReachTheMineRules) {
  Fixture fx;
  fx.feed("520203000512_RYQY_20260923080000.txt",
          file_text(kMineB, "2026-09-23 08:00:00",
                    {"井口区域;5202030005120001;0;主斜井井口",
                     "重点区域;5202030005120003;5;11601回采工作面"}));
  fx.feed("520203000512_RYXX_20260923080000.txt",
          "520203000512;测试煤矿;300;KJ;人员定位;厂家;2028-01-01;2026-09-23 08:00:00~"
          "52020300051200001;李国强;采煤;矿长;综采队;1975-03-02;本科;1;0~"
          "52020300051200002;王;采煤;工人;综采队;1980-01-01;高中;0;0~||");
  fx.feed("520203000512_RYQJ_20260923101500.txt",
          file_text(kMineB, "2026-09-23 10:15:00",
                    {"52020300051200002;王;2026-09-23 07:40:02;2026-09-23 10:14:30;;"
                     "5202030005120003;2026-09-23 08:35:50;5202030005120003000002;2026-09-23 "
                     "08:35:50"}));
  EXPECT_EQ(fx.lines("areas"),
            std::vector<std::string>{"520203000512 areas 5202030005120001:0 5202030005120003:5"});
  EXPECT_EQ(
      fx.lines("people"),
      std::vector<std::string>{"520203000512 people 52020300051200001:leader 52020300051200002"});
  EXPECT_EQ(fx.lines("sos"),
            std::vector<std::string>{"520203000512 sos 52020300051200002 2026-09-23 10:14:30"});
}

std::vector<std::string> run_alarm_scenario(std::size_t shards) {
  Fixture fx(shards);
  const auto feed_gas = [&](std::string_view mine_code, std::string_view point,
                            std::string_view value, std::string_view compact,
                            std::string_view time) {
    const std::string name = std::string(mine_code) + "_CDSS_" + std::string(compact) + ".txt";
    fx.clock.set(std::max(fx.clock.now(), *parse_china_compact_time(compact)));
    fx.pipeline.advance();
    fx.feed(name, file_text(mine_code, time, {cdss(point, "环境瓦斯", value, time)}));
  };
  feed_gas(kMineA, "140421000111MN0001", "1.20", "20260923100010", "2026-09-23 10:00:10");
  feed_gas(kMineB, "520203000512MN0001", "1.00", "20260923100010", "2026-09-23 10:00:10");
  feed_gas(kMineA, "140421000111MN0001", "0.50", "20260923100020", "2026-09-23 10:00:20");
  feed_gas(kMineB, "520203000512MN0002", "2.00", "20260923100030", "2026-09-23 10:00:30");
  feed_gas(kMineA, "140421000111MN0001", "0.50", "20260923101000", "2026-09-23 10:10:00");
  std::vector<std::string> out;
  for (const Alarm& a : fx.pipeline.alarms()) {
    std::string line;
    append_alarm_json(line, a);
    out.push_back(line);
  }
  return out;
}

TEST(Pipeline, FindingsBecomeEpisodesAndTheShardCountDoesNotChangeThem) {
  const auto one = run_alarm_scenario(1);
  ASSERT_EQ(one.size(), 3u);
  EXPECT_NE(one[0].find("\"subject\":\"140421000111MN0001\""), std::string::npos) << one[0];
  EXPECT_NE(one[0].find("\"end\":\"2026-09-23T10:00:20+08:00\""), std::string::npos) << one[0];
  EXPECT_NE(one[1].find("\"subject\":\"520203000512MN0001\""), std::string::npos) << one[1];
  EXPECT_NE(one[1].find("\"end\":null"), std::string::npos) << one[1];
  EXPECT_NE(one[2].find("\"peak\":2"), std::string::npos) << one[2];
  EXPECT_EQ(run_alarm_scenario(2), one);
  EXPECT_EQ(run_alarm_scenario(5), one);
}

// Counts the lifecycle events the pipeline's trackers report.
class CountingSink final : public alarms::AlarmSink {
 public:
  void on_opened(const alarms::Episode& e) override { events.push_back("opened " + e.id); }
  void on_escalated(const alarms::Episode& e) override { events.push_back("escalated " + e.id); }
  void on_closed(const alarms::Episode& e) override { events.push_back("closed " + e.id); }
  std::vector<std::string> events;
};

TEST(Pipeline, TheAlarmSinkHearsOpenAndFinalClose) {
  CountingSink sink;
  std::vector<std::string> log;
  ManualClock clock(at(10, 0, 10));
  Pipeline p(
      {mine(kMineA)}, default_rule_pack(), *netfile::builtin_profile("national"), clock,
      [&log](const RulePack&, const Mine& m, FindingSink& s) {
        return std::make_unique<FakeEvaluator>(m, s, log);
      },
      Pipeline::Options{2, &sink});
  p.ingest("140421000111_CDSS_20260923100010.txt",
           file_text(kMineA, "2026-09-23 10:00:10",
                     {cdss("140421000111MN0001", "环境瓦斯", "1.30", "2026-09-23 10:00:10")}));
  clock.set(at(10, 0, 20));
  p.ingest("140421000111_CDSS_20260923100020.txt",
           file_text(kMineA, "2026-09-23 10:00:20",
                     {cdss("140421000111MN0001", "环境瓦斯", "0.30", "2026-09-23 10:00:20")}));
  clock.set(at(10, 5, 20));
  p.advance();  // exactly 5 min after the close: not final yet
  EXPECT_EQ(sink.events, std::vector<std::string>{
                             "opened 140421000111/gas.alarm/140421000111MN0001/20260923100010"});
  clock.set(at(10, 5, 21));
  p.advance();
  EXPECT_EQ(sink.events.size(), 2u);
  EXPECT_EQ(sink.events.back(), "closed 140421000111/gas.alarm/140421000111MN0001/20260923100010");
}

TEST(Pipeline, AdvanceReachesEveryMineThatHasSentAFile) {
  Fixture fx;
  fx.feed("140421000111_CDSS_20260923100010.txt",
          file_text(kMineA, "2026-09-23 10:00:10",
                    {cdss("140421000111MN0001", "环境瓦斯", "0.4", "2026-09-23 10:00:08")}));
  fx.feed("520203000512_RYQY_20260923080000.txt",
          file_text(kMineB, "2026-09-23 08:00:00", {"井口区域;5202030005120001;0;主斜井井口"}));
  fx.clock.set(at(10, 5, 0));
  fx.pipeline.advance();
  EXPECT_EQ(fx.lines("advance"), (std::vector<std::string>{
                                     "140421000111 advance 2026-09-23 10:05:00",
                                     "520203000512 advance 2026-09-23 10:05:00",
                                 }));
  EXPECT_EQ(fx.pipeline.rule_state_bytes(), 200u);
  EXPECT_EQ(fx.pipeline.point_count(), 1u);
  EXPECT_EQ(fx.pipeline.person_count(), 0u);
}

TEST(Pipeline, ShardOfIsStableAndInRange) {
  EXPECT_EQ(Pipeline::shard_of("140421000111", 1), 0u);
  for (std::size_t n : {2u, 3u, 8u}) {
    EXPECT_LT(Pipeline::shard_of("140421000111", n), n);
    EXPECT_EQ(Pipeline::shard_of("140421000111", n), Pipeline::shard_of("140421000111", n));
  }
  // FNV-1a of "a" is 0xaf63dc4c8601ec8c (FNV reference test vector); mod 10 = 6.
  EXPECT_EQ(Pipeline::shard_of("a", 10), 0xaf63dc4c8601ec8cull % 10);
}

// Issue 4e: methane points whose 安装位置 matches no class are counted (rules.md A1), per the
// latest CDDY of each mine, with the real rules.
TEST(Pipeline, CountsUnclassifiedMethanePointsOfTheLatestDefinitions) {
  ManualClock clock(at(10, 0, 0));
  Pipeline p({mine(kMineA)}, default_rule_pack(), *netfile::builtin_profile("national"), clock,
             rules_evaluator_factory());
  const auto feed = [&](std::string_view name, std::string_view time,
                        const std::vector<std::string>& defs) {
    clock.set(*parse_china_time(time));  // as replay does: the file's own time is not ahead
    const FileResult r = p.ingest(name, cddy_text(kMineA, time, defs));
    ASSERT_EQ(r.outcome, FileResult::Outcome::kApplied) << r.reason;
  };
  feed("140421000111_CDDY_20260923100000.txt", "2026-09-23 10:00:00",
       {def("140421000111MN0001", "0001", "MN", "%CH4", "3105回风隅角"),
        def("140421000111MN0002", "0001", "MN", "%CH4", "老空区某处"),
        def("140421000111MN0003", "0001", "MN", "%CH4", "中央变电所"),
        def("140421000111FS0001", "0002", "MN", "m/s", "不知何处")});
  EXPECT_EQ(p.stats().unclassified_points, 2u);  // MN0002 and MN0003; wind is not methane
  feed("140421000111_CDDY_20260923110000.txt", "2026-09-23 11:00:00",
       {def("140421000111MN0001", "0001", "MN", "%CH4", "3105回风隅角"),
        def("140421000111MN0002", "0001", "MN", "%CH4", "3105回采工作面")});
  EXPECT_EQ(p.stats().unclassified_points, 0u);  // replaced, not added
}

// Issue 4a: the replay clock is the newest time two mines have reached.
TEST(QuorumClock, OneMineCannotPullItAhead) {
  QuorumClock c;
  EXPECT_FALSE(c.started());
  c.observe(kMineA, at(10, 0, 0));
  EXPECT_TRUE(c.started());
  EXPECT_EQ(c.now(), at(10, 0, 0));  // one mine alone: its own time
  c.observe(kMineA, at(10, 1, 0));
  EXPECT_EQ(c.now(), at(10, 1, 0));
  c.observe(kMineB, at(10, 0, 30));
  EXPECT_EQ(c.now(), at(10, 0, 30));
  c.observe(kMineB, at(23, 0, 0));  // B far ahead: A holds the clock
  EXPECT_EQ(c.now(), at(10, 1, 0));
  c.observe(kMineA, at(10, 2, 0));
  EXPECT_EQ(c.now(), at(10, 2, 0));
  c.observe("140421000333", at(10, 5, 0));
  EXPECT_EQ(c.now(), at(10, 5, 0));
  c.observe(kMineA, at(10, 3, 0));  // older than A's newest: no step back
  EXPECT_EQ(c.now(), at(10, 5, 0));
}

}  // namespace
}  // namespace mw::pipeline
