// The alarm episode repository, run against both backends.
#include "store/alarm_repo.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/clock.hpp"
#include "store/migrations.hpp"
#include "store/test_backends.hpp"

namespace mw::store {
namespace {

using testing::BackendNames;
using testing::Backends;
using testing::BackendTest;
using ::testing::ElementsAre;

Time at(int hour, int minute = 0) { return *china_civil_time(2026, 9, 23, hour, minute, 0); }

Alarm gas_alarm(std::string mine, std::string subject, Time start) {
  Alarm a;
  a.mine = std::move(mine);
  a.kind = AlarmKind::kGasAlarm;
  a.subject = std::move(subject);
  a.start = start;
  a.severity = Severity::kYellow;
  a.peak = 1.25;
  a.rule = "coal.ch4.coal_face";
  a.message = "瓦斯超限";
  return a;
}

// One filter set on an otherwise empty query (designated initialisers would trip
// -Wmissing-field-initializers).
template <class F>
AlarmQuery query(F set) {
  AlarmQuery q;
  set(q);
  return q;
}

template <class B>
class AlarmRepoTest : public BackendTest<B> {
 protected:
  void SetUp() override {
    BackendTest<B>::SetUp();
    ManualClock clock(at(0));
    ASSERT_TRUE(migrate(this->db(), clock).ok());
  }
  std::vector<std::string> subjects(const AlarmQuery& q) {
    AlarmRepo repo(this->db());
    auto rows = repo.list(q);
    EXPECT_TRUE(rows.ok()) << rows.status().to_string();
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const StoredAlarm& r : *rows) out.push_back(r.alarm.subject);
    }
    return out;
  }
};
TYPED_TEST_SUITE(AlarmRepoTest, Backends, BackendNames);

TYPED_TEST(AlarmRepoTest, StoresEveryFieldAndReadsItBackFromAnotherConnection) {
  AlarmRepo repo(this->db());
  Alarm a = gas_alarm("620823009203", "620823009203MN0001", at(10, 13));
  a.end = at(10, 21);
  a.severity = Severity::kRed;
  auto id = repo.upsert(a, R"({"opened":{}})", at(10, 22));
  ASSERT_TRUE(id.ok()) << id.status().to_string();

  auto other = this->reopen();
  ASSERT_NE(other, nullptr);
  AlarmRepo reader(*other);
  auto got = reader.get(*id);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->alarm, a);
  EXPECT_EQ(got->evidence_json, R"({"opened":{}})");
  EXPECT_EQ(got->updated_at, at(10, 22));
}

TYPED_TEST(AlarmRepoTest, TheSameEpisodeStoredAgainUpdatesItsRow) {
  AlarmRepo repo(this->db());
  Alarm a = gas_alarm("620823009203", "620823009203MN0001", at(10, 13));
  a.peak.reset();
  auto first = repo.upsert(a, "{}", at(10, 13));
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  a.severity = Severity::kOrange;
  a.peak = 1.7;
  a.end = at(11);
  auto second = repo.upsert(a, R"({"escalations":[1]})", at(11));
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(*repo.count(), 1);
  auto found = repo.find(a.mine, a.kind, a.subject, a.start);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->alarm.severity, Severity::kOrange);
  EXPECT_EQ((*found)->alarm.end, at(11));
  EXPECT_EQ((*found)->alarm.peak, 1.7);
  EXPECT_EQ((*found)->evidence_json, R"({"escalations":[1]})");
  // Another start is another episode.
  ASSERT_TRUE(repo.upsert(gas_alarm(a.mine, a.subject, at(12)), "{}", at(12)).ok());
  EXPECT_EQ(*repo.count(), 2);
}

