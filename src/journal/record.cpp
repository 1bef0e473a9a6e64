#include "journal/record.hpp"

#include <zstd.h>

#include <charconv>

#include "base/crc32c.hpp"
#include "journal/format.hpp"

namespace mw::journal {

void encode_record(std::string& out, std::uint64_t seq, std::uint16_t type, std::string_view stored,
                   std::uint16_t flags) {
  const std::size_t start = out.size();
  put_u32(out, 0);  // crc, filled in below
  put_u32(out, static_cast<std::uint32_t>(stored.size()));
  put_u64(out, seq);
  put_u16(out, type);
  put_u16(out, flags);
  out.append(stored);
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

std::uint16_t compress_payload(std::string_view payload, std::string& out) {
  out.clear();
  if (payload.size() < kCompressMinBytes) return 0;
  out.resize(ZSTD_compressBound(payload.size()));
  const std::size_t n =
      ZSTD_compress(out.data(), out.size(), payload.data(), payload.size(), kZstdLevel);
  if (ZSTD_isError(n) != 0U || n >= payload.size()) {
    out.clear();
    return 0;  // stored as it is: still a valid record
  }
  out.resize(n);
  return kRecordFlagZstd;
}

std::string encode_segment_header(std::uint64_t first_seq, std::uint32_t version) {
  std::string h(kSegmentMagic);
  put_u32(h, version);
  put_u32(h, 0);  // flags
  put_u64(h, first_seq);
  put_u32(h, 0);  // reserved
  put_u32(h, crc32c(h));
  return h;
}

namespace {

// Why the bytes at `off` are not a valid record, or nullptr when they are one. `flags` are
// the record flags the segment's version defines.
const char* check_record(std::string_view file, std::uint64_t off, std::uint64_t after_seq,
                         std::uint16_t flags) {
  const std::uint64_t left = file.size() - off;
  if (left < kRecordHeaderBytes) return "incomplete record header";
  const char* p = file.data() + off;
  const std::uint32_t len = get_u32(p + 4);
  if ((get_u16(p + 18) & ~flags) != 0) return "unknown record flags";
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
  std::uint16_t flags = 0;  // version 1 defines none
  const std::string_view header = file.substr(0, kSegmentHeaderBytes);
  if (header == encode_segment_header(first_seq, kFormatVersion)) {
    flags = kRecordFlagZstd;
  } else if (header != encode_segment_header(first_seq, kOldestReadableVersion)) {
    scan.bad.push_back({0, file.size(), "bad segment header (magic, version or first sequence)"});
    return scan;
  }
  scan.header_ok = true;
  std::uint64_t off = kSegmentHeaderBytes;
  scan.valid_end = off;
  std::string plain;  // a decompressed payload, alive during its callback
  while (off < file.size()) {
    if (const char* why = check_record(file, off, scan.last_seq, flags)) {
      std::uint64_t next = off + 1;
      while (next < file.size() && check_record(file, next, scan.last_seq, flags) != nullptr) {
        ++next;
      }
      scan.bad.push_back({off, next - off, why});
      off = next;
      continue;
    }
    const char* p = file.data() + off;
    const std::uint32_t len = get_u32(p + 4);
    Record rec{get_u64(p + 8), get_u16(p + 16), std::string_view(p + kRecordHeaderBytes, len)};
    const std::uint64_t end = off + kRecordHeaderBytes + len;
    if ((get_u16(p + 18) & kRecordFlagZstd) != 0) {
      // The frame states its size (ZSTD_compress writes it): check before allocating.
      const unsigned long long size = ZSTD_getFrameContentSize(rec.payload.data(), len);
      std::size_t n = 0;
      if (size <= kMaxPayloadBytes) {
        plain.resize(static_cast<std::size_t>(size));
        n = ZSTD_decompress(plain.data(), plain.size(), rec.payload.data(), len);
      }
      if (size > kMaxPayloadBytes || ZSTD_isError(n) != 0U || n != size) {
        // The checksum held, so the writer framed it so: skip it, keep the records after.
        scan.bad.push_back({off, end - off, "compressed payload does not decompress"});
        scan.last_seq = rec.seq;
        off = end;
        scan.valid_end = off;
        continue;
      }
      rec.payload = plain;
    }
    scan.last_seq = rec.seq;
    ++scan.records;
    off = end;
    scan.valid_end = off;
    if (!on_record(rec)) break;
  }
  return scan;
}

}  // namespace mw::journal
