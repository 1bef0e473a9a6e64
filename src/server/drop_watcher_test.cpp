#include "server/drop_watcher.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "base/temp_dir.hpp"

namespace mw::server {
namespace {

namespace fs = std::filesystem;

// Ingest double: accepts files ending in "||", quarantines "BAD" files, refuses while `full`.
struct FakeIngest {
  std::mutex mu;
  std::vector<std::string> names;
  bool full = false;
  Result<pipeline::IngestOutcome> operator()(std::string_view name, std::string_view bytes) {
    std::lock_guard lock(mu);
    if (full) return Status::resource_exhausted("disk full");
    names.emplace_back(name);
    pipeline::IngestOutcome o;
    if (bytes.find("BAD") != std::string_view::npos) {
      o.kind = pipeline::IngestOutcome::Kind::kQuarantined;
      o.reason = "record 1 has 3 fields, expected 7";
    }
    return o;
  }
  std::size_t count() {
    std::lock_guard lock(mu);
    return names.size();
  }
};

void write(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

bool eventually(const std::function<bool()>& f) {
  for (int i = 0; i < 300; ++i) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return f();
}

class DropWatcherTest : public ::testing::Test {
 protected:
  std::unique_ptr<DropWatcher> start(std::chrono::milliseconds rescan = std::chrono::seconds(30)) {
    DropOptions o;
    o.dir = dir_.path();
    o.settle = Seconds{3600};
    o.rescan = rescan;
    auto w = DropWatcher::start(o, std::ref(ingest_), clock_);
    EXPECT_TRUE(w.ok()) << w.status().to_string();
    return std::move(w).value();
  }
  mw::testing::TempDir dir_{"mw_drop"};
  FakeIngest ingest_;
  ManualClock clock_;
};

constexpr std::string_view kName = "140105001001_CDSS_20260923101319.txt";

TEST_F(DropWatcherTest, CompleteFilesGoToDoneAndBadOnesToQuarantineWithAReason) {
  write(dir_.file("140105001001_CDDY_20260923100000.txt"), "defs~||");  // there before start
  auto w = start();
  EXPECT_TRUE(fs::exists(dir_.file("done/140105001001_CDDY_20260923100000.txt")));
  write(dir_.file(std::string("140105001001/aqjk/") + std::string(kName)), "data~||");
  ASSERT_TRUE(eventually([&] {
    return fs::exists(dir_.file(std::string("done/140105001001/aqjk/") + std::string(kName)));
  }));
  write(dir_.file("140105001001/140105001001_CDSS_20260923101349.txt"), "BAD~||");
  ASSERT_TRUE(eventually([&] { return w->stats().quarantined == 1; }));
  const fs::path reason =
      dir_.file("quarantine/140105001001/140105001001_CDSS_20260923101349.txt.reason");
  std::ifstream in(reason);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "record 1 has 3 fields, expected 7");
  EXPECT_EQ(ingest_.count(), 3U);
  EXPECT_EQ(w->stats().files, 3U);
}

TEST_F(DropWatcherTest, TemporaryNamesWaitForTheRenameAndOtherMinesFolderIsQuarantined) {
  auto w = start();
  const fs::path tmp = dir_.file(".upload.tmp");
  write(tmp, "data~||");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(ingest_.count(), 0U);
  fs::rename(tmp, dir_.file(std::string(kName)));
  ASSERT_TRUE(eventually([&] { return ingest_.count() == 1; }));
  // A file of mine 14… in the folder of mine 61…: the FTP account is not that mine's.
  write(dir_.file(std::string("610105001001/") + std::string(kName)), "data~||");
  ASSERT_TRUE(eventually([&] { return w->stats().quarantined == 1; }));
  EXPECT_EQ(ingest_.count(), 1U);
}

TEST_F(DropWatcherTest, IncompleteAndRefusedFilesStayAndAreRetried) {
  auto w = start(std::chrono::milliseconds(100));
  write(dir_.file(std::string(kName)), "half a file");  // no `||` yet, young: left
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(ingest_.count(), 0U);
  EXPECT_TRUE(fs::exists(dir_.file(std::string(kName))));
  {
    std::lock_guard lock(ingest_.mu);
    ingest_.full = true;
  }
  write(dir_.file(std::string(kName)), "half a file, now whole~||");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(fs::exists(dir_.file(std::string(kName))));  // not acknowledged: kept
  {
    std::lock_guard lock(ingest_.mu);
    ingest_.full = false;
  }
  ASSERT_TRUE(eventually([&] { return fs::exists(dir_.file("done/" + std::string(kName))); }));
  EXPECT_EQ(ingest_.count(), 1U);
  EXPECT_GE(w->stats().retries, 1U);
}

}  // namespace
}  // namespace mw::server