TYPED_TEST(AlarmRepoTest, UnknownIdIsNotFoundAndUnknownKeyIsEmpty) {
  AlarmRepo repo(this->db());
  EXPECT_EQ(repo.get(42).status().code(), StatusCode::kNotFound);
  auto found = repo.find("620823009203", AlarmKind::kGasAlarm, "x", at(1));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TYPED_TEST(AlarmRepoTest, ListFiltersByMineRegionKindStateTimeAndPages) {
  AlarmRepo repo(this->db());
  Alarm a1 = gas_alarm("620823009203", "A1", at(1));
  Alarm a2 = gas_alarm("620823009203", "A2", at(2));
  a2.end = at(3);
  Alarm b1 = gas_alarm("620901000001", "B1", at(4));
  b1.kind = AlarmKind::kMineUploadGap;
  Alarm c1 = gas_alarm("140421000111", "C1", at(5));
  for (const Alarm& a : {a1, a2, b1, c1}) ASSERT_TRUE(repo.upsert(a, "{}", a.start).ok());

  EXPECT_THAT(this->subjects({}), ElementsAre("A1", "A2", "B1", "C1"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.mine = "620823009203"; })),
              ElementsAre("A1", "A2"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.region_prefix = "62"; })),
              ElementsAre("A1", "A2", "B1"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.region_prefix = "6209"; })),
              ElementsAre("B1"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.kind = AlarmKind::kMineUploadGap; })),
              ElementsAre("B1"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.active = false; })), ElementsAre("A2"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.active = true; })),
              ElementsAre("A1", "B1", "C1"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) {
    q.from = at(2);
    q.to = at(5);
  })),
              ElementsAre("A2", "B1"));

  AlarmRepo pager(this->db());
  auto page = pager.list(query([](AlarmQuery& q) { q.limit = 3; }));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_THAT(this->subjects(query([&](AlarmQuery& q) { q.after_id = page->back().id; })),
              ElementsAre("C1"));
}

TYPED_TEST(AlarmRepoTest, ListWithoutEvidenceLeavesOnlyTheEvidenceOut) {
  AlarmRepo repo(this->db());
  Alarm a = gas_alarm("620823009203", "A1", at(1));
  a.end = at(2);
  ASSERT_TRUE(repo.upsert(a, R"({"opened":{"items":[1,2,3]}})", at(2)).ok());
  auto full = repo.list({});
  auto lean = repo.list(query([](AlarmQuery& q) { q.with_evidence = false; }));
  ASSERT_TRUE(full.ok() && lean.ok());
  ASSERT_EQ(full->size(), 1u);
  ASSERT_EQ(lean->size(), 1u);
  EXPECT_EQ(full->front().evidence_json, R"({"opened":{"items":[1,2,3]}})");
  EXPECT_EQ(lean->front().evidence_json, "");
  EXPECT_EQ(lean->front().alarm, a);
  EXPECT_EQ(lean->front().id, full->front().id);
  EXPECT_EQ(lean->front().updated_at, at(2));
}

TYPED_TEST(AlarmRepoTest, ListFiltersBySeverityInTheStoreSoPagesAreFull) {
  AlarmRepo repo(this->db());
  // Ten alarms alternating red and blue, then a yellow and an orange.
  for (int i = 0; i < 10; ++i) {
    Alarm a = gas_alarm("620823009203", "S" + std::to_string(i), at(1, i));
    a.severity = i % 2 == 0 ? Severity::kRed : Severity::kBlue;
    ASSERT_TRUE(repo.upsert(a, "{}", a.start).ok());
  }
  Alarm y = gas_alarm("620823009203", "Y", at(2));
  Alarm o = gas_alarm("620823009203", "O", at(3));
  o.severity = Severity::kOrange;
  ASSERT_TRUE(repo.upsert(y, "{}", y.start).ok());
  ASSERT_TRUE(repo.upsert(o, "{}", o.start).ok());

  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) { q.severity = {Severity::kRed}; })),
              ElementsAre("S0", "S2", "S4", "S6", "S8"));
  EXPECT_THAT(this->subjects(query([](AlarmQuery& q) {
    q.severity = {Severity::kOrange, Severity::kYellow};
  })),
              ElementsAre("Y", "O"));
  // A page of 3 red alarms is 3 red alarms, not the reds among the first 3 rows.
  auto page = repo.list(query([](AlarmQuery& q) {
    q.severity = {Severity::kRed};
    q.limit = 3;
  }));
  ASSERT_TRUE(page.ok()) << page.status().to_string();
  ASSERT_EQ(page->size(), 3u);
  for (const StoredAlarm& a : *page) EXPECT_EQ(a.alarm.severity, Severity::kRed);
  const std::int64_t last = page->back().id;
  EXPECT_THAT(this->subjects(query([&](AlarmQuery& q) {
    q.severity = {Severity::kRed};
    q.after_id = last;
  })),
              ElementsAre("S6", "S8"));
}

}  // namespace
}  // namespace mw::store
