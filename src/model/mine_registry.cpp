#include "model/mine_registry.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "base/encoding.hpp"
#include "base/text.hpp"
#include "model/codes.hpp"

namespace mw {
namespace {

constexpr std::string_view kFile = "mines.csv";

// Column order of contracts.md; the first four are required.
enum Column : std::size_t {
  kMineCode,
  kName,
  kStatus,
  kGasGrade,
  kProvince,
  kShifts,
  kOvertimeHours,
  kMaintenanceAllowance,
  kApprovedTotal,
  kLat,
  kLon,
  kColumnCount,
};
constexpr std::size_t kRequiredColumns = 4;
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"mine_code",
                                                                     "name",
                                                                     "status",
                                                                     "gas_grade",
                                                                     "province",
                                                                     "shifts",
                                                                     "overtime_hours",
                                                                     "maintenance_allowance",
                                                                     "approved_total",
                                                                     "lat",
                                                                     "lon"};

Status line_error(std::size_t line, std::string_view what) {
  return Status::invalid_argument(std::string(kFile) + " line " + std::to_string(line) + ": " +
                                  std::string(what));
}

Status column_error(std::size_t line, Column col, std::string_view what) {
  return Status::invalid_argument(std::string(kFile) + " line " + std::to_string(line) +
                                  ", column " + std::string(kColumnNames[col]) + ": " +
                                  std::string(what));
}

std::string_view trim(std::string_view s) {
  // A stray CR (a CRLF file cut short) is as invisible as a space to whoever wrote it.
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Reads RFC 4180 records one at a time, counting physical lines.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : s_(text) {}

  bool at_end() const noexcept { return pos_ >= s_.size(); }
  // Line on which the next record starts.
  std::size_t line() const noexcept { return line_; }

  // Reads the next record into `fields`. Precondition: !at_end().
  Status next(std::vector<std::string>& fields) {
    fields.clear();
    const std::size_t start_line = line_;
    while (true) {
      std::string field;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        MW_RETURN_IF_ERROR(read_quoted(field, start_line));
      } else {
        const std::size_t begin = pos_;
        while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '\n' && !at_crlf()) {
          if (s_[pos_] == '"') {
            return line_error(line_,
                              "a '\"' inside an unquoted field; quote the whole field "
                              "and double the quote");
          }
          ++pos_;
        }
        field = trim(s_.substr(begin, pos_ - begin));
      }
      fields.push_back(std::move(field));
      if (pos_ >= s_.size()) return Status{};
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      pos_ += at_crlf() ? 2U : 1U;  // the record's line end
      ++line_;
      return Status{};
    }
  }

 private:
  bool at_crlf() const noexcept {
    return pos_ + 1 < s_.size() && s_[pos_] == '\r' && s_[pos_ + 1] == '\n';
  }

  Status read_quoted(std::string& field, std::size_t start_line) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size()) {
        return line_error(start_line, "a quoted field is never closed");
      }
      const char c = s_[pos_++];
      if (c == '"') {
        if (pos_ < s_.size() && s_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field.push_back(c);
    }
    if (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '\n' && !at_crlf()) {
      return line_error(line_, "text after the closing quote of a field");
    }
    return Status{};
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

template <class Int>
std::optional<Int> parse_uint(std::string_view s) {
  Int v{};
  if (s.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || s.front() == '-') return std::nullopt;
  return v;
}

Result<std::vector<int>> parse_shifts(std::string_view text, std::size_t line) {
  std::vector<int> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t semi = text.find(';', start);
    const std::string_view part =
        trim(text.substr(start, semi == std::string_view::npos ? text.npos : semi - start));
    const auto minutes = parse_shift_start(part);
    if (!minutes) {
      return column_error(line, kShifts,
                          quoted(part) + " is not a local time HH:MM (e.g. 00:00;08:00;16:00)");
    }
    if (!out.empty() && *minutes <= out.back()) {
      return column_error(
          line, kShifts, quoted(text) + ": shift starts must be in ascending order within one day");
    }
    out.push_back(*minutes);
    if (semi == std::string_view::npos) return out;
    start = semi + 1;
  }
}

