#pragma once
// Bit-level writer and bounds-checked reader for the chunk codec (docs/formats/chunk.md §2).
// Bits are packed most-significant first within each byte, so a value written as k bits
// reads back as the same k bits whatever the byte boundaries.
//
// Thread safety: none; a writer or reader belongs to one thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace mw::tsdb {

class BitWriter {
 public:
  // Appends to `out`, which must outlive the writer; existing bytes are kept.
  explicit BitWriter(std::string& out) : out_(out) {}

  // Writes the low `count` bits of `value`, high bit first. count <= 64.
  void write_bits(std::uint64_t value, int count);
  void write_bit(bool bit) { write_bits(bit ? 1U : 0U, 1); }
  // Elias gamma code of n >= 1: floor(log2 n) zeros, then n in binary.
  void write_gamma(std::uint64_t n);
  // Pads the last byte with zero bits so the next write starts a new byte.
  void align();
  std::size_t bit_count() const noexcept { return bits_; }

 private:
  std::string& out_;
  std::size_t bits_ = 0;  // bits written by this writer
};

// Never reads outside its span: a read past the end sets a sticky failure flag and returns
// zeros, so decoders check `failed()` once per section instead of after every read.
class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  std::uint64_t read_bits(int count);
  bool read_bit() { return read_bits(1) != 0; }
  // Reads an Elias gamma code; fails if it has more than `max_bits` leading zeros.
  std::uint64_t read_gamma(int max_bits = 63);
  void align() { pos_ = (pos_ + 7) / 8 * 8; }

  bool failed() const noexcept { return failed_; }
  std::size_t bit_position() const noexcept { return pos_; }
  std::size_t bits_left() const noexcept { return bytes_.size() * 8 - pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace mw::tsdb
