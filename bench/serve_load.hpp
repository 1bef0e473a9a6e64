#pragma once
// serve_bench's load: simulated mines widened to realistic sizes whose CDSS files are made on
// the fly, so every sample of a long run is new (docs/serve.md "Benchmark").
//
// The simulator gives each mine its registry row, definitions (CDDY, FZDY) and one CDSS
// file whose points are the templates; each mine is then widened to a size drawn
// log-uniformly from [min_points, max_points] (real coal mines have 100–1,000 monitoring
// points) by cloning template points under new codes (same type, location and thresholds,
// own phase and noise). Each poll (the simulator's 10–30 s cadence) writes one CDSS file of
// every point: analog values follow an 8-h rhythm plus noise, switches and counters hold. Every
// `inject_every` of event time one methane point per mine reads over its alarm threshold for
// one poll, so the rules open a gas.alarm that the bench times on the WebSocket.
//
// Not thread-safe: one owner per LoadMine (a mine's files stay in order).

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "model/mine.hpp"

namespace mw::bench {

struct LoadSpec {
  int mines = 100;
  std::uint64_t seed = 7;
  int min_points = 100;        // real mines: 100–1,000 monitoring points
  int max_points = 1000;       //
  Seconds inject_every{1800};  // one methane over-limit per mine per this much event time
};

struct LoadPoint {
  std::string code;
  std::string prefix;  // "code;type name;location;" as CDSS writes it
  std::string unit;
  double base = 0;        // typical value
  double rhythm = 0;      // amplitude of the 8-h rhythm
  double noise = 0;       // amplitude of the uniform noise
  double lo = 0, hi = 0;  // clamp
  double phase = 0;
  std::uint8_t scale = 0;
  bool analog = false;
  bool methane = false;
  double over = 0;  // the injected over-limit value (methane points)
};

struct LoadMine {
  std::string code;
  std::string name;
  std::vector<LoadPoint> points;
  std::vector<std::size_t> methane;  // indices of methane points
  Seconds poll{20};
  Time next_poll{};  // the next file's poll time
  Time next_inject{};
  Seconds inject_every{1800};
  std::size_t inject_turn = 0;
  std::uint64_t rng = 1;
  std::vector<std::pair<std::string, std::string>> definitions;  // name, bytes; in order
};

struct Load {
  std::string mines_csv;  // the registry, as the simulator wrote it
  std::vector<LoadMine> mines;
  Time start{};  // event time of the definitions; the first poll follows
  // Samples per second of event time over all mines (Σ points / poll).
  double samples_per_event_second() const;
};

// Builds the load from a simulator run in `work_dir` (created). Fails on a simulator error.
Result<Load> make_load(const LoadSpec& spec, const std::string& work_dir);

// One generated CDSS file.
struct LoadFile {
  std::string name;
  Time upload{};
  std::string bytes;  // the networking file, or Prometheus text lines for the peer
  std::size_t samples = 0;
  std::string injected_point;  // the point carrying the over-limit; empty when none
};

enum class LoadFormat : std::uint8_t { kNetfile, kPrometheus };

// The upload time of the mine's next file (its poll time plus the station's 2-s delay).
Time next_upload(const LoadMine& mine);
// Writes the mine's next file into `out` (its buffers reused) and moves the mine on.
void next_file(LoadMine& mine, LoadFormat format, LoadFile& out);

// Encodes a few of the mine's files with the netfile encoder and decodes them back: the fast
// writer must give the encoder's exact bytes and the decoder must accept them. The message
// says what differs.
Status check_writer(const LoadMine& mine);

}  // namespace mw::bench
