#include "server/drop_watcher.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "ingest/netfile/file_name.hpp"

namespace mw::server {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ONLYDIR;

bool has_end_marker(std::string_view bytes) {
  // The file ends with `||`, maybe followed by a quote (a JSON-stringified body) and line
  // breaks (netfile.md §1).
  const std::string_view tail = bytes.substr(bytes.size() > 16 ? bytes.size() - 16 : 0);
  return tail.find("||") != std::string_view::npos;
}

Result<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::io_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

struct DropWatcher::Impl {
  DropOptions options;
  DropIngest ingest;
  const Clock* clock = nullptr;
  int inotify_fd = -1;
  int wake_fd[2] = {-1, -1};  // a pipe: stop() writes one byte to end the poll
  std::map<int, fs::path> watches;
  std::atomic<std::uint64_t> files{0}, quarantined{0}, retries{0};
  std::jthread thread;

  ~Impl() {
    if (inotify_fd >= 0) ::close(inotify_fd);
    for (const int fd : wake_fd) {
      if (fd >= 0) ::close(fd);
    }
  }

  bool skipped_dir(const fs::path& p) const {
    return p == options.dir / "done" || p == options.dir / "quarantine";
  }

  void watch(const fs::path& dir) {
    if (skipped_dir(dir)) return;
    const int wd = inotify_add_watch(inotify_fd, dir.c_str(), kWatchMask);
    if (wd >= 0) watches[wd] = dir;
  }

  void watch_tree(const fs::path& dir) {
    watch(dir);
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec) && !skipped_dir(it->path())) watch_tree(it->path());
    }
  }

  void scan(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> found;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec)) {
        if (!skipped_dir(it->path())) scan(it->path());
      } else if (it->is_regular_file(ec)) {
        found.push_back(it->path());
      }
    }
    // Oldest file time first, as the pipeline wants them.
    std::sort(found.begin(), found.end());
    for (const auto& p : found) take(p);
  }

  // Moves `p` under `where` (done/ or quarantine/) keeping its path relative to dir.
  fs::path move_to(const fs::path& p, std::string_view where) {
    std::error_code ec;
    const fs::path rel = fs::relative(p, options.dir, ec);
    fs::path target = options.dir / where / (ec ? p.filename() : rel);
    fs::create_directories(target.parent_path(), ec);
    fs::rename(p, target, ec);
    if (ec) fs::remove(p, ec);  // never take the same file twice
    return target;
  }

  void quarantine(const fs::path& p, const std::string& reason) {
    const fs::path target = move_to(p, "quarantine");
    std::ofstream(target.string() + ".reason") << reason << '\n';
    files.fetch_add(1);
    quarantined.fetch_add(1);
  }

  void take(const fs::path& p) {
    const std::string name = p.filename().string();
    if (name.empty() || name.front() == '.') return;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return;
    // A file in a mine's folder must be that mine's.
    const fs::path rel = fs::relative(p.parent_path(), options.dir, ec);
    const std::string folder_mine = rel.empty() || rel == "." ? "" : rel.begin()->string();
    const auto parsed = netfile::parse_file_name(name);
    if (parsed.ok() && !folder_mine.empty() && parsed->mine_code != folder_mine) {
      return quarantine(p, "file of mine " + std::string(parsed->mine_code) +
                               " in the folder of mine " + folder_mine);
    }
    auto bytes = read_file(p);
    if (!bytes.ok()) {
      retries.fetch_add(1);
      return;
    }
    if (!has_end_marker(*bytes)) {
      const auto mtime = fs::last_write_time(p, ec);
      const auto age =
          ec ? Seconds{0}
             : std::chrono::duration_cast<Seconds>(fs::file_time_type::clock::now() - mtime);
      if (age < options.settle) {
        retries.fetch_add(1);  // still being written, maybe: look again later
        return;
      }
    }
    auto outcome = ingest(name, *bytes);
    if (!outcome.ok()) {
      retries.fetch_add(1);  // not acknowledged (disk full, I/O): keep it for the next rescan
      return;
    }
    if (outcome->kind == pipeline::IngestOutcome::Kind::kQuarantined) {
      return quarantine(p, outcome->reason);
    }
    move_to(p, "done");
    files.fetch_add(1);
  }

  void run(std::stop_token stop) {
    auto next_rescan = std::chrono::steady_clock::now() + options.rescan;
    alignas(inotify_event) char buf[64 * 1024];
    while (!stop.stop_requested()) {
      pollfd fds[2] = {{inotify_fd, POLLIN, 0}, {wake_fd[0], POLLIN, 0}};
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
          next_rescan - std::chrono::steady_clock::now());
      const int n = ::poll(fds, 2, static_cast<int>(std::max<std::int64_t>(0, wait.count())));
      if (stop.stop_requested()) break;
      if (n > 0 && (fds[0].revents & POLLIN) != 0) {
        const ssize_t len = ::read(inotify_fd, buf, sizeof buf);
        for (ssize_t off = 0; len > 0 && off < len;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
          off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
          const auto it = watches.find(ev->wd);
          if (it == watches.end() || ev->len == 0) continue;
          const fs::path p = it->second / ev->name;
          if ((ev->mask & IN_ISDIR) != 0) {
            if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
              watch_tree(p);
              scan(p);  // files may have landed before the watch existed
            }
          } else if ((ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0) {
            take(p);
          }
        }
      }
      if (std::chrono::steady_clock::now() >= next_rescan) {
        scan(options.dir);
        next_rescan = std::chrono::steady_clock::now() + options.rescan;
      }
    }
  }
};

Result<std::unique_ptr<DropWatcher>> DropWatcher::start(DropOptions options, DropIngest ingest,
                                                        const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->ingest = std::move(ingest);
  impl->clock = &clock;
  std::error_code ec;
  for (const char* sub : {"", "done", "quarantine"}) {
    fs::create_directories(impl->options.dir / sub, ec);
    if (ec) return Status::io_error("cannot create drop directory: " + ec.message());
  }
  impl->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (impl->inotify_fd < 0 || ::pipe2(impl->wake_fd, O_CLOEXEC) != 0) {
    return Status::io_error("inotify unavailable for the drop directory");
  }
  impl->watch_tree(impl->options.dir);
  impl->scan(impl->options.dir);
  Impl* raw = impl.get();
  impl->thread = std::jthread([raw](std::stop_token st) { raw->run(st); });
  return std::unique_ptr<DropWatcher>(new DropWatcher(std::move(impl)));
}

DropWatcher::DropWatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DropWatcher::~DropWatcher() { stop(); }

void DropWatcher::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->thread.request_stop();
  const char byte = 0;
  (void)!::write(impl_->wake_fd[1], &byte, 1);
  impl_->thread.join();
}

DropStats DropWatcher::stats() const {
  DropStats s;
  s.files = impl_->files.load();
  s.quarantined = impl_->quarantined.load();
  s.retries = impl_->retries.load();
  return s;
}

}  // namespace mw::server
