#include "ingest/netfile/diagnostic.hpp"

#include <array>

namespace mw::netfile {
namespace {

struct Entry {
  std::string_view name;
  Severity severity;
  std::string_view description;
};

constexpr Severity kI = Severity::kInfo;
constexpr Severity kW = Severity::kWarning;
constexpr Severity kE = Severity::kError;

// Indexed by DiagCode.
constexpr std::array<Entry, kDiagCodeCount> kRegistry = {{
    {"name.invalid", kE,
     "The file name is not <mine code>_<TYPE>_<yyyyMMddHHmmss>.txt; rename it before upload."},
    {"name.unknown_type", kE,
     "The type in the file name is not one this profile knows; check the type or the profile."},
    {"encoding.gb18030", kI, "The file is GB18030/GBK, not UTF-8; it was converted."},
    {"encoding.invalid", kE,
     "The bytes are neither UTF-8 nor GB18030; the file is damaged or binary."},
    {"envelope.bom", kI, "The file starts with a UTF-8 byte order mark; it was removed."},
    {"envelope.line_breaks", kI, "Line breaks (CR/LF) were removed; they carry no meaning."},
    {"envelope.quoted", kW,
     "The whole body was wrapped in double quotes (a JSON string); it was unwrapped."},
    {"envelope.fullwidth_separator", kE,
     "Fields are separated by the full-width '；' instead of ASCII ';'; fix the writer."},
    {"envelope.unterminated", kE,
     "The file does not end with its terminator (||): still uploading or truncated."},
    {"envelope.empty", kE, "The file has no header segment."},
    {"header.field_count", kE, "The header has the wrong number of fields for this type."},
    {"header.mine_mismatch", kE,
     "The mine code in the header differs from the one in the file name."},
    {"header.bad_time", kE, "The header upload time is not yyyy-MM-dd HH:mm:ss."},
    {"header.future_time", kE,
     "The header time is more than the tolerance (5 min) in the future; check the clock."},
    {"record.field_count", kW, "A record has the wrong number of fields; it was skipped."},
    {"record.bad_value", kW, "A record has a field that is not a valid number; skipped."},
    {"record.bad_time", kW, "A record has a time that is not yyyy-MM-dd HH:mm:ss; skipped."},
    {"record.bad_code", kW,
     "A record has a card/area/station/point code that does not fit the mine; skipped."},
    {"record.field_too_long", kW, "A record has a field longer than the limit; skipped."},
    {"file.too_many_bad_records", kE,
     "More than 20 % of the records are bad; the whole file is rejected."},
    {"file.too_large", kE, "The file is larger than the size limit."},
    {"record.bad_relation", kW,
     "A CDDY relation group is malformed; the group was ignored, the record kept."},
    {"record.bad_track", kW,
     "A RYSS track has malformed station&time pairs; the record was kept with its track."},
    {"envelope.trailing_data", kW, "There is data after the file terminator; it was ignored."},
    {"envelope.unterminated_segment", kW,
     "The last segment lacks its terminator before the file end; it was read anyway."},
    {"file.more_diagnostics", kI, "More record problems than are listed; only counted."},
    {"header.bad_value", kE, "A header field has an invalid value."},
    {"record.noncanonical_number", kI,
     "Numbers written unusually ('+1', '007', '.5', '-0'); read by value, re-encoded canonically."},
}};

}  // namespace

std::string_view severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::string_view diag_name(DiagCode c) noexcept {
  const auto i = static_cast<std::size_t>(c);
  return i < kRegistry.size() ? kRegistry[i].name : std::string_view{"unknown"};
}

Severity diag_severity(DiagCode c) noexcept {
  const auto i = static_cast<std::size_t>(c);
  return i < kRegistry.size() ? kRegistry[i].severity : Severity::kError;
}

std::string_view diag_description(DiagCode c) noexcept {
  const auto i = static_cast<std::size_t>(c);
  return i < kRegistry.size() ? kRegistry[i].description : std::string_view{};
}

}  // namespace mw::netfile
