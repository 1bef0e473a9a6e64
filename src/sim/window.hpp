#pragma once
// An interval of simulated time.

#include "base/time.hpp"

namespace mw::sim {

// [start, end)
struct Window {
  Time start{}, end{};
  bool contains(Time t) const noexcept { return start <= t && t < end; }
};

}  // namespace mw::sim
