#include "ingest/netfile/diagnostic.hpp"

#include <gtest/gtest.h>

#include <set>

#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

TEST(Diagnostics, EveryCodeHasAUniqueDottedNameAndADescription) {
  std::set<std::string_view> names;
  for (int i = 0; i < kDiagCodeCount; ++i) {
    const auto c = static_cast<DiagCode>(i);
    const std::string_view n = diag_name(c);
    EXPECT_NE(n.find('.'), std::string_view::npos) << i;
    EXPECT_NE(n, "unknown") << i;
    EXPECT_TRUE(names.insert(n).second) << n << " is used twice";
    EXPECT_GT(diag_description(c).size(), 20u) << n;
  }
  EXPECT_EQ(diag_name(static_cast<DiagCode>(kDiagCodeCount)), "unknown");
}

TEST(Diagnostics, SeveritiesMatchWhatTheyDo) {
  // Errors reject the file; record problems skip the record; repairs are reported.
  EXPECT_EQ(diag_severity(DiagCode::kHeaderMineMismatch), Severity::kError);
  EXPECT_EQ(diag_severity(DiagCode::kEnvelopeUnterminated), Severity::kError);
  EXPECT_EQ(diag_severity(DiagCode::kFileTooManyBadRecords), Severity::kError);
  EXPECT_EQ(diag_severity(DiagCode::kRecordFieldCount), Severity::kWarning);
  EXPECT_EQ(diag_severity(DiagCode::kEnvelopeQuoted), Severity::kWarning);
  EXPECT_EQ(diag_severity(DiagCode::kEnvelopeBom), Severity::kInfo);
  EXPECT_EQ(diag_severity(DiagCode::kEncodingGb18030), Severity::kInfo);
  EXPECT_EQ(severity_name(Severity::kWarning), "warning");
  EXPECT_EQ(diag_name(DiagCode::kHeaderMineMismatch), "header.mine_mismatch");
  EXPECT_EQ(diag_name(DiagCode::kEnvelopeUnterminated), "envelope.unterminated");
}

TEST(Diagnostics, HeaderFieldTooLongOrHoldingTheTerminatorIsABadHeader) {
  const std::string long_name =
      "140421000111;" + std::string(5000, 'x') + ";2026-09-23 10:13:19~||";
  const DecodedFile a = testing::decode_national("CDSS", long_name);
  EXPECT_FALSE(a.accepted);
  EXPECT_TRUE(testing::has_diag(a, DiagCode::kHeaderBadValue));
  const DecodedFile b =
      testing::decode_national("CDSS", "140421000111;a||b;2026-09-23 10:13:19~||");
  EXPECT_FALSE(b.accepted);
  EXPECT_TRUE(testing::has_diag(b, DiagCode::kHeaderBadValue));
}

}  // namespace
}  // namespace mw::netfile
