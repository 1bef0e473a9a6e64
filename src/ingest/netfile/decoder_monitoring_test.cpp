// Decoder: safety monitoring types (CDDY, CDSS, TJSJ, YCBJ, FZDY, FZSS) and point series.
#include <gtest/gtest.h>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

using testing::body;
using testing::decode_national;
using testing::find_diag;
using testing::has_diag;
using testing::std_header;

Time t(std::string_view s) { return *parse_china_time(s); }

constexpr std::string_view kCdss =
    "140421000111MN0001;环境瓦斯;3105回采工作面;0.50;%CH4;1;2026-09-23 10:13:15";

TEST(DecodeCdss, GoodRecord) {
  const DecodedFile f = decode_national("CDSS", body(std_header(), {kCdss}));
  ASSERT_TRUE(f.accepted) << f.reason;
  ASSERT_EQ(f.records_of<CdssRecord>().size(), 1u);
  const CdssRecord& r = f.records_of<CdssRecord>()[0];
  EXPECT_EQ(r.point_code, "140421000111MN0001");
  EXPECT_EQ(r.sensor_type_name, "环境瓦斯");
  EXPECT_EQ(r.location, "3105回采工作面");
  EXPECT_EQ(r.value, (Decimal{50, 2}));
  EXPECT_EQ(r.unit, "%CH4");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.time, t("2026-09-23 10:13:15"));
  EXPECT_EQ(f.header.mine_name, "测试煤矿");
  EXPECT_EQ(f.header.upload_time, t("2026-09-23 10:13:19"));
  EXPECT_EQ(f.mine_code, "140421000111");
  EXPECT_EQ(f.type, FileType::kCdss);
  EXPECT_TRUE(f.diagnostics.empty());
}

TEST(DecodeCdss, EmptySnapshotIsValid) {
  const DecodedFile f = decode_national("CDSS", std_header() + "~||");
  EXPECT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.record_count(), 0u);
}

// One bad record among nine good ones: skipped, counted, file kept.
DecodedFile with_one_bad(std::string_view bad) {
  std::vector<std::string> recs(9, std::string(kCdss));
  std::string text = std_header() + "~";
  for (const std::string& r : recs) text += r + "~";
  text += std::string(bad) + "~||";
  return decode_national("CDSS", text);
}

TEST(DecodeCdss, EachKindOfBadRecordIsSkippedAndNamed) {
  const std::string kNulRecord =
      std::string("1404\0MN", 7) + ";环境瓦斯;x;0.5;%CH4;0;2026-09-23 10:13:15";
  struct Case {
    std::string_view record;
    DiagCode code;
    std::string_view words;
  };
  const Case cases[] = {
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;0", DiagCode::kRecordFieldCount, "has 6 fields"},
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;0;2026-09-23 10:13:15;9",
       DiagCode::kRecordFieldCount, "expected 7"},
      {"140421000111MN0001；环境瓦斯；x；0.5；%CH4；0；2026-09-23 10:13:15",
       DiagCode::kRecordFieldCount, "full-width"},
      {"140421000111MN0001;环境瓦斯;x;abc;%CH4;0;2026-09-23 10:13:15", DiagCode::kRecordBadValue,
       "field value 'abc' is not a number"},
      {"140421000111MN0001;环境瓦斯;x;;%CH4;0;2026-09-23 10:13:15", DiagCode::kRecordBadValue,
       "value"},
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;x;2026-09-23 10:13:15", DiagCode::kRecordBadValue,
       "status"},
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;256;2026-09-23 10:13:15", DiagCode::kRecordBadValue,
       "bit set"},
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;0;2026/09/23 10:13:15", DiagCode::kRecordBadTime,
       "yyyy-MM-dd"},
      {"140421000111MN0001;环境瓦斯;x;0.5;%CH4;0;2026-02-30 10:13:15", DiagCode::kRecordBadTime,
       "time"},
      {";环境瓦斯;x;0.5;%CH4;0;2026-09-23 10:13:15", DiagCode::kRecordBadCode, "empty"},
      {kNulRecord, DiagCode::kRecordBadCode, "control"},
      {"140421000111M||1;环境瓦斯;x;0.5;%CH4;0;2026-09-23 10:13:15", DiagCode::kRecordBadValue,
       "terminator ||"},
  };
  for (const Case& c : cases) {
    const DecodedFile f = with_one_bad(c.record);
    const bool fullwidth = c.words == "full-width";  // netfile.md §1: rejected, not skipped
    EXPECT_EQ(f.accepted, !fullwidth) << c.record << " → " << f.reason;
    EXPECT_EQ(has_diag(f, DiagCode::kEnvelopeFullwidthSeparator), fullwidth) << c.record;
    EXPECT_EQ(f.record_count(), 9u) << c.record;
    EXPECT_EQ(f.skipped, 1) << c.record;
    const Diagnostic* d = find_diag(f, c.code);
    ASSERT_NE(d, nullptr) << c.record << " expected " << diag_name(c.code);
    EXPECT_EQ(d->record, 10) << c.record;
    EXPECT_EQ(d->severity, Severity::kWarning);
    EXPECT_NE(d->message.find(c.words), std::string::npos) << d->message;
  }
}

