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

std::uint64_t BitReader::read_gamma_slow(int max_bits) {
  int zeros = 0;
  while (!failed_ && !read_bit()) {
    if (++zeros > max_bits) failed_ = true;
  }
  if (failed_) return 0;
  return (std::uint64_t{1} << zeros) | read_bits(zeros);
}

std::uint64_t BitReader::read_long(int count) {
  const std::uint64_t high = read_bits(count - 32);
  return (high << 32) | read_bits(32);
}

}  // namespace mw::tsdb
