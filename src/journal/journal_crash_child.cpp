// Child process of the kill -9 test (crash_test.cpp): appends durable records from two
// threads through the real file system (slowed down, see SlowFile) until killed, printing "<seq>
// <nonce>\n" for each record once append_durable has returned, i.e. once it may be acknowledged.
// Usage: journal_crash_child <dir> <first nonce>.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "base/env.hpp"
#include "journal/crash_payload.hpp"
#include "journal/journal.hpp"

namespace {

// Writes every append as many small write(2) calls with pauses between them, so that a
// SIGKILL often lands in the middle of a group and leaves a torn tail for recovery to cut.
class SlowFile final : public mw::WritableFile {
 public:
  explicit SlowFile(std::unique_ptr<mw::WritableFile> base) : base_(std::move(base)) {}
  mw::Status append(std::string_view data) override {
    while (!data.empty()) {
      const std::size_t n = std::min<std::size_t>(data.size(), 8);
      MW_RETURN_IF_ERROR(base_->append(data.substr(0, n)));
      MW_RETURN_IF_ERROR(base_->flush());
      data.remove_prefix(n);
      ::usleep(100);
    }
    return {};
  }
  mw::Status flush() override { return base_->flush(); }
  mw::Status sync() override { return base_->sync(); }
  mw::Status close() override { return base_->close(); }
  std::uint64_t size() const override { return base_->size(); }
  mw::Status truncate(std::uint64_t size) override { return base_->truncate(size); }

 private:
  std::unique_ptr<mw::WritableFile> base_;
};

class SlowEnv final : public mw::Env {
 public:
  using R = mw::Result<std::unique_ptr<mw::WritableFile>>;
  R new_writable_file(const std::string& p) override { return wrap(base_.new_writable_file(p)); }
  R new_appendable_file(const std::string& p) override {
    return wrap(base_.new_appendable_file(p));
  }
  mw::Result<std::unique_ptr<mw::SequentialFile>> new_sequential_file(
      const std::string& p) override {
    return base_.new_sequential_file(p);
  }
  mw::Result<std::string> read_file(const std::string& p) override { return base_.read_file(p); }
  mw::Result<std::vector<std::string>> list_dir(const std::string& d) override {
    return base_.list_dir(d);
  }
  mw::Status create_dir(const std::string& d) override { return base_.create_dir(d); }
  mw::Status remove_file(const std::string& p) override { return base_.remove_file(p); }
  mw::Status rename_file(const std::string& f, const std::string& t) override {
    return base_.rename_file(f, t);
  }
  mw::Status sync_dir(const std::string& d) override { return base_.sync_dir(d); }
  mw::Result<std::uint64_t> file_size(const std::string& p) override { return base_.file_size(p); }
  bool exists(const std::string& p) override { return base_.exists(p); }
  mw::Status truncate_file(const std::string& p, std::uint64_t n) override {
    return base_.truncate_file(p, n);
  }

 private:
  static R wrap(R f) {
    if (!f.ok()) return f;
    return std::unique_ptr<mw::WritableFile>(std::make_unique<SlowFile>(std::move(*f)));
  }
  mw::Env& base_ = mw::Env::posix();
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: journal_crash_child <dir> <first nonce>\n");
    return 2;
  }
  mw::journal::Options options;
  options.segment_bytes = std::uint64_t{16} * 1024;  // rotate often so crashes hit rotation too
  SlowEnv env;
  auto j = mw::journal::Journal::open(env, argv[1], options);
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
