#pragma once
// Text encodings of mines' files: UTF-8 first, else GB18030 (a superset of GBK/GB2312),
// converted with iconv (netfile.md §1: detect, and record which was used).

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.hpp"

namespace mw {

enum class Encoding : unsigned char { kUtf8, kGb18030 };
std::string_view encoding_name(Encoding e) noexcept;  // "utf-8" | "gb18030"

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
// ASCII runs are checked a word at a time.
bool is_valid_utf8(std::string_view bytes) noexcept;
// Offset of the first byte that does not start a well-formed UTF-8 sequence, or
// bytes.size() when all of it is well-formed.
std::size_t utf8_error_offset(std::string_view bytes) noexcept;
// Length (1..4) of the well-formed UTF-8 sequence starting at bytes[pos], 0 when the bytes
// there are not one. Precondition: pos < bytes.size().
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos) noexcept;

struct DecodedText {
  std::string text;  // UTF-8, without BOM
  Encoding encoding = Encoding::kUtf8;
  bool had_bom = false;  // a UTF-8 BOM (EF BB BF) was present and removed
};

// Valid UTF-8 (after an optional BOM) is taken as is; otherwise the bytes are converted
// from GB18030. Fails with kInvalidArgument, naming the byte offset, when neither fits.
Result<DecodedText> decode_text(std::string_view bytes);

Result<std::string> gb18030_to_utf8(std::string_view bytes);
Result<std::string> utf8_to_gb18030(std::string_view utf8);

}  // namespace mw
