#pragma once
// CardCode: a 卡编码 kept inline, so tracking a person allocates nothing and stays within the
// ≤ 64 B/person budget (issue 4). The decoder accepts 17- and 25-character cards
// (model/codes.hpp); anything longer does not fit and is reported by from() as nullopt.

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mw::rules {

class CardCode {
 public:
  // 25 characters (Inner Mongolia: 20-character mine code + 5) plus one spare.
  static constexpr std::size_t kCapacity = 26;

  CardCode() = default;
  // nullopt for an empty code or one longer than kCapacity.
  static std::optional<CardCode> from(std::string_view text) noexcept {
    if (text.empty() || text.size() > kCapacity) return std::nullopt;
    CardCode c;
    std::copy(text.begin(), text.end(), c.data_.begin());
    c.size_ = static_cast<std::uint8_t>(text.size());
    return c;
  }

  std::string_view view() const noexcept { return {data_.data(), size_}; }

  friend bool operator==(const CardCode& a, const CardCode& b) noexcept {
    return a.view() == b.view();
  }
  friend std::strong_ordering operator<=>(const CardCode& a, const CardCode& b) noexcept {
    return a.view() <=> b.view();
  }

 private:
  std::array<char, kCapacity> data_{};
  std::uint8_t size_ = 0;
};

}  // namespace mw::rules
