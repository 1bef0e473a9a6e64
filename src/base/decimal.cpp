#include "base/decimal.hpp"

#include <cmath>

namespace mw {
namespace {

constexpr std::int64_t kPow10[] = {1,         10,         100,         1000,        10000,
                                   100000,    1000000,    10000000,    100000000,   1000000000,
                                   10000000000LL};

__extension__ typedef __int128 Int128;  // exact comparisons of scaled 18-digit values

}  // namespace

double Decimal::to_double() const noexcept {
  return static_cast<double>(mantissa) / static_cast<double>(kPow10[scale]);
}

int Decimal::compare(const Decimal& o) const noexcept {
  // Bring both to the larger scale; 18 digits + 9 places fits in __int128.
  const std::uint8_t s = scale > o.scale ? scale : o.scale;
  const Int128 a = static_cast<Int128>(mantissa) * kPow10[s - scale];
  const Int128 b = static_cast<Int128>(o.mantissa) * kPow10[s - o.scale];
  return a < b ? -1 : (a > b ? 1 : 0);
}

bool Decimal::same_value(const Decimal& o) const noexcept { return compare(o) == 0; }

std::optional<Decimal> parse_decimal(std::string_view s) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    negative = s[i] == '-';
    ++i;
  }
  std::uint64_t m = 0;
  int significant = 0, int_digits = 0, frac_digits = 0;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    const auto d = static_cast<unsigned>(c - '0');
    if (d > 9) return std::nullopt;
    if (seen_point) {
      if (++frac_digits > Decimal::kMaxScale) return std::nullopt;
    } else {
      ++int_digits;
    }
    if (m != 0 || d != 0) ++significant;
    if (significant > 18) return std::nullopt;
    m = m * 10 + d;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  const auto signed_m = static_cast<std::int64_t>(m);
  return Decimal{negative ? -signed_m : signed_m, static_cast<std::uint8_t>(frac_digits)};
}

void append_decimal(std::string& out, Decimal d) {
  std::uint64_t m = d.mantissa < 0 ? 0 - static_cast<std::uint64_t>(d.mantissa)
                                   : static_cast<std::uint64_t>(d.mantissa);
  char buf[32];
  int n = 0;
  // Digits in reverse, at least scale + 1 of them so that "0.05" keeps its leading "0.".
  do {
    buf[n++] = static_cast<char>('0' + m % 10);
    m /= 10;
  } while (m != 0 || n < d.scale + 1);
  if (d.mantissa < 0) out.push_back('-');
  for (int k = n - 1; k >= 0; --k) {
    out.push_back(buf[k]);
    if (k == d.scale && d.scale > 0) out.push_back('.');
  }
}

std::string format_decimal(Decimal d) {
  std::string out;
  append_decimal(out, d);
  return out;
}

Decimal decimal_from_double(double v, std::uint8_t scale) noexcept {
  if (scale > Decimal::kMaxScale) scale = Decimal::kMaxScale;
  const double scaled = std::round(v * static_cast<double>(kPow10[scale]));
  return Decimal{static_cast<std::int64_t>(scaled), scale};
}

}  // namespace mw
