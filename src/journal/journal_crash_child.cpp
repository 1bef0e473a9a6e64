// Child process of the kill -9 test (crash_test.cpp): appends durable records from two
// threads until killed, printing "<seq> <nonce>\n" for each record once append_durable has
// returned, i.e. once it may be acknowledged. Usage: journal_crash_child <dir> <first nonce>.

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "journal/crash_payload.hpp"
#include "journal/journal.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: journal_crash_child <dir> <first nonce>\n");
    return 2;
  }
  mw::journal::Options options;
  options.segment_bytes = 16 * 1024;  // rotate often so crashes hit rotation too
  auto j = mw::journal::Journal::open(mw::Env::posix(), argv[1], options);
  if (!j.ok()) {
    std::fprintf(stderr, "open: %s\n", j.status().to_string().c_str());
    return 1;
  }
  std::atomic<std::uint64_t> nonce{std::strtoull(argv[2], nullptr, 10)};
  std::mutex out_mu;
  auto work = [&] {
    for (;;) {
      const std::uint64_t n = nonce.fetch_add(1);
      auto seq = (*j)->append_durable(7, mw::journal::crash_payload(n));
      if (!seq.ok()) {
        std::fprintf(stderr, "append: %s\n", seq.status().to_string().c_str());
        std::_Exit(1);
      }
      const std::string line = std::to_string(*seq) + " " + std::to_string(n) + "\n";
      std::lock_guard lock(out_mu);
      // One write(2) per line: a pipe write below PIPE_BUF is never split.
      if (::write(1, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        std::_Exit(1);
      }
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
}
