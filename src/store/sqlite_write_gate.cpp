#include "store/sqlite_write_gate.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

namespace mw::store {

std::shared_ptr<SqliteWriteGate> SqliteWriteGate::for_file(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return nullptr;
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) key = std::filesystem::absolute(path, ec).string();
  if (ec) key = path;
  static std::mutex registry_mu;
  // Weak: a gate lives as long as some connection to its file does.
  static std::map<std::string, std::weak_ptr<SqliteWriteGate>, std::less<>> registry;
  std::lock_guard lock(registry_mu);
  std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
  std::weak_ptr<SqliteWriteGate>& slot = registry[key];
  std::shared_ptr<SqliteWriteGate> gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<SqliteWriteGate>();
    slot = gate;
  }
  return gate;
}

bool SqliteWriteGate::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  const std::uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  const bool turn = cv_.wait_for(lock, timeout, [&] { return !held_ && queue_.front() == ticket; });
  if (!turn) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
    cv_.notify_all();  // the one behind may be first now
    return false;
  }
  queue_.pop_front();
  held_ = true;
  return true;
}

void SqliteWriteGate::release() {
  {
    std::lock_guard lock(mu_);
    held_ = false;
  }
  cv_.notify_all();
}

std::size_t SqliteWriteGate::waiting() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

}  // namespace mw::store
