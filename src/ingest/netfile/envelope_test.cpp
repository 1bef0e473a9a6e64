#include "ingest/netfile/envelope.hpp"

#include <gtest/gtest.h>

#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

using testing::national;

bool has(const Unwrapped& u, DiagCode c) {
  for (const Diagnostic& d : u.diagnostics) {
    if (d.code == c) return true;
  }
  return false;
}

TEST(SplitFields, KeepsEmptyFields) {
  std::vector<std::string_view> f;
  EXPECT_TRUE(split_fields("a;;b;", ';', 10, f));
  EXPECT_EQ(f, (std::vector<std::string_view>{"a", "", "b", ""}));
  EXPECT_TRUE(split_fields("", ';', 10, f));
  EXPECT_EQ(f, (std::vector<std::string_view>{""}));
}

TEST(SplitFields, StopsAtMax) {
  std::vector<std::string_view> f;
  EXPECT_FALSE(split_fields("a;b;c;d", ';', 3, f));
  EXPECT_EQ(f, (std::vector<std::string_view>{"a", "b", "c;d"}));
  EXPECT_TRUE(split_fields("a;b;c", ';', 3, f));
  EXPECT_EQ(f.size(), 3u);
  EXPECT_FALSE(split_fields("a;b", ';', 1, f));
  EXPECT_EQ(f, (std::vector<std::string_view>{"a;b"}));
}

TEST(Unwrap, PlainFile) {
  const Unwrapped u = unwrap("h~r~||", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~r~");
  EXPECT_TRUE(u.diagnostics.empty());
  EXPECT_EQ(u.layout.line_break, LineBreak::kNone);
}

TEST(Unwrap, BomIsReported) {
  const Unwrapped u = unwrap("\xEF\xBB\xBFh~||", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~");
  EXPECT_TRUE(u.layout.bom);
  EXPECT_TRUE(has(u, DiagCode::kEnvelopeBom));
}

TEST(Unwrap, Gb18030IsConverted) {
  const Result<std::string> gb = utf8_to_gb18030("煤矿~||");
  ASSERT_TRUE(gb.ok());
  const Unwrapped u = unwrap(*gb, national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "煤矿~");
  EXPECT_EQ(u.layout.encoding, Encoding::kGb18030);
  EXPECT_TRUE(has(u, DiagCode::kEncodingGb18030));
}

TEST(Unwrap, RegularCrLfIsRememberedForTheEncoder) {
  const Unwrapped u = unwrap("h~\r\nr~\r\n||\r\n", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~r~");
  EXPECT_EQ(u.layout.line_break, LineBreak::kCrLf);
  EXPECT_TRUE(u.layout.final_line_break);
  EXPECT_TRUE(has(u, DiagCode::kEnvelopeLineBreaks));
}

TEST(Unwrap, IrregularLineBreaksAreStrippedButNotRemembered) {
  const Unwrapped u = unwrap("h~r\n1~||", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~r1~");
  EXPECT_EQ(u.layout.line_break, LineBreak::kNone);
  EXPECT_TRUE(has(u, DiagCode::kEnvelopeLineBreaks));
}

TEST(Unwrap, QuotedBodyIsUnwrapped) {
  const Unwrapped u = unwrap(R"("h~a\"b~\u7164~||")", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~a\"b~煤~");
  EXPECT_TRUE(has(u, DiagCode::kEnvelopeQuoted));
}

TEST(Unwrap, MissingTerminatorIsAnError) {
  const Unwrapped u = unwrap("h~r~", national());
  EXPECT_FALSE(u.ok);
  ASSERT_TRUE(has(u, DiagCode::kEnvelopeUnterminated));
  EXPECT_NE(u.diagnostics.back().message.find("still be uploading"), std::string::npos);
}

TEST(Unwrap, EmptyFiles) {
  for (std::string_view s : {"", "||", "\r\n"}) {
    const Unwrapped u = unwrap(s, national());
    EXPECT_FALSE(u.ok);
    EXPECT_TRUE(has(u, DiagCode::kEnvelopeEmpty)) << s;
  }
}

TEST(Unwrap, TrailingDataIsAWarning) {
  const Unwrapped u = unwrap("h~r~||junk", national());
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(u.text, "h~r~");
  EXPECT_TRUE(has(u, DiagCode::kEnvelopeTrailingData));
}

TEST(Unwrap, InvalidBytesAreAnError) {
  const Unwrapped u = unwrap(std::string_view("\x81\x20~||", 5), national());
  EXPECT_FALSE(u.ok);
  EXPECT_TRUE(has(u, DiagCode::kEncodingInvalid));
}

}  // namespace
}  // namespace mw::netfile
