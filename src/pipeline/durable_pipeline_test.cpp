// DurablePipeline in one process: ingest → journal → apply → stores, duplicates, quarantine,
// restart, a full disk, concurrent senders. The kill -9 loop is durable_crash_test.cpp.
#include "pipeline/durable_pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "base/temp_dir.hpp"
#include "ingest/netfile/profile.hpp"
#include "journal/journal.hpp"
#include "model/mine_registry.hpp"
#include "pipeline/data_dir.hpp"
#include "pipeline/durable_impl.hpp"
#include "pipeline/durable_test_files.hpp"
#include "pipeline/durable_test_fixture.hpp"
#include "pipeline/replay.hpp"
#include "pipeline/rules_evaluator.hpp"
#include "store/personnel_repo.hpp"
#include "store/sqlite_db.hpp"
#include "store/workflow_repo.hpp"

namespace mw::pipeline {
namespace {

using testing::stream_file;
using testing::test_mine;
using testing::TestFile;

class DurablePipelineTest : public testing::DurableFixture {
 protected:
  std::unique_ptr<DurablePipeline> open(DurableOptions o = {}) { return open_with(std::move(o)); }
  std::unique_ptr<DurablePipeline> open_with_mine(DurableOptions o = {}) {
    auto p = open(std::move(o));
    if (p) {
      EXPECT_TRUE(p->import_registry({test_mine()}).ok());
    }
    return p;
  }
  // As replay drives it: the clock is the file's time.
  IngestOutcome send(DurablePipeline& p, const TestFile& f) { return send_file(p, f); }
  std::size_t stored_samples(DurablePipeline& p, std::string_view point) {
    const std::string code = std::string(testing::kTestMine) + std::string(point);
    auto r = p.series(testing::kTestMine, code, testing::test_start(),
                      testing::test_start() + Seconds{6 * 3600});
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->samples.size() : 0;
  }
};

TEST_F(DurablePipelineTest, AppliedFilesAreStoredAndAnsweredByEveryRead) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(send(*p, stream_file(testing::kTestMine, 0)).kind, IngestOutcome::Kind::kApplied);
  for (std::size_t i = 1; i <= 20; ++i) {
    const IngestOutcome o = send(*p, stream_file(testing::kTestMine, i));
    EXPECT_EQ(o.kind, IngestOutcome::Kind::kApplied) << i;
    EXPECT_EQ(o.samples, 2u);
    EXPECT_EQ(o.type, "CDSS");
  }
  EXPECT_EQ(stored_samples(*p, "MN0001"), 20u);
  EXPECT_EQ(stored_samples(*p, "MN0002"), 20u);

  // Files 10-14 were 1.20 %CH4 at the 1.00 threshold: one gas.alarm, closed at file 15.
  AlarmQuery q;
  q.kind = AlarmKind::kGasAlarm;
  const std::vector<StoredAlarm> alarms = p->alarms(q).value();
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].alarm.subject, std::string(testing::kTestMine) + "MN0001");
  EXPECT_EQ(alarms[0].alarm.start, stream_file(testing::kTestMine, 10).time);
  EXPECT_NE(alarms[0].evidence_json.find("1.20"), std::string::npos) << alarms[0].evidence_json;
  const auto by_id = p->alarm(alarms[0].id);
  ASSERT_TRUE(by_id.ok());
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->alarm.subject, alarms[0].alarm.subject);
  const auto unknown = p->alarm(alarms[0].id + 1000);
  ASSERT_TRUE(unknown.ok()) << unknown.status().message();
  EXPECT_FALSE(unknown->has_value());

  const auto view = p->mine_view(testing::kTestMine);
  ASSERT_TRUE(view.has_value());
  ASSERT_EQ(view->points.size(), 2u);
  EXPECT_NE(view->points[0].def, nullptr);  // MN0001: defined by the CDDY
  EXPECT_EQ(view->points[1].def, nullptr);  // MN0002: only seen in CDSS
  ASSERT_TRUE(view->points[0].latest.has_value());
  EXPECT_EQ(view->points[0].latest->time, stream_file(testing::kTestMine, 20).time);
  EXPECT_EQ(view->last_upload, stream_file(testing::kTestMine, 20).time);
  EXPECT_FALSE(p->mine_view("999999999999").has_value());

  const DurableStats s = p->stats();
  EXPECT_EQ(s.files_applied, 21u);
  EXPECT_EQ(s.samples, 40u);
  EXPECT_GT(s.journal_bytes, 21u * 100);
  EXPECT_GE(s.journal_fsyncs, 1u);
  ASSERT_EQ(s.alarms_opened.size(), 1u);
  EXPECT_EQ(s.alarms_opened[0].first, AlarmKind::kGasAlarm);
  EXPECT_TRUE(p->close().ok());
}

