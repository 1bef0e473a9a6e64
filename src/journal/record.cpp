#include "journal/record.hpp"

#include <charconv>

#include "base/crc32c.hpp"
#include "journal/format.hpp"

namespace mw::journal {

void encode_record(std::string& out, std::uint64_t seq, std::uint16_t type,
                   std::string_view payload) {
  const std::size_t start = out.size();
  put_u32(out, 0);  // crc, filled in below
  put_u32(out, static_cast<std::uint32_t>(payload.size()));
  put_u64(out, seq);
  put_u16(out, type);
  put_u16(out, 0);  // flags: none defined in version 1
  out.append(payload);
  const std::string_view covered(out.data() + start + 4, out.size() - start - 4);
  const std::uint32_t crc = crc32c(covered);
  for (std::size_t i = 0; i < 4; ++i) out[start + i] = static_cast<char>((crc >> (8 * i)) & 0xffu);
}

std::string segment_file_name(std::uint64_t first_seq) {
  std::string digits = std::to_string(first_seq);
  std::string name(kSegmentNameDigits - std::min(digits.size(), kSegmentNameDigits), '0');
  name += digits;
  name += kSegmentSuffix;
  return name;
}

std::optional<std::uint64_t> parse_segment_file_name(std::string_view name) {
  if (name.size() != kSegmentNameDigits + kSegmentSuffix.size()) return std::nullopt;
  if (name.substr(kSegmentNameDigits) != kSegmentSuffix) return std::nullopt;
  std::uint64_t v = 0;
  const char* end = name.data() + kSegmentNameDigits;
  for (const char* p = name.data(); p != end; ++p) {
    if (*p < '0' || *p > '9') return std::nullopt;
  }
  const auto [ptr, ec] = std::from_chars(name.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::string encode_segment_header(std::uint64_t first_seq) {
  std::string h(kSegmentMagic);
  put_u32(h, kFormatVersion);
  put_u32(h, 0);  // flags
  put_u64(h, first_seq);
  put_u32(h, 0);  // reserved
  put_u32(h, crc32c(h));
  return h;
}

namespace {

// Why the bytes at `off` are not a valid record, or nullptr when they are one.
const char* check_record(std::string_view file, std::uint64_t off, std::uint64_t after_seq) {
  const std::uint64_t left = file.size() - off;
  if (left < kRecordHeaderBytes) return "incomplete record header";
  const char* p = file.data() + off;
  const std::uint32_t len = get_u32(p + 4);
  if (get_u16(p + 18) != 0) return "unknown record flags";
  if (len > kMaxPayloadBytes) return "record length beyond the format's limit";
  if (len > left - kRecordHeaderBytes) return "record runs past the end of the file";
  if (get_u64(p + 8) <= after_seq) return "sequence number not increasing";
  if (crc32c(std::string_view(p + 4, kRecordHeaderBytes - 4 + len)) != get_u32(p)) {
    return "checksum mismatch";
  }
  return nullptr;
}

}  // namespace

SegmentScan scan_segment(std::string_view file, std::uint64_t first_seq, std::uint64_t after_seq,
                         const std::function<bool(const Record&)>& on_record) {
  SegmentScan scan;
  scan.size = file.size();
  scan.last_seq = after_seq;
  if (file.size() < kSegmentHeaderBytes) {
    scan.bad.push_back({0, file.size(), "incomplete segment header"});
    return scan;
  }
  if (file.substr(0, kSegmentHeaderBytes) != encode_segment_header(first_seq)) {
    scan.bad.push_back({0, file.size(), "bad segment header (magic, version or first sequence)"});
    return scan;
  }
  scan.header_ok = true;
  std::uint64_t off = kSegmentHeaderBytes;
  scan.valid_end = off;
  while (off < file.size()) {
    if (const char* why = check_record(file, off, scan.last_seq)) {
      std::uint64_t next = off + 1;
      while (next < file.size() && check_record(file, next, scan.last_seq) != nullptr) ++next;
      scan.bad.push_back({off, next - off, why});
      off = next;
      continue;
    }
    const char* p = file.data() + off;
    const std::uint32_t len = get_u32(p + 4);
    const Record rec{get_u64(p + 8), get_u16(p + 16),
                     std::string_view(p + kRecordHeaderBytes, len)};
    scan.last_seq = rec.seq;
    ++scan.records;
    off += kRecordHeaderBytes + len;
    scan.valid_end = off;
    if (!on_record(rec)) break;
  }
  return scan;
}

}  // namespace mw::journal
