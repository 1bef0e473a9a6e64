// Child process of the whole-store kill -9 test (durable_crash_test.cpp): opens a data
// directory, sends the files of the test stream (durable_test_files.hpp) of two mines in
// time order from index <first> on, and prints "<file name>\n" once ingest() has returned OK
// for it, i.e. once it may be acknowledged. Runs until killed or the stream ends.
// Usage: durable_crash_child <data dir> <first index> <files per mine>.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "ingest/netfile/profile.hpp"
#include "pipeline/durable_pipeline.hpp"
#include "pipeline/durable_test_files.hpp"

int main(int argc, char** argv) {
  using namespace mw::pipeline;
  if (argc != 4) {
    std::fprintf(stderr, "usage: durable_crash_child <data dir> <first index> <files per mine>\n");
    return 2;
  }
  const std::size_t first = std::strtoull(argv[2], nullptr, 10);
  const std::size_t count = std::strtoull(argv[3], nullptr, 10);
  mw::ManualClock clock(testing::stream_file(testing::kTestMine, first).time);
  DurableOptions options;
  options.data_dir = argv[1];
  options.rule_history = mw::Seconds{0};  // keep the whole journal: exact rule state on restart
  auto p = DurablePipeline::open(options, mw::default_rule_pack(),
                                 *mw::netfile::builtin_profile("national"), clock);
  if (!p.ok()) {
    std::fprintf(stderr, "open: %s\n", p.status().to_string().c_str());
    return 1;
  }
  const std::string mines[] = {std::string(testing::kTestMine), "140421000222"};
  if (auto s = (*p)->import_registry({testing::test_mine(mines[0]), testing::test_mine(mines[1])});
      !s.ok()) {
    std::fprintf(stderr, "import: %s\n", s.to_string().c_str());
    return 1;
  }
  for (std::size_t i = first; i < count; ++i) {
    for (const std::string& mine : mines) {
      const testing::TestFile f = testing::stream_file(mine, i);
      if (f.time > clock.now()) clock.set(f.time);
      (*p)->advance();
      auto r = (*p)->ingest(f.name, f.bytes);
      if (!r.ok()) {
        std::fprintf(stderr, "ingest %s: %s\n", f.name.c_str(), r.status().to_string().c_str());
        return 1;
      }
      const std::string line = f.name + "\n";
      if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
    }
  }
  return (*p)->close().ok() ? 0 : 1;
}
