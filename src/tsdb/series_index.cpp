#include "tsdb/series_index.hpp"

#include <cstring>

namespace mw::tsdb {
namespace {

// 2^64 / φ (Knuth's multiplicative hashing): spreads a word's bits over the high half.
constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
  h = (h ^ word) * kMul;
  return h ^ (h >> 32);
}

// Eight bytes at a time, the tail zero-padded: codes are 12-40 bytes, so a few multiplies
// instead of std::hash's byte-wise murmur (issue 6: lookups were ~10 % of serve's CPU).
std::uint64_t hash_bytes(std::uint64_t h, std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = mix(h, w);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix(h, tail);
}

// The lengths go in first, so "ab"+"c" and "a"+"bc" hash apart.
std::uint32_t hash_codes(std::string_view mine, std::string_view point) {
  const std::uint64_t h = hash_bytes(
      hash_bytes(mix(0, (std::uint64_t{mine.size()} << 32) | point.size()), mine), point);
  return static_cast<std::uint32_t>(h ^ (h >> 29));
}

bool key_is(std::string_view key, std::string_view mine, std::string_view point) {
  return key.size() == 1 + mine.size() + point.size() &&
         static_cast<unsigned char>(key[0]) == mine.size() &&
         std::memcmp(key.data() + 1, mine.data(), mine.size()) == 0 &&
         std::memcmp(key.data() + 1 + mine.size(), point.data(), point.size()) == 0;
}

Status check_codes(std::string_view mine, std::string_view point) {
  if (mine.empty() || mine.size() > SeriesIndex::kMaxMineCodeBytes) {
    return Status::invalid_argument("tsdb series: mine code '" + std::string(mine.substr(0, 40)) +
                                    "' must be 1 to 32 bytes");
  }
  if (point.empty() || point.size() > SeriesIndex::kMaxPointCodeBytes) {
    return Status::invalid_argument("tsdb series: point code of mine " + std::string(mine) +
                                    " must be 1 to 128 bytes, got " + std::to_string(point.size()));
  }
  return {};
}

}  // namespace

std::string_view SeriesIndex::key_of(SeriesId id) const {
  const std::uint32_t begin = id == 0 ? 0 : ends_[id - 1];
  return std::string_view(arena_).substr(begin, ends_[id] - begin);
}

std::string_view SeriesIndex::mine_of(SeriesId id) const {
  const auto key = key_of(id);
  return key.substr(1, static_cast<unsigned char>(key[0]));
}

std::string_view SeriesIndex::point_of(SeriesId id) const {
  const auto key = key_of(id);
  return key.substr(1 + static_cast<std::size_t>(static_cast<unsigned char>(key[0])));
}

std::optional<SeriesId> SeriesIndex::lookup(std::string_view mine, std::string_view point,
                                            std::uint32_t hash, std::size_t* free_slot) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) {
      if (free_slot != nullptr) *free_slot = i;
      return std::nullopt;
    }
    const SeriesId id = slot - 1;
    if (hashes_[id] == hash && key_is(key_of(id), mine, point)) return id;
  }
}

void SeriesIndex::grow() {
  const std::size_t size = slots_.empty() ? 64 : slots_.size() * 2;
  slots_.assign(size, 0);
  const std::size_t mask = size - 1;
  for (SeriesId id = 0; id < hashes_.size(); ++id) {
    std::size_t i = hashes_[id] & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = id + 1;
  }
}

Result<SeriesId> SeriesIndex::get_or_add(std::string_view mine, std::string_view point) {
  MW_RETURN_IF_ERROR(check_codes(mine, point));
  const std::uint32_t hash = hash_codes(mine, point);
  std::size_t free_slot = 0;
  if (auto id = lookup(mine, point, hash, &free_slot)) return *id;
  if (arena_.size() + 1 + mine.size() + point.size() > UINT32_MAX ||
      hashes_.size() >= UINT32_MAX / 2) {
    return Status::resource_exhausted("tsdb series: the index is full; add a shard");
  }
  // Keep the table at most half full so probes stay short.
  if ((hashes_.size() + 1) * 2 > slots_.size()) {
    grow();
    lookup(mine, point, hash, &free_slot);
  }
  const auto id = static_cast<SeriesId>(hashes_.size());
  arena_.push_back(static_cast<char>(mine.size()));
  arena_ += mine;
  arena_ += point;
  ends_.push_back(static_cast<std::uint32_t>(arena_.size()));
  hashes_.push_back(hash);
  slots_[free_slot] = id + 1;
  return id;
}

std::optional<SeriesId> SeriesIndex::find(std::string_view mine, std::string_view point) const {
  if (!check_codes(mine, point).ok()) return std::nullopt;
  return lookup(mine, point, hash_codes(mine, point), nullptr);
}

std::size_t SeriesIndex::memory_bytes() const noexcept {
  return arena_.capacity() +
         (ends_.capacity() + hashes_.capacity() + slots_.capacity()) * sizeof(std::uint32_t);
}

}  // namespace mw::tsdb