Result<Decimal> parse_coordinate(std::string_view text, std::size_t line, Column col,
                                 std::int64_t limit) {
  const auto d = parse_decimal(text);
  if (!d || d->compare(Decimal{limit, 0}) > 0 || d->compare(Decimal{-limit, 0}) < 0) {
    return column_error(line, col,
                        quoted(text) + " is not a number of degrees between -" +
                            std::to_string(limit) + " and " + std::to_string(limit));
  }
  return *d;
}

// Column index of each known column in this file, or npos.
using ColumnMap = std::array<std::size_t, kColumnCount>;

Result<ColumnMap> map_header(const std::vector<std::string>& header) {
  ColumnMap map;
  map.fill(std::string::npos);
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (!seen.emplace(header[i], i).second && !header[i].empty()) {
      return line_error(1, "column " + quoted(header[i]) + " appears twice in the header");
    }
    const auto* it = std::find(kColumnNames.begin(), kColumnNames.end(), header[i]);
    if (it != kColumnNames.end()) map[static_cast<std::size_t>(it - kColumnNames.begin())] = i;
  }
  for (std::size_t c = 0; c < kRequiredColumns; ++c) {
    if (map[c] == std::string::npos) {
      return line_error(1, "the header has no column " + quoted(kColumnNames[c]) +
                               " (required: mine_code,name,status,gas_grade)");
    }
  }
  return map;
}

Result<Mine> parse_row(const std::vector<std::string>& fields, const ColumnMap& map,
                       std::size_t line, const MineDefaults& defaults) {
  const auto get = [&](Column c) -> std::string_view {
    return map[c] == std::string::npos ? std::string_view{} : std::string_view(fields[map[c]]);
  };
  Mine m;
  m.shifts = defaults.shifts;
  m.overtime_hours = defaults.overtime_hours;
  m.maintenance_allowance = defaults.maintenance_allowance;
  m.code = get(kMineCode);
  if (Status s = check_mine_code(m.code); !s.ok())
    return column_error(line, kMineCode, s.message());
  m.name = get(kName);
  if (m.name.empty()) return column_error(line, kName, "is empty; every mine needs a name");
  const auto status = parse_mine_status(get(kStatus));
  if (!status) {
    return column_error(
        line, kStatus,
        quoted(get(kStatus)) + " is not one of producing|stopped|closed|construction");
  }
  m.status = *status;
  const auto grade = parse_gas_grade(get(kGasGrade));
  if (!grade) {
    return column_error(line, kGasGrade,
                        quoted(get(kGasGrade)) + " is not one of low|high|outburst");
  }
  m.gas_grade = *grade;

  if (const auto p = get(kProvince); p.empty()) {
    m.province = province_of(m.code);
  } else if (p.size() != 2 || !parse_uint<unsigned>(p)) {
    return column_error(line, kProvince, quoted(p) + " is not a 2-digit province code (GB/T 2260)");
  } else {
    m.province = p;
  }
  if (const auto s = get(kShifts); !s.empty()) {
    auto shifts = parse_shifts(s, line);
    if (!shifts.ok()) return std::move(shifts).take_status();
    m.shifts = std::move(shifts).value();
  }
  if (const auto h = get(kOvertimeHours); !h.empty()) {
    const auto d = parse_decimal(h);
    if (!d || d->compare(Decimal{0, 0}) <= 0) {
      return column_error(line, kOvertimeHours, quoted(h) + " is not a positive number of hours");
    }
    m.overtime_hours = *d;
  }
  if (const auto a = get(kMaintenanceAllowance); !a.empty()) {
    const auto v = parse_uint<std::uint32_t>(a);
    if (!v)
      return column_error(line, kMaintenanceAllowance, quoted(a) + " is not a whole number ≥ 0");
    m.maintenance_allowance = *v;
  }
  if (const auto a = get(kApprovedTotal); !a.empty()) {
    const auto v = parse_uint<std::uint32_t>(a);
    if (!v) return column_error(line, kApprovedTotal, quoted(a) + " is not a whole number ≥ 0");
    m.approved_total = *v;
  }
  if (const auto t = get(kLat); !t.empty()) {
    auto lat = parse_coordinate(t, line, kLat, 90);
    if (!lat.ok()) return std::move(lat).take_status();
    m.lat = *lat;
  }
  if (const auto t = get(kLon); !t.empty()) {
    auto lon = parse_coordinate(t, line, kLon, 180);
    if (!lon.ok()) return std::move(lon).take_status();
    m.lon = *lon;
  }
  return m;
}

