#include "base/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace mw {
namespace {

// High bit of every byte of a 64-bit word: set in a word with any non-ASCII byte.
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool is_continuation(unsigned char c) noexcept { return (c & 0xC0U) == 0x80U; }

std::string hex_byte(unsigned char c) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "0x";
  out.push_back(kDigits[c >> 4U]);
  out.push_back(kDigits[c & 0x0FU]);
  return out;
}

std::string describe_offset(std::string_view bytes, std::size_t offset) {
  return "byte " + hex_byte(static_cast<unsigned char>(bytes[offset])) + " at offset " +
         std::to_string(offset);
}

// One iconv descriptor per thread and direction: iconv_t carries shift state, so it must not
// be shared, and opening one per call costs more than converting a typical file.
class IconvHandle {
 public:
  IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;

  // (iconv_t)-1 is how iconv_open(3) reports failure.
  bool ok() const noexcept {
    return cd_ != reinterpret_cast<iconv_t>(-1);  // NOLINT(performance-no-int-to-ptr)
  }
  iconv_t get() const noexcept { return cd_; }

 private:
  iconv_t cd_;
};

// Converts all of `in` with `cd`, growing the output on E2BIG. `what` names the source
// encoding in errors ("GB18030").
Result<std::string> convert(const IconvHandle& handle, std::string_view in, const char* what) {
  if (!handle.ok()) {
    return Status::internal(std::string("iconv cannot convert ") + what +
                            " on this system (glibc gconv modules missing?)");
  }
  iconv_t cd = handle.get();
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state left by an earlier failure
  std::string out;
  out.resize(in.size() + in.size() / 2 + 16);  // CJK: 2 GB18030 bytes become 3 UTF-8 bytes
  // iconv's input is char** for historical reasons; it never writes through it.
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t used = 0;
  while (true) {
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used = out.size() - dst_left;
    if (rc != static_cast<std::size_t>(-1)) {
      // Flush any pending shift sequence (none for these encodings, but cheap and correct).
      dst = out.data() + used;
      dst_left = out.size() - used;
      if (iconv(cd, nullptr, nullptr, &dst, &dst_left) != static_cast<std::size_t>(-1)) {
        used = out.size() - dst_left;
        break;
      }
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const auto offset = static_cast<std::size_t>(src - in.data());
    if (errno == EINVAL) {
      return Status::invalid_argument(std::string("not valid ") + what +
                                      ": truncated sequence at the end (offset " +
                                      std::to_string(offset) + ")");
    }
    return Status::invalid_argument(std::string("not valid ") + what + ": " +
                                    describe_offset(in, offset));
  }
  out.resize(used);
  return out;
}

}  // namespace

std::string_view encoding_name(Encoding e) noexcept {
  switch (e) {
    case Encoding::kUtf8: return "utf-8";
    case Encoding::kGb18030: return "gb18030";
  }
  return "unknown";
}

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t pos) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + pos;
  const std::size_t left = bytes.size() - pos;
  const unsigned char c = p[0];
  if (c < 0x80U) return 1;
  // Second-byte bounds exclude overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  unsigned char lo = 0x80U, hi = 0xBFU;
  std::size_t len = 0;
  if (c >= 0xC2U && c <= 0xDFU) {
    len = 2;
  } else if (c >= 0xE0U && c <= 0xEFU) {
    len = 3;
    if (c == 0xE0U) lo = 0xA0U;
    if (c == 0xEDU) hi = 0x9FU;
  } else if (c >= 0xF0U && c <= 0xF4U) {
    len = 4;
    if (c == 0xF0U) lo = 0x90U;
    if (c == 0xF4U) hi = 0x8FU;
  } else {
    return 0;  // 80..C1 (continuation or overlong lead) and F5..FF never start a sequence
  }
  if (left < len) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(p[k])) return 0;
  }
  return len;
}

std::size_t utf8_error_offset(std::string_view bytes) noexcept {
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (i < n) {
    // ASCII fast path, one 64-bit word at a time.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, bytes.data() + i, sizeof word);
      if ((word & kHighBits) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

bool is_valid_utf8(std::string_view bytes) noexcept {
  return utf8_error_offset(bytes) == bytes.size();
}

Result<std::string> gb18030_to_utf8(std::string_view bytes) {
  thread_local const IconvHandle handle("UTF-8", "GB18030");
  return convert(handle, bytes, "GB18030");
}

Result<std::string> utf8_to_gb18030(std::string_view utf8) {
  // Checked here so the error names the same offset as is_valid_utf8 would, whatever iconv does.
  const std::size_t bad = utf8_error_offset(utf8);
  if (bad != utf8.size()) {
    return Status::invalid_argument("not valid UTF-8: " + describe_offset(utf8, bad));
  }
  thread_local const IconvHandle handle("GB18030", "UTF-8");
  return convert(handle, utf8, "UTF-8");
}

Result<DecodedText> decode_text(std::string_view bytes) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  DecodedText out;
  if (bytes.starts_with(kBom)) {
    // A BOM declares UTF-8; reading the rest as GB18030 would only produce mojibake.
    const std::string_view body = bytes.substr(kBom.size());
    const std::size_t bad = utf8_error_offset(body);
    if (bad != body.size()) {
      return Status::invalid_argument("text starts with a UTF-8 BOM but is not valid UTF-8: " +
                                      describe_offset(bytes, bad + kBom.size()));
    }
    out.text.assign(body);
    out.had_bom = true;
    return out;
  }
  const std::size_t bad = utf8_error_offset(bytes);
  if (bad == bytes.size()) {
    out.text.assign(bytes);
    return out;
  }
  auto converted = gb18030_to_utf8(bytes);
  if (!converted.ok()) {
    return Status::invalid_argument("text is neither UTF-8 (" + describe_offset(bytes, bad) +
                                    ") nor GB18030 (" + converted.status().message() + ")");
  }
  out.text = std::move(converted).value();
  out.encoding = Encoding::kGb18030;
  return out;
}

}  // namespace mw
