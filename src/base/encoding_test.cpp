#include "base/encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw {
namespace {

// "3105回风巷" (a return roadway), bytes produced with
// `printf '3105回风巷' | iconv -f utf-8 -t gb18030 | xxd -p` and `| xxd -p`.
constexpr std::string_view kRoadwayUtf8 = "3105\xE5\x9B\x9E\xE9\xA3\x8E\xE5\xB7\xB7";
constexpr std::string_view kRoadwayGb = "3105\xBB\xD8\xB7\xE7\xCF\xEF";
// U+1F600 is outside the BMP: GB18030 writes it as a 4-byte sequence.
constexpr std::string_view kEmojiUtf8 = "\xF0\x9F\x98\x80";
constexpr std::string_view kEmojiGb = "\x94\x39\xFC\x36";
// U+4DB6 is in the BMP but not in GBK: also a 4-byte GB18030 sequence.
constexpr std::string_view kRareUtf8 = "\xE4\xB6\xB6";
constexpr std::string_view kRareGb = "\x82\x35\x87\x39";

TEST(Utf8, AcceptsAsciiOfEveryLength) {
  std::string s;
  for (int n = 0; n < 40; ++n) {
    EXPECT_TRUE(is_valid_utf8(s)) << n;
    s.push_back(static_cast<char>('a' + n % 26));
  }
}

TEST(Utf8, FindsANonAsciiByteInAnyPositionOfAWord) {
  // The fast path reads 8 bytes at once: a bad byte in each of its lanes must be found.
  for (std::size_t pos = 0; pos < 20; ++pos) {
    std::string s(20, 'x');
    s[pos] = '\xFF';
    EXPECT_EQ(utf8_error_offset(s), pos) << pos;
  }
}

TEST(Utf8, AcceptsChineseAndAstralText) {
  EXPECT_TRUE(is_valid_utf8(kRoadwayUtf8));
  EXPECT_TRUE(is_valid_utf8(kEmojiUtf8));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8, RejectsMalformedSequences) {
  struct Case {
    std::string_view bytes;
    std::size_t offset;
    const char* why;
  };
  const Case cases[] = {
      {"ab\x80", 2, "lone continuation byte"},
      {"\xC0\xAF", 0, "overlong 2-byte '/'"},
      {"\xC1\xBF", 0, "overlong 2-byte"},
      {"\xE0\x80\xAF", 0, "overlong 3-byte"},
      {"\xF0\x80\x80\xAF", 0, "overlong 4-byte"},
      {"\xED\xA0\x80", 0, "high surrogate U+D800"},
      {"\xED\xBF\xBF", 0, "low surrogate U+DFFF"},
      {"\xF4\x90\x80\x80", 0, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", 0, "F5 lead byte"},
      {"\xFF", 0, "FF"},
      {"ok\xE7\x94", 2, "truncated 3-byte at end"},
      {"\xE7\x94x", 0, "3-byte broken by ASCII"},
      {"12345678\xC3", 8, "truncated after a full ASCII word"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(is_valid_utf8(c.bytes)) << c.why;
    EXPECT_EQ(utf8_error_offset(c.bytes), c.offset) << c.why;
  }
}

// A slow decoder written from the definition (RFC 3629): the first sequence of `s` is valid
// when its bits form a code point that needs exactly that many bytes and is no surrogate.
bool reference_valid_one(std::string_view s) {
  const auto b = [&](std::size_t i) {
    return static_cast<unsigned>(static_cast<unsigned char>(s[i]));
  };
  std::size_t len = 0;
  unsigned cp = 0;
  if (b(0) < 0x80) return s.size() == 1;
  if ((b(0) & 0xE0) == 0xC0)
    len = 2, cp = b(0) & 0x1F;
  else if ((b(0) & 0xF0) == 0xE0)
    len = 3, cp = b(0) & 0x0F;
  else if ((b(0) & 0xF8) == 0xF0)
    len = 4, cp = b(0) & 0x07;
  else
    return false;
  if (s.size() != len) return false;
  for (std::size_t i = 1; i < len; ++i) {
    if ((b(i) & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  const unsigned min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
  return cp >= min_cp[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

TEST(Utf8, AgreesWithAReferenceDecoderOnEveryShortSequence) {
  std::string s;
  for (unsigned a = 0x80; a < 0x100; ++a) {
    for (unsigned b = 0; b < 0x100; ++b) {
      s = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(is_valid_utf8(s), reference_valid_one(s)) << std::hex << a << " " << b;
      if (a < 0xE0) continue;
      for (unsigned c : {0x00u, 0x7Fu, 0x80u, 0xA5u, 0xBFu, 0xC0u, 0xFFu}) {
        s = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
        ASSERT_EQ(is_valid_utf8(s), reference_valid_one(s))
            << std::hex << a << " " << b << " " << c;
        if (a < 0xF0) continue;
        s.push_back('\x80');
        ASSERT_EQ(is_valid_utf8(s), reference_valid_one(s))
            << std::hex << a << " " << b << " " << c;
      }
    }
  }
}

TEST(Utf8, SequenceLength) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length(kRoadwayUtf8, 4), 3u);
  EXPECT_EQ(utf8_sequence_length(kRoadwayUtf8, 5), 0u);  // inside a character
  EXPECT_EQ(utf8_sequence_length(kEmojiUtf8, 0), 4u);
}

TEST(Gb18030, ConvertsChineseBothWays) {
  auto utf8 = gb18030_to_utf8(kRoadwayGb);
  ASSERT_TRUE(utf8.ok()) << utf8.status().to_string();
  EXPECT_EQ(*utf8, kRoadwayUtf8);
  auto gb = utf8_to_gb18030(kRoadwayUtf8);
  ASSERT_TRUE(gb.ok()) << gb.status().to_string();
  EXPECT_EQ(*gb, kRoadwayGb);
}

TEST(Gb18030, ConvertsFourByteSequences) {
  auto emoji = gb18030_to_utf8(kEmojiGb);
  ASSERT_TRUE(emoji.ok()) << emoji.status().to_string();
  EXPECT_EQ(*emoji, kEmojiUtf8);
  auto rare = gb18030_to_utf8(kRareGb);
  ASSERT_TRUE(rare.ok()) << rare.status().to_string();
  EXPECT_EQ(*rare, kRareUtf8);
  EXPECT_EQ(*utf8_to_gb18030(kRareUtf8), kRareGb);
}

TEST(Gb18030, GrowsTheOutputForLongText) {
  // 3000 two-byte characters become 9000 UTF-8 bytes, more than the first buffer guess.
  std::string gb, expected;
  for (int i = 0; i < 3000; ++i) {
    gb += "\xBB\xD8";
    expected += "\xE5\x9B\x9E";
  }
  auto utf8 = gb18030_to_utf8(gb);
  ASSERT_TRUE(utf8.ok()) << utf8.status().to_string();
  EXPECT_EQ(*utf8, expected);
}

TEST(Gb18030, NamesTheOffsetOfABadByte) {
  // 0xFF is never a GB18030 byte; it sits after "3105" and one 2-byte character.
  auto r = gb18030_to_utf8("3105\xBB\xD8\xFF\xB7");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("offset 6"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("0xFF"), std::string::npos) << r.status().message();
}

TEST(Gb18030, RejectsATruncatedSequence) {
  auto r = gb18030_to_utf8("ab\xBB");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "not valid GB18030: truncated sequence at the end (offset 2)");
}

TEST(Gb18030, EncodingRejectsInvalidUtf8WithItsOffset) {
  auto r = utf8_to_gb18030("abc\xED\xA0\x80");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("offset 3"), std::string::npos) << r.status().message();
}

TEST(DecodeText, TakesValidUtf8AsIs) {
  auto d = decode_text(kRoadwayUtf8);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, kRoadwayUtf8);
  EXPECT_EQ(d->encoding, Encoding::kUtf8);
  EXPECT_FALSE(d->had_bom);
}

TEST(DecodeText, StripsABom) {
  auto d = decode_text(std::string("\xEF\xBB\xBF") + std::string(kRoadwayUtf8));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, kRoadwayUtf8);
  EXPECT_EQ(d->encoding, Encoding::kUtf8);
  EXPECT_TRUE(d->had_bom);
}

TEST(DecodeText, FallsBackToGb18030) {
  auto d = decode_text(kRoadwayGb);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->text, kRoadwayUtf8);
  EXPECT_EQ(d->encoding, Encoding::kGb18030);
  EXPECT_EQ(encoding_name(d->encoding), "gb18030");
}

TEST(DecodeText, ABomWithInvalidUtf8IsAnError) {
  auto d = decode_text(std::string("\xEF\xBB\xBF") + std::string(kRoadwayGb));
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("offset 7"), std::string::npos) << d.status().message();
}

TEST(DecodeText, NeitherEncodingNamesBothOffsets) {
  auto d = decode_text("ab\xFF");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(d.status().message().find("neither UTF-8"), std::string::npos);
  EXPECT_NE(d.status().message().find("offset 2"), std::string::npos) << d.status().message();
}

TEST(Encoding, Names) {
  EXPECT_EQ(encoding_name(Encoding::kUtf8), "utf-8");
  EXPECT_EQ(encoding_name(Encoding::kGb18030), "gb18030");
}

}  // namespace
}  // namespace mw
