#include "base/env.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <utility>

namespace mw {

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (!out.empty() && out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string parent_dir(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

namespace {

// strerror is not thread-safe; std::generic_category().message() is.
Status errno_status(std::string_view what, const std::string& path, int err) {
  if (err == ENOSPC || err == EDQUOT) {
    return Status::resource_exhausted("disk full writing " + path);
  }
  std::string msg(what);
  msg += ' ';
  msg += path;
  msg += ": ";
  msg += std::generic_category().message(err);
  if (err == ENOENT) return Status::not_found(std::move(msg));
  return Status::io_error(std::move(msg));
}

// Writes all of `data`, retrying short writes and EINTR.
Status write_all(int fd, const std::string& path, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_status("write", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

class PosixWritableFile final : public WritableFile {
 public:
  // Appends below this size are gathered into one write(2); 64 KiB makes the syscall cost
  // small next to the copying.
  static constexpr std::size_t kBufferBytes = std::size_t{64} * 1024;

  PosixWritableFile(int fd, std::string path, std::uint64_t size)
      : fd_(fd), path_(std::move(path)), size_(size) {
    buf_.reserve(kBufferBytes);
  }
  ~PosixWritableFile() override { (void)close(); }

  Status append(std::string_view data) override {
    if (fd_ < 0) return Status::failed_precondition("append to closed file " + path_);
    size_ += data.size();
    if (buf_.size() + data.size() <= kBufferBytes) {
      buf_.append(data);
      return {};
    }
    MW_RETURN_IF_ERROR(flush());
    if (data.size() <= kBufferBytes) {
      buf_.append(data);
      return {};
    }
    return write_all(fd_, path_, data);
  }

  Status flush() override {
    if (fd_ < 0) return Status::failed_precondition("flush of closed file " + path_);
    Status s = write_all(fd_, path_, buf_);
    buf_.clear();
    return s;
  }

  Status sync() override {
    MW_RETURN_IF_ERROR(flush());
    // fdatasync also syncs the file size, which is all the metadata a reader needs.
    if (::fdatasync(fd_) != 0) return errno_status("fdatasync", path_, errno);
    return {};
  }

  Status close() override {
    if (fd_ < 0) return {};
    Status s = flush();
    if (::close(fd_) != 0 && s.ok()) s = errno_status("close", path_, errno);
    fd_ = -1;
    return s;
  }

  std::uint64_t size() const override { return size_; }

  Status truncate(std::uint64_t size) override {
    if (fd_ < 0) return Status::failed_precondition("truncate of closed file " + path_);
    buf_.clear();
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
      return errno_status("ftruncate", path_, errno);
    }
    size_ = size;  // O_APPEND: the next write lands at the new end
    return {};
  }

 private:
  int fd_;
  std::string path_;
  std::uint64_t size_;
  std::string buf_;
};

class PosixSequentialFile final : public SequentialFile {
 public:
  PosixSequentialFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixSequentialFile() override { ::close(fd_); }

  Result<std::size_t> read(std::span<char> buf) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buf.data(), buf.size());
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) return errno_status("read", path_, errno);
    }
  }

  Status skip(std::uint64_t n) override {
    if (::lseek(fd_, static_cast<off_t>(n), SEEK_CUR) < 0) {
      return errno_status("lseek", path_, errno);
    }
    return {};
  }

 private:
  int fd_;
  std::string path_;
};

class PosixEnv final : public Env {
 public:
  Result<std::unique_ptr<WritableFile>> new_writable_file(const std::string& path) override {
    return open_writable(path, O_TRUNC);
  }
  Result<std::unique_ptr<WritableFile>> new_appendable_file(const std::string& path) override {
    return open_writable(path, 0);
  }

  Result<std::unique_ptr<SequentialFile>> new_sequential_file(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_status("open", path, errno);
    return std::unique_ptr<SequentialFile>(std::make_unique<PosixSequentialFile>(fd, path));
  }

  Result<std::string> read_file(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno_status("open", path, errno);
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
    char buf[64 * 1024];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return errno_status("read", path, err);
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
  }

  Result<std::vector<std::string>> list_dir(const std::string& dir) override {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return errno_status("opendir", dir, errno);
    std::vector<std::string> names;
    // glibc readdir is safe on a DIR stream no other thread uses (readdir_r is deprecated).
    while (const dirent* e = ::readdir(d)) {  // NOLINT(concurrency-mt-unsafe)
      const std::string_view name(e->d_name);
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }

  Status create_dir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0755) == 0) return {};
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};
    return errno_status("mkdir", dir, err);
  }

  Status remove_file(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return errno_status("unlink", path, errno);
    return {};
  }

  Status rename_file(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return errno_status("rename to " + to + " from", from, errno);
    }
    return {};
  }

  Status sync_dir(const std::string& dir) override {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno_status("open directory", dir, errno);
    Status s;
    if (::fsync(fd) != 0) s = errno_status("fsync directory", dir, errno);
    ::close(fd);
    return s;
  }

  Result<std::uint64_t> file_size(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno_status("stat", path, errno);
    return static_cast<std::uint64_t>(st.st_size);
  }

  bool exists(const std::string& path) override {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
  }

  Status truncate_file(const std::string& path, std::uint64_t size) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno_status("open", path, errno);
    Status s;
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      s = errno_status("ftruncate", path, errno);
    } else if (::fdatasync(fd) != 0) {
      s = errno_status("fdatasync", path, errno);
    }
    ::close(fd);
    return s;
  }

 private:
  static Result<std::unique_ptr<WritableFile>> open_writable(const std::string& path, int extra) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | extra, 0644);
    if (fd < 0) return errno_status("open", path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      return errno_status("fstat", path, err);
    }
    return std::unique_ptr<WritableFile>(
        std::make_unique<PosixWritableFile>(fd, path, static_cast<std::uint64_t>(st.st_size)));
  }
};

}  // namespace

Env& Env::posix() {
  static PosixEnv env;
  return env;
}

}  // namespace mw
