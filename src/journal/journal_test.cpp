#include "journal/journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/temp_dir.hpp"
#include "journal/checkpoint.hpp"
#include "journal/format.hpp"

namespace mw::journal {
namespace {

using ::mw::testing::TempDir;

struct Rec {
  std::uint64_t seq;
  std::uint16_t type;
  std::string payload;
  friend bool operator==(const Rec&, const Rec&) = default;
};

std::vector<Rec> replay_all(Journal& j, std::uint64_t from = 1) {
  std::vector<Rec> out;
  Status s = j.replay(from, [&](const Record& r) {
    out.push_back({r.seq, r.type, std::string(r.payload)});
    return Status{};
  });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return out;
}

std::unique_ptr<Journal> open_ok(const std::string& dir, Options o = {}) {
  auto j = Journal::open(Env::posix(), dir, o);
  EXPECT_TRUE(j.ok()) << j.status().to_string();
  return j.ok() ? std::move(*j) : nullptr;
}

std::vector<std::string> wal_files(const std::string& dir) {
  std::vector<std::string> out;
  const auto names = Env::posix().list_dir(dir);
  for (const auto& name : *names) {
    if (parse_segment_file_name(name)) out.push_back(name);
  }
  return out;
}

std::string read(const std::string& path) { return *Env::posix().read_file(path); }
void write(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

TEST(Journal, AppendReopenReplay) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  {
    auto j = open_ok(dir);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->recovery().segments, 0u);
    EXPECT_EQ(*j->append_durable(1, "first"), 1u);
    EXPECT_EQ(*j->append(2, ""), 2u);
    EXPECT_EQ(*j->append(3, std::string(5000, 'x')), 3u);
    ASSERT_TRUE(j->commit(3).ok());
    EXPECT_EQ(j->last_durable_seq(), 3u);
    EXPECT_EQ(replay_all(*j).size(), 3u);  // replay works while open too
    EXPECT_EQ(j->commit(9).code(), StatusCode::kInvalidArgument);
  }
  auto j = open_ok(dir);
  ASSERT_TRUE(j);
  const auto& rep = j->recovery();
  EXPECT_EQ(rep.records, 3u);
  EXPECT_EQ(rep.last_seq, 3u);
  EXPECT_EQ(rep.torn_bytes, 0u);
  EXPECT_TRUE(rep.corrupt.empty());
  EXPECT_EQ(replay_all(*j),
            (std::vector<Rec>{{1, 1, "first"}, {2, 2, ""}, {3, 3, std::string(5000, 'x')}}));
  EXPECT_EQ(replay_all(*j, 3).size(), 1u);
  EXPECT_EQ(*j->append_durable(1, "after"), 4u);  // numbering continues
}

TEST(Journal, CloseCommitsPendingAppendsAndRefusesMore) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  {
    auto j = open_ok(dir);
    ASSERT_TRUE(j->append(1, "pending").ok());
    ASSERT_TRUE(j->close().ok());
    EXPECT_EQ(j->append(1, "late").status().code(), StatusCode::kFailedPrecondition);
  }
  auto j = open_ok(dir);
  EXPECT_EQ(replay_all(*j), (std::vector<Rec>{{1, 1, "pending"}}));
}

TEST(Journal, RefusesOversizedPayload) {
  TempDir tmp;
  auto j = open_ok(tmp.sub("j"));
  const std::string big(kMaxPayloadBytes + 1, 'x');
  EXPECT_EQ(j->append(1, big).status().code(), StatusCode::kInvalidArgument);
}

// Builds a journal of 6 small records in one segment and returns the segment's bytes and
// where each record ends.
std::string make_segment(const std::string& dir, std::vector<std::size_t>& ends) {
  {
    auto j = open_ok(dir);
    for (int i = 1; i <= 6; ++i) {
      EXPECT_TRUE(j->append_durable(1, std::string(static_cast<std::size_t>(i), 'a')).ok());
    }
  }
  std::size_t off = kSegmentHeaderBytes;
  for (std::size_t i = 1; i <= 6; ++i) {
    off += kRecordHeaderBytes + i;
    ends.push_back(off);
  }
  return read(dir + "/" + wal_files(dir).front());
}

