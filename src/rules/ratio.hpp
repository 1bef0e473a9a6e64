#pragma once
// Exact comparisons of a count with a fraction or multiple given as a pack Decimal
// ("1.2 × approved", "half of the snapshots"): no floating point at the edges the tests pin.

#include <cstdint>

#include "base/decimal.hpp"

namespace mw::rules {

namespace ratio_detail {
__extension__ typedef __int128 Int128;  // counts × 10^18 do not fit in 64 bits
inline Int128 pow10(std::uint8_t scale) {
  Int128 p = 1;
  for (std::uint8_t i = 0; i < scale; ++i) p *= 10;
  return p;
}
}  // namespace ratio_detail

// count > base × factor
inline bool exceeds_multiple(std::uint64_t count, std::uint64_t base, Decimal factor) {
  using ratio_detail::Int128;
  return static_cast<Int128>(count) * ratio_detail::pow10(factor.scale) >
         static_cast<Int128>(base) * factor.mantissa;
}

// part ≥ whole × fraction
inline bool at_least_fraction(std::uint64_t part, std::uint64_t whole, Decimal fraction) {
  using ratio_detail::Int128;
  return static_cast<Int128>(part) * ratio_detail::pow10(fraction.scale) >=
         static_cast<Int128>(whole) * fraction.mantissa;
}

}  // namespace mw::rules