TEST_F(DurablePipelineTest, TheSameFileIsAppliedOnceEvenAfterARestart) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 3; ++i) send(*p, stream_file(testing::kTestMine, i));
  EXPECT_EQ(send(*p, stream_file(testing::kTestMine, 2)).kind, IngestOutcome::Kind::kDuplicate);
  ASSERT_TRUE(p->close().ok());
  p.reset();

  p = open();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mines().size(), 1u);  // the registry came back from the store
  for (std::size_t i = 0; i <= 3; ++i) {
    EXPECT_EQ(send(*p, stream_file(testing::kTestMine, i)).kind, IngestOutcome::Kind::kDuplicate)
        << i;
  }
  EXPECT_EQ(stored_samples(*p, "MN0001"), 3u);
  // Same name, other bytes: another file, applied (its sample time is not new: none stored).
  TestFile changed = stream_file(testing::kTestMine, 3);
  changed.bytes = testing::test_cdss(testing::kTestMine, changed.time, "0.31", "0.21");
  EXPECT_NE(send(*p, changed).kind, IngestOutcome::Kind::kDuplicate);
  EXPECT_EQ(stored_samples(*p, "MN0001"), 3u);
  EXPECT_EQ(p->stats().files_duplicate, 4u);
}

TEST_F(DurablePipelineTest, ARestartRebuildsRuleStateAndStoresNoAlarmTwice) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 12; ++i) send(*p, stream_file(testing::kTestMine, i));
  AlarmQuery active;
  active.active = true;
  ASSERT_EQ(p->alarms(active).value().size(), 1u);  // open since file 10
  p.reset();                                        // the destructor closes

  p = open();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->stats().recovered_records, 13u);
  for (std::size_t i = 13; i <= 60; ++i) send(*p, stream_file(testing::kTestMine, i));
  // The episode that was open across the restart closed (the rules remembered it) and the
  // next one (files 50-54) is a second row; nothing was stored twice.
  const std::vector<StoredAlarm> all = p->alarms({}).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].alarm.start, stream_file(testing::kTestMine, 10).time);
  EXPECT_TRUE(all[0].alarm.end.has_value());
  EXPECT_EQ(all[1].alarm.start, stream_file(testing::kTestMine, 50).time);
  EXPECT_EQ(p->episodes().value().size(), 2u);
}

// The kill -9 loop's cause (durable_crash_test.cpp): its reference run stopped at the last
// acknowledged file, but a kill between the journal's fsync and ingest()'s return leaves one
// more file durable, never acknowledged. The restart applies it — here it opens an alarm —
// and the sender's retry is a duplicate; the result equals an uninterrupted run that had it.
TEST_F(DurablePipelineTest, AFileDurableButNeverAcknowledgedIsAppliedByTheRestartOnce) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 9; ++i) send(*p, stream_file(testing::kTestMine, i));
  ASSERT_TRUE(p->close().ok());
  p.reset();
  const TestFile in_flight = stream_file(testing::kTestMine, 10);  // the first over 1.00 %CH4
  {  // What the killed process left: its clock tick and the file, fsynced, nothing applied.
    auto j = journal::Journal::open(Env::posix(), tmp_.sub("data") + "/journal");
    ASSERT_TRUE(j.ok()) << j.status().to_string();
    ASSERT_TRUE((*j)->append(kJournalTick, encode_tick(in_flight.time)).ok());
    ASSERT_TRUE(
        (*j)->append_durable(kJournalNetfile,
                             encode_journaled_file(in_flight.time, in_flight.name, in_flight.bytes))
            .ok());
  }

  p = open();
  ASSERT_NE(p, nullptr);
  AlarmQuery active;
  active.active = true;
  const std::vector<StoredAlarm> open_alarms = p->alarms(active).value();
  ASSERT_EQ(open_alarms.size(), 1u);
  EXPECT_EQ(open_alarms[0].alarm.start, in_flight.time);
  EXPECT_EQ(send(*p, in_flight).kind, IngestOutcome::Kind::kDuplicate);  // the retry
  for (std::size_t i = 11; i <= 60; ++i) send(*p, stream_file(testing::kTestMine, i));

  ManualClock clean_clock(testing::test_start());
  Pipeline clean({test_mine()}, default_rule_pack(), *netfile::builtin_profile("national"),
                 clean_clock, rules_evaluator_factory());
  for (std::size_t i = 0; i <= 60; ++i) {
    const TestFile f = stream_file(testing::kTestMine, i);
    clean_clock.set(f.time);
    clean.advance();
    (void)clean.ingest(f.name, f.bytes);
  }
  EXPECT_EQ(p->episodes().value(), clean.alarms());
  EXPECT_EQ(p->alarms({}).value().size(), clean.alarms().size());
}

