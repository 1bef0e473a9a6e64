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

std::uint64_t BitReader::read_bits(int count) {
  if (failed_) return 0;
  if (static_cast<std::size_t>(count) > bits_left()) {
    failed_ = true;
    return 0;
  }
  std::uint64_t value = 0;
  while (count > 0) {
    const int used = static_cast<int>(pos_ % 8);
    const int room = 8 - used;
    const int take = count < room ? count : room;
    const unsigned byte = bytes_[pos_ / 8];
    const unsigned chunk = (byte >> (room - take)) & ((1U << take) - 1U);
    value = (value << take) | chunk;
    count -= take;
    pos_ += static_cast<std::size_t>(take);
  }
  return value;
}

std::uint64_t BitReader::read_gamma(int max_bits) {
  int zeros = 0;
  while (!failed_ && !read_bit()) {
    if (++zeros > max_bits) failed_ = true;
  }
  if (failed_) return 0;
  const std::uint64_t rest = read_bits(zeros);
  return (std::uint64_t{1} << zeros) | rest;
}

}  // namespace mw::tsdb
