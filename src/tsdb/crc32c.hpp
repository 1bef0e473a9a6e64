#pragma once
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of chunks and blocks
// (docs/formats/chunk.md §4). Chosen over CRC-32 for its better error detection on short
// messages; software table, since a chunk is checked once per read.

#include <cstdint>
#include <span>

namespace mw::tsdb {

// CRC-32C of `bytes`, continuing from `crc` (0 for a fresh checksum).
std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0) noexcept;

}  // namespace mw::tsdb
