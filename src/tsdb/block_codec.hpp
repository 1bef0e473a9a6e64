#pragma once
// A sealed block: encoded chunks of many series, concatenated and compressed as one unit
// (docs/formats/chunk.md §5). Putting the chunks of one mine's series side by side lets the
// compressor share their identical time sections.
//
// Thread safety: free functions over caller-owned data; safe to call from any thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"

namespace mw::tsdb {

// docs/formats/chunk.md §5: DO NOT CHANGE these values.
inline constexpr std::uint8_t kBlockVersion = 1;
enum class BlockCompression : std::uint8_t { kNone = 0, kZstd = 1 };
// docs/formats/chunk.md §5: limits what a reader allocates for one block.
inline constexpr std::size_t kMaxBlockRawBytes = std::size_t{256} << 20;
inline constexpr std::size_t kMaxBlockChunks = std::size_t{1} << 20;
// Level 1 measured as good as 3 on sensor chunks at a fraction of the time (chunk.md §6).
inline constexpr int kDefaultZstdLevel = 1;

Result<std::string> encode_block(std::span<const std::string> chunks,
                                 BlockCompression compression = BlockCompression::kZstd,
                                 int zstd_level = kDefaultZstdLevel);

// The chunks of a block, each still to be checked and decoded by decode_chunk.
Result<std::vector<std::string>> decode_block(std::span<const std::uint8_t> bytes);
Result<std::vector<std::string>> decode_block(std::string_view bytes);

}  // namespace mw::tsdb
