#pragma once
// Test helper: a fresh temporary directory, removed with everything in it afterwards.
// Header-only and used by tests only.

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace mw::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "mw") {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }
  std::filesystem::path file(const std::string& name) const {
    return std::filesystem::path(path_) / name;
  }

 private:
  std::string path_;
};

}  // namespace mw::testing
