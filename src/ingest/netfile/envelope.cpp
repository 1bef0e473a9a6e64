#include "ingest/netfile/envelope.hpp"

namespace mw::netfile {
namespace {

void add(Unwrapped& u, DiagCode code, std::string message) {
  u.diagnostics.push_back(Diagnostic{code, diag_severity(code), -1, std::move(message)});
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads 4 hex digits at s[i..i+4); -1 when malformed.
long read_hex4(std::string_view s, std::size_t i) noexcept {
  if (i + 4 > s.size()) return -1;
  long v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// Unescapes a JSON string body (without its quotes). False on a malformed escape.
bool json_unescape(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= in.size()) return false;
    switch (in[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        long cp = read_hex4(in, i + 1);
        if (cp < 0) return false;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
          if (i + 2 >= in.size() || in[i + 1] != '\\' || in[i + 2] != 'u') return false;
          const long lo = read_hex4(in, i + 3);
          if (lo < 0xDC00 || lo > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          return false;
        }
        append_utf8(out, static_cast<std::uint32_t>(cp));
        break;
      }
      default: return false;
    }
  }
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Removes CR/LF; reports them and, when they sit regularly after every terminator, records
// the style in the layout so the encoder can write them back.
void strip_line_breaks(Unwrapped& u, const Profile& profile) {
  std::string& t = u.text;
  // Two memchr scans: find_first_of would call memchr once per byte.
  if (t.find('\n') == std::string::npos && t.find('\r') == std::string::npos) return;
  const Envelope& env = profile.envelope;
  std::size_t removed = 0;
  std::size_t runs_after_terminator = 0;
  bool regular = true;
  bool final_break = false;
  std::string_view style;
  std::size_t w = 0;
  for (std::size_t r = 0; r < t.size();) {
    if (t[r] != '\r' && t[r] != '\n') {
      t[w++] = t[r++];
      continue;
    }
    std::size_t end = r;
    while (end < t.size() && (t[end] == '\r' || t[end] == '\n')) ++end;
    const std::string_view run(t.data() + r, end - r);
    const std::string_view before(t.data(), w);
    if (style.empty()) style = run == "\r\n" ? std::string_view("\r\n") : std::string_view("\n");
    if (run != style || (run != "\n" && run != "\r\n")) regular = false;
    if (end == t.size() && ends_with(before, env.file_end)) {
      final_break = true;
    } else if (ends_with(before, env.record_end) || ends_with(before, env.header_end)) {
      ++runs_after_terminator;
    } else {
      regular = false;
    }
    removed += end - r;
    r = end;
  }
  t.resize(w);
  // Every terminator must have been followed by a break for the layout to be regular.
  std::size_t terminators = 0;
  for (std::size_t p = t.find(env.record_end); p != std::string::npos;
       p = t.find(env.record_end, p + env.record_end.size())) {
    ++terminators;
  }
  if (env.header_end != env.record_end && t.find(env.header_end) != std::string::npos) {
    ++terminators;
  }
  if (regular && runs_after_terminator == terminators) {
    u.layout.line_break = style == "\r\n" ? LineBreak::kCrLf : LineBreak::kLf;
    u.layout.final_line_break = final_break;
  }
  add(u, DiagCode::kEnvelopeLineBreaks,
      std::to_string(removed) + " line-break bytes (CR/LF) removed; they carry no meaning");
}

}  // namespace

Unwrapped unwrap(std::string_view bytes, const Profile& profile) {
  Unwrapped u;
  Result<DecodedText> decoded = decode_text(bytes);
  if (!decoded.ok()) {
    add(u, DiagCode::kEncodingInvalid,
        "the file is neither UTF-8 nor GB18030 text: " + decoded.status().message());
    return u;
  }
  u.text = std::move(decoded->text);
  u.layout.encoding = decoded->encoding;
  u.layout.bom = decoded->had_bom;
  if (decoded->had_bom) add(u, DiagCode::kEnvelopeBom, "a UTF-8 byte order mark was removed");
  if (decoded->encoding == Encoding::kGb18030) {
    add(u, DiagCode::kEncodingGb18030, "the file is GB18030/GBK text; converted to UTF-8");
  }

  // A JSON-stringified file: the whole body in double quotes (netfile.md §1).
  {
    std::string_view t = u.text;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) {
      t.remove_suffix(1);
    }
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') {
      std::string inner;
      if (!json_unescape(t.substr(1, t.size() - 2), inner)) {
        add(u, DiagCode::kEnvelopeQuoted,
            "the body is wrapped in double quotes but is not a valid JSON string; read as is");
      } else {
        u.text = std::move(inner);
        add(u, DiagCode::kEnvelopeQuoted,
            "the whole body was wrapped in double quotes (a JSON string); unwrapped");
      }
    }
  }

  if (profile.envelope.strip_line_breaks) strip_line_breaks(u, profile);

  const std::string& end = profile.envelope.file_end;
  if (u.text.empty() || u.text == end) {
    add(u, DiagCode::kEnvelopeEmpty, "the file is empty: it has no header segment");
    return u;
  }
  if (ends_with(u.text, end)) {
    u.text.resize(u.text.size() - end.size());
  } else {
    const std::size_t last = u.text.rfind(end);
    if (last == std::string::npos) {
      add(u, DiagCode::kEnvelopeUnterminated,
          "file does not end with " + end + ": it may still be uploading or was truncated");
      return u;
    }
    add(u, DiagCode::kEnvelopeTrailingData,
        std::to_string(u.text.size() - last - end.size()) + " bytes after the file end " + end +
            " were ignored");
    u.text.resize(last);
  }
  if (u.text.empty()) {
    add(u, DiagCode::kEnvelopeEmpty, "the file is empty: it has no header segment");
    return u;
  }
  u.ok = true;
  return u;
}

bool split_fields(std::string_view text, char sep, std::size_t max,
                  std::vector<std::string_view>& out) {
  out.clear();
  if (max == 0) max = 1;
  // A byte loop: fields average ~15 bytes, too short for memchr calls to pay off.
  const char* const data = text.data();
  const std::size_t n = text.size();
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (data[i] != sep) continue;
    if (out.size() + 1 == max) {
      out.emplace_back(data + start, n - start);
      return false;
    }
    out.emplace_back(data + start, i - start);
    start = i + 1;
  }
  out.emplace_back(data + start, n - start);
  return true;
}

}  // namespace mw::netfile
