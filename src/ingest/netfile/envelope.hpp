#pragma once
// The envelope every networking file shares (netfile.md §1): BOM and encoding, a body
// wrapped in double quotes, line breaks, terminators, segments and fields.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/encoding.hpp"
#include "ingest/netfile/diagnostic.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::netfile {

// How a file was laid out, so the encoder can write it back byte-identically.
enum class LineBreak : std::uint8_t { kNone, kLf, kCrLf };
struct Layout {
  Encoding encoding = Encoding::kUtf8;
  bool bom = false;
  LineBreak line_break = LineBreak::kNone;  // after every segment terminator
  bool final_line_break = false;            // a line break (same style) after the file end
};

// The UTF-8 body between the start and the file terminator, plus what was repaired.
struct Unwrapped {
  std::string text;  // UTF-8; body ends just before the file terminator
  Layout layout;
  std::vector<Diagnostic> diagnostics;  // infos/warnings/errors found on the way
  bool ok = false;                      // false: an error in `diagnostics` makes the file unusable
};

// Decodes bytes to UTF-8 (valid UTF-8 first, else GB18030), removes a BOM, unwraps a
// quoted body, strips CR/LF (when the profile says so) and cuts the file terminator.
Unwrapped unwrap(std::string_view bytes, const Profile& profile);

// Splits `text` at `sep` into `out` (cleared first); returns false when there are more
// than `max` pieces (out then holds the first `max`, the last piece being the rest).
// Never allocates once `out` has capacity `max`.
bool split_fields(std::string_view text, char sep, std::size_t max,
                  std::vector<std::string_view>& out);

// U+FF1B FULLWIDTH SEMICOLON in UTF-8.
inline constexpr std::string_view kFullwidthSemicolon = "\xEF\xBC\x9B";

}  // namespace mw::netfile
