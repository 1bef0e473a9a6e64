// The real thing: a child process appends durable records and is killed with SIGKILL at a
// random moment, again and again; after each kill the journal must open without repair and
// hold every acknowledged record exactly once, in order, intact.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>

#include "base/temp_dir.hpp"
#include "journal/crash_payload.hpp"
#include "journal/journal.hpp"

namespace mw::journal {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the child for `run_for`, kills it, and returns everything it printed.
std::string run_and_kill(const std::string& dir, std::uint64_t first_nonce,
                         std::chrono::microseconds run_for) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return "pipe failed";
  const std::string nonce = std::to_string(first_nonce);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::execl(MW_JOURNAL_CRASH_CHILD, MW_JOURNAL_CRASH_CHILD, dir.c_str(), nonce.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  const auto deadline = Clock::now() + run_for;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) > 0) {
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // the child died on its own: the checks below will say why
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (;;) {  // what it printed before dying was acknowledged too
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  return out;
}

TEST(CrashLoop, KillNineNeverLosesOrDuplicatesAcknowledgedRecords) {
  ::mw::testing::TempDir tmp;
  const std::string dir = tmp.sub("j");
  std::mt19937_64 rng(20261129);                 // fixed seed: the same kill moments on every run
  std::map<std::uint64_t, std::uint64_t> acked;  // seq -> nonce
  constexpr int kIterations = 60;
  int torn_opens = 0;
  for (int iter = 0; iter < kIterations; ++iter) {
    const std::uint64_t first_nonce = static_cast<std::uint64_t>(iter) * 1'000'000;
    // 0-100 ms: early kills land in the child's own recovery and segment creation.
    const std::chrono::microseconds run_for(rng() % 100'000);
    const std::string out = run_and_kill(dir, first_nonce, run_for);
    std::size_t pos = 0;
    while (pos < out.size()) {
      const std::size_t nl = out.find('\n', pos);
      ASSERT_NE(nl, std::string::npos) << "partial line: " << out.substr(pos);
      const std::string line = out.substr(pos, nl - pos);
      pos = nl + 1;
      const auto space = line.find(' ');
      ASSERT_NE(space, std::string::npos) << line;
      const std::uint64_t seq = std::stoull(line.substr(0, space));
      const std::uint64_t nonce = std::stoull(line.substr(space + 1));
      ASSERT_TRUE(acked.emplace(seq, nonce).second) << "sequence acknowledged twice: " << seq;
    }

    auto j = Journal::open(Env::posix(), dir);
    ASSERT_TRUE(j.ok()) << "iteration " << iter << ": " << j.status().to_string();
    const RecoveryReport& rep = (*j)->recovery();
    ASSERT_TRUE(rep.corrupt.empty()) << "iteration " << iter << ": " << rep.to_string();
    if (rep.torn_bytes > 0) ++torn_opens;
    std::map<std::uint64_t, std::uint64_t> found;
    std::set<std::uint64_t> nonces;
    std::uint64_t prev = 0;
    ASSERT_TRUE(
        (*j)->replay(1,
                     [&](const Record& r) {
                       EXPECT_GT(r.seq, prev);
                       prev = r.seq;
                       const std::string p(r.payload);
                       const std::uint64_t nonce = std::stoull(p.substr(6, p.find(';') - 6));
                       EXPECT_EQ(p, crash_payload(nonce)) << "record " << r.seq << " damaged";
                       EXPECT_TRUE(nonces.insert(nonce).second) << "duplicated record " << nonce;
                       found.emplace(r.seq, nonce);
                       return Status{};
                     })
            .ok());
    for (const auto& [seq, nonce] : acked) {
      auto it = found.find(seq);
      if (it == found.end()) {  // say what recovery saw, to make the failure debuggable
        std::string files;
        const auto names = Env::posix().list_dir(dir);
        for (const auto& n : *names) files += n + " ";
        ADD_FAILURE() << rep.to_string() << "\nfiles now: " << files;
      }
      ASSERT_NE(it, found.end()) << "iteration " << iter << ": acknowledged " << seq << " lost";
      ASSERT_EQ(it->second, nonce) << "iteration " << iter << ": record " << seq;
    }
  }
  // The loop proves something only if many records were acknowledged and some kills landed
  // in the middle of a write (the child writes slowly to make that likely).
  EXPECT_GT(acked.size(), std::size_t{kIterations});
  EXPECT_GT(torn_opens, 0);
  std::printf("%d kills, %zu acknowledged records, %d opens cut a torn tail\n", kIterations,
              acked.size(), torn_opens);
}

}  // namespace
}  // namespace mw::journal