TEST_F(DurablePipelineTest, RejectedFilesAreQuarantinedWithAReasonAndNotJournaled) {
  DurableOptions o;
  o.quarantine_bytes = 600;  // room for about two of the files below
  auto p = open_with_mine(o);
  ASSERT_NE(p, nullptr);
  TestFile bad = stream_file(testing::kTestMine, 1);
  clock_.set(bad.time);
  p->advance();  // journals the clock; the files below add nothing
  const std::uint64_t journal_before = p->stats().journal_bytes;
  bad.bytes = "not a networking file";
  const IngestOutcome r_bad = send(*p, bad);
  EXPECT_EQ(r_bad.kind, IngestOutcome::Kind::kQuarantined);
  EXPECT_FALSE(r_bad.reason.empty());
  const TestFile stranger = stream_file("620823009203", 1);
  const IngestOutcome r = send(*p, stranger);
  EXPECT_EQ(r.kind, IngestOutcome::Kind::kQuarantined);
  EXPECT_NE(r.reason.find("not in the registry"), std::string::npos) << r.reason;
  EXPECT_EQ(p->stats().journal_bytes, journal_before);

  Env& env = Env::posix();
  auto names = env.list_dir(tmp_.sub("data/quarantine"));
  ASSERT_TRUE(names.ok());
  ASSERT_EQ(names->size(), 4u);  // two files and their reasons
  EXPECT_EQ((*names)[1], "000000000001-" + bad.name + ".reason");
  auto reason = env.read_file(tmp_.sub("data/quarantine/") + (*names)[1]);
  ASSERT_TRUE(reason.ok());
  EXPECT_EQ(*reason, r_bad.reason + "\n");
  reason = env.read_file(tmp_.sub("data/quarantine/") + (*names)[3]);
  ASSERT_TRUE(reason.ok());
  EXPECT_NE(reason->find("not in the registry"), std::string::npos) << *reason;
  auto kept = env.read_file(tmp_.sub("data/quarantine/") + (*names)[2]);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, stranger.bytes);

  for (int i = 0; i < 5; ++i) send(*p, stranger);
  EXPECT_LE(p->stats().quarantine_bytes, 600u);
  EXPECT_EQ(p->stats().files_quarantined, 7u);
}

TEST_F(DurablePipelineTest, AFullDiskIsNotAcknowledgedAndNothingIsAppliedUntilSpaceReturns) {
  FaultInjectionEnv env(Env::posix());
  DurableOptions o;
  o.env = &env;
  auto p = open_with_mine(o);
  ASSERT_NE(p, nullptr);
  send(*p, stream_file(testing::kTestMine, 0));
  send(*p, stream_file(testing::kTestMine, 1));
  env.set_free_space(0);
  const TestFile f = stream_file(testing::kTestMine, 2);
  clock_.set(f.time);
  auto r = p->ingest(f.name, f.bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted) << r.status().to_string();
  EXPECT_NE(r.status().message().find("disk full"), std::string::npos);
  EXPECT_EQ(stored_samples(*p, "MN0001"), 1u);
  EXPECT_EQ(p->stats().files_failed, 1u);

  env.clear_disk_full();
  r = p->ingest(f.name, f.bytes);  // the sender retries
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->kind, IngestOutcome::Kind::kApplied);
  EXPECT_EQ(stored_samples(*p, "MN0001"), 2u);
  ASSERT_TRUE(p->close().ok());
  p.reset();
  p = open(o);  // and the failed attempt left nothing behind in the journal
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->stats().recovered_records, 3u);
}

