#include "journal/record.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "journal/format.hpp"

namespace mw::journal {
namespace {

struct Rec {
  std::uint64_t seq;
  std::uint16_t type;
  std::string payload;
  friend bool operator==(const Rec&, const Rec&) = default;
};

std::vector<Rec> scan_all(std::string_view file, std::uint64_t first, SegmentScan* out = nullptr) {
  std::vector<Rec> recs;
  SegmentScan s = scan_segment(file, first, 0, [&](const Record& r) {
    recs.push_back({r.seq, r.type, std::string(r.payload)});
    return true;
  });
  if (out != nullptr) *out = s;
  return recs;
}

TEST(Record, FramingRoundTrip) {
  const std::vector<Rec> in = {{5, 1, "hello"},
                               {6, 0xffff, ""},
                               {9, 2, std::string(1000, '\0')},
                               {10, 3, std::string("bin\0ary\xff", 8)}};
  std::string file = encode_segment_header(5);
  for (const auto& r : in) encode_record(file, r.seq, r.type, r.payload);
  SegmentScan scan;
  EXPECT_EQ(scan_all(file, 5, &scan), in);
  EXPECT_TRUE(scan.header_ok);
  EXPECT_TRUE(scan.bad.empty());
  EXPECT_EQ(scan.records, 4u);
  EXPECT_EQ(scan.last_seq, 10u);
  EXPECT_EQ(scan.valid_end, file.size());
}

// A networking file's text: repetitive, as real ones are.
std::string cdss_like(int points) {
  std::string s = "140421000111;鑫源;2026-09-23 10:00:00~";
  for (int p = 1; p <= points; ++p) {
    s += "140421000111MN" + std::to_string(1000 + p) + ";环境瓦斯;3105回风巷;0." +
         std::to_string(20 + p % 17) + ";%CH4;0;2026-09-23 10:00:00~";
  }
  return s + "||";
}

TEST(Record, ACompressedPayloadReadsBackAsWritten) {
  const std::string big = cdss_like(100);
  std::string stored;
  const std::uint16_t flags = compress_payload(big, stored);
  ASSERT_EQ(flags, kRecordFlagZstd);
  EXPECT_LT(stored.size() * 3, big.size());  // text like this shrinks several-fold
  std::string file = encode_segment_header(1);
  encode_record(file, 1, 7, stored, flags);
  encode_record(file, 2, 2, "tick");  // stored as it is beside it
  SegmentScan scan;
  EXPECT_EQ(scan_all(file, 1, &scan), (std::vector<Rec>{{1, 7, big}, {2, 2, "tick"}}));
  EXPECT_TRUE(scan.bad.empty());
}

TEST(Record, SmallOrIncompressiblePayloadsAreStoredAsTheyAre) {
  std::string stored = "left over";
  EXPECT_EQ(compress_payload(std::string(kCompressMinBytes - 1, 'a'), stored), 0);
  EXPECT_TRUE(stored.empty());
  std::string noise;
  std::uint64_t x = 88172645463325252ull;  // xorshift64: bytes zstd cannot shrink
  for (int i = 0; i < 4096; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    noise += static_cast<char>(x & 0xffu);
  }
  EXPECT_EQ(compress_payload(noise, stored), 0);
}

TEST(Record, AVersionOneSegmentIsStillReadAndDefinesNoFlag) {
  std::string file = encode_segment_header(3, 1);
  encode_record(file, 3, 1, "written by version 1");
  SegmentScan scan;
  EXPECT_EQ(scan_all(file, 3, &scan), (std::vector<Rec>{{3, 1, "written by version 1"}}));
  EXPECT_TRUE(scan.header_ok);
  std::string stored;
  ASSERT_EQ(compress_payload(cdss_like(20), stored), kRecordFlagZstd);
  encode_record(file, 4, 1, stored, kRecordFlagZstd);  // a flag version 1 does not know
  EXPECT_EQ(scan_all(file, 3, &scan).size(), 1u);
  ASSERT_EQ(scan.bad.size(), 1u);
  EXPECT_EQ(scan.bad[0].reason, "unknown record flags");
}

TEST(Record, ACompressedRecordThatDoesNotDecompressIsSkippedNotFatal) {
  std::string file = encode_segment_header(1);
  encode_record(file, 1, 1, "not a zstd frame", kRecordFlagZstd);
  encode_record(file, 2, 1, "after it");
  SegmentScan scan;
  EXPECT_EQ(scan_all(file, 1, &scan), (std::vector<Rec>{{2, 1, "after it"}}));
  ASSERT_EQ(scan.bad.size(), 1u);
  EXPECT_EQ(scan.bad[0].reason, "compressed payload does not decompress");
  EXPECT_EQ(scan.valid_end, file.size());
}

TEST(Record, ByteLayoutIsLittleEndianAsDocumented) {
  std::string out;
  encode_record(out, 0x0102030405060708ull, 0xA1B2, "xyz");
  ASSERT_EQ(out.size(), kRecordHeaderBytes + 3);
  EXPECT_EQ(out.substr(4, 4), std::string("\x03\0\0\0", 4));
  EXPECT_EQ(out.substr(8, 8), "\x08\x07\x06\x05\x04\x03\x02\x01");
  EXPECT_EQ(out.substr(16, 2), "\xB2\xA1");
  EXPECT_EQ(out.substr(18, 2), std::string("\0\0", 2));
  EXPECT_EQ(out.substr(20), "xyz");
  // The checksum field is CRC32C of everything after it; 0 would be a suspicious value.
  EXPECT_NE(get_u32(out.data()), 0u);
  const std::string header = encode_segment_header(1);
  ASSERT_EQ(header.size(), kSegmentHeaderBytes);
  EXPECT_EQ(header.substr(0, 8), "MWJOURNL");
  EXPECT_EQ(get_u32(header.data() + 8), 2u);
  EXPECT_EQ(get_u64(header.data() + 16), 1u);
}

TEST(Record, SegmentNames) {
  EXPECT_EQ(segment_file_name(1), "00000000000000000001.wal");
  EXPECT_EQ(segment_file_name(18446744073709551615ull), "18446744073709551615.wal");
  EXPECT_EQ(parse_segment_file_name("00000000000000000042.wal"), 42u);
  for (const char* bad :
       {"42.wal", "0000000000000000004x.wal", "00000000000000000042.log",
        "00000000000000000042.wal.tmp", "99999999999999999999.wal", "CHECKPOINT"}) {
    EXPECT_FALSE(parse_segment_file_name(bad).has_value()) << bad;
  }
}

TEST(Record, ScanStopsWhenTheCallbackSaysSo) {
  std::string file = encode_segment_header(1);
  for (std::uint64_t s = 1; s <= 5; ++s) encode_record(file, s, 0, "p");
  int seen = 0;
  scan_segment(file, 1, 0, [&](const Record&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST(Record, EveryCutOfTheLastRecordLeavesExactlyTheCompleteOnes) {
  std::string file = encode_segment_header(1);
  std::vector<std::size_t> ends;
  for (std::uint64_t s = 1; s <= 4; ++s) {
    encode_record(file, s, 1, std::string(s * 3, static_cast<char>('a' + s)));
    ends.push_back(file.size());
  }
  for (std::size_t cut = kSegmentHeaderBytes; cut <= file.size(); ++cut) {
    SegmentScan scan;
    const auto recs = scan_all(std::string_view(file).substr(0, cut), 1, &scan);
    std::size_t complete = 0;
    while (complete < ends.size() && ends[complete] <= cut) ++complete;
    ASSERT_EQ(recs.size(), complete) << "cut at " << cut;
    const std::uint64_t valid_end = complete == 0 ? kSegmentHeaderBytes : ends[complete - 1];
    EXPECT_EQ(scan.valid_end, valid_end);
    if (cut == valid_end) {
      EXPECT_TRUE(scan.bad.empty());
    } else {
      ASSERT_EQ(scan.bad.size(), 1u) << "cut at " << cut;
      EXPECT_EQ(scan.bad[0].offset, valid_end);
      EXPECT_TRUE(scan.tail_bad());
    }
  }
}

TEST(Record, AFlippedByteIsSkippedAndTheRestIsFound) {
  std::string file = encode_segment_header(1);
  std::vector<std::size_t> starts;
  for (std::uint64_t s = 1; s <= 6; ++s) {
    starts.push_back(file.size());
    encode_record(file, s, 1, "payload-" + std::to_string(s));
  }
  // Damage record 3 at each byte of it in turn: header fields, checksum and payload.
  for (std::size_t at = starts[2]; at < starts[3]; ++at) {
    std::string bad = file;
    bad[at] = static_cast<char>(bad[at] ^ 0x40);
    SegmentScan scan;
    const auto recs = scan_all(bad, 1, &scan);
    std::vector<std::uint64_t> seqs;
    for (const auto& r : recs) seqs.push_back(r.seq);
    ASSERT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 4, 5, 6})) << "flip at " << at;
    ASSERT_EQ(scan.bad.size(), 1u);
    EXPECT_EQ(scan.bad[0].offset, starts[2]);
    EXPECT_EQ(scan.bad[0].bytes, starts[3] - starts[2]);
    EXPECT_FALSE(scan.tail_bad());
  }
}

TEST(Record, BadHeadersAndRepeatedSequencesAreRejected) {
  std::string file = encode_segment_header(1);
  encode_record(file, 1, 0, "a");
  SegmentScan scan;
  EXPECT_TRUE(scan_all(file, 2, &scan).empty());  // header names another first sequence
  EXPECT_FALSE(scan.header_ok);
  EXPECT_TRUE(scan_all(file.substr(0, 10), 1, &scan).empty());
  EXPECT_FALSE(scan.header_ok);

  std::string dup = encode_segment_header(1);
  encode_record(dup, 1, 0, "a");
  encode_record(dup, 1, 0, "a");  // a replayed copy must not be returned twice
  encode_record(dup, 2, 0, "b");
  const auto recs = scan_all(dup, 1, &scan);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].seq, 2u);
  ASSERT_EQ(scan.bad.size(), 1u);
  EXPECT_EQ(scan.bad[0].reason, "sequence number not increasing");
}

TEST(Record, ZeroFilledTailIsNotARecord) {
  // What a file system may leave after a crash: the size grew but the data never landed.
  std::string file = encode_segment_header(1);
  encode_record(file, 1, 0, "a");
  const std::size_t good = file.size();
  file.append(4096, '\0');
  SegmentScan scan;
  EXPECT_EQ(scan_all(file, 1, &scan).size(), 1u);
  ASSERT_EQ(scan.bad.size(), 1u);
  EXPECT_EQ(scan.bad[0].offset, good);
  EXPECT_TRUE(scan.tail_bad());
}

}  // namespace
}  // namespace mw::journal
