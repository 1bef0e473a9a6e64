// FaultInjectionEnv (declared in env.hpp): faults scripted by tests on top of a real Env.

#include <algorithm>
#include <utility>

#include "base/env.hpp"

namespace mw {

// Every append goes straight through to the base file (no buffering here or there), so
// what "reached the disk" is exactly what the base file holds.
class FaultInjectionEnv::File final : public WritableFile {
 public:
  File(FaultInjectionEnv& env, std::string path, std::unique_ptr<WritableFile> base)
      : env_(env), path_(std::move(path)), base_(std::move(base)) {}
  ~File() override { (void)close(); }

  Status append(std::string_view data) override {
    Status fault;
    const std::size_t n = env_.admit_append(path_, data.size(), fault);
    if (n > 0) {
      MW_RETURN_IF_ERROR(base_->append(data.substr(0, n)));
      MW_RETURN_IF_ERROR(base_->flush());
    }
    return fault;
  }

  Status flush() override { return base_->flush(); }

  Status sync() override {
    MW_RETURN_IF_ERROR(env_.before_sync(path_));
    MW_RETURN_IF_ERROR(base_->sync());
    env_.after_sync(path_, base_->size());
    return {};
  }

  Status close() override { return base_->close(); }
  std::uint64_t size() const override { return base_->size(); }

  Status truncate(std::uint64_t size) override {
    {
      std::lock_guard lock(env_.mu_);
      if (!env_.active_) return Status::io_error("file system inactive truncating " + path_);
      auto& st = env_.files_[path_];
      st.synced_size = std::min(st.synced_size, size);
    }
    return base_->truncate(size);
  }

