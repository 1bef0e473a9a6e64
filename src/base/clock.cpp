#include "base/clock.hpp"

namespace mw {

Time SystemClock::now() const {
  return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
}

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace mw