TEST_F(DurablePipelineTest, ConcurrentSendersAreAllAppliedAndShareFsyncs) {
  auto p = open();
  ASSERT_NE(p, nullptr);
  const std::vector<std::string> codes = {"140421000111", "140421000112", "140421000113",
                                          "140421000114"};
  std::vector<Mine> reg;
  for (const auto& c : codes) reg.push_back(test_mine(c));
  ASSERT_TRUE(p->import_registry(reg).ok());
  clock_.set(testing::test_start() + Seconds{3600});
  constexpr std::size_t kFiles = 40;
  std::atomic<int> applied{0};
  std::vector<std::thread> threads;
  for (const auto& c : codes) {
    threads.emplace_back([&, c] {
      for (std::size_t i = 0; i < kFiles; ++i) {
        const TestFile f = stream_file(c, i);
        auto r = p->ingest(f.name, f.bytes);
        if (r.ok() && r->kind == IngestOutcome::Kind::kApplied) ++applied;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), static_cast<int>(codes.size() * kFiles));
  const DurableStats s = p->stats();
  EXPECT_GE(s.journal_fsyncs, 1u);
  EXPECT_LE(s.journal_fsyncs, codes.size() * kFiles);
  std::printf("%zu files from %zu threads: %llu fsyncs\n", codes.size() * kFiles, codes.size(),
              static_cast<unsigned long long>(s.journal_fsyncs));
  for (const auto& c : codes) {
    auto r = p->series(c, c + "MN0002", testing::test_start(),
                       testing::test_start() + Seconds{6 * 3600});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->samples.size(), kFiles - 1) << c;
  }
}

// Issue 5: an acknowledgement (the workflow's own connection to minewatch.db, as serve opens
// it) must not wait out the busy timeout behind the pipeline's batched store transactions.
TEST_F(DurablePipelineTest, AWorkflowWriteIsNotStarvedByContinuousIngest) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 12; ++i) send(*p, stream_file(testing::kTestMine, i));
  const std::vector<StoredAlarm> alarms = p->alarms({}).value();
  ASSERT_FALSE(alarms.empty());  // files 10-12 opened a gas alarm

  std::atomic<bool> stop{false};
  std::atomic<std::size_t> sent{0};
  std::thread sender([&] {
    for (std::size_t i = 13; !stop && i < 100'000; ++i) {
      send(*p, stream_file(testing::kTestMine, i));
      ++sent;
    }
  });
  while (sent < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  auto db = store::SqliteDb::open(tmp_.sub("data") + "/minewatch.db");
  ASSERT_TRUE(db.ok()) << db.status().to_string();
  store::WorkflowRepo repo(**db);
  constexpr int kWrites = 10;
  for (int k = 0; k < kWrites; ++k) {
    store::AlarmAction a;
    a.alarm_id = alarms[0].id;
    a.mine = std::string(testing::kTestMine);
    a.time = testing::test_start();
    a.actor = "duty";
    a.actor_role = "mine";
    a.remark = "write " + std::to_string(k);
    const std::size_t sent_before = sent;
    const auto start = std::chrono::steady_clock::now();
    auto r = repo.append(a, store::WorkflowState::kAcknowledged, store::WorkflowLevel::kMine, k);
    const auto waited = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(r.ok()) << k << ": " << r.status().to_string();
    // Generous: the bound is one store batch (20 ms) and a commit, not the 5-s busy timeout.
    EXPECT_LT(waited, std::chrono::seconds(1)) << k;
    // Ingest went on meanwhile (else the write proved nothing).
    while (sent < sent_before + 5) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  sender.join();
  auto history = repo.history(alarms[0].id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), static_cast<std::size_t>(kWrites));
  EXPECT_TRUE(p->close().ok());
}

