#pragma once
// CRC32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of journal records
// (docs/formats/journal.md §3 says why CRC32C rather than zlib's CRC-32) and of tsdb chunks
// and blocks (docs/formats/chunk.md §4).

#include <cstdint>
#include <span>
#include <string_view>

namespace mw {

// CRC32C of `data` continued from `crc`, the CRC32C of what came before (0 for nothing):
// crc32c_extend(crc32c(a), b) == crc32c(a + b). Uses SSE4.2 when the CPU has it.
std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view data) noexcept;
inline std::uint32_t crc32c(std::string_view data) noexcept { return crc32c_extend(0, data); }
inline std::uint32_t crc32c(std::span<const std::uint8_t> bytes) noexcept {
  return crc32c_extend(0, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

// The two implementations, exposed so tests can check they agree.
std::uint32_t crc32c_extend_portable(std::uint32_t crc, std::string_view data) noexcept;
bool crc32c_hardware_available() noexcept;
// Only when crc32c_hardware_available().
std::uint32_t crc32c_extend_hardware(std::uint32_t crc, std::string_view data) noexcept;

}  // namespace mw
