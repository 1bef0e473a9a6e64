#include "model/codes.hpp"

#include <string>

#include "base/text.hpp"

namespace mw {
namespace {

// netfile.md §1: 12 digits, or 20 characters (e.g. 150622B0012000200092).
constexpr std::size_t kShortMineCode = 12;
constexpr std::size_t kLongMineCode = 20;
// GB/T 2260 county code: the first 6 characters are digits in both forms.
constexpr std::size_t kCountyDigits = 6;
// netfile.md §3: card = mine + 5, area = mine + 4, station = area + 6.
constexpr std::size_t kCardSuffix = 5;
constexpr std::size_t kAreaSuffix = 4;
constexpr std::size_t kStationSuffix = kAreaSuffix + 6;
// Inner Mongolia writes 25-digit cards (netfile.md §3), whatever the mine code's length.
constexpr std::size_t kLongCard = 25;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }

bool all_digits(std::string_view s) noexcept {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

// Checks that `code` is `mine_code` followed by exactly `digits` digits.
Status check_suffixed(std::string_view what, std::string_view code, std::string_view mine_code,
                      std::size_t digits) {
  const std::size_t want = mine_code.size() + digits;
  if (code.size() != want) {
    return Status::invalid_argument(std::string(what) + " " + quoted(code) + " is " +
                                    std::to_string(code.size()) +
                                    " characters; expected mine code " + std::string(mine_code) +
                                    " + " + std::to_string(digits) + " digits");
  }
  if (!code.starts_with(mine_code)) {
    return Status::invalid_argument(std::string(what) + " " + quoted(code) +
                                    " does not start with its mine code " + std::string(mine_code));
  }
  if (!all_digits(code.substr(mine_code.size()))) {
    return Status::invalid_argument(std::string(what) + " " + quoted(code) + ": the " +
                                    std::to_string(digits) + " characters after the mine code " +
                                    "must be digits");
  }
  return Status{};
}

}  // namespace

bool is_valid_mine_code(std::string_view code) noexcept {
  if (code.size() == kShortMineCode) return all_digits(code);
  if (code.size() != kLongMineCode) return false;
  if (!all_digits(code.substr(0, kCountyDigits))) return false;
  for (char c : code.substr(kCountyDigits)) {
    if (!is_digit(c) && !is_upper(c)) return false;
  }
  return true;
}

std::string_view province_of(std::string_view mine_code) noexcept {
  return mine_code.substr(0, mine_code.size() < 2 ? mine_code.size() : 2);
}

Status check_mine_code(std::string_view code) {
  if (is_valid_mine_code(code)) return Status{};
  if (code.empty()) return Status::invalid_argument("mine code is empty");
  if (code.size() != kShortMineCode && code.size() != kLongMineCode) {
    return Status::invalid_argument("mine code " + quoted(code) + " is " +
                                    std::to_string(code.size()) +
                                    " characters; expected 12 digits or 20 characters");
  }
  if (code.size() == kShortMineCode) {
    return Status::invalid_argument("mine code " + quoted(code) + " must be 12 digits");
  }
  return Status::invalid_argument("mine code " + quoted(code) +
                                  " must be 6 digits (county code) then 14 digits or "
                                  "upper-case letters");
}

Status check_card_code(std::string_view card, std::string_view mine_code) {
  if (card.size() == kLongCard && mine_code.size() + kCardSuffix != kLongCard &&
      card.starts_with(mine_code) && all_digits(card.substr(mine_code.size()))) {
    return Status{};  // the 25-digit variant of a 12-digit mine
  }
  return check_suffixed("card code", card, mine_code, kCardSuffix);
}

Status check_area_code(std::string_view area, std::string_view mine_code) {
  return check_suffixed("area code", area, mine_code, kAreaSuffix);
}

Status check_station_code(std::string_view station, std::string_view mine_code) {
  return check_suffixed("station code", station, mine_code, kStationSuffix);
}

std::string_view area_of_station(std::string_view station, std::string_view mine_code) noexcept {
  if (station.size() != mine_code.size() + kStationSuffix || !station.starts_with(mine_code)) {
    return {};
  }
  return station.substr(0, mine_code.size() + kAreaSuffix);
}

}  // namespace mw
