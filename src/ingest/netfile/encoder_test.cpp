#include "ingest/netfile/encoder.hpp"

#include <gtest/gtest.h>

#include <random>

#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

constexpr std::string_view kMine = "520203000512";
const Time kTime = *parse_china_time("2026-09-23 10:15:00");

// A valid value for every member, by name, so each profile's types can be written.
template <class R>
R sample_record() {
  R r{};
  R::fields(r, [](std::string_view name, auto& m) {
    using M = std::remove_cvref_t<decltype(m)>;
    if constexpr (std::is_same_v<M, std::string_view>) {
      if (name == "card") {
        m = "52020300051200001";
      } else if (name == "area_code") {
        m = "5202030005120001";
      } else if (name == "station_code") {
        m = "5202030005120001000001";
      } else if (name == "value_kind") {
        m = "MN";
      } else if (name == "abnormal_type") {
        m = "001";
      } else if (name == "relations" || name == "track") {
        m = "";
      } else {
        m = "P1";
      }
    } else if constexpr (std::is_same_v<M, Decimal> || std::is_same_v<M, OptDecimal>) {
      m = Decimal{15, 1};
    } else if constexpr (std::is_same_v<M, Time> || std::is_same_v<M, OptTime>) {
      m = kTime;
    } else {
      m = 1;
    }
  });
  return r;
}

template <std::size_t... I>
RecordList sample_list(FileType kind, std::index_sequence<I...>) {
  RecordList out;
  ((static_cast<std::size_t>(kind) == I
        ? (out =
               std::vector{
                   sample_record<typename std::variant_alternative_t<I, RecordList>::value_type>()},
           0)
        : 0),
   ...);
  return out;
}

Header sample_header() {
  Header h;
  h.mine_code = kMine;
  h.mine_name = "六枝煤矿";
  h.upload_time = kTime;
  return h;
}

TEST(Encoder, EveryProfileWritesAndReadsBackEveryTypeItDefines) {
  for (std::string_view pname : builtin_profile_names()) {
    const Profile& p = testing::profile(pname);
    for (const TypeSpec& spec : p.types) {
      const RecordList list = sample_list(spec.kind, std::make_index_sequence<kFileTypeCount>{});
      const Result<std::string> bytes = encode_file(p, spec.name, sample_header(), list, {});
      ASSERT_TRUE(bytes.ok()) << pname << " " << spec.name << ": " << bytes.status().message();
      const DecodedFile f =
          decode(make_file_name(kMine, spec.name, kTime), *bytes, p, testing::options());
      EXPECT_TRUE(f.accepted) << pname << " " << spec.name << ": " << f.reason << "\n" << *bytes;
      EXPECT_EQ(f.record_count(), 1u) << pname << " " << spec.name;
      EXPECT_EQ(f.type, spec.kind);
      EXPECT_EQ(encode(f), *bytes) << pname << " " << spec.name;
    }
  }
}

// Random CDSS/RYSS records survive decode → encode byte for byte.
TEST(Encoder, RandomizedRecordsRoundTrip) {
  std::mt19937_64 rng(20260923);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<std::string> texts;  // owns record text
  texts.reserve(4000);
  std::vector<CdssRecord> cdss;
  std::vector<RyssRecord> ryss;
  const char* const kLocs[] = {"3105回风巷", "", "主井底;", "1201掘进工作面"};
  for (int i = 0; i < 500; ++i) {
    CdssRecord c;
    texts.push_back("140421000111MN" + std::to_string(1000 + i));
    c.point_code = texts.back();
    c.sensor_type_name = pick(2) ? "环境瓦斯" : "";
    const std::string_view loc = kLocs[pick(4)];
    c.location = loc.find(';') == std::string_view::npos ? loc : "x";
    c.value = Decimal{static_cast<std::int64_t>(rng() % 2000000) - 1000000,
                      static_cast<std::uint8_t>(pick(5))};
    c.unit = "%CH4";
    c.status = pick(256);
    c.time = kTime + Seconds{pick(86400 * 30) - 86400 * 15};
    cdss.push_back(c);

    RyssRecord r = sample_record<RyssRecord>();
    texts.push_back("520203000512" + std::to_string(10000 + i));
    r.card = texts.back();
    r.in_mine_flag = pick(3);
    r.exit_time = pick(2) ? OptTime{} : OptTime{kTime + Seconds{pick(1000)}};
    r.distance = pick(2) ? OptDecimal{} : OptDecimal{Decimal{pick(100000), 2}};
    r.is_leader = pick(2) ? OptInt{} : OptInt{pick(2)};
    texts.push_back("5202030005120001000001&2026-09-23 08:0" + std::to_string(pick(10)) +
                    ":00,5202030005120001000002&2026-09-23 09:00:00");
    r.track = pick(2) ? std::string_view(texts.back()) : std::string_view{};
    ryss.push_back(r);
  }
  const Profile& p = testing::national();
  Header h = sample_header();
  for (const RecordList& list : {RecordList{cdss}, RecordList{ryss}}) {
    const bool is_cdss = list.index() == static_cast<std::size_t>(FileType::kCdss);
    h.mine_code = is_cdss ? "140421000111" : "520203000512";
    const std::string type = is_cdss ? "CDSS" : "RYSS";
    const Result<std::string> bytes = encode_file(p, type, h, list, {});
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    const DecodedFile f =
        decode(make_file_name(h.mine_code, type, kTime), *bytes, p, testing::options());
    ASSERT_TRUE(f.accepted) << f.reason;
    ASSERT_EQ(f.record_count(), 500u);
    EXPECT_EQ(encode(f), *bytes);
    if (is_cdss) {
      for (std::size_t i = 0; i < cdss.size(); ++i) {
        EXPECT_EQ(f.records_of<CdssRecord>()[i].value, cdss[i].value) << i;
        EXPECT_EQ(f.records_of<CdssRecord>()[i].time, cdss[i].time) << i;
      }
    } else {
      for (std::size_t i = 0; i < ryss.size(); ++i) {
        EXPECT_EQ(f.records_of<RyssRecord>()[i].exit_time, ryss[i].exit_time) << i;
        EXPECT_EQ(f.records_of<RyssRecord>()[i].track, ryss[i].track) << i;
      }
    }
  }
}

