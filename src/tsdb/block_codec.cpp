#include "tsdb/block_codec.hpp"

#include <zstd.h>

#include "base/crc32c.hpp"
#include "tsdb/varint.hpp"

namespace mw::tsdb {
namespace {

constexpr std::size_t kChecksumBytes = 4;

Status corrupt(std::string_view what) {
  return Status::corruption("tsdb block: " + std::string(what) +
                            " (docs/formats/chunk.md §5); the block cannot be read");
}

}  // namespace

Result<std::string> encode_block(std::span<const std::string> chunks, BlockCompression compression,
                                 int zstd_level) {
  if (chunks.size() > kMaxBlockChunks) {
    return Status::invalid_argument("tsdb block: " + std::to_string(chunks.size()) +
                                    " chunks exceed the block limit; seal smaller blocks");
  }
  std::string raw;
  for (const auto& c : chunks) {
    put_varint(raw, c.size());
    raw += c;
  }
  if (raw.size() > kMaxBlockRawBytes) {
    return Status::invalid_argument("tsdb block: " + std::to_string(raw.size()) +
                                    " bytes exceed the block limit; seal smaller blocks");
  }
  std::string stored;
  if (compression == BlockCompression::kZstd) {
    stored.resize(ZSTD_compressBound(raw.size()));
    const std::size_t n =
        ZSTD_compress(stored.data(), stored.size(), raw.data(), raw.size(), zstd_level);
    if (ZSTD_isError(n) != 0U) {
      return Status::internal(std::string("tsdb block: zstd failed: ") + ZSTD_getErrorName(n));
    }
    stored.resize(n);
  } else if (compression == BlockCompression::kNone) {
    stored = std::move(raw);
    raw.clear();
  } else {
    return Status::invalid_argument("tsdb block: unknown compression");
  }
  std::string out;
  out.push_back(static_cast<char>(kBlockVersion));
  out.push_back(static_cast<char>(compression));
  put_varint(out, chunks.size());
  put_varint(out, compression == BlockCompression::kNone ? stored.size() : raw.size());
  put_varint(out, stored.size());
  out += stored;
  put_fixed32(out, crc32c(as_bytes(out)));
  return out;
}

Result<std::vector<std::string>> decode_block(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kChecksumBytes + 5) return corrupt("block is shorter than its header");
  const auto body = bytes.first(bytes.size() - kChecksumBytes);
  if (crc32c(body) != get_fixed32(bytes.last<kChecksumBytes>())) {
    return corrupt("checksum mismatch");
  }
  ByteReader in(body);
  auto version = in.u8();
  auto compression = in.u8();
  auto count = in.varint();
  auto raw_size = in.varint();
  auto stored_size = in.varint();
  if (!version || !compression || !count || !raw_size || !stored_size) {
    return corrupt("header is truncated");
  }
  if (*version != kBlockVersion) return corrupt("unknown version");
  if (*count > kMaxBlockChunks || *raw_size > kMaxBlockRawBytes) {
    return corrupt("size out of range");
  }
  auto stored = in.take(*stored_size);
  if (!stored || !in.at_end()) return corrupt("payload length does not match");

  std::string raw;
  if (*compression == static_cast<std::uint8_t>(BlockCompression::kZstd)) {
    // The frame states its size (ZSTD_compress writes it): check before allocating.
    const unsigned long long framed = ZSTD_getFrameContentSize(stored->data(), stored->size());
    if (framed != *raw_size) return corrupt("zstd frame size does not match");
    raw.resize(static_cast<std::size_t>(*raw_size));
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), stored->data(), stored->size());
    if (ZSTD_isError(n) != 0U || n != raw.size()) return corrupt("zstd payload is damaged");
  } else if (*compression == static_cast<std::uint8_t>(BlockCompression::kNone)) {
    if (*raw_size != *stored_size) return corrupt("payload length does not match");
    raw.assign(stored->begin(), stored->end());
  } else {
    return corrupt("unknown compression");
  }

  std::vector<std::string> chunks;
  chunks.reserve(static_cast<std::size_t>(*count));
  ByteReader r(as_bytes(raw));
  for (std::uint64_t i = 0; i < *count; ++i) {
    auto len = r.varint();
    if (!len) return corrupt("chunk table is truncated");
    auto chunk = r.take(*len);
    if (!chunk) return corrupt("chunk is truncated");
    chunks.emplace_back(chunk->begin(), chunk->end());
  }
  if (!r.at_end()) return corrupt("bytes after the last chunk");
  return chunks;
}

Result<std::vector<std::string>> decode_block(std::string_view bytes) {
  return decode_block(as_bytes(bytes));
}

}  // namespace mw::tsdb
