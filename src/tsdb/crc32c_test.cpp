#include "tsdb/crc32c.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

// The catalogue check value of CRC-32C and the iSCSI test vectors (RFC 3720 B.4).
TEST(TsdbCrc32c, KnownValues) {
  EXPECT_EQ(crc32c(as_bytes("")), 0U);
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283U);
  EXPECT_EQ(crc32c(as_bytes(std::string(32, '\0'))), 0x8A9136AAU);
  EXPECT_EQ(crc32c(as_bytes(std::string(32, '\xff'))), 0x62A8AB43U);
}

TEST(TsdbCrc32c, ContinuesAcrossPieces) {
  const std::string a = "chunks are ";
  const std::string b = "checksummed";
  EXPECT_EQ(crc32c(as_bytes(b), crc32c(as_bytes(a))), crc32c(as_bytes(a + b)));
}

}  // namespace
}  // namespace mw::tsdb