TEST(DecodeCdss, FieldTooLongSkipsTheRecord) {
  const std::string record =
      "140421000111MN0001;" + std::string(5000, 'a') + ";x;0.5;%CH4;0;2026-09-23 10:13:15";
  const DecodedFile f = with_one_bad(record);
  EXPECT_TRUE(f.accepted);
  EXPECT_EQ(f.skipped, 1);
  ASSERT_TRUE(has_diag(f, DiagCode::kRecordFieldTooLong));
  EXPECT_NE(find_diag(f, DiagCode::kRecordFieldTooLong)->message.find("5000 bytes"),
            std::string::npos);
}

TEST(DecodeCdss, MoreThanTwentyPercentBadRejectsTheFile) {
  // 2 of 10 bad = 20 %: kept. 3 of 10: rejected.
  auto make = [](int bad) {
    std::string text = std_header() + "~";
    for (int i = 0; i < 10; ++i) text += std::string(i < bad ? "x;y" : kCdss) + "~";
    return decode_national("CDSS", text + "||");
  };
  const DecodedFile ok = make(2);
  EXPECT_TRUE(ok.accepted) << ok.reason;
  EXPECT_EQ(ok.record_count(), 8u);
  const DecodedFile rejected = make(3);
  EXPECT_FALSE(rejected.accepted);
  ASSERT_TRUE(has_diag(rejected, DiagCode::kFileTooManyBadRecords));
  EXPECT_NE(rejected.reason.find("3 of 10 records are bad"), std::string::npos) << rejected.reason;
}

TEST(DecodeCdss, RecordDiagnosticsAreCappedButCounted) {
  std::string text = std_header() + "~";
  for (int i = 0; i < 200; ++i) text += "bad~";
  const DecodedFile f = decode_national("CDSS", text + "||");
  EXPECT_FALSE(f.accepted);
  EXPECT_EQ(f.skipped, 200);
  EXPECT_TRUE(has_diag(f, DiagCode::kFileMoreDiagnostics));
  EXPECT_LT(f.diagnostics.size(), 60u);
}

TEST(DecodeHeader, MineMismatchNamesBothCodes) {
  const DecodedFile f = decode_national("CDSS", body(std_header("620823009203"), {kCdss}));
  EXPECT_FALSE(f.accepted);
  EXPECT_TRUE(has_diag(f, DiagCode::kHeaderMineMismatch));
  EXPECT_EQ(f.reason, "header mine code 620823009203 differs from file name 140421000111");
}

TEST(DecodeHeader, FutureTimeBeyondFiveMinutesIsRejected) {
  // now = 10:20:00; 10:25:00 is within the tolerance, 10:25:01 is not.
  const DecodedFile near = decode_national("CDSS", body("140421000111;m;2026-09-23 10:25:00", {}));
  EXPECT_TRUE(near.accepted) << near.reason;
  const DecodedFile far = decode_national("CDSS", body("140421000111;m;2026-09-23 10:25:01", {}));
  EXPECT_FALSE(far.accepted);
  EXPECT_TRUE(has_diag(far, DiagCode::kHeaderFutureTime));
  EXPECT_NE(far.reason.find("301 s in the future"), std::string::npos) << far.reason;
}

TEST(DecodeHeader, BadTimeFieldCountAndFullwidth) {
  EXPECT_TRUE(has_diag(decode_national("CDSS", body("140421000111;m;yesterday", {})),
                       DiagCode::kHeaderBadTime));
  EXPECT_TRUE(has_diag(decode_national("CDSS", body("140421000111;2026-09-23 10:13:19", {})),
                       DiagCode::kHeaderFieldCount));
  const DecodedFile fw =
      decode_national("CDSS", body("140421000111；m；2026-09-23 10:13:19", {kCdss}));
  EXPECT_FALSE(fw.accepted);
  EXPECT_TRUE(has_diag(fw, DiagCode::kEnvelopeFullwidthSeparator));
  EXPECT_NE(fw.reason.find("full-width"), std::string::npos);
}

