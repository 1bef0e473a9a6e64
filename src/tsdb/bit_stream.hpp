#pragma once
// Bit-level writer and bounds-checked reader for the chunk codec (docs/formats/chunk.md §2).
// Bits are packed most-significant first within each byte, so a value written as k bits
// reads back as the same k bits whatever the byte boundaries.
//
// Thread safety: none; a writer or reader belongs to one thread.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

  // Inline: the codecs' inner loops call these for every residual.
  std::uint64_t read_bits(int count) {
    if (failed_) return 0;
    if (static_cast<std::size_t>(count) > bits_left()) {
      failed_ = true;
      return 0;
    }
    if (count == 0) return 0;
    if (count > kPeekBits) return read_long(count);
    const std::uint64_t value = peek() >> (64 - count);
    pos_ += static_cast<std::size_t>(count);
    return value;
  }
  bool read_bit() { return read_bits(1) != 0; }
  // The next 64 bits from the read position, high bit first, zeros past the end; the
  // first kPeekBits of them are always real bits or past-the-end zeros.
  std::uint64_t peek() const noexcept {
    const std::size_t at = pos_ / 8;
    std::uint64_t word = 0;
    if (at + 8 <= bytes_.size()) {
      std::memcpy(&word, bytes_.data() + at, 8);
      if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap64(word);
    } else {
      for (std::size_t i = 0; i < 8; ++i) {
        word = (word << 8) | (at + i < bytes_.size() ? bytes_[at + i] : 0U);
      }
    }
    return word << (pos_ % 8);
  }
  static constexpr int kPeekBits = 57;
  // Reads an Elias gamma code; fails if it has more than `max_bits` leading zeros.
  std::uint64_t read_gamma(int max_bits = 63) {
    if (failed_) return 0;
    const int zeros = std::countl_zero(peek());
    if (zeros >= kPeekBits) return read_gamma_slow(max_bits);  // a run longer than a word
    if (zeros > max_bits || static_cast<std::size_t>(zeros) + 1 > bits_left()) {
      failed_ = true;
      return 0;
    }
    if (2 * zeros + 1 <= kPeekBits) return read_bits(2 * zeros + 1);  // the zeros add nothing
    pos_ += static_cast<std::size_t>(zeros) + 1;
    return (std::uint64_t{1} << zeros) | read_bits(zeros);
  }
  void align() { pos_ = (pos_ + 7) / 8 * 8; }

  bool failed() const noexcept { return failed_; }
  std::size_t bit_position() const noexcept { return pos_; }
  std::size_t bits_left() const noexcept { return bytes_.size() * 8 - pos_; }

 private:
  std::uint64_t read_long(int count);  // count > kPeekBits: two reads
  std::uint64_t read_gamma_slow(int max_bits);

  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace mw::tsdb
