// The API's reads off the apply lock (issue 6): each point's effective thresholds from the
// definition cache give the answer the mine page used to work out per request, for every
// point of every scenario, and follow a new definition and gas grade; the in-memory counts
// of active alarms equal the store's query after every file of every scenario.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "model/mine_registry.hpp"
#include "model/sensor_type.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_fixture.hpp"
#include "pipeline/replay.hpp"

namespace mw::pipeline {
namespace {

namespace fs = std::filesystem;
using testing::DurableFixture;

// Everything of an EffectiveThresholds, one field a line, for comparing with a readable diff.
std::string describe(const EffectiveThresholds* e) {
  if (e == nullptr) return "none";
  std::ostringstream o;
  const auto opt = [](const std::optional<Decimal>& d) {
    return d ? format_decimal(*d) : std::string("-");
  };
  o << "class " << location_class_name(e->cls) << "\nrule " << e->rule << "\nalarm "
    << opt(e->alarm) << "\ncut " << opt(e->cut) << "\nrestore " << opt(e->restore) << "\nrelation "
    << e->power_cut_relation_required << "\noutburst " << e->outburst_variant << "\ncut_range "
    << e->cut_range << "\nmisconfigured " << e->misconfigured() << "\n";
  for (const ThresholdFinding& f : e->findings) {
    o << "finding " << finding_kind_name(f.kind) << " " << threshold_name(f.threshold) << " "
      << opt(f.configured) << " " << opt(f.regulation) << " " << opt(f.excess) << " " << f.source
      << " " << f.message << " " << f.advisory << "\n";
  }
  return o.str();
}

// What the mine page worked out for every methane point of every request before the cache.
std::string per_request_answer(const PointDef& d, GasGrade grade, const RulePack& pack) {
  if (!is_methane(d.sensor_type)) return "none";
  const Classification c = pack.classifier.classify(d.code, d.location);
  auto r = effective_thresholds(d, c.cls, grade, pack);
  return r.ok() ? describe(&*r) : "none";
}

std::vector<std::string> scenario_dirs() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(MW_SCENARIO_DIR)) {
    if (e.is_directory() && fs::exists(e.path() / "mines.csv")) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A scenario through a DurablePipeline as `replay --data-dir` feeds it (replay.hpp's walk and
// event clock); `after_file` runs after each file.
class Scenario {
 public:
  explicit Scenario(const std::string& dir) : dir_(dir) {}

  void run(const std::function<void(DurablePipeline&)>& after_file) {
    auto csv = Env::posix().read_file(dir_ + "/mines.csv");
    ASSERT_TRUE(csv.ok());
    auto mines = parse_mine_registry(*csv);
    ASSERT_TRUE(mines.ok()) << mines.status().to_string();
    mines_ = *mines;
    const netfile::Profile& profile = *netfile::builtin_profile("national");
    auto files = list_replay_files(dir_, profile);
    ASSERT_TRUE(files.ok()) << files.status().to_string();
    DurableOptions o;
    o.data_dir = tmp_.sub("data");
    auto p = DurablePipeline::open(std::move(o), default_rule_pack(), profile, clock_);
    ASSERT_TRUE(p.ok()) << p.status().to_string();
    pipeline_ = std::move(*p);
    ASSERT_TRUE(pipeline_->import_registry(mines_).ok());
    std::string quarantined;
    auto walked = walk_replay_files(
        *files, clock_, Env::posix(), [&](Time t) { pipeline_->advance_to(t); },
        [&](const ReplayFile& f, std::string_view bytes) -> Result<std::string> {
          auto r = pipeline_->ingest(f.relative, bytes);
          if (!r.ok()) return r.status();
          after_file(*pipeline_);
          return r->kind == IngestOutcome::Kind::kQuarantined ? r->reason : std::string();
        },
        quarantined);
    ASSERT_TRUE(walked.ok()) << walked.status().to_string();
  }
  DurablePipeline& pipeline() { return *pipeline_; }
  const std::vector<Mine>& mines() const { return mines_; }

 private:
  std::string dir_;
  ::mw::testing::TempDir tmp_;
  ManualClock clock_{Time{}};
  std::vector<Mine> mines_;
  std::unique_ptr<DurablePipeline> pipeline_;
};

TEST(DefinitionCache, EveryScenarioPointHasThePerRequestAnswer) {
  std::size_t methane = 0, points = 0;
  for (const std::string& dir : scenario_dirs()) {
    SCOPED_TRACE(dir);
    Scenario s(dir);
    s.run([](DurablePipeline&) {});
    if (::testing::Test::HasFatalFailure()) return;
    for (const Mine& m : s.mines()) {
      for (int read = 0; read < 2; ++read) {  // made, then from the cache
        const std::optional<MineView> v = s.pipeline().mine_view(m.code);
        ASSERT_TRUE(v.has_value());
        for (const PointView& p : v->points) {
          SCOPED_TRACE(p.code);
          if (!p.def) {
            EXPECT_EQ(p.effective, nullptr);
            continue;
          }
          ++points;
          methane += is_methane(p.def->sensor_type) ? 1u : 0u;
          EXPECT_EQ(describe(p.effective.get()),
                    per_request_answer(*p.def, m.gas_grade, default_rule_pack()));
        }
      }
    }
  }
  // Most scenarios define methane points; an empty comparison proves nothing.
  EXPECT_GT(methane, 50u);
  EXPECT_GT(points, methane);
}

class DefinitionCacheTest : public DurableFixture {
 protected:
  const PointView& point(const MineView& v, std::string_view code) {
    for (const PointView& p : v.points) {
      if (p.code == code) return p;
    }
    ADD_FAILURE() << "no point " << code;
    static const PointView kNone;
    return kNone;
  }
};

TEST_F(DefinitionCacheTest, ANewDefinitionOrGasGradeMakesANewAnswer) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  Mine mine = testing::test_mine();  // high gas
  ASSERT_TRUE(p->import_registry({mine}).ok());
  const std::string code = std::string(testing::kTestMine) + "MN0001";
  const auto cddy = [&](std::string_view location, Time t) {
    testing::TestFile f;
    f.time = t;
    f.name = std::string(testing::kTestMine) + "_CDDY_" + format_china_compact_time(t) + ".txt";
    f.bytes = testing::test_cddy(testing::kTestMine, t);
    const std::string from = "3105回风隅角";
    f.bytes.replace(f.bytes.find(from), from.size(), location);
    return f;
  };
  const auto answer = [&] {
    auto v = p->mine_view(testing::kTestMine);
    EXPECT_TRUE(v.has_value());
    const PointView& pv = point(*v, code);
    EXPECT_NE(pv.def, nullptr);
    return pv;
  };
  const auto expected = [&](const PointView& pv, GasGrade grade) {
    return per_request_answer(*pv.def, grade, default_rule_pack());
  };

  const Time t0 = testing::test_start();
  ASSERT_EQ(send_file(*p, cddy("3105回风隅角", t0)).kind, IngestOutcome::Kind::kApplied);
  const PointView corner = answer();
  ASSERT_NE(corner.effective, nullptr);
  EXPECT_EQ(corner.effective->cls, LocationClass::kCoalFaceCorner);
  EXPECT_EQ(describe(corner.effective.get()), expected(corner, GasGrade::kHigh));
  // Nothing changed: the same answer, not worked out again.
  EXPECT_EQ(answer().effective, corner.effective);

  // A new CDDY moves the sensor to the coal face.
  ASSERT_EQ(send_file(*p, cddy("3105工作面", t0 + Seconds{60})).kind,
            IngestOutcome::Kind::kApplied);
  const PointView face = answer();
  ASSERT_NE(face.effective, nullptr);
  EXPECT_EQ(face.effective->cls, LocationClass::kCoalFace);
  EXPECT_EQ(face.def->location, "3105工作面");
  EXPECT_EQ(describe(face.effective.get()), expected(face, GasGrade::kHigh));
  EXPECT_NE(describe(face.effective.get()), describe(corner.effective.get()));

  // The mine becomes an outburst mine: the coal face's outburst variant applies.
  mine.gas_grade = GasGrade::kOutburst;
  ASSERT_TRUE(p->import_registry({mine}).ok());
  const PointView outburst = answer();
  ASSERT_NE(outburst.effective, nullptr);
  EXPECT_TRUE(outburst.effective->outburst_variant);
  EXPECT_FALSE(face.effective->outburst_variant);
  EXPECT_EQ(describe(outburst.effective.get()), expected(outburst, GasGrade::kOutburst));
}

// Active alarms of every mine, counted from the store as the mine page used to.
std::map<std::string, SeverityCounts, std::less<>> stored_counts(DurablePipeline& p) {
  std::map<std::string, SeverityCounts, std::less<>> out;
  AlarmQuery q;
  q.active = true;
  q.limit = 100000;
  auto rows = p.alarms(q);
  EXPECT_TRUE(rows.ok()) << rows.status().to_string();
  if (!rows.ok()) return out;
  for (const StoredAlarm& a : *rows)
    ++out[a.alarm.mine][static_cast<std::size_t>(a.alarm.severity)];
  return out;
}

std::uint32_t total(const SeverityCounts& c) { return c[0] + c[1] + c[2] + c[3]; }

TEST(ActiveAlarms, CountsAreTheStoresAfterEveryFileOfEveryScenario) {
  bool opened = false, closed = false, severity_changed = false;
  for (const std::string& dir : scenario_dirs()) {
    SCOPED_TRACE(dir);
    Scenario s(dir);
    std::map<std::string, SeverityCounts, std::less<>> before;
    std::size_t file = 0;
    s.run([&](DurablePipeline& p) {
      SCOPED_TRACE("after file " + std::to_string(++file));
      // Committed, so that the store reads the same on either of the pipeline's connections
      // (alarms() reads the committed state while the committer holds the apply lock).
      ASSERT_TRUE(p.checkpoint().ok());
      const auto stored = stored_counts(p);
      const auto all = p.active_alarms_under("");
      ASSERT_TRUE(all.ok()) << all.status().to_string();
      EXPECT_EQ(*all, stored);
      for (const Mine& m : s.mines()) {
        const auto of = p.active_alarms_of(m.code);
        ASSERT_TRUE(of.ok()) << of.status().to_string();
        const auto it = stored.find(m.code);
        EXPECT_EQ(*of, it == stored.end() ? SeverityCounts{} : it->second) << m.code;
        const auto province = p.active_alarms_under(m.code.substr(0, 2));
        ASSERT_TRUE(province.ok());
        EXPECT_EQ(province->count(m.code), stored.count(m.code));
        const SeverityCounts was = before.count(m.code) ? before[m.code] : SeverityCounts{};
        opened = opened || total(*of) > total(was);
        closed = closed || total(*of) < total(was);
        severity_changed = severity_changed || (total(*of) == total(was) && *of != was);
      }
      before = stored;
    });
    if (::testing::Test::HasFatalFailure()) return;
  }
  // The scenarios open, close and escalate alarms; counts that never moved prove nothing.
  EXPECT_TRUE(opened);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(severity_changed);
}

class ActiveAlarmsTest : public DurableFixture {};

TEST_F(ActiveAlarmsTest, CountsAfterARestartAreTheStores) {
  std::map<std::string, SeverityCounts, std::less<>> counted;
  {
    auto p = open_keeping(Seconds{3600});
    ASSERT_NE(p, nullptr);
    ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
    // Into the stream's first over-limit run: a gas alarm is open when the pipeline closes.
    for (std::size_t i = 0; i < 40; ++i) {
      (void)send_file(*p, testing::stream_file(testing::kTestMine, i));
      const auto c = p->active_alarms_of(testing::kTestMine);
      ASSERT_TRUE(c.ok());
      if (total(*c) > 0) break;
    }
    counted = stored_counts(*p);
    ASSERT_FALSE(counted.empty());
    ASSERT_TRUE(p->close().ok());
  }
  auto p = open_keeping(Seconds{3600});
  ASSERT_NE(p, nullptr);
  const auto all = p->active_alarms_under("");
  ASSERT_TRUE(all.ok()) << all.status().to_string();
  EXPECT_EQ(*all, counted);
  EXPECT_EQ(*all, stored_counts(*p));
}

}  // namespace
}  // namespace mw::pipeline
