#pragma once
// The payload the kill -9 test's child writes for a nonce, so the parent can check content.

#include <cstdint>
#include <string>

namespace mw::journal {

inline std::string crash_payload(std::uint64_t nonce) {
  std::string p = "nonce=" + std::to_string(nonce) + ";";
  const std::size_t len = 16 + nonce % 97;  // varied sizes
  std::uint64_t x = nonce * 0x9E3779B97F4A7C15ull + 1;
  while (p.size() < len) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    p += static_cast<char>('a' + x % 26);
  }
  return p;
}

}  // namespace mw::journal
