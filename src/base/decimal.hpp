#pragma once
// Decimal: a fixed-point number exactly as a mine wrote it ("0.50" keeps its two places).
// Sensor values are fixed-decimal text; keeping mantissa and scale makes re-encoding
// byte-identical and gives the time-series store scaled integers for free.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mw {

struct Decimal {
  std::int64_t mantissa = 0;  // value × 10^scale
  std::uint8_t scale = 0;     // digits after the point, 0..kMaxScale

  static constexpr std::uint8_t kMaxScale = 9;

  double to_double() const noexcept;
  // Same value, whatever the scale ("1.50" == "1.5").
  bool same_value(const Decimal& o) const noexcept;
  // Compares values (not representations); ties by scale are equal.
  int compare(const Decimal& o) const noexcept;
  friend bool operator==(const Decimal&, const Decimal&) = default;  // same representation
};

// Parses `[-+]?digits[.digits]` (also ".5" and "5."), at most 18 significant digits and
// kMaxScale decimals. No exponents, no spaces, no allocation.
std::optional<Decimal> parse_decimal(std::string_view text) noexcept;

// Writes the canonical form: "-" if negative, integer digits without leading zeros
// ("0" when none), and exactly `scale` decimals ("0.50", "12", "-0.05").
void append_decimal(std::string& out, Decimal d);
std::string format_decimal(Decimal d);

// The decimal closest to `v` with `scale` places (for writers such as the simulator).
Decimal decimal_from_double(double v, std::uint8_t scale) noexcept;

}  // namespace mw
