// Issue 6: a sample costs one catalog lookup; the tsdb series, the mine view's slot and the
// point rules' index are handles kept in the catalog entry. These tests hold the handles to
// what the codes say across a definition change, a restart's replay and an in-process
// rebuild; and the file digest's second format against rows stored under the first.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline/data_dir.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"
#include "pipeline/durable_test_fixture.hpp"
#include "store/open_db.hpp"

namespace mw::pipeline {
namespace {

using testing::kTestMine;
using testing::TestFile;

std::string code(std::string_view point) { return std::string(kTestMine) + std::string(point); }

// A CDDY defining MN0000 (its code sorts before MN0001, so the rules' dense index of MN0001
// moves) beside the stream's MN0001, with the same 1.00 %CH4 alarm level.
TestFile cddy_with_mn0000(Time t) {
  TestFile f;
  f.time = t;
  const std::string ts = format_china_time(t);
  const std::string m(kTestMine);
  const auto record = [&](std::string_view point) {
    return m + std::string(point) +
           ";01;001;0001;MN;%CH4;4.00;0.00;1.00;1.00;;;1.50;1.00;;;;;3105回风隅角;;;;;" + ts + "~";
  };
  f.name = m + "_CDDY_" + format_china_compact_time(t) + ".txt";
  f.bytes = m + ";鑫源;KJ95X;监控;厂家;2028-06-30;" + ts + "~" + record("MN0000") +
            record("MN0001") + "||";
  return f;
}

// A CDSS at `t` with the given points and values, in that order.
TestFile cdss(Time t, const std::vector<std::pair<std::string, std::string>>& values) {
  TestFile f;
  f.time = t;
  const std::string ts = format_china_time(t);
  const std::string m(kTestMine);
  f.name = m + "_CDSS_" + format_china_compact_time(t) + ".txt";
  f.bytes = m + ";鑫源;" + ts + "~";
  for (const auto& [point, value] : values) {
    f.bytes += m + point + ";环境瓦斯;3105回风隅角;" + value + ";%CH4;0;" + ts + "~";
  }
  f.bytes += "||";
  return f;
}

class DurableHandlesTest : public testing::DurableFixture {
 protected:
  Time at(int step) const { return testing::test_start() + Seconds{30 * step}; }
  IngestOutcome send(DurablePipeline& p, const TestFile& f) { return send_file(p, f); }
  // The stored samples of `point` (heads and store), as "value@step" in time order.
  std::vector<std::string> series(DurablePipeline& p, std::string_view point) {
    auto r = p.series(kTestMine, code(point), at(0), at(100));  // raw samples: under 6 h
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    std::vector<std::string> out;
    if (!r.ok()) return out;
    for (const auto& s : r->samples) {
      out.push_back(format_decimal(s.value) + "@" + std::to_string((s.time - at(0)).count() / 30));
    }
    return out;
  }
  // The mine view's newest sample of every point, "point=value@step", by code.
  std::vector<std::string> latest(DurablePipeline& p) {
    std::vector<std::string> out;
    const auto view = p.mine_view(kTestMine);
    EXPECT_TRUE(view.has_value());
    if (!view) return out;
    for (const PointView& v : view->points) {
      if (!v.latest) continue;
      out.push_back(v.code.substr(kTestMine.size()) + "=" + format_decimal(v.latest->value) + "@" +
                    std::to_string((v.latest->time - at(0)).count() / 30));
    }
    return out;
  }
  // Every gas.alarm episode stored, "point@step of its start", sorted.
  std::vector<std::string> gas_alarms(DurablePipeline& p) {
    EXPECT_TRUE(p.checkpoint().ok());  // alarm reads see committed rows only
    AlarmQuery q;
    q.kind = AlarmKind::kGasAlarm;
    std::vector<std::string> out;
    const std::vector<StoredAlarm> alarms = p.alarms(q).value();
    for (const StoredAlarm& a : alarms) {
      out.push_back(a.alarm.subject.substr(kTestMine.size()) + "@" +
                    std::to_string((a.alarm.start - at(0)).count() / 30));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(DurableHandlesTest, HandlesFollowTheirPointsAcrossDefinitionsRestartAndRebuild) {
  auto p = open_with({});
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  ASSERT_EQ(send(*p, testing::stream_file(kTestMine, 0)).kind, IngestOutcome::Kind::kApplied);
  send(*p, cdss(at(1), {{"MN0001", "0.31"}, {"MN0002", "0.21"}}));
  send(*p, cdss(at(2), {{"MN0001", "0.32"}, {"MN0002", "0.22"}}));
  // New definitions: MN0000 comes first in the rules' order; the cached index of MN0001 is
  // stale, and a sample of MN0000 lands before MN0001's in the file (another cursor order).
  send(*p, cddy_with_mn0000(at(3)));
  send(*p, cdss(at(4), {{"MN0000", "0.10"}, {"MN0001", "1.20"}, {"MN0002", "0.24"}}));
  EXPECT_EQ(gas_alarms(*p), std::vector<std::string>{"MN0001@4"});
  send(*p, cdss(at(5), {{"MN0002", "0.25"}, {"MN0001", "0.35"}, {"MN0000", "0.15"}}));
  EXPECT_EQ(gas_alarms(*p), std::vector<std::string>{"MN0001@4"});
  EXPECT_EQ(series(*p, "MN0000"), (std::vector<std::string>{"0.10@4", "0.15@5"}));
  EXPECT_EQ(series(*p, "MN0001"),
            (std::vector<std::string>{"0.31@1", "0.32@2", "1.20@4", "0.35@5"}));
  EXPECT_EQ(latest(*p),
            (std::vector<std::string>{"MN0000=0.15@5", "MN0001=0.35@5", "MN0002=0.25@5"}));
  ASSERT_TRUE(p->close().ok());
  p.reset();

  // A restart replays the journal into a fresh pipeline (fresh catalogs and handles).
  p = open_with({});
  ASSERT_NE(p, nullptr);
  send(*p, cdss(at(6), {{"MN0001", "0.36"}, {"MN0002", "0.26"}, {"MN0000", "0.16"}}));
  EXPECT_EQ(series(*p, "MN0001"),
            (std::vector<std::string>{"0.31@1", "0.32@2", "1.20@4", "0.35@5", "0.36@6"}));
  EXPECT_EQ(series(*p, "MN0002"),
            (std::vector<std::string>{"0.21@1", "0.22@2", "0.24@4", "0.25@5", "0.26@6"}));
  EXPECT_EQ(latest(*p),
            (std::vector<std::string>{"MN0000=0.16@6", "MN0001=0.36@6", "MN0002=0.26@6"}));
  EXPECT_EQ(gas_alarms(*p), std::vector<std::string>{"MN0001@4"});

  // A registry change rebuilds the pipeline and the mine states in the same process, while
  // the tsdb (and its series ids) stays.
  Mine other = testing::test_mine("140421000222");
  ASSERT_TRUE(p->import_registry({testing::test_mine(), other}).ok());
  send(*p, cdss(at(7), {{"MN0002", "0.27"}, {"MN0000", "1.30"}, {"MN0001", "0.37"}}));
  EXPECT_EQ(series(*p, "MN0000"),
            (std::vector<std::string>{"0.10@4", "0.15@5", "0.16@6", "1.30@7"}));
  EXPECT_EQ(series(*p, "MN0001"),
            (std::vector<std::string>{"0.31@1", "0.32@2", "1.20@4", "0.35@5", "0.36@6", "0.37@7"}));
  EXPECT_EQ(latest(*p),
            (std::vector<std::string>{"MN0000=1.30@7", "MN0001=0.37@7", "MN0002=0.27@7"}));
  EXPECT_EQ(gas_alarms(*p), (std::vector<std::string>{"MN0000@7", "MN0001@4"}));
  ASSERT_TRUE(p->close().ok());
}

TEST(FileDigest, TheLegacyFormatIsByteForByteTheFirstOne) {
  // FNV-1a's offset basis for no bytes; "a": the FNV reference's test vector, crc32c("a").
  EXPECT_EQ(legacy_file_digest(""), "0-00000000-cbf29ce484222325");
  EXPECT_EQ(legacy_file_digest("a"), "1-c1d04330-af63dc4c8601ec8c");
}

TEST(FileDigest, EveryOneByteChangeAndEveryLengthGivesAnotherDigest) {
  std::string bytes(100, 'x');
  const std::string base = file_digest(bytes);
  EXPECT_EQ(base.rfind("v2-100-", 0), 0u) << base;
  EXPECT_EQ(file_digest(bytes), base);  // deterministic
  std::vector<std::string> seen{base};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] = 'y';
    seen.push_back(file_digest(changed));
  }
  for (std::size_t n = 0; n < 100; ++n) seen.push_back(file_digest(std::string(n, '\0')));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
  // The w64 part alone tells a tail of zero bytes from a shorter file (same crc32c inputs
  // aside, the length is folded in).
  const std::string a = file_digest(std::string("ab\0", 3));
  const std::string b = file_digest("ab");
  EXPECT_NE(a.substr(a.rfind('-')), b.substr(b.rfind('-')));
}

// durable_files rows written before the digest's second format hold the first: a file
// re-sent after the upgrade must still be a duplicate, and another file of the same name
// time must not be.
TEST_F(DurableHandlesTest, AFileStoredUnderTheLegacyDigestIsStillADuplicate) {
  auto p = open_keeping(Seconds{3600});
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry({testing::test_mine()}).ok());
  std::vector<TestFile> files;
  for (std::size_t i = 0; i <= 3; ++i) {
    files.push_back(testing::stream_file(kTestMine, i));
    ASSERT_EQ(send(*p, files.back()).kind, IngestOutcome::Kind::kApplied);
  }
  // Eight hours on, the checkpoint drops these files from the journal (the floor is 7 h):
  // after the restart only durable_files knows them, as after an upgrade of an old node.
  clock_.set(files.back().time + Seconds{8 * 3600});
  p->advance();
  ASSERT_TRUE(p->checkpoint().ok());
  ASSERT_TRUE(p->close().ok());
  p.reset();
  {
    auto db = store::open_db(tmp_.sub("data") + "/minewatch.db");
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    for (const TestFile& f : files) {
      const auto updated = (*db)->exec("UPDATE durable_files SET digest = ? WHERE digest = ?",
                                       {legacy_file_digest(f.bytes), file_digest(f.bytes)});
      ASSERT_TRUE(updated.ok()) << updated.status().to_string();
      ASSERT_EQ(*updated, 1) << f.name;
    }
  }
  p = open_keeping(Seconds{3600});
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->stats().recovered_records, 0u);  // nothing of them replayed
  for (const TestFile& f : files) {
    EXPECT_EQ(p->ingest(f.name, f.bytes).value().kind, IngestOutcome::Kind::kDuplicate) << f.name;
  }
  TestFile changed = files[2];
  changed.bytes = testing::test_cdss(kTestMine, changed.time, "0.31", "0.21");
  EXPECT_NE(p->ingest(changed.name, changed.bytes).value().kind, IngestOutcome::Kind::kDuplicate);
  EXPECT_EQ(p->stats().files_duplicate, files.size());
  ASSERT_TRUE(p->close().ok());
}

}  // namespace
}  // namespace mw::pipeline
