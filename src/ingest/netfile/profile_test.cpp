#include "ingest/netfile/profile.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/netfile/builtin_profiles.hpp"
#include "ingest/netfile/records.hpp"

namespace mw::netfile {
namespace {

TEST(Profile, EveryBuiltinProfileFileParses) {
  ASSERT_GE(builtin_profile_texts().size(), 5u);
  for (const BuiltinProfileText& b : builtin_profile_texts()) {
    const Result<Profile> p = parse_profile(b.toml, b.file);
    EXPECT_TRUE(p.ok()) << b.file << ": " << p.status().message();
  }
  std::vector<std::string_view> names = builtin_profile_names();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string_view>{"crlf-counts", "legacy-a", "legacy-params",
                                                  "n-variant", "national"}));
  EXPECT_EQ(builtin_profile("nope"), nullptr);
}

TEST(Profile, NationalDefinesEveryKind) {
  const Profile& p = *builtin_profile("national");
  for (int k = 0; k < kFileTypeCount; ++k) {
    const auto kind = static_cast<FileType>(k);
    if (kind == FileType::kPersonnelParams) continue;  // legacy-params only
    EXPECT_NE(p.find_kind(kind), nullptr) << file_type_key(kind);
  }
  const TypeSpec* cdss = p.find_type("CDSS");
  ASSERT_NE(cdss, nullptr);
  EXPECT_EQ(cdss->min_fields, 7);
  EXPECT_EQ(cdss->max_fields, 7);
  const TypeSpec* fzdy = p.find_type("FZDY");
  ASSERT_NE(fzdy, nullptr);
  EXPECT_EQ(fzdy->min_fields, 6);
  EXPECT_EQ(fzdy->max_fields, 0);  // accepts extra fields
  EXPECT_EQ(p.limits.max_file_bytes, Limits::kDefaultMaxFileBytes);
}

TEST(Profile, VariantsSayWhatDiffers) {
  const Profile& n = *builtin_profile("n-variant");
  EXPECT_EQ(n.envelope.record_end, "^");
  EXPECT_EQ(n.envelope.file_end, "]]]");
  ASSERT_NE(n.find_type("NRYSS"), nullptr);
  EXPECT_EQ(n.find_type("NRYSS")->kind, FileType::kRyss);
  EXPECT_EQ(n.find_type("RYSS"), nullptr);
  EXPECT_TRUE(n.quirks.ryss_area_may_be_type);
  EXPECT_EQ(builtin_profile("legacy-a")->quirks.empty_time_text, "xxxx-xx-xx xx:xx:xx");
  EXPECT_EQ(builtin_profile("legacy-params")->find_type("RYCS")->kind, FileType::kPersonnelParams);
  EXPECT_EQ(builtin_profile("crlf-counts")->quirks.relation_form, RelationForm::kIdOnly);
}

constexpr std::string_view kMinimal = R"(
name = "p"
[[types]]
name = "CDSS"
header = ["mine_code", "mine_name", "upload_time"]
fields = ["point_code", "value", "time"]
)";

TEST(Profile, MinimalProfileTakesDefaults) {
  const Result<Profile> p = parse_profile(kMinimal, "test");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->envelope.file_end, "||");
  EXPECT_EQ(p->types[0].kind, FileType::kCdss);  // kind defaults to the name
  EXPECT_EQ(p->types[0].min_fields, 3);
  EXPECT_DOUBLE_EQ(p->limits.max_bad_ratio, 0.2);
}

TEST(Profile, LimitsAreConfigurable) {
  std::string text(kMinimal);
  text.insert(text.find("[[types]]"),
              "[limits]\nmax_file_bytes = 1000\nmax_field_bytes = 10\n"
              "future_tolerance_seconds = 60\nmax_bad_ratio = 0.5\n"
              "unterminated_grace_seconds = 120\n");
  const Result<Profile> p = parse_profile(text, "test");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->limits.max_file_bytes, 1000u);
  EXPECT_EQ(p->limits.max_field_bytes, 10u);
  EXPECT_EQ(p->limits.future_tolerance_seconds, 60);
  EXPECT_DOUBLE_EQ(p->limits.max_bad_ratio, 0.5);
  EXPECT_EQ(p->limits.unterminated_grace_seconds, 120);
}

TEST(Profile, ErrorsNameTheOriginAndTheProblem) {
  auto error_of = [](std::string_view from, std::string_view to) {
    std::string text(kMinimal);
    text.replace(text.find(from), from.size(), to);
    const Result<Profile> p = parse_profile(text, "my.toml");
    return p.ok() ? std::string("ok") : p.status().message();
  };
  EXPECT_NE(error_of("\"value\"", "\"valeu\"").find("unknown field 'valeu'"), std::string::npos);
  EXPECT_NE(error_of("\"mine_name\"", "\"mine\"").find("unknown header field"), std::string::npos);
  EXPECT_NE(error_of("name = \"CDSS\"", "name = \"CDSS\"\nkind = \"FOO\"").find("unknown kind"),
            std::string::npos);
  EXPECT_NE(error_of("\"point_code\", \"value\"", "\"...\", \"value\"").find("first"),
            std::string::npos);
  EXPECT_NE(error_of("\"value\", \"time\"", "\"value\", \"value\"").find("twice"),
            std::string::npos);
  EXPECT_NE(error_of("name = \"p\"", "name = ").find("my.toml"), std::string::npos);
  EXPECT_NE(error_of("name = \"p\"", "").find("missing name"), std::string::npos);
  EXPECT_NE(error_of("name = \"CDSS\"", "name = \"CD_SS\"").find("without '_'"), std::string::npos);
}

TEST(Profile, DuplicateTypeAndBadQuirksAreErrors) {
  std::string dup(kMinimal);
  dup += dup.substr(dup.find("[[types]]"));
  EXPECT_NE(parse_profile(dup, "x").status().message().find("twice"), std::string::npos);
  std::string quirk(kMinimal);
  quirk.insert(quirk.find("[[types]]"), "[quirks]\nrelation_form = \"short\"\n");
  EXPECT_FALSE(parse_profile(quirk, "x").ok());
  std::string ratio(kMinimal);
  ratio.insert(ratio.find("[[types]]"), "[limits]\nmax_bad_ratio = 2.0\n");
  EXPECT_FALSE(parse_profile(ratio, "x").ok());
}

TEST(Records, FieldNamesAreUniquePerKind) {
  for (int k = 0; k < kFileTypeCount; ++k) {
    std::vector<std::string_view> names = record_field_names(static_cast<FileType>(k));
    EXPECT_FALSE(names.empty());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << k;
  }
  EXPECT_EQ(record_field_names(FileType::kCddy).size(), 24u);
  EXPECT_EQ(record_field_names(FileType::kRyss).size(), 15u);
  EXPECT_EQ(record_field_names(FileType::kPersonnelParams).size(), 13u);
  EXPECT_EQ(empty_record_list(FileType::kRyss).index(), static_cast<std::size_t>(FileType::kRyss));
}

TEST(FileTypeKeys, RoundTrip) {
  for (int k = 0; k < kFileTypeCount; ++k) {
    const auto t = static_cast<FileType>(k);
    EXPECT_EQ(file_type_from_key(file_type_key(t)), t);
  }
  EXPECT_FALSE(file_type_from_key("NRYSS").has_value());
}

}  // namespace
}  // namespace mw::netfile
