#include "tsdb/chunk_codec.hpp"

#include <algorithm>

#include "base/crc32c.hpp"
#include "tsdb/bit_stream.hpp"
#include "tsdb/column_coder.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

// docs/formats/chunk.md §3.2: value_flags bits. DO NOT CHANGE.
constexpr std::uint8_t kHasStatusColumn = 0x01;
constexpr std::uint8_t kHasScaleColumn = 0x02;
constexpr std::uint8_t kKnownValueFlags = kHasStatusColumn | kHasScaleColumn;
constexpr int kStatusBits = 16;
constexpr int kScaleBits = 4;  // Decimal::kMaxScale = 9 < 16
constexpr std::size_t kChecksumBytes = 4;

std::uint64_t seconds(Time t) { return static_cast<std::uint64_t>(t.time_since_epoch().count()); }

// Time residual column in the given mode; returns the header word (first delta or base).
std::uint64_t encode_times(std::span<const SeriesSample> s, TimeMode mode, std::string& bits) {
  BitWriter w(bits);
  ColumnWriter col(w, kBucketed);
  const std::size_t n = s.size();
  std::uint64_t word = 0;
  if (mode == TimeMode::kDeltaOfDelta) {
    if (n >= 2) word = seconds(s[1].time) - seconds(s[0].time);
    std::uint64_t prev = word;
    for (std::size_t i = 2; i < n; ++i) {
      const std::uint64_t d = seconds(s[i].time) - seconds(s[i - 1].time);
      col.add(d - prev);
      prev = d;
    }
  } else {
    std::vector<std::int64_t> deltas;
    deltas.reserve(n);
    for (std::size_t i = 1; i < n; ++i) {
      deltas.push_back(static_cast<std::int64_t>(seconds(s[i].time) - seconds(s[i - 1].time)));
    }
    if (!deltas.empty()) {
      auto mid = deltas.begin() + static_cast<std::ptrdiff_t>(deltas.size() / 2);
      std::nth_element(deltas.begin(), mid, deltas.end());
      word = static_cast<std::uint64_t>(*mid);
    }
    for (std::size_t i = 1; i < n; ++i) {
      col.add(seconds(s[i].time) - seconds(s[i - 1].time) - word);
    }
  }
  col.finish();
  w.align();
  return word;
}

Status corrupt(std::string_view what) {
  return Status::corruption("tsdb chunk: " + std::string(what) +
                            " (docs/formats/chunk.md); the chunk cannot be read");
}

struct Header {
  std::size_t count = 0;
  TimeMode mode = TimeMode::kDeltaOfDelta;
  std::uint64_t t0 = 0;
  std::uint64_t word = 0;
  std::span<const std::uint8_t> time_bits;
};

// Reads the header through the time section (the checksum is already verified).
Result<Header> read_header(ByteReader& in) {
  Header h;
  auto version = in.u8();
  auto mode = in.u8();
  auto count = in.varint();
  auto t0 = in.varint();
  auto word = in.varint();
  auto time_len = in.varint();
  if (!version || !mode || !count || !t0 || !word || !time_len) {
    return corrupt("header is truncated");
  }
  if (*version != kChunkVersion) {
    return corrupt("version " + std::to_string(*version) + " is not " +
                   std::to_string(kChunkVersion));
  }
  if (*mode > static_cast<std::uint8_t>(TimeMode::kDeltaFromBase)) return corrupt("bad time mode");
  if (*count == 0 || *count > kMaxChunkSamples) return corrupt("sample count out of range");
  auto time_bits = in.take(*time_len);
  if (!time_bits) return corrupt("time section is truncated");
  h.count = static_cast<std::size_t>(*count);
  h.mode = static_cast<TimeMode>(*mode);
  h.t0 = static_cast<std::uint64_t>(zigzag_decode(*t0));
  h.word = static_cast<std::uint64_t>(zigzag_decode(*word));
  h.time_bits = *time_bits;
  return h;
}

// Checks the trailing CRC-32C and returns the bytes it covers.
Result<std::span<const std::uint8_t>> checked_body(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kChecksumBytes + 2) return corrupt("chunk is shorter than its header");
  const auto body = bytes.first(bytes.size() - kChecksumBytes);
  const auto stored = get_fixed32(bytes.last<kChecksumBytes>());
  if (crc32c(body) != stored) return corrupt("checksum mismatch");
  return body;
}

