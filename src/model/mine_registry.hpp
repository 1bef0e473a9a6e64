#pragma once
// The mine registry file, mines.csv (contracts.md "Mine registry — mines.csv"): parsed from
// text handed in (no file I/O here) and written back for the simulator.

#include <cstdint>
#include <iterator>
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

// What an absent or empty optional column means. The contract's values by default; a rule
// pack supplies its own (rules::mine_defaults), so the pack's personnel.overtime.default_hours,
// mine.activity_while_closed.maintenance_allowance and personnel.leader_absent.default_shifts
// apply to every mine whose row leaves them out.
struct MineDefaults {
  std::vector<int> shifts{std::begin(kDefaultShifts), std::end(kDefaultShifts)};
  Decimal overtime_hours = kDefaultOvertimeHours;
  std::uint32_t maintenance_allowance = kDefaultMaintenanceAllowance;
};
Result<std::vector<Mine>> parse_mine_registry(std::string_view csv_text,
                                              const MineDefaults& defaults);

// Writes every column, in the contract's order, LF line ends; parse_mine_registry reads it
// back to the same mines.
std::string format_mine_registry(const std::vector<Mine>& mines);

}  // namespace mw
