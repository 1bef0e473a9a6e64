// Decoder: personnel location types (RYQY … RYCY), legacy-params, and profile quirks.
#include <gtest/gtest.h>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/relations.hpp"
#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

using testing::body;
using testing::find_diag;
using testing::has_diag;
using testing::kPersonMine;

constexpr std::string_view kCard = "52020300051200001";
constexpr std::string_view kArea = "5202030005120001";
constexpr std::string_view kStation = "5202030005120001000001";

Time t(std::string_view s) { return *parse_china_time(s); }

std::string header() { return std::string(kPersonMine) + ";六枝煤矿;2026-09-23 10:15:00"; }

DecodedFile dec(std::string_view type, std::initializer_list<std::string_view> records,
                const std::string& head = header()) {
  return testing::decode_national(type, body(head, records), kPersonMine);
}

std::string ryss(std::string_view card, std::string_view flag, std::string_view area,
                 std::string_view track) {
  return std::string(card) + ";张三;" + std::string(flag) + ";2026-09-23 07:50:00;;" +
         std::string(area) + ";2026-09-23 08:10:00;" + std::string(kStation) +
         ";2026-09-23 08:12:00;三八制;12.5;0;0;1;" + std::string(track);
}

TEST(DecodeRyss, GoodRecord) {
  const std::string track = std::string(kStation) + "&2026-09-23 08:12:00";
  const DecodedFile f = dec("RYSS", {ryss(kCard, "1", kArea, track)});
  ASSERT_TRUE(f.accepted) << f.reason;
  const RyssRecord& r = f.records_of<RyssRecord>()[0];
  EXPECT_EQ(r.card, kCard);
  EXPECT_EQ(r.in_mine_flag, 1);
  EXPECT_EQ(r.enter_time, t("2026-09-23 07:50:00"));
  EXPECT_FALSE(r.exit_time.has_value());
  EXPECT_EQ(r.area_code, kArea);
  EXPECT_EQ(r.work_pattern, "三八制");
  EXPECT_EQ(r.distance, (Decimal{125, 1}));
  EXPECT_EQ(r.is_special, 1);
  int pairs = 0;
  EXPECT_EQ(for_each_track_point(r.track,
                                 [&](const TrackPoint& p) {
                                   ++pairs;
                                   EXPECT_EQ(p.station, kStation);
                                 }),
            0);
  EXPECT_EQ(pairs, 1);
}

TEST(DecodeRyss, BadRecords) {
  struct Case {
    std::string record;
    DiagCode code;
  };
  const std::string good = ryss(kCard, "1", kArea, "");
  const Case cases[] = {
      {ryss("5202030005120001", "1", kArea, ""), DiagCode::kRecordBadCode},   // 16 digits
      {ryss("14042100011100001", "1", kArea, ""), DiagCode::kRecordBadCode},  // other mine
      {ryss(kCard, "3", kArea, ""), DiagCode::kRecordBadValue},               // flag
      {ryss(kCard, "x", kArea, ""), DiagCode::kRecordBadValue},
      {ryss(kCard, "1", "井口区域", ""), DiagCode::kRecordBadCode},  // area type
      {good.substr(0, good.rfind(';')), DiagCode::kRecordFieldCount},
  };
  for (const Case& c : cases) {
    const DecodedFile f = dec("RYSS", {good, good, good, good, c.record});
    EXPECT_TRUE(f.accepted) << c.record;
    EXPECT_EQ(f.skipped, 1) << c.record;
    EXPECT_TRUE(has_diag(f, c.code)) << c.record << " expected " << diag_name(c.code);
  }
}

TEST(DecodeRyss, MalformedTrackIsAWarningAndKept) {
  const DecodedFile f = dec("RYSS", {ryss(kCard, "1", kArea, "S1&bad,S2")});
  EXPECT_TRUE(f.accepted);
  EXPECT_EQ(f.record_count(), 1u);
  const Diagnostic* d = find_diag(f, DiagCode::kRecordBadTrack);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("2 track pairs"), std::string::npos) << d->message;
}

TEST(DecodeRyss, NVariantAreaMayBeAType) {
  const Profile& p = testing::profile("n-variant");
  const std::string text = header() + "^" + ryss(kCard, "1", "重点区域", "") + "^]]]";
  const DecodedFile f =
      decode("520203000512_NRYSS_20260923101500.txt", text, p, testing::options());
  ASSERT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.type, FileType::kRyss);
  EXPECT_EQ(f.records_of<RyssRecord>()[0].area_code, "重点区域");
}

TEST(DecodeRyss, LegacyAMaskedEmptyTime) {
  const Profile& p = testing::profile("legacy-a");
  std::string rec = ryss(kCard, "2", kArea, "");
  rec.replace(rec.find(";;"), 2, ";xxxx-xx-xx xx:xx:xx;");
  const std::string text = "2026-09-23 10:15:00;1;520203000512;~" + rec + "~||";
  const DecodedFile f = decode("520203000512_RYSS_20260923101500.txt", text, p, testing::options());
  ASSERT_TRUE(f.accepted) << f.reason;
  EXPECT_FALSE(f.records_of<RyssRecord>()[0].exit_time.has_value());
  EXPECT_EQ(f.header.person_count, "1");
  // The national profile does not know the mask: a bad time there.
  const DecodedFile n = testing::decode_national("RYSS", body(header(), {rec}), kPersonMine);
  EXPECT_TRUE(has_diag(n, DiagCode::kRecordBadTime));
}

