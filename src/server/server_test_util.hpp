#pragma once
// Test helper: the configuration of a Server started by a test. Header-only, tests only.

#include "base/temp_dir.hpp"
#include "server/config.hpp"

namespace mw::server::testing {

// Data under `dir`, a free loopback port, no access or event log; the rest as shipped.
inline ServeConfig test_config(const ::mw::testing::TempDir& dir) {
  ServeConfig c;
  c.data_dir = dir.sub("data");
  c.listen = "127.0.0.1:0";
  c.access_log = "";
  c.event_log = "";
  return c;
}

}  // namespace mw::server::testing