TEST(DecodeName, BadNamesAndUnknownTypes) {
  const Profile& p = testing::national();
  const DecodedFile bad =
      decode("dir/CDSS_140421000111.txt", body(std_header(), {}), p, testing::options());
  EXPECT_FALSE(bad.accepted);
  EXPECT_TRUE(has_diag(bad, DiagCode::kNameInvalid));
  EXPECT_EQ(bad.path, "dir/CDSS_140421000111.txt");
  const DecodedFile unknown = decode("/x/140421000111_XXSS_20260923101319.txt",
                                     body(std_header(), {}), p, testing::options());
  EXPECT_FALSE(unknown.accepted);
  EXPECT_TRUE(has_diag(unknown, DiagCode::kNameUnknownType));
  EXPECT_NE(unknown.reason.find("'XXSS'"), std::string::npos);
  EXPECT_TRUE(has_diag(decode("14042100011_CDSS_20260923101319.txt", "", p, testing::options()),
                       DiagCode::kNameInvalid));
  EXPECT_TRUE(has_diag(decode("140421000111_CDSS_20261323101319.txt", "", p, testing::options()),
                       DiagCode::kNameInvalid));
}

TEST(DecodeFile, TooLargeIsRejectedWithTheSize) {
  Profile p = testing::national();
  p.limits.max_file_bytes = 100;
  const std::string text = body(std_header(), {kCdss, kCdss});
  const DecodedFile f = decode("140421000111_CDSS_20260923101319.txt", text, p, testing::options());
  EXPECT_FALSE(f.accepted);
  EXPECT_TRUE(has_diag(f, DiagCode::kFileTooLarge));
  EXPECT_NE(f.reason.find(std::to_string(text.size()) + " bytes"), std::string::npos);
}

TEST(DecodeFile, UnterminatedLastSegmentIsReadWithAWarning) {
  const DecodedFile f = decode_national("CDSS", std_header() + "~" + std::string(kCdss) + "||");
  EXPECT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.record_count(), 1u);
  EXPECT_TRUE(has_diag(f, DiagCode::kEnvelopeUnterminatedSegment));
}

TEST(DecodeCddy, GoodRecordWithRelations) {
  const std::string rec =
      "140421000111MN0001;01;001;0001;MN;%CH4;4.00;0.00;1.00;0.90;;;1.50;1.40;;;;;"
      "3105回采工作面;100.5;200;-50;D-140421000111MN0001-甲烷:D-140421000111KG0009;"
      "2026-09-23 10:00:00";
  const DecodedFile f = decode_national(
      "CDDY", body("140421000111;m;KJ95X;安全监控;厂家;2027-01-01;2026-09-23 10:00:00", {rec}));
  ASSERT_TRUE(f.accepted) << f.reason;
  const CddyRecord& r = f.records_of<CddyRecord>()[0];
  EXPECT_EQ(r.value_kind, "MN");
  EXPECT_EQ(r.range_high, (Decimal{400, 2}));
  EXPECT_FALSE(r.alarm_low.has_value());
  EXPECT_EQ(r.cut_high, (Decimal{150, 2}));
  EXPECT_EQ(r.z, (Decimal{-50, 0}));
  EXPECT_EQ(r.relations, "D-140421000111MN0001-甲烷:D-140421000111KG0009");
  EXPECT_EQ(f.header.system_model, "KJ95X");
  EXPECT_EQ(f.header.cert_expiry, "2027-01-01");
  EXPECT_TRUE(f.diagnostics.empty());
}

TEST(DecodeCddy, MalformedRelationKeepsTheRecordWithAWarning) {
  const std::string rec =
      "140421000111MN0001;01;001;0001;MN;%CH4;;;;;;;;;;;;;loc;;;;Q-bad;2026-09-23 10:00:00";
  const DecodedFile f = decode_national(
      "CDDY", body("140421000111;m;KJ95X;安全监控;厂家;2027-01-01;2026-09-23 10:00:00", {rec}));
  EXPECT_TRUE(f.accepted);
  EXPECT_EQ(f.record_count(), 1u);
  EXPECT_EQ(f.skipped, 0);
  EXPECT_TRUE(has_diag(f, DiagCode::kRecordBadRelation));
  const DecodedFile kind = decode_national(
      "CDDY", body("140421000111;m;a;b;c;d;2026-09-23 10:00:00",
                   {"P1;01;001;0001;XX;%;;;;;;;;;;;;;loc;;;;;2026-09-23 10:00:00"}));
  EXPECT_EQ(kind.skipped, 1);
  EXPECT_TRUE(has_diag(kind, DiagCode::kRecordBadValue));
}