// Issue 6: the mine page must not queue behind the applies. inspect() holds the apply lock
// for as long as its function runs; the mine reads on another thread must answer meanwhile.
TEST_F(DurablePipelineTest, MineReadsAnswerWhileTheApplyLockIsHeld) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 3; ++i) send(*p, stream_file(testing::kTestMine, i));
  ASSERT_TRUE(p->mine_view(testing::kTestMine).has_value());  // reads the stores once
  bool answered = false;
  std::future<std::optional<MineView>> view;
  p->inspect([&](const Pipeline&) {
    view = std::async(std::launch::async, [&] {
      EXPECT_EQ(p->mines().size(), 1u);
      EXPECT_EQ(p->mine_summaries().size(), 1u);
      return p->mine_view(testing::kTestMine);
    });
    answered = view.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  });
  EXPECT_TRUE(answered);
  const std::optional<MineView> v = view.get();
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->points.size(), 2u);
  ASSERT_TRUE(v->points[1].latest.has_value());
  EXPECT_EQ(v->points[1].latest->time, stream_file(testing::kTestMine, 3).time);
  EXPECT_EQ(v->last_upload, stream_file(testing::kTestMine, 3).time);
}

// The mine page's alarm counts, while an apply holds the lock: what is committed, from the
// reader connection.
TEST_F(DurablePipelineTest, AlarmListsAnswerWhileTheApplyLockIsHeld) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 12; ++i) send(*p, stream_file(testing::kTestMine, i));
  ASSERT_TRUE(p->checkpoint().ok());  // committed
  const std::vector<StoredAlarm> before = p->alarms({}).value();
  ASSERT_FALSE(before.empty());
  bool answered = false;
  std::future<Result<std::vector<StoredAlarm>>> list;
  p->inspect([&](const Pipeline&) {
    list = std::async(std::launch::async, [&] { return p->alarms({}); });
    answered = list.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  });
  EXPECT_TRUE(answered);
  const auto got = list.get();
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  ASSERT_EQ(got->size(), before.size());
  EXPECT_EQ((*got)[0].alarm, before[0].alarm);
}

// The mine page's newest sample per point: in file order by the cursor, out of order and new
// points by the index, and never an older sample over a newer one.
TEST(MineStateLatest, KeepsTheNewestSampleOfEveryPointInAnyOrder) {
  const Time t0 = testing::test_start();
  const auto sample = [&](int sec, const char* v) {
    return Sample{t0 + Seconds{sec}, parse_decimal(v).value(), 0};
  };
  MineState st;
  for (const char* p : {"A", "B", "C"}) st.note_latest(p, sample(0, "0.10"));
  st.note_latest("C", sample(30, "0.30"));  // out of order
  st.note_latest("A", sample(30, "0.31"));
  st.note_latest("D", sample(30, "0.32"));   // new
  st.note_latest("B", sample(-30, "0.99"));  // older than B's newest
  st.note_latest("B", sample(60, "0.33"));
  ASSERT_EQ(st.latest.size(), 4u);
  std::map<std::string, Sample> got(st.latest.begin(), st.latest.end());
  EXPECT_EQ(got["A"], sample(30, "0.31"));
  EXPECT_EQ(got["B"], sample(60, "0.33"));
  EXPECT_EQ(got["C"], sample(30, "0.30"));
  EXPECT_EQ(got["D"], sample(30, "0.32"));
}

// After a restart whose journal no longer holds the files, the mine page shows what the
// stores hold (definitions, newest samples), and newer applies on top.
TEST_F(DurablePipelineTest, TheMineViewAfterARestartJoinsStoredAndNewSamples) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 3; ++i) send(*p, stream_file(testing::kTestMine, i));
  clock_.set(testing::test_start() + Seconds{25 * 3600});  // past rule_history: checkpointed
  p->advance();
  ASSERT_TRUE(p->close().ok());
  p.reset();
  p = open();
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->stats().recovered_records, 0u);  // the view below can only come from the stores
  auto v = p->mine_view(testing::kTestMine);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->points.size(), 2u);
  EXPECT_NE(v->points[0].def, nullptr);
  ASSERT_TRUE(v->points[0].latest.has_value());
  EXPECT_EQ(v->points[0].latest->time, stream_file(testing::kTestMine, 3).time);
  const TestFile next = stream_file(testing::kTestMine, 3010);  // after the clock
  ASSERT_EQ(send(*p, next).kind, IngestOutcome::Kind::kApplied);
  v = p->mine_view(testing::kTestMine);
  ASSERT_TRUE(v.has_value() && v->points[0].latest.has_value());
  EXPECT_EQ(v->points[0].latest->time, next.time);
  // An older file sent late does not make an older sample the newest.
  TestFile late = stream_file(testing::kTestMine, 3005);
  late.bytes = testing::test_cdss(testing::kTestMine, late.time, "0.55", "0.25");
  ASSERT_TRUE(p->ingest(late.name, late.bytes).ok());  // stale by the rules: no sample is new
  v = p->mine_view(testing::kTestMine);
  ASSERT_TRUE(v.has_value() && v->points[0].latest.has_value());
  EXPECT_EQ(v->points[0].latest->time, next.time);
}