TEST(Journal, TornTailAtEveryByteOfTheLastRecords) {
  TempDir tmp;
  std::vector<std::size_t> ends;
  const std::string full = make_segment(tmp.sub("src"), ends);
  ASSERT_EQ(full.size(), ends.back());
  const std::string name = segment_file_name(1);
  // Every cut from the start of record 5 to the end of record 6.
  for (std::size_t cut = ends[3]; cut <= full.size(); ++cut) {
    const std::string dir = tmp.sub("cut" + std::to_string(cut));
    ASSERT_TRUE(Env::posix().create_dir(dir).ok());
    write(dir + "/" + name, full.substr(0, cut));
    std::size_t complete = 0;
    while (complete < ends.size() && ends[complete] <= cut) ++complete;
    const std::size_t valid_end = ends[complete - 1];
    {
      auto j = open_ok(dir);
      ASSERT_TRUE(j);
      const auto& rep = j->recovery();
      EXPECT_TRUE(rep.corrupt.empty()) << rep.to_string();
      EXPECT_EQ(rep.records, complete);
      EXPECT_EQ(rep.torn_bytes, cut - valid_end) << "cut " << cut;
      EXPECT_EQ(rep.torn_segment, cut == valid_end ? "" : name);
      const auto recs = replay_all(*j);
      ASSERT_EQ(recs.size(), complete) << "cut " << cut;
      for (std::size_t i = 0; i < complete; ++i) {
        EXPECT_EQ(recs[i], (Rec{i + 1, 1, std::string(i + 1, 'a')}));
      }
      // New records follow the complete ones.
      EXPECT_EQ(*j->append_durable(1, "next"), complete + 1);
    }
    // The cut was made durable: a second open finds nothing torn and nothing corrupt.
    auto again = open_ok(dir);
    EXPECT_EQ(again->recovery().torn_bytes, 0u);
    EXPECT_TRUE(again->recovery().corrupt.empty());
    EXPECT_EQ(again->recovery().records, complete + 1);
  }
}

// Found by the kill -9 loop: a rotation killed while writing the new segment's header left a
// short last segment; removing it must not also remove the full segment before it.
TEST(Journal, TornHeaderOfANewSegmentKeepsTheSegmentBeforeIt) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  std::vector<std::size_t> ends;
  (void)make_segment(dir, ends);  // segment 1 with records 1..6
  write(dir + "/" + segment_file_name(7), encode_segment_header(7).substr(0, 8));
  {
    auto j = open_ok(dir);
    EXPECT_EQ(j->recovery().torn_bytes, 8u);
    EXPECT_EQ(j->recovery().torn_segment, segment_file_name(7));
    EXPECT_TRUE(j->recovery().corrupt.empty());
    EXPECT_EQ(replay_all(*j).size(), 6u);
  }
  auto j = open_ok(dir);
  EXPECT_EQ(replay_all(*j).size(), 6u);
}

TEST(Journal, FlippedByteInTheMiddleIsReportedNeverReturned) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  std::vector<std::size_t> ends;
  const std::string full = make_segment(dir, ends);
  const std::string name = segment_file_name(1);
  std::string bad = full;
  bad[ends[2] + kRecordHeaderBytes] ^= 0x01;  // first payload byte of record 4
  write(dir + "/" + name, bad);
  for (int pass = 0; pass < 2; ++pass) {  // reported on every open, not silently repaired
    auto j = open_ok(dir);
    ASSERT_TRUE(j);
    const auto& rep = j->recovery();
    ASSERT_EQ(rep.corrupt.size(), 1u) << rep.to_string();
    EXPECT_EQ(rep.corrupt[0].segment, name);
    EXPECT_EQ(rep.corrupt[0].offset, ends[2]);
    EXPECT_EQ(rep.corrupt[0].bytes, ends[3] - ends[2]);
    EXPECT_EQ(rep.corrupt[0].reason, "checksum mismatch");
    EXPECT_EQ(rep.torn_bytes, 0u);
    EXPECT_NE(rep.to_string().find("CORRUPT " + name), std::string::npos);
    std::vector<std::uint64_t> seqs;
    for (const auto& r : replay_all(*j)) seqs.push_back(r.seq);
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 5, 6}));
  }
}