bool is_blank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

void append_csv_field(std::string& out, std::string_view s) {
  const bool needs_quotes = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!s.empty() && (trim(s).size() != s.size()));
  if (!needs_quotes) {
    out += s;
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

Result<std::vector<Mine>> parse_mine_registry(std::string_view text) {
  return parse_mine_registry(text, MineDefaults{});
}

Result<std::vector<Mine>> parse_mine_registry(std::string_view text, const MineDefaults& defaults) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  if (const std::size_t bad = utf8_error_offset(text); bad != text.size()) {
    const auto line = 1 + static_cast<std::size_t>(std::count(
                              text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
    return line_error(line, "not valid UTF-8 (byte offset " + std::to_string(bad) +
                                "); save the registry as UTF-8");
  }
  CsvReader reader(text);
  std::vector<std::string> fields;
  // Header: the first non-blank record.
  while (true) {
    if (reader.at_end()) {
      return Status::invalid_argument(std::string(kFile) +
                                      " is empty; expected a header row "
                                      "mine_code,name,status,gas_grade");
    }
    MW_RETURN_IF_ERROR(reader.next(fields));
    if (!is_blank(fields)) break;
  }
  for (std::string& f : fields) f = std::string(trim(f));
  auto map = map_header(fields);
  if (!map.ok()) return std::move(map).take_status();
  const std::size_t width = fields.size();

  std::vector<Mine> mines;
  std::unordered_map<std::string, std::size_t> line_of;  // mine code → line it is defined on
  while (!reader.at_end()) {
    const std::size_t line = reader.line();
    MW_RETURN_IF_ERROR(reader.next(fields));
    if (is_blank(fields)) continue;
    if (fields.size() != width) {
      return line_error(line, std::to_string(fields.size()) + " fields, but the header has " +
                                  std::to_string(width));
    }
    auto mine = parse_row(fields, *map, line, defaults);
    if (!mine.ok()) return std::move(mine).take_status();
    const auto [it, inserted] = line_of.emplace(mine->code, line);
    if (!inserted) {
      return column_error(
          line, kMineCode,
          "mine " + mine->code + " is already listed on line " + std::to_string(it->second));
    }
    mines.push_back(std::move(mine).value());
  }
  return mines;
}

std::string format_mine_registry(const std::vector<Mine>& mines) {
  std::string out;
  for (std::size_t c = 0; c < kColumnCount; ++c) {
    if (c > 0) out.push_back(',');
    out += kColumnNames[c];
  }
  out.push_back('\n');
  for (const Mine& m : mines) {
    append_csv_field(out, m.code);
    out.push_back(',');
    append_csv_field(out, m.name);
    out.push_back(',');
    out += mine_status_name(m.status);
    out.push_back(',');
    out += gas_grade_name(m.gas_grade);
    out.push_back(',');
    append_csv_field(out, m.province);
    out.push_back(',');
    for (std::size_t i = 0; i < m.shifts.size(); ++i) {
      if (i > 0) out.push_back(';');
      out += format_shift_start(m.shifts[i]);
    }
    out.push_back(',');
    append_decimal(out, m.overtime_hours);
    out.push_back(',');
    out += std::to_string(m.maintenance_allowance);
    out.push_back(',');
    if (m.approved_total) out += std::to_string(*m.approved_total);
    out.push_back(',');
    if (m.lat) append_decimal(out, *m.lat);
    out.push_back(',');
    if (m.lon) append_decimal(out, *m.lon);
    out.push_back('\n');
  }
  return out;
}

}  // namespace mw