// Issue 6: a store that cannot be read is an error, never "no alarms".
TEST_F(DurablePipelineTest, AlarmReadsReportAStoreThatCannotBeRead) {
  auto p = open_with_mine();
  ASSERT_NE(p, nullptr);
  for (std::size_t i = 0; i <= 12; ++i) send(*p, stream_file(testing::kTestMine, i));
  const std::vector<StoredAlarm> before = p->alarms({}).value();
  ASSERT_FALSE(before.empty());
  ASSERT_TRUE(p->checkpoint().ok());  // no transaction open: the rename below gets the lock
  {
    auto db = store::SqliteDb::open(tmp_.sub("data") + "/minewatch.db");
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    const Status renamed =
        store::exec_status((*db)->exec("ALTER TABLE alarms_episodes RENAME TO episodes_away", {}));
    ASSERT_TRUE(renamed.ok()) << renamed.to_string();
  }
  const auto list = p->alarms({});
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("alarms"), std::string::npos) << list.status().message();
  const auto one = p->alarm(before[0].id);
  EXPECT_FALSE(one.ok());
  EXPECT_FALSE(p->episodes().ok());
  {
    auto db = store::SqliteDb::open(tmp_.sub("data") + "/minewatch.db");
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    ASSERT_TRUE(
        store::exec_status((*db)->exec("ALTER TABLE episodes_away RENAME TO alarms_episodes", {}))
            .ok());
  }
  const auto again = p->alarms({});
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->size(), before.size());
  EXPECT_TRUE(p->close().ok());
}

TEST_F(DurablePipelineTest, SnapshotsBecomePersonnelHistoryStoredOnceAcrossARestart) {
  const std::string scenario = std::string(MW_SCENARIO_DIR) + "/area_over_limit_5_6_7";
  auto csv = Env::posix().read_file(scenario + "/mines.csv");
  ASSERT_TRUE(csv.ok());
  auto mines = parse_mine_registry(*csv);
  ASSERT_TRUE(mines.ok());
  const std::string mine = mines->front().code;
  const auto underground = [&] {
    auto db = store::SqliteDb::open(tmp_.sub("data/minewatch.db"));
    EXPECT_TRUE(db.ok());
    auto cards =
        store::PersonnelRepo(**db).underground_at(mine, *china_civil_time(2026, 9, 23, 10, 15, 0));
    EXPECT_TRUE(cards.ok()) << cards.status().to_string();
    return cards.ok() ? *cards : std::vector<store::UndergroundCard>{};
  };
  auto p = open();
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->import_registry(*mines).ok());
  auto files = list_replay_files(scenario, *netfile::builtin_profile("national"));
  ASSERT_TRUE(files.ok());
  for (const ReplayFile& f : *files) {
    auto bytes = Env::posix().read_file(f.path);
    ASSERT_TRUE(bytes.ok());
    if (f.time > clock_.now()) clock_.set(f.time);
    p->advance();
    auto r = p->ingest(f.relative, *bytes);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  const auto view = p->mine_view(mine);
  ASSERT_TRUE(view.has_value());
  EXPECT_FALSE(view->underground.empty());
  ASSERT_TRUE(p->close().ok());
  const std::vector<store::UndergroundCard> before = underground();
  EXPECT_EQ(before.size(), view->underground.size());

  p = open();  // replays every snapshot from the journal: stale to the restored history
  ASSERT_NE(p, nullptr);
  ASSERT_TRUE(p->close().ok());
  EXPECT_EQ(underground(), before);
}

}  // namespace
}  // namespace mw::pipeline