 private:
  FaultInjectionEnv& env_;
  std::string path_;
  std::unique_ptr<WritableFile> base_;
};

FaultInjectionEnv::~FaultInjectionEnv() = default;

void FaultInjectionEnv::inject_short_write(std::size_t keep_bytes) {
  std::lock_guard lock(mu_);
  short_write_ = keep_bytes;
}

void FaultInjectionEnv::fail_syncs(int count) {
  std::lock_guard lock(mu_);
  failing_syncs_ = count;
}

void FaultInjectionEnv::set_free_space(std::uint64_t bytes) {
  std::lock_guard lock(mu_);
  free_space_ = bytes;
}

void FaultInjectionEnv::clear_disk_full() {
  std::lock_guard lock(mu_);
  free_space_.reset();
}

void FaultInjectionEnv::set_active(bool active) {
  std::lock_guard lock(mu_);
  active_ = active;
}

Status FaultInjectionEnv::drop_unsynced_data() {
  std::lock_guard lock(mu_);
  for (auto it = files_.begin(); it != files_.end();) {
    const std::string& path = it->first;
    if (!it->second.dir_synced) {
      if (base_.exists(path)) MW_RETURN_IF_ERROR(base_.remove_file(path));
      it = files_.erase(it);
      continue;
    }
    if (base_.exists(path)) MW_RETURN_IF_ERROR(base_.truncate_file(path, it->second.synced_size));
    ++it;
  }
  return {};
}

std::uint64_t FaultInjectionEnv::sync_calls() const {
  std::lock_guard lock(mu_);
  return sync_calls_;
}

std::uint64_t FaultInjectionEnv::dir_sync_calls() const {
  std::lock_guard lock(mu_);
  return dir_sync_calls_;
}

std::uint64_t FaultInjectionEnv::bytes_appended() const {
  std::lock_guard lock(mu_);
  return bytes_appended_;
}

std::size_t FaultInjectionEnv::admit_append(const std::string& path, std::size_t n, Status& fault) {
  std::lock_guard lock(mu_);
  if (!active_) {
    fault = Status::io_error("file system inactive writing " + path);
    return 0;
  }
  if (short_write_) {
    n = std::min(n, *short_write_);
    short_write_.reset();
    fault = Status::io_error("injected short write to " + path);
  }
  if (free_space_ && n > *free_space_) {
    n = static_cast<std::size_t>(*free_space_);
    fault = Status::resource_exhausted("disk full writing " + path);
  }
  if (free_space_) *free_space_ -= n;
  bytes_appended_ += n;
  return n;
}

Status FaultInjectionEnv::before_sync(const std::string& path) {
  std::lock_guard lock(mu_);
  if (!active_) return Status::io_error("file system inactive syncing " + path);
  if (failing_syncs_ > 0) {
    --failing_syncs_;
    return Status::io_error("injected fsync failure on " + path);
  }
  return {};
}

void FaultInjectionEnv::after_sync(const std::string& path, std::uint64_t size) {
  std::lock_guard lock(mu_);
  files_[path].synced_size = size;
  ++sync_calls_;
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::new_writable_file(
    const std::string& path) {
  {
    std::lock_guard lock(mu_);
    if (!active_) return Status::io_error("file system inactive creating " + path);
    auto it = files_.find(path);
    const bool known = it != files_.end() ? it->second.dir_synced : base_.exists(path);
    files_[path] = FileState{0, known};
  }
  auto f = base_.new_writable_file(path);
  if (!f.ok()) return std::move(f).take_status();
  return std::unique_ptr<WritableFile>(std::make_unique<File>(*this, path, std::move(*f)));
}

Result<std::unique_ptr<WritableFile>> FaultInjectionEnv::new_appendable_file(
    const std::string& path) {
  auto f = base_.new_appendable_file(path);
  if (!f.ok()) return std::move(f).take_status();
  {
    std::lock_guard lock(mu_);
    if (!active_) return Status::io_error("file system inactive opening " + path);
    if (files_.find(path) == files_.end()) files_[path] = FileState{(*f)->size(), true};
  }
  return std::unique_ptr<WritableFile>(std::make_unique<File>(*this, path, std::move(*f)));
}

Result<std::unique_ptr<SequentialFile>> FaultInjectionEnv::new_sequential_file(
    const std::string& path) {
  return base_.new_sequential_file(path);
}

Result<std::string> FaultInjectionEnv::read_file(const std::string& path) {
  return base_.read_file(path);
}

Result<std::vector<std::string>> FaultInjectionEnv::list_dir(const std::string& dir) {
  return base_.list_dir(dir);
}

Status FaultInjectionEnv::create_dir(const std::string& dir) { return base_.create_dir(dir); }

Status FaultInjectionEnv::remove_file(const std::string& path) {
  {
    std::lock_guard lock(mu_);
    if (!active_) return Status::io_error("file system inactive removing " + path);
    files_.erase(path);  // a removal is modelled as durable at once
  }
  return base_.remove_file(path);
}

Status FaultInjectionEnv::rename_file(const std::string& from, const std::string& to) {
  {
    std::lock_guard lock(mu_);
    if (!active_) return Status::io_error("file system inactive renaming " + from);
  }
  MW_RETURN_IF_ERROR(base_.rename_file(from, to));
  std::lock_guard lock(mu_);
  FileState st{0, false};
  if (auto it = files_.find(from); it != files_.end()) {
    st.synced_size = it->second.synced_size;
    files_.erase(it);
  } else if (auto size = base_.file_size(to); size.ok()) {
    st.synced_size = *size;
  }
  files_[to] = st;  // the new name is durable only after sync_dir
  return {};
}

Status FaultInjectionEnv::sync_dir(const std::string& dir) {
  MW_RETURN_IF_ERROR(before_sync(dir));
  MW_RETURN_IF_ERROR(base_.sync_dir(dir));
  std::string_view d(dir);
  while (d.size() > 1 && d.back() == '/') d.remove_suffix(1);
  std::lock_guard lock(mu_);
  for (auto& [path, st] : files_) {
    if (parent_dir(path) == d) st.dir_synced = true;
  }
  ++dir_sync_calls_;
  return {};
}

Result<std::uint64_t> FaultInjectionEnv::file_size(const std::string& path) {
  return base_.file_size(path);
}

bool FaultInjectionEnv::exists(const std::string& path) { return base_.exists(path); }

Status FaultInjectionEnv::truncate_file(const std::string& path, std::uint64_t size) {
  {
    std::lock_guard lock(mu_);
    if (!active_) return Status::io_error("file system inactive truncating " + path);
  }
  MW_RETURN_IF_ERROR(base_.truncate_file(path, size));
  std::lock_guard lock(mu_);
  if (auto it = files_.find(path); it != files_.end()) it->second.synced_size = size;
  return {};
}

}  // namespace mw
