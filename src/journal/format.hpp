#pragma once
// The journal's on-disk format, version 2 (version 1 still read). Every constant here is
// specified byte by byte in docs/formats/journal.md; DO NOT CHANGE THESE VALUES: they are
// embedded in data on disk.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mw::journal {

inline constexpr std::uint32_t kFormatVersion = 2;          // written (journal.md §1)
inline constexpr std::uint32_t kOldestReadableVersion = 1;  // read as well

// Segment header (journal.md §2): magic, version, flags, first sequence, reserved, crc.
inline constexpr std::string_view kSegmentMagic = "MWJOURNL";
inline constexpr std::size_t kSegmentHeaderBytes = 32;
inline constexpr std::string_view kSegmentSuffix = ".wal";
inline constexpr std::size_t kSegmentNameDigits = 20;  // "00000000000000000001.wal"

// Record framing (journal.md §3): crc32c, payload length, sequence, type, flags, payload.
inline constexpr std::size_t kRecordHeaderBytes = 20;
// Larger payloads are refused by append() and treated as garbage by the reader (§3).
inline constexpr std::uint32_t kMaxPayloadBytes = 64u << 20;
// Record flag (journal.md §3, version 2): the payload is one zstd frame holding the caller's
// bytes. Version 1 defines no flag.
inline constexpr std::uint16_t kRecordFlagZstd = 1;
// Payloads shorter than this are stored as they are: a zstd frame's own header and the call
// cost more than they save on a clock tick or a small file (journal.md §3).
inline constexpr std::size_t kCompressMinBytes = 256;
// zstd level 1: the fastest standard level; networking files are repetitive text that it
// already shrinks several-fold (journal.md §3 has the measurement).
inline constexpr int kZstdLevel = 1;

// Checkpoint file (journal.md §4).
inline constexpr std::string_view kCheckpointName = "CHECKPOINT";
inline constexpr std::string_view kCheckpointTempName = "CHECKPOINT.tmp";
inline constexpr std::string_view kCheckpointMagic = "MWCHECKP";
inline constexpr std::size_t kCheckpointBytes = 28;

// Default segment size (journal.md §5): large enough that rotation is rare, small enough that
// a checkpoint frees space in useful steps.
inline constexpr std::uint64_t kDefaultSegmentBytes = 64ull << 20;

// Little-endian fixed-width fields (journal.md §1: all integers are little-endian).
inline void put_u16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xffu);
  out += static_cast<char>(v >> 8);
}
inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xffu);
}
inline void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xffu);
}
inline std::uint16_t get_u16(const char* p) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(p[0]) |
                                    (static_cast<unsigned char>(p[1]) << 8));
}
inline std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
inline std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

}  // namespace mw::journal
