#pragma once
// Record framing and segment scanning (docs/formats/journal.md §2, §3): the one place that
// turns bytes into records, used by recovery and by replay alike.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journal/format.hpp"

namespace mw::journal {

// One journal record. `payload` points into a buffer that lives only during the callback.
struct Record {
  std::uint64_t seq = 0;
  std::uint16_t type = 0;
  std::string_view payload;
};

// Appends the framed record to `out`; `stored` is the payload as written (compressed when
// `flags` has kRecordFlagZstd).
void encode_record(std::string& out, std::uint64_t seq, std::uint16_t type, std::string_view stored,
                   std::uint16_t flags = 0);

// The payload as a record stores it: a zstd frame when that is worth it (kCompressMinBytes,
// and smaller than the bytes themselves), else the bytes. Returns the flags to frame it with.
std::uint16_t compress_payload(std::string_view payload, std::string& out);

// "00000000000000000001.wal" for 1, and back; nullopt for any other name.
std::string segment_file_name(std::uint64_t first_seq);
std::optional<std::uint64_t> parse_segment_file_name(std::string_view name);

std::string encode_segment_header(std::uint64_t first_seq, std::uint32_t version = kFormatVersion);

// A stretch of a segment that holds no valid record.
struct BadRegion {
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
  std::string reason;
};

struct SegmentScan {
  bool header_ok = false;
  std::uint64_t records = 0;
  std::uint64_t last_seq = 0;   // of the last valid record, or the `after_seq` passed in
  std::uint64_t valid_end = 0;  // offset just past the last valid record (or the header)
  std::vector<BadRegion> bad;   // in file order; the last may run to the end of the file
  bool tail_bad() const { return !bad.empty() && bad.back().offset + bad.back().bytes >= size; }
  std::uint64_t size = 0;
};

// Scans a whole segment file (format version 1 or 2). A record is valid when its header is
// complete, its flags are ones its segment's version defines, its payload fits in the file and in
// kMaxPayloadBytes, its sequence number is above every earlier one (starting from `after_seq`), and
// its CRC matches. After an invalid record the scan resynchronises at the next offset where a valid
// record starts, so one damaged record does not hide the good ones after it. `on_record` sees each
// valid record in order, its payload decompressed; when it returns false the scan stops early. A
// record that is valid but does not decompress is a bad region of its own.
SegmentScan scan_segment(std::string_view file, std::uint64_t first_seq, std::uint64_t after_seq,
                         const std::function<bool(const Record&)>& on_record);

}  // namespace mw::journal
