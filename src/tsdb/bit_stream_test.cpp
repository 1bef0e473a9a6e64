#include "tsdb/bit_stream.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

TEST(BitStream, MixedWidthsReadBackAcrossByteBoundaries) {
  std::string buf;
  BitWriter w(buf);
  w.write_bits(0b101, 3);
  w.write_bits(0xDEADBEEFCAFEF00DULL, 64);
  w.write_bit(true);
  w.write_bits(0x3F, 6);
  w.write_gamma(1);
  w.write_gamma(1000);
  EXPECT_EQ(w.bit_count(), 3U + 64 + 1 + 6 + 1 + 19);
  BitReader r(as_bytes(buf));
  EXPECT_EQ(r.read_bits(3), 0b101U);
  EXPECT_EQ(r.read_bits(64), 0xDEADBEEFCAFEF00DULL);
  EXPECT_TRUE(r.read_bit());
  EXPECT_EQ(r.read_bits(6), 0x3FU);
  EXPECT_EQ(r.read_gamma(), 1U);
  EXPECT_EQ(r.read_gamma(), 1000U);
  EXPECT_FALSE(r.failed());
  EXPECT_LT(r.bits_left(), 8U);
}

TEST(BitStream, MostSignificantBitFirst) {
  std::string buf;
  BitWriter w(buf);
  w.write_bits(1, 1);
  w.write_bits(0, 6);
  w.write_bits(1, 2);
  ASSERT_EQ(buf.size(), 2U);
  EXPECT_EQ(static_cast<unsigned char>(buf[0]), 0x80U);
  EXPECT_EQ(static_cast<unsigned char>(buf[1]), 0x80U);
}

TEST(BitStream, AlignStartsNextWriteOnNewByte) {
  std::string buf;
  BitWriter w(buf);
  w.write_bits(1, 1);
  w.align();
  w.write_bits(0xFF, 8);
  ASSERT_EQ(buf.size(), 2U);
  EXPECT_EQ(static_cast<unsigned char>(buf[1]), 0xFFU);
}

TEST(BitStream, ReadPastEndFailsAndStaysFailed) {
  const std::uint8_t bytes[] = {0xAB};
  BitReader r(bytes);
  EXPECT_EQ(r.read_bits(4), 0xAU);
  EXPECT_EQ(r.read_bits(5), 0U);
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(r.read_bits(1), 0U);  // sticky, even though a bit would fit
  EXPECT_TRUE(r.failed());
}

TEST(BitStream, GammaWithTooManyZerosFails) {
  const std::uint8_t zeros[8] = {};
  BitReader r(zeros);
  r.read_gamma(10);
  EXPECT_TRUE(r.failed());
}

TEST(Varint, ZigzagMapsSmallMagnitudesToSmallCodes) {
  EXPECT_EQ(zigzag_encode(0), 0U);
  EXPECT_EQ(zigzag_encode(-1), 1U);
  EXPECT_EQ(zigzag_encode(1), 2U);
  EXPECT_EQ(zigzag_encode(INT64_MIN), UINT64_MAX);
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-7}, INT64_MAX, INT64_MIN}) {
    EXPECT_EQ(zigzag_decode(zigzag_encode(v)), v);
  }
}

TEST(Varint, ReaderRefusesTruncatedAndOverlongVarints) {
  std::string buf;
  put_varint(buf, 300);
  ByteReader ok(as_bytes(buf));
  EXPECT_EQ(ok.varint(), 300U);
  ByteReader truncated(as_bytes(buf).first(1));
  EXPECT_FALSE(truncated.varint().has_value());
  const std::string overlong(11, '\x80');
  ByteReader bad(as_bytes(overlong));
  EXPECT_FALSE(bad.varint().has_value());
}

}  // namespace
}  // namespace mw::tsdb