TEST(Journal, CorruptionAtTheEndOfANonLastSegmentIsNotTorn) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  std::vector<std::size_t> ends;
  const std::string full = make_segment(dir, ends);
  {
    auto j = open_ok(dir);
    ASSERT_TRUE(j->append_durable(1, "later").ok());
  }
  std::string bad = full;
  bad[bad.size() - 1] ^= 0x01;  // the last record of segment 1, which is no longer last
  write(dir + "/" + segment_file_name(1), bad);
  auto j = open_ok(dir);
  EXPECT_EQ(j->recovery().torn_bytes, 0u);
  ASSERT_EQ(j->recovery().corrupt.size(), 1u);
  EXPECT_EQ(j->recovery().corrupt[0].offset, ends[4]);
  const auto recs = replay_all(*j);
  ASSERT_EQ(recs.size(), 6u);
  EXPECT_EQ(recs.back().payload, "later");
}

TEST(Journal, RotatesSegmentsNamedByTheirFirstSequence) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  Options o;
  o.segment_bytes = 200;
  std::vector<Rec> written;
  {
    auto j = open_ok(dir, o);
    for (std::uint16_t i = 0; i < 40; ++i) {
      const std::string p = "record-" + std::to_string(i);
      auto seq = j->append_durable(i, p);
      ASSERT_TRUE(seq.ok());
      written.push_back({*seq, i, p});
    }
    EXPECT_GT(j->stats().segments_created, 5u);
  }
  const auto files = wal_files(dir);
  ASSERT_GT(files.size(), 5u);
  for (const auto& f : files) {
    const std::string data = read(dir + "/" + f);
    const std::uint64_t first = *parse_segment_file_name(f);
    if (data.size() == kSegmentHeaderBytes) continue;  // the fresh active one
    // A segment is closed at the first group that reaches the size, so it ends near it.
    EXPECT_LT(data.size(), o.segment_bytes + kRecordHeaderBytes + 20) << f;
    EXPECT_EQ(get_u64(data.data() + kSegmentHeaderBytes + 8), first) << f;
  }
  auto j = open_ok(dir, o);
  EXPECT_EQ(j->recovery().segments, files.size());
  EXPECT_EQ(replay_all(*j), written);
}

TEST(Journal, CheckpointDeletesWholeSegmentsBeforeIt) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  Options o;
  o.segment_bytes = 100;
  {
    auto j = open_ok(dir, o);
    for (int i = 1; i <= 30; ++i) ASSERT_TRUE(j->append_durable(1, "0123456789").ok());
    EXPECT_EQ(j->checkpoint(31).code(), StatusCode::kInvalidArgument);  // not durable yet
    const auto before = wal_files(dir);
    ASSERT_TRUE(j->checkpoint(17).ok());
    EXPECT_EQ(j->checkpointed(), 17u);
    const auto after = wal_files(dir);
    EXPECT_LT(after.size(), before.size());
    // What is left starts at or before 18, so nothing after the checkpoint went.
    EXPECT_LE(*parse_segment_file_name(after.front()), 18u);
    // Every deleted segment ended at or before the checkpoint.
    for (std::size_t i = 0; i + 1 < before.size(); ++i) {
      const bool deleted = std::find(after.begin(), after.end(), before[i]) == after.end();
      EXPECT_EQ(deleted, *parse_segment_file_name(before[i + 1]) <= 18u) << before[i];
    }
    ASSERT_TRUE(j->checkpoint(10).ok());  // going back is a no-op
    EXPECT_EQ(j->checkpointed(), 17u);
  }
  auto j = open_ok(dir, o);
  EXPECT_EQ(j->recovery().checkpoint, 17u);
  EXPECT_EQ(j->checkpointed(), 17u);
  const auto recs = replay_all(*j, j->checkpointed() + 1);
  ASSERT_EQ(recs.size(), 13u);
  EXPECT_EQ(recs.front().seq, 18u);
  EXPECT_EQ(recs.back().seq, 30u);
  // Everything checkpointed: all old segments can go, numbering continues.
  ASSERT_TRUE(j->checkpoint(30).ok());
  EXPECT_EQ(wal_files(dir).size(), 1u);
  EXPECT_EQ(*j->append_durable(1, "x"), 31u);
}

