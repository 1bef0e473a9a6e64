#pragma once
// Codes that identify mines, cards, areas and stations (netfile.md §1, §3).
//   煤矿编码 mine code: 12 digits (first 6 = GB/T 2260 county code) or 20 characters
//                      (digits and upper-case letters, e.g. 150622B0012000200092).
//   卡编码 card:   mine code + 5 digits (17 for a 12-digit mine); a 25-digit variant is
//                  accepted (Inner Mongolia: 20-character mine code + 5).
//   区域编码 area: mine code + 4 digits.
//   基站编码 station: area code + 6 digits, so a station's area is its code prefix.

#include <string_view>

#include "base/status.hpp"

namespace mw {

bool is_valid_mine_code(std::string_view code) noexcept;
// Province = first two characters of the mine code (GB/T 2260).
std::string_view province_of(std::string_view mine_code) noexcept;

// Each check names the reason in the returned Status (e.g. "card code 1404210001 ... is
// 10 characters; expected mine code 140421000111 + 5 digits").
Status check_mine_code(std::string_view code);
Status check_card_code(std::string_view card, std::string_view mine_code);
Status check_area_code(std::string_view area, std::string_view mine_code);
Status check_station_code(std::string_view station, std::string_view mine_code);

// Area code a station belongs to (its prefix: mine code + 4); empty if the station code
// is not mine code + 10.
std::string_view area_of_station(std::string_view station, std::string_view mine_code) noexcept;

}  // namespace mw
