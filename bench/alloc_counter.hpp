#pragma once
// Counts every heap allocation of the process: linking alloc_counter.cpp into a benchmark
// replaces the global operator new/delete (kept in their own file so the compiler does not
// inline them into callers and mistake malloc/free pairs for mismatched new/delete).

#include <cstdint>

namespace mw::bench {

// Allocations (operator new of any form) since the process started.
std::uint64_t allocation_count() noexcept;

}  // namespace mw::bench
