#include "tsdb/column_coder.hpp"

namespace mw::tsdb {

void write_bucketed(BitWriter& w, std::int64_t nonzero) {
  // Zig-zag of a non-zero value is >= 1; subtracting 1 gives ±1 the two smallest codes.
  std::uint64_t u = zigzag_encode(nonzero) - 1;
  const int last = static_cast<int>(kBucketBits.size()) - 1;
  for (int k = 0; k < last; ++k) {
    const auto width = kBucketBits[static_cast<std::size_t>(k)];
    const std::uint64_t span = std::uint64_t{1} << width;
    if (u < span) {
      w.write_bits((std::uint64_t{1} << (k + 1)) - 2, k + 1);  // k ones, then a zero
      w.write_bits(u, width);
      return;
    }
    u -= span;
  }
  w.write_bits((std::uint64_t{1} << last) - 1, last);  // all ones, no terminator
  w.write_bits(u, kBucketBits[static_cast<std::size_t>(last)]);
}

void ColumnWriter::add(std::uint64_t residual) {
  if (residual == 0) {
    ++run_;
    return;
  }
  w_.write_gamma(run_ + 1);
  if (raw_bits_ == kBucketed) {
    write_bucketed(w_, static_cast<std::int64_t>(residual));
  } else {
    w_.write_bits(residual, raw_bits_);
  }
  run_ = 0;
}

void ColumnWriter::finish() {
  if (run_ > 0) w_.write_gamma(run_ + 1);
  run_ = 0;
}

}  // namespace mw::tsdb