TEST(DecodeTjsjYcbj, GoodAndBad) {
  const DecodedFile tj = decode_national(
      "TJSJ", body(std_header(), {"P1;环境瓦斯;loc;%CH4;2026-09-23 10:00:00;2026-09-23 10:05:00;"
                                  "0.8;2026-09-23 10:03:00;0.2;2026-09-23 10:01:00;0.45;"
                                  "2026-09-23 10:05:00",
                                  "P2;环境瓦斯;loc;%CH4;2026-09-23 10:05:00;2026-09-23 10:00:00;"
                                  ";;;;;2026-09-23 10:05:00"}));
  ASSERT_EQ(tj.record_count(), 1u);
  EXPECT_EQ(tj.records_of<TjsjRecord>()[0].max, (Decimal{8, 1}));
  EXPECT_TRUE(has_diag(tj, DiagCode::kRecordBadTime));  // end before start

  const DecodedFile yc = decode_national(
      "YCBJ", body(std_header(), {"P1;环境瓦斯;loc;%CH4;001;2026-09-23 10:00:00;;1.6;"
                                  "2026-09-23 10:01:00;;;;超限;撤人;;;2026-09-23 10:05:00",
                                  "P1;环境瓦斯;loc;%CH4;;2026-09-23 10:00:00;;;;;;;;;;;"
                                  "2026-09-23 10:05:00"}));
  ASSERT_EQ(yc.record_count(), 1u);
  const YcbjRecord& r = yc.records_of<YcbjRecord>()[0];
  EXPECT_EQ(r.abnormal_type, "001");
  EXPECT_FALSE(r.end.has_value());  // an open event
  EXPECT_EQ(r.measures, "撤人");
  EXPECT_TRUE(has_diag(yc, DiagCode::kRecordBadValue));  // empty abnormal type
}

TEST(DecodeFzdyFzss, ExtraFieldsAndStates) {
  const DecodedFile dy = decode_national(
      "FZDY", body(std_header(), {"F1;井底车场;1;2;3;e1;;e3;2026-09-23 10:00:00",
                                  "F2;井底车场;1;2;3;2026-09-23 10:00:00", "F3;x;1;2"}));
  ASSERT_EQ(dy.record_count(), 2u);
  const FzdyRecord& r = dy.records_of<FzdyRecord>()[0];
  EXPECT_EQ(r.extra, ";e1;;e3");
  EXPECT_EQ(r.time, t("2026-09-23 10:00:00"));
  EXPECT_EQ(dy.records_of<FzdyRecord>()[1].extra, "");
  EXPECT_EQ(dy.skipped, 1);

  const DecodedFile ss = decode_national(
      "FZSS", body(std_header(), {"F1;0;1;2026-09-23 10:13:00", "F2;3;1;2026-09-23 10:13:00",
                                  "F3;9;9;2026-09-23 10:13:00", "F4;1;2;2026-09-23 10:13:00"}));
  EXPECT_EQ(ss.record_count(), 3u);
  EXPECT_EQ(ss.records_of<FzssRecord>()[1].run_state, 9);
  EXPECT_TRUE(has_diag(ss, DiagCode::kRecordBadValue));
}

TEST(DecodeSeries, DrainageHydrologyZkss) {
  for (std::string_view type : {"PSSS", "SWSS", "ZKSS"}) {
    const DecodedFile f = decode_national(
        type, body(std_header(), {"P1;水位;观测孔;12.5;m;0;2026-09-23 10:13:00",
                                  "P2;水位;观测孔;;m;;2026-09-23 10:13:00", ";a;b;1;m;0;x",
                                  "P3;水位;观测孔;1;m;0;2026-09-23 10:13:00",
                                  "P4;水位;观测孔;1;m;0;2026-09-23 10:13:00"}));
    EXPECT_TRUE(f.accepted) << type << f.reason;
    EXPECT_EQ(f.type, FileType::kPointSeries);
    ASSERT_EQ(f.record_count(), 4u);
    EXPECT_EQ(f.records_of<PointSeriesRecord>()[0].value, (Decimal{125, 1}));
    EXPECT_FALSE(f.records_of<PointSeriesRecord>()[1].value.has_value());
    EXPECT_EQ(f.skipped, 1);
  }
}

TEST(DecodeNumbers, UnusualFormsAreReadByValueAndReported) {
  const DecodedFile f =
      decode_national("CDSS", body(std_header(), {"P1;a;b;.5;u;01;2026-09-23 10:13:15",
                                                  "P2;a;b;-0.00;u;0;2026-09-23 10:13:15",
                                                  "P3;a;b;0.50;u;0;2026-09-23 10:13:15"}));
  ASSERT_TRUE(f.accepted) << f.reason;
  EXPECT_EQ(f.records_of<CdssRecord>()[0].value, (Decimal{5, 1}));
  EXPECT_EQ(f.records_of<CdssRecord>()[0].status, 1);
  const Diagnostic* d = find_diag(f, DiagCode::kRecordNoncanonicalNumber);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::kInfo);
  EXPECT_EQ(d->message.substr(0, 2), "3 ");  // ".5", "01", "-0.00"
  const DecodedFile plain = decode_national("CDSS", body(std_header(), {kCdss}));
  EXPECT_FALSE(has_diag(plain, DiagCode::kRecordNoncanonicalNumber));
}

}  // namespace
}  // namespace mw::netfile