// Decodes the time section of `h`, calling emit(i, time) for i = 0 … count − 1 in order;
// false when the section is damaged.
template <class Emit>
bool decode_time_section(const Header& h, Emit&& emit) {
  BitReader r(h.time_bits);
  std::uint64_t t = h.t0;
  emit(std::size_t{0}, t);
  std::size_t i = 1;
  bool ok = true;
  if (h.mode == TimeMode::kDeltaOfDelta) {
    std::uint64_t d = h.word;
    if (h.count >= 2) {
      t += d;
      emit(i++, t);
    }
    ok = read_column(r, h.count - i, kBucketed, [&](std::uint64_t dod) {
      d += dod;
      t += d;
      emit(i++, t);
    });
  } else {
    ok = read_column(r, h.count - 1, kBucketed, [&](std::uint64_t x) {
      t += h.word + x;
      emit(i++, t);
    });
  }
  return ok && r.bits_left() < 8;
}

}  // namespace

Result<std::string> encode_chunk(std::span<const SeriesSample> samples) {
  const std::size_t n = samples.size();
  if (n == 0) return Status::invalid_argument("tsdb chunk: no samples to encode");
  if (n > kMaxChunkSamples) {
    return Status::invalid_argument("tsdb chunk: " + std::to_string(n) +
                                    " samples exceed the chunk limit of " +
                                    std::to_string(kMaxChunkSamples) + "; split the series");
  }
  bool mixed_scale = false;
  bool mixed_status = false;
  for (const auto& s : samples) {
    if (s.value.scale > Decimal::kMaxScale) {
      return Status::invalid_argument("tsdb chunk: decimal scale " + std::to_string(s.value.scale) +
                                      " exceeds " + std::to_string(Decimal::kMaxScale));
    }
    mixed_scale = mixed_scale || s.value.scale != samples[0].value.scale;
    mixed_status = mixed_status || s.status != samples[0].status;
  }

  // Both time codings are tried; the smaller wins (docs/formats/chunk.md §3.1).
  std::string dod_bits;
  std::string base_bits;
  const std::uint64_t dod_word = encode_times(samples, TimeMode::kDeltaOfDelta, dod_bits);
  const std::uint64_t base_word = encode_times(samples, TimeMode::kDeltaFromBase, base_bits);
  const bool use_base = base_bits.size() < dod_bits.size();
  const std::string& time_bits = use_base ? base_bits : dod_bits;

  std::string out;
  out.reserve(32 + time_bits.size() + n / 2);
  out.push_back(static_cast<char>(kChunkVersion));
  out.push_back(static_cast<char>(use_base ? TimeMode::kDeltaFromBase : TimeMode::kDeltaOfDelta));
  put_varint(out, n);
  put_varint(out, zigzag_encode(static_cast<std::int64_t>(seconds(samples[0].time))));
  put_varint(out, zigzag_encode(static_cast<std::int64_t>(use_base ? base_word : dod_word)));
  put_varint(out, time_bits.size());
  out += time_bits;

  const std::uint8_t flags = static_cast<std::uint8_t>((mixed_status ? kHasStatusColumn : 0) |
                                                       (mixed_scale ? kHasScaleColumn : 0));
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>(samples[0].value.scale));
  put_varint(out, zigzag_encode(samples[0].value.mantissa));
  put_varint(out, samples[0].status);

  BitWriter w(out);
  {
    ColumnWriter col(w, kBucketed);
    for (std::size_t i = 1; i < n; ++i) {
      col.add(static_cast<std::uint64_t>(samples[i].value.mantissa) -
              static_cast<std::uint64_t>(samples[i - 1].value.mantissa));
    }
    col.finish();
  }
  if (mixed_status) {
    ColumnWriter col(w, kStatusBits);
    for (std::size_t i = 1; i < n; ++i) col.add(samples[i].status ^ samples[i - 1].status);
    col.finish();
  }
  if (mixed_scale) {
    ColumnWriter col(w, kScaleBits);
    for (std::size_t i = 1; i < n; ++i) {
      col.add(static_cast<std::uint64_t>(samples[i].value.scale ^ samples[i - 1].value.scale));
    }
    col.finish();
  }
  w.align();
  put_fixed32(out, crc32c(as_bytes(out)));
  return out;
}