TEST(DecodeDefinitions, RyqyRyjzRyxx) {
  const DecodedFile qy =
      dec("RYQY", {"井口区域;" + std::string(kArea) + ";50;主井口", "重点区域;5202030005129;10;x",
                   "其它区域;" + std::string(kArea) + ";-1;x"});
  ASSERT_EQ(qy.record_count(), 1u);
  EXPECT_EQ(qy.records_of<RyqyRecord>()[0].approved_count, 50);
  EXPECT_TRUE(has_diag(qy, DiagCode::kRecordBadCode));
  EXPECT_TRUE(has_diag(qy, DiagCode::kRecordBadValue));

  const DecodedFile jz = dec("RYJZ", {std::string(kStation) + ";1号基站;1;2;3;井底", "52;x;;;;"});
  ASSERT_EQ(jz.record_count(), 1u);
  EXPECT_EQ(jz.records_of<RyjzRecord>()[0].description, "井底");
  EXPECT_EQ(jz.skipped, 1);

  const std::string xx_head =
      std::string(kPersonMine) + ";六枝煤矿;320;KJ128;人员定位;厂家;2026-01-01;2026-09-23 08:00:00";
  const DecodedFile xx = dec("RYXX",
                             {std::string(kCard) + ";张三;采煤工;未设置;综采队;1980-01-01;高中;1;0",
                              std::string(kCard) + ";李四;;;;;;2;0"},
                             xx_head);
  ASSERT_EQ(xx.record_count(), 1u);
  EXPECT_EQ(xx.records_of<RyxxRecord>()[0].is_leader, 1);
  EXPECT_EQ(xx.header.approved_total, "320");
  EXPECT_TRUE(has_diag(xx, DiagCode::kRecordBadValue));  // is_leader 2
}

TEST(DecodeStatus, JzssStates) {
  const DecodedFile f = dec("JZSS", {std::string(kStation) + ";0;1;2026-09-23 10:15:00",
                                     std::string(kStation) + ";5;1;2026-09-23 10:15:00"});
  EXPECT_EQ(f.record_count(), 1u);
  EXPECT_TRUE(has_diag(f, DiagCode::kRecordBadValue));
}

TEST(DecodeEvents, RycsRyqjRyxz) {
  const std::string ev = std::string(kCard) + ";张三;2026-09-23 00:10:00;2026-09-23 10:10:00;;" +
                         std::string(kArea) + ";2026-09-23 09:00:00;" + std::string(kStation) +
                         ";2026-09-23 09:01:00";
  const std::string backwards =
      std::string(kCard) + ";张三;;2026-09-23 10:10:00;2026-09-23 10:00:00;;;;";
  for (std::string_view type : {"RYCS", "RYQJ", "RYXZ"}) {
    const DecodedFile f = dec(type, {ev, backwards});
    ASSERT_EQ(f.record_count(), 1u) << type;
    EXPECT_TRUE(has_diag(f, DiagCode::kRecordBadTime)) << type;
    const bool typed = f.type == FileType::kRycs   ? f.records_of<RycsRecord>().size() == 1
                       : f.type == FileType::kRyqj ? f.records_of<RyqjRecord>().size() == 1
                                                   : f.records_of<RyxzRecord>().size() == 1;
    EXPECT_TRUE(typed) << type;
  }
  const DecodedFile cs = dec("RYCS", {ev});
  EXPECT_EQ(cs.records_of<RycsRecord>()[0].start, t("2026-09-23 10:10:00"));
  EXPECT_FALSE(cs.records_of<RycsRecord>()[0].end.has_value());
}

TEST(DecodeEvents, Rycy) {
  const DecodedFile f =
      dec("RYCY", {"1;10;12;" + std::string(kArea) + ";3105工作面;2026-09-23 10:00:00;;a,b",
                   "1;10;x;" + std::string(kArea) + ";3105工作面;2026-09-23 10:00:00;;"});
  ASSERT_EQ(f.record_count(), 1u);
  EXPECT_EQ(f.records_of<RycyRecord>()[0].current_count, 12);
  EXPECT_EQ(f.records_of<RycyRecord>()[0].people, "a,b");
  EXPECT_TRUE(has_diag(f, DiagCode::kRecordBadValue));
}

TEST(DecodeParams, LegacyParamsRycsIsThePersonnelParameterFile) {
  const Profile& p = testing::profile("legacy-params");
  const std::string mine = "150622B0012000200092";
  const std::string card = mine + "00001";
  const std::string text = "KJ128;人员定位;厂家;2026-09-23 08:00:00;1~" + card +
                           ";张三;150622198001010011;采煤工;综采队;是;男;高中;已婚;13800000000;"
                           "内蒙古;证A&证B;2027-01-01&2028-01-01~||";
  const DecodedFile f = decode(mine + "_RYCS_20260923080000.txt", text, p, testing::options());
  ASSERT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.type, FileType::kPersonnelParams);
  const PersonnelParamsRecord& r = f.records_of<PersonnelParamsRecord>()[0];
  EXPECT_EQ(r.card, card);
  EXPECT_EQ(r.certificates, "证A&证B");
  EXPECT_EQ(f.header.person_count, "1");
  EXPECT_TRUE(f.header.mine_code.empty());  // this header has no mine code to compare
}

TEST(DecodeGb18030, BodyIsConvertedAndRecorded) {
  const std::string utf8 = body(header(), {"井口区域;" + std::string(kArea) + ";50;主井口"});
  const Result<std::string> gb = utf8_to_gb18030(utf8);
  ASSERT_TRUE(gb.ok());
  ASSERT_NE(*gb, utf8);
  const DecodedFile f = testing::decode_national("RYQY", *gb, kPersonMine);
  ASSERT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.layout.encoding, Encoding::kGb18030);
  EXPECT_EQ(f.records_of<RyqyRecord>()[0].area_name, "主井口");
  EXPECT_TRUE(has_diag(f, DiagCode::kEncodingGb18030));
}

}  // namespace
}  // namespace mw::netfile
