#pragma once
// Series index: (mine code, point code) → dense SeriesId, 0, 1, 2, … in order of first
// sight, so per-series state lives in plain vectors indexed by id. Keys are kept in one
// arena string and found through an open-addressing table of ids: about key length + 16
// bytes per series (the budget is 200 bytes per active series beyond its head).
// A lookup builds no key string: the codes are hashed and compared in place.
//
// Thread safety: none; one index belongs to one shard thread (architecture.md §3).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"

namespace mw::tsdb {

using SeriesId = std::uint32_t;

class SeriesIndex {
 public:
  // Mine codes are 12 or 20 characters (netfile.md §1); the limits leave room and bound
  // what a bad upload can make the index store.
  static constexpr std::size_t kMaxMineCodeBytes = 32;
  static constexpr std::size_t kMaxPointCodeBytes = 128;

  // The id of (mine, point), assigning the next id on first sight. kInvalidArgument for
  // an empty or too long code.
  Result<SeriesId> get_or_add(std::string_view mine, std::string_view point);
  std::optional<SeriesId> find(std::string_view mine, std::string_view point) const;

  // Views stay valid until the next get_or_add. `id` must be < size().
  std::string_view mine_of(SeriesId id) const;
  std::string_view point_of(SeriesId id) const;

  std::size_t size() const noexcept { return hashes_.size(); }
  // Heap bytes held (capacities, not sizes).
  std::size_t memory_bytes() const noexcept;

 private:
  std::string_view key_of(SeriesId id) const;
  std::optional<SeriesId> lookup(std::string_view mine, std::string_view point, std::uint32_t hash,
                                 std::size_t* free_slot) const;
  void grow();

  std::string arena_;                // keys: u8 mine length, mine, point
  std::vector<std::uint32_t> ends_;  // key i = arena_[ends_[i-1], ends_[i])
  std::vector<std::uint32_t> hashes_;
  std::vector<std::uint32_t> slots_;  // id + 1, 0 = empty; size a power of two
};

}  // namespace mw::tsdb
