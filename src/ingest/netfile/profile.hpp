#pragma once
// A profile says how one province's or vendor's writers spell the networking files
// (netfile.md §5): which type names exist, terminators, field maps and quirks. Profiles are
// DATA (profiles/<name>.toml, compiled in at build time); see profiles/national.toml for the
// documented format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "ingest/netfile/file_type.hpp"

namespace mw::netfile {

// In a field list: a field the codec ignores (kept as text by the decoder for headers).
inline constexpr std::string_view kReservedField = "reserved";
// In a record field list: any number of extra fields here; names after it count from the
// end of the record (FZDY: "full list not found: accept extra fields", netfile.md §2).
inline constexpr std::string_view kExtraFields = "...";

struct Limits {
  // A 10-s CDSS file of a large mine is < 1 MiB; 32 MiB leaves room for full RYSS snapshots
  // with long tracks while bounding memory per upload.
  static constexpr std::uint64_t kDefaultMaxFileBytes = 32u << 20;
  // The longest free-text fields seen (locations, 处理措施) are < 200 bytes; 4 KiB bounds
  // one record's memory and catches a missing separator.
  static constexpr std::uint32_t kDefaultMaxFieldBytes = 4096;
  // netfile.md §1: "a header time more than 5 min in the future is rejected".
  static constexpr std::int64_t kDefaultFutureToleranceSeconds = 300;
  // netfile.md §1: "if more than 20 % of records are bad, the whole file is rejected".
  static constexpr double kDefaultMaxBadRatio = 0.2;
  // Per-record diagnostics listed before the rest are only counted (bounds memory on a
  // file where every record is broken).
  static constexpr int kDefaultMaxRecordDiagnostics = 50;

  // netfile.md §1: a file without its `||` may still be uploading (FTP drop); fail it after
  // this delay ("10 min seen"). The decoder only reports envelope.unterminated; the drop
  // directory watcher waits this long before quarantining.
  static constexpr std::int64_t kDefaultUnterminatedGraceSeconds = 600;

  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  std::int64_t unterminated_grace_seconds = kDefaultUnterminatedGraceSeconds;
  std::uint32_t max_field_bytes = kDefaultMaxFieldBytes;
  std::int64_t future_tolerance_seconds = kDefaultFutureToleranceSeconds;
  double max_bad_ratio = kDefaultMaxBadRatio;
  int max_record_diagnostics = kDefaultMaxRecordDiagnostics;
};

struct Envelope {
  std::string header_end = "~";   // n-variant: "^"
  std::string record_end = "~";   // n-variant: "^"
  std::string file_end = "||";    // n-variant: "]]]"
  bool strip_line_breaks = true;  // netfile.md §1: line breaks carry no meaning
};

// How a CDDY relation group names its target (netfile.md §2, §5).
enum class RelationForm : std::uint8_t {
  kFull,    // <code>-<point>-<name>:<code>-<point>
  kIdOnly,  // crlf-counts: D-<id>
};

struct Quirks {
  // legacy-a writes an empty time as "xxxx-xx-xx xx:xx:xx"; read as empty, written back so.
  std::string empty_time_text;
  // n-variant: the RYSS area field may hold an area *type* instead of an area code.
  bool ryss_area_may_be_type = false;
  RelationForm relation_form = RelationForm::kFull;
};

// One file type as this profile writes it.
struct TypeSpec {
  std::string name;  // as in file names: "CDSS", "NRYSS"
  FileType kind = FileType::kCdss;
  std::vector<std::string> header;  // header field names in file order (see Header)
  std::vector<std::string> fields;  // record field names in file order (see records.hpp)
  int min_fields = 0;               // record field count bounds; default: the length of `fields`
  int max_fields = 0;               // 0 = no upper bound (a "..." in `fields`)
};

struct Profile {
  std::string name;
  std::string description;
  Envelope envelope;
  Limits limits;
  Quirks quirks;
  std::vector<TypeSpec> types;

  // The spec for a type name as written in file names, or null.
  const TypeSpec* find_type(std::string_view name_in_file) const noexcept;
  // The first spec of a canonical kind (writers), or null.
  const TypeSpec* find_kind(FileType kind) const noexcept;
};

// Parses and validates a profile (unknown field names, bad counts, duplicate types are
// errors naming `origin` and the offending key).
Result<Profile> parse_profile(std::string_view toml, std::string_view origin);

// Profiles compiled from profiles/*.toml; null for an unknown name.
const Profile* builtin_profile(std::string_view name);
std::vector<std::string_view> builtin_profile_names();

}  // namespace mw::netfile
