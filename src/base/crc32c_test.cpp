#include "base/crc32c.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace mw {
namespace {

// Check values from RFC 3720 (iSCSI) appendix B.4 and the CRC catalogue ("123456789").
TEST(Crc32c, KnownValues) {
  EXPECT_EQ(crc32c(""), 0u);
  EXPECT_EQ(crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  EXPECT_EQ(crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(crc32c_extend_portable(0, "123456789"), 0xE3069283u);
}

TEST(Crc32c, ExtendEqualsWhole) {
  const std::string a = "journal records are ", b = "checksummed end to end";
  EXPECT_EQ(crc32c_extend(crc32c(a), b), crc32c(a + b));
  EXPECT_EQ(crc32c_extend_portable(crc32c_extend_portable(0, a), b), crc32c(a + b));
}

TEST(Crc32c, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string data(300, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  for (std::size_t start = 0; start < 9; ++start) {
    for (std::size_t len = 0; start + len <= data.size(); len += 7) {
      const std::string_view s(data.data() + start, len);
      const auto portable = crc32c_extend_portable(0x1234u, s);
      if (crc32c_hardware_available()) {
        ASSERT_EQ(crc32c_extend_hardware(0x1234u, s), portable) << start << " " << len;
      }
      ASSERT_EQ(crc32c_extend(0x1234u, s), portable);
    }
  }
}

TEST(Crc32c, DetectsASingleFlippedBit) {
  std::string data(100, 'a');
  const auto base = crc32c(data);
  for (std::size_t i = 0; i < data.size() * 8; ++i) {
    std::string d = data;
    d[i / 8] = static_cast<char>(d[i / 8] ^ (1 << (i % 8)));
    ASSERT_NE(crc32c(d), base) << i;
  }
}

}  // namespace
}  // namespace mw
