#pragma once
// The mine registry file, mines.csv (contracts.md "Mine registry — mines.csv"): parsed from
// text handed in (no file I/O here) and written back for the simulator.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "model/mine.hpp"

namespace mw {

// UTF-8 (a BOM is tolerated), a header row, RFC 4180 quoting, CRLF or LF line ends.
// Required columns mine_code,name,status,gas_grade; optional ones take the contract's
// defaults when absent or empty; unknown columns are ignored; blank lines are skipped.
// A bad row or a duplicate mine code is an error naming the line and the column, e.g.
// "mines.csv line 7, column gas_grade: 'medium' is not one of low|high|outburst".
Result<std::vector<Mine>> parse_mine_registry(std::string_view csv_text);

// Writes every column, in the contract's order, LF line ends; parse_mine_registry reads it
// back to the same mines.
std::string format_mine_registry(const std::vector<Mine>& mines);

}  // namespace mw
