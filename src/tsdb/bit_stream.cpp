#include "tsdb/bit_stream.hpp"

#include <bit>

namespace mw::tsdb {

void BitWriter::write_bits(std::uint64_t value, int count) {
  while (count > 0) {
    const int used = static_cast<int>(bits_ % 8);
    if (used == 0) out_.push_back('\0');
    const int room = 8 - used;
    const int take = count < room ? count : room;
    const auto chunk = static_cast<unsigned>((value >> (count - take)) & ((1U << take) - 1U));
    auto& last = out_.back();
    last = static_cast<char>(static_cast<unsigned char>(last) | (chunk << (room - take)));
    count -= take;
    bits_ += static_cast<std::size_t>(take);
  }
}

void BitWriter::write_gamma(std::uint64_t n) {
  const auto width = static_cast<int>(std::bit_width(n));  // n >= 1, so width >= 1
  write_bits(0, width - 1);
  write_bits(n, width);
}

void BitWriter::align() { bits_ = (bits_ + 7) / 8 * 8; }

std::uint64_t BitReader::read_long(int count) {
  const std::uint64_t high = read_bits(count - 32);
  return (high << 32) | read_bits(32);
}

std::uint64_t BitReader::read_gamma(int max_bits) {
  if (failed_) return 0;
  int zeros = std::countl_zero(peek());
  if (zeros < kPeekBits) {  // the usual case: the whole run of zeros is in one word
    if (zeros > max_bits || static_cast<std::size_t>(zeros) + 1 > bits_left()) {
      failed_ = true;
      return 0;
    }
    if (2 * zeros + 1 <= kPeekBits) return read_bits(2 * zeros + 1);  // the zeros add nothing
    pos_ += static_cast<std::size_t>(zeros) + 1;
  } else {
    zeros = 0;
    while (!failed_ && !read_bit()) {
      if (++zeros > max_bits) failed_ = true;
    }
    if (failed_) return 0;
  }
  const std::uint64_t rest = read_bits(zeros);
  return (std::uint64_t{1} << zeros) | rest;
}

}  // namespace mw::tsdb