TEST(Encoder, LayoutBomCrLfAndGb18030RoundTrip) {
  const Profile& p = testing::national();
  const RecordList list = std::vector{sample_record<RyqyRecord>()};
  for (const Encoding enc : {Encoding::kUtf8, Encoding::kGb18030}) {
    Layout layout;
    layout.encoding = enc;
    layout.bom = enc == Encoding::kUtf8;
    layout.line_break = LineBreak::kCrLf;
    layout.final_line_break = true;
    const Result<std::string> bytes = encode_file(p, "RYQY", sample_header(), list, layout);
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    EXPECT_EQ(bytes->substr(bytes->size() - 4), "||\r\n");
    const DecodedFile f =
        decode(make_file_name(kMine, "RYQY", kTime), *bytes, p, testing::options());
    ASSERT_TRUE(f.accepted) << f.reason;
    EXPECT_EQ(f.layout.encoding, enc);
    EXPECT_EQ(f.layout.line_break, LineBreak::kCrLf);
    EXPECT_EQ(f.header.mine_name, "六枝煤矿");
    EXPECT_EQ(encode(f), *bytes);
  }
}

TEST(Encoder, LegacyAWritesTheEmptyTimeMask) {
  const Profile& p = testing::profile("legacy-a");
  RyssRecord r = sample_record<RyssRecord>();
  r.exit_time.reset();
  const Result<std::string> bytes =
      encode_file(p, "RYSS", sample_header(), RecordList{std::vector{r}}, {});
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find(";xxxx-xx-xx xx:xx:xx;"), std::string::npos) << *bytes;
}

TEST(Encoder, RefusesTextThatWouldBreakTheFile) {
  const Profile& p = testing::national();
  for (std::string_view bad : {"a;b", "a~b", "a||b", "a\nb"}) {
    RyqyRecord r = sample_record<RyqyRecord>();
    r.area_name = bad;
    const Result<std::string> bytes =
        encode_file(p, "RYQY", sample_header(), RecordList{std::vector{r}}, {});
    EXPECT_FALSE(bytes.ok()) << bad;
  }
  Header h = sample_header();
  h.mine_name = "a;b";
  EXPECT_FALSE(encode_file(p, "RYQY", h, RecordList{std::vector<RyqyRecord>{}}, {}).ok());
  EXPECT_FALSE(
      encode_file(p, "RYQY", sample_header(), RecordList{std::vector<CdssRecord>{}}, {}).ok());
  EXPECT_FALSE(encode_file(p, "NOPE", sample_header(), RecordList{}, {}).ok());
}

TEST(Encoder, TextCheckFindsTerminatorsAnywhereAndOnlyWhole) {
  // One pass over each field: a terminator found at its first byte, start, middle or end;
  // a partial terminator or a multi-byte character sharing no byte with one is fine.
  auto ok = [](const char* profile, std::string_view name) {
    RyqyRecord r = sample_record<RyqyRecord>();
    r.area_name = name;
    return encode_file(*builtin_profile(profile),
                       profile == std::string_view("n-variant") ? "NRYQY" : "RYQY", sample_header(),
                       RecordList{std::vector{r}}, {})
        .ok();
  };
  EXPECT_TRUE(ok("national", "3105回风巷|东"));
  EXPECT_TRUE(ok("national", "a|"));
  EXPECT_FALSE(ok("national", "||"));
  EXPECT_FALSE(ok("national", "ab||"));
  EXPECT_FALSE(ok("national", "~"));
  EXPECT_FALSE(ok("national", ";"));
  EXPECT_FALSE(ok("national", "a\r"));
  EXPECT_TRUE(ok("n-variant", "a~b"));  // '~' ends nothing there
  EXPECT_TRUE(ok("n-variant", "a]]b]"));
  EXPECT_FALSE(ok("n-variant", "a]]]"));
  EXPECT_FALSE(ok("n-variant", "x^y"));
  EXPECT_FALSE(ok("n-variant", "x;y"));
}

TEST(Encoder, RejectedFileWithoutTypeEncodesToNothing) {
  const DecodedFile f = decode("bad_name.txt", "x", testing::national(), testing::options());
  EXPECT_EQ(encode(f), "");
}

}  // namespace
}  // namespace mw::netfile
