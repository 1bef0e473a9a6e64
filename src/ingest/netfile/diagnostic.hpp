#pragma once
// The ONE registry of netfile diagnostic codes (style.md §12). Names are dotted, stable and
// never reused for another meaning; `diag_description` documents each one.

#include <cstdint>
#include <string>
#include <string_view>

namespace mw::netfile {

enum class Severity : std::uint8_t { kInfo, kWarning, kError };
std::string_view severity_name(Severity s) noexcept;  // "info" | "warning" | "error"

// DO NOT renumber or reuse: names and numbers appear in quarantine logs.
enum class DiagCode : std::uint8_t {
  kNameInvalid = 0,                   // name.invalid
  kNameUnknownType = 1,               // name.unknown_type
  kEncodingGb18030 = 2,               // encoding.gb18030 (info)
  kEncodingInvalid = 3,               // encoding.invalid
  kEnvelopeBom = 4,                   // envelope.bom (info)
  kEnvelopeLineBreaks = 5,            // envelope.line_breaks (info)
  kEnvelopeQuoted = 6,                // envelope.quoted (warning)
  kEnvelopeFullwidthSeparator = 7,    // envelope.fullwidth_separator
  kEnvelopeUnterminated = 8,          // envelope.unterminated (no `||`)
  kEnvelopeEmpty = 9,                 // envelope.empty
  kHeaderFieldCount = 10,             // header.field_count
  kHeaderMineMismatch = 11,           // header.mine_mismatch
  kHeaderBadTime = 12,                // header.bad_time
  kHeaderFutureTime = 13,             // header.future_time
  kRecordFieldCount = 14,             // record.field_count (record skipped)
  kRecordBadValue = 15,               // record.bad_value (record skipped)
  kRecordBadTime = 16,                // record.bad_time (record skipped)
  kRecordBadCode = 17,                // record.bad_code (record skipped)
  kRecordFieldTooLong = 18,           // record.field_too_long (record skipped)
  kFileTooManyBadRecords = 19,        // file.too_many_bad_records
  kFileTooLarge = 20,                 // file.too_large
  kRecordBadRelation = 21,            // record.bad_relation (warning, record kept)
  kRecordBadTrack = 22,               // record.bad_track (warning, record kept)
  kEnvelopeTrailingData = 23,         // envelope.trailing_data (warning)
  kEnvelopeUnterminatedSegment = 24,  // envelope.unterminated_segment (warning)
  kFileMoreDiagnostics = 25,          // file.more_diagnostics (info: the list was capped)
  kHeaderBadValue = 26,               // header.bad_value
  kRecordNoncanonicalNumber = 27,     // record.noncanonical_number (info)
};
inline constexpr int kDiagCodeCount = 28;

std::string_view diag_name(DiagCode c) noexcept;
// The severity this code always has (a code never changes severity).
Severity diag_severity(DiagCode c) noexcept;
// One sentence for docs and `--help`: what it means and what the mine's IT staff can do.
std::string_view diag_description(DiagCode c) noexcept;

struct Diagnostic {
  DiagCode code = DiagCode::kNameInvalid;
  Severity severity = Severity::kError;
  int record = -1;  // 1-based record index, 0 = header, -1 = the whole file
  std::string message;
};

}  // namespace mw::netfile