TEST(Journal, NumberingContinuesAfterEverythingWasCheckpointed) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  {
    auto j = open_ok(dir);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(j->append_durable(1, "r").ok());
    ASSERT_TRUE(j->checkpoint(5).ok());
  }
  { auto j = open_ok(dir); }  // an open with nothing new must not reset the numbering
  auto j = open_ok(dir);
  EXPECT_TRUE(replay_all(*j, 6).empty());
  EXPECT_EQ(*j->append_durable(1, "r"), 6u);
}

TEST(Journal, OpenFinishesDeletionsOfACheckpointCutShortByACrash) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  Options o;
  o.segment_bytes = 100;
  {
    auto j = open_ok(dir, o);
    for (int i = 1; i <= 20; ++i) ASSERT_TRUE(j->append_durable(1, "0123456789").ok());
  }
  const auto before = wal_files(dir);
  // The checkpoint file landed, then the process died before deleting any segment.
  ASSERT_TRUE(write_checkpoint(Env::posix(), dir, 20).ok());
  auto j = open_ok(dir, o);
  EXPECT_EQ(j->checkpointed(), 20u);
  const auto after = wal_files(dir);
  ASSERT_EQ(after.size(), 1u) << before.size() << " segments before";
  EXPECT_EQ(after.front(), segment_file_name(21));
  EXPECT_TRUE(replay_all(*j).empty());
  EXPECT_EQ(*j->append_durable(1, "x"), 21u);
}

TEST(Journal, DamagedCheckpointFailsOpenWithCorruption) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  {
    auto j = open_ok(dir);
    ASSERT_TRUE(j->append_durable(1, "r").ok());
    ASSERT_TRUE(j->checkpoint(1).ok());
  }
  std::string cp = read(dir + "/CHECKPOINT");
  ASSERT_EQ(cp.size(), kCheckpointBytes);
  cp[16] ^= 0x02;
  write(dir + "/CHECKPOINT", cp);
  auto j = Journal::open(Env::posix(), dir);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), StatusCode::kCorruption);
  EXPECT_NE(j.status().message().find("CHECKPOINT"), std::string::npos);
}

TEST(Journal, LeftoverTempCheckpointIsIgnored) {
  TempDir tmp;
  const std::string dir = tmp.sub("j");
  {
    auto j = open_ok(dir);
    ASSERT_TRUE(j->append_durable(1, "r").ok());
  }
  write(dir + "/CHECKPOINT.tmp", "half");
  auto j = open_ok(dir);
  EXPECT_EQ(j->checkpointed(), 0u);
  EXPECT_FALSE(Env::posix().exists(dir + "/CHECKPOINT.tmp"));
  EXPECT_EQ(replay_all(*j).size(), 1u);
}

TEST(Journal, ReplayStopsAtTheCallbacksError) {
  TempDir tmp;
  auto j = open_ok(tmp.sub("j"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(j->append_durable(1, "r").ok());
  int calls = 0;
  Status s = j->replay(
      1, [&](const Record&) { return ++calls == 2 ? Status::internal("stop") : Status{}; });
  EXPECT_EQ(s.message(), "stop");
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace mw::journal