Result<std::vector<SeriesSample>> decode_chunk(std::span<const std::uint8_t> bytes) {
  auto body = checked_body(bytes);
  if (!body.ok()) return std::move(body).take_status();
  ByteReader in(*body);
  auto header = read_header(in);
  if (!header.ok()) return std::move(header).take_status();
  const Header& h = *header;

  std::vector<SeriesSample> out(h.count);
  if (out.empty()) return Status::corruption("chunk holds no sample");  // read_header refuses 0
  if (!decode_time_section(h, [&](std::size_t i, std::uint64_t t) {
        out[i].time = Time{Seconds{static_cast<std::int64_t>(t)}};
      })) {
    return corrupt("time section is damaged");
  }

  auto flags = in.u8();
  auto scale0 = in.u8();
  auto mantissa0 = in.varint();
  auto status0 = in.varint();
  if (!flags || !scale0 || !mantissa0 || !status0) return corrupt("value header is truncated");
  if ((*flags & ~kKnownValueFlags) != 0) return corrupt("unknown value flags");
  if (*scale0 > Decimal::kMaxScale) return corrupt("scale out of range");
  if (*status0 > 0xFFFFU) return corrupt("status out of range");

  BitReader r(in.rest());
  std::uint64_t m = static_cast<std::uint64_t>(zigzag_decode(*mantissa0));
  std::size_t i = 0;
  out[i++].value.mantissa = static_cast<std::int64_t>(m);
  bool ok = read_column(r, h.count - 1, kBucketed, [&](std::uint64_t d) {
    m += d;
    out[i++].value.mantissa = static_cast<std::int64_t>(m);
  });
  auto status = static_cast<std::uint16_t>(*status0);
  for (auto& s : out) s.status = status;
  if (ok && (*flags & kHasStatusColumn) != 0) {
    i = 1;
    ok = read_column(r, h.count - 1, kStatusBits, [&](std::uint64_t x) {
      status = static_cast<std::uint16_t>(status ^ x);
      out[i++].status = status;
    });
  }
  std::uint8_t scale = *scale0;
  for (auto& s : out) s.value.scale = scale;
  bool scales_valid = true;
  if (ok && (*flags & kHasScaleColumn) != 0) {
    i = 1;
    ok = read_column(r, h.count - 1, kScaleBits, [&](std::uint64_t x) {
      scale = static_cast<std::uint8_t>(scale ^ x);
      scales_valid = scales_valid && scale <= Decimal::kMaxScale;
      out[i++].value.scale = scale;
    });
  }
  if (!scales_valid) return corrupt("scale out of range");
  if (!ok || r.bits_left() >= 8) return corrupt("value section is damaged");
  return out;
}

Result<std::vector<SeriesSample>> decode_chunk(std::string_view bytes) {
  return decode_chunk(as_bytes(bytes));
}

Status decode_chunk_times(std::span<const std::uint8_t> bytes, std::vector<Time>& out) {
  out.clear();
  auto body = checked_body(bytes);
  if (!body.ok()) return std::move(body).take_status();
  ByteReader in(*body);
  auto header = read_header(in);
  if (!header.ok()) return std::move(header).take_status();
  out.resize(header->count);
  if (!decode_time_section(*header, [&](std::size_t i, std::uint64_t t) {
        out[i] = Time{Seconds{static_cast<std::int64_t>(t)}};
      })) {
    out.clear();
    return corrupt("time section is damaged");
  }
  return {};
}

Result<ChunkSummary> summarize_chunk(std::span<const std::uint8_t> bytes) {
  auto body = checked_body(bytes);
  if (!body.ok()) return std::move(body).take_status();
  ByteReader in(*body);
  auto header = read_header(in);
  if (!header.ok()) return std::move(header).take_status();
  ChunkSummary s;
  s.count = header->count;
  s.first_time = Time{Seconds{static_cast<std::int64_t>(header->t0)}};
  s.time_mode = header->mode;
  return s;
}

}  // namespace mw::tsdb
