// The audit chain against both backends: appends chain, and verify names the first record
// that was edited, deleted or moved (the tests tamper with the tables directly).
#include "workflow/audit.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.hpp"
#include "store/test_backends.hpp"

namespace mw::workflow {
namespace {

using store::testing::BackendNames;
using store::testing::Backends;
using store::testing::BackendTest;

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

template <class B>
class AuditLogTest : public BackendTest<B> {
 protected:
  void SetUp() override {
    BackendTest<B>::SetUp();
    if (this->HasFatalFailure()) return;
    const Status s = store::migrate(this->db(), clock_);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  AuditLog log() { return AuditLog(this->db(), clock_); }
  // Five records, one minute apart.
  void append_five() {
    const char* actions[] = {"login", "user.add", "mine.key.rotate", "alarm.ack", "logout"};
    for (int i = 0; i < 5; ++i) {
      clock_.set(at(9, i));
      const Status s = log().append({"admin", actions[i], "target" + std::to_string(i),
                                     R"({"n":)" + std::to_string(i) + "}"});
      ASSERT_TRUE(s.ok()) << s.to_string();
    }
  }
  void sql(std::string_view text) {
    auto r = this->db().exec(text);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  VerifyReport verify() {
    auto r = log().verify();
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : VerifyReport{};
  }

  ManualClock clock_{at(9)};
};

TYPED_TEST_SUITE(AuditLogTest, Backends, BackendNames);

TYPED_TEST(AuditLogTest, AnUntouchedChainVerifies) {
  auto empty = this->verify();
  EXPECT_TRUE(empty.intact());
  EXPECT_EQ(empty.records, 0);

  this->append_five();
  const VerifyReport r = this->verify();
  EXPECT_TRUE(r.intact()) << r.reason;
  EXPECT_EQ(r.records, 5);
  EXPECT_EQ(r.head_seq, 5);

  auto records = this->log().list();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 5u);
  EXPECT_EQ((*records)[0].prev_hash, std::string(64, '0'));
  EXPECT_EQ((*records)[3].entry.action, "alarm.ack");
  EXPECT_EQ((*records)[3].time, at(9, 3));
  for (std::size_t i = 1; i < records->size(); ++i) {
    EXPECT_EQ((*records)[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ((*records)[i].prev_hash, (*records)[i - 1].hash);
  }
  EXPECT_EQ(r.head_hash, (*records)[4].hash);
  auto tail = this->log().list(3, 10);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].seq, 4);
}

TYPED_TEST(AuditLogTest, AnEditedRecordIsNamed) {
  this->append_five();
  this->sql("UPDATE audit_log SET detail = '{\"n\":99}' WHERE seq = 3");
  const VerifyReport r = this->verify();
  EXPECT_EQ(r.problem, AuditProblem::kEdited);
  EXPECT_EQ(r.first_bad_seq, 3);
  EXPECT_NE(r.reason.find("record 3"), std::string::npos) << r.reason;
  EXPECT_EQ(r.records, 5);
}

TYPED_TEST(AuditLogTest, AnEditWithItsHashRecomputedIsStillFound) {
  this->append_five();
  auto records = this->log().list();
  ASSERT_TRUE(records.ok() && records->size() == 5u);
  AuditRecord r2 = (*records)[1];
  r2.entry.target = "someone-else";
  const std::string forged = audit_record_hash(r2.seq, r2.time, r2.entry, r2.prev_hash);
  this->sql("UPDATE audit_log SET target = 'someone-else', hash = '" + forged + "' WHERE seq = 2");
  const VerifyReport r = this->verify();
  EXPECT_EQ(r.problem, AuditProblem::kEdited);
  EXPECT_EQ(r.first_bad_seq, 2) << r.reason;
}

TYPED_TEST(AuditLogTest, ADeletedRecordIsNamed) {
  this->append_five();
  this->sql("DELETE FROM audit_log WHERE seq = 2");
  const VerifyReport r = this->verify();
  EXPECT_EQ(r.problem, AuditProblem::kDeleted);
  EXPECT_EQ(r.first_bad_seq, 2) << r.reason;
}

TYPED_TEST(AuditLogTest, DeletingTheNewestRecordsIsFoundByTheHead) {
  this->append_five();
  this->sql("DELETE FROM audit_log WHERE seq >= 4");
  const VerifyReport r = this->verify();
  EXPECT_EQ(r.problem, AuditProblem::kDeleted);
  EXPECT_EQ(r.first_bad_seq, 4) << r.reason;
}

TYPED_TEST(AuditLogTest, ReorderedRecordsAreNamed) {
  this->append_five();
  this->sql("UPDATE audit_log SET seq = -1 WHERE seq = 2");
  this->sql("UPDATE audit_log SET seq = 2 WHERE seq = 3");
  this->sql("UPDATE audit_log SET seq = 3 WHERE seq = -1");
  const VerifyReport r = this->verify();
  EXPECT_EQ(r.problem, AuditProblem::kReordered);
  EXPECT_EQ(r.first_bad_seq, 2) << r.reason;
}

TYPED_TEST(AuditLogTest, AppendJoinsTheCallersTransaction) {
  ASSERT_TRUE(this->db().begin_write().ok());
  ASSERT_TRUE(this->log().append({"admin", "alarm.ack", "42", ""}).ok());
  ASSERT_TRUE(this->db().rollback().ok());
  VerifyReport r = this->verify();
  EXPECT_TRUE(r.intact()) << r.reason;
  EXPECT_EQ(r.records, 0);
  EXPECT_EQ(r.head_seq, 0);  // the head moved back with the record

  ASSERT_TRUE(this->log().append({"admin", "alarm.ack", "42", ""}).ok());
  auto records = this->log().list();
  ASSERT_TRUE(records.ok() && records->size() == 1u);
  EXPECT_EQ((*records)[0].entry.detail, "{}");
  EXPECT_FALSE(this->log().append({"admin", "", "42", ""}).ok());
}

TYPED_TEST(AuditLogTest, ConnectionsAppendingAtOnceKeepOneChain) {
  constexpr int kPerThread = 15;
  std::vector<std::unique_ptr<store::Db>> dbs;
  for (int i = 0; i < 3; ++i) {
    dbs.push_back(this->reopen());
    ASSERT_NE(dbs.back(), nullptr);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto& db : dbs) {
    threads.emplace_back([&, d = db.get()] {
      AuditLog log(*d, this->clock_);
      for (int i = 0; i < kPerThread; ++i) {
        if (!log.append({"worker", "alarm.ack", std::to_string(i), ""}).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const VerifyReport r = this->verify();
  EXPECT_TRUE(r.intact()) << r.reason;
  EXPECT_EQ(r.records, 3 * kPerThread);
}

TEST(AuditRecordHash, FieldBoundariesMatter) {
  const Time t = at(9);
  const std::string zero(64, '0');
  EXPECT_NE(audit_record_hash(1, t, {"ab", "c", "x", "{}"}, zero),
            audit_record_hash(1, t, {"a", "bc", "x", "{}"}, zero));
  EXPECT_NE(audit_record_hash(1, t, {"a", "b", "x", "{}"}, zero),
            audit_record_hash(2, t, {"a", "b", "x", "{}"}, zero));
  EXPECT_EQ(sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
}

}  // namespace
}  // namespace mw::workflow
