#include "base/env.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace mw {
namespace {

class EnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mw_env_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(std::string_view name) const { return join_path(dir_, name); }

  std::string dir_;
  Env& env_ = Env::posix();
};

TEST(Paths, JoinAndParent) {
  EXPECT_EQ(join_path("a", "b"), "a/b");
  EXPECT_EQ(join_path("a/", "b"), "a/b");
  EXPECT_EQ(join_path("", "b"), "b");
  EXPECT_EQ(parent_dir("a/b/c"), "a/b");
  EXPECT_EQ(parent_dir("c"), ".");
  EXPECT_EQ(parent_dir("/c"), "/");
}

TEST_F(EnvTest, WriteAppendReadBack) {
  auto f = env_.new_writable_file(path("x"));
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  ASSERT_TRUE((*f)->append("hello ").ok());
  ASSERT_TRUE((*f)->append(std::string(100000, 'z')).ok());  // bigger than the buffer
  EXPECT_EQ((*f)->size(), 100006u);
  ASSERT_TRUE((*f)->sync().ok());
  ASSERT_TRUE((*f)->close().ok());
  EXPECT_FALSE((*f)->append("late").ok());

  auto g = env_.new_appendable_file(path("x"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ((*g)->size(), 100006u);
  ASSERT_TRUE((*g)->append("!").ok());
  ASSERT_TRUE((*g)->close().ok());

  auto data = env_.read_file(path("x"));
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->size(), 100007u);
  EXPECT_EQ(data->substr(0, 6), "hello ");
  EXPECT_EQ(data->back(), '!');
  EXPECT_EQ(*env_.file_size(path("x")), 100007u);

  // Reopening for writing empties the file.
  auto h = env_.new_writable_file(path("x"));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ((*h)->size(), 0u);
  ASSERT_TRUE((*h)->close().ok());
  EXPECT_EQ(*env_.file_size(path("x")), 0u);
}

TEST_F(EnvTest, FlushMakesBufferedBytesVisible) {
  auto f = env_.new_writable_file(path("b"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->append("abc").ok());
  EXPECT_EQ(*env_.file_size(path("b")), 0u);  // still in the buffer
  ASSERT_TRUE((*f)->flush().ok());
  EXPECT_EQ(*env_.file_size(path("b")), 3u);
}

TEST_F(EnvTest, TruncateRollsBackAndNextAppendLandsAtNewEnd) {
  auto f = env_.new_writable_file(path("t"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->append("0123456789").ok());
  ASSERT_TRUE((*f)->flush().ok());
  ASSERT_TRUE((*f)->append("buffered").ok());
  ASSERT_TRUE((*f)->truncate(4).ok());
  EXPECT_EQ((*f)->size(), 4u);
  ASSERT_TRUE((*f)->append("X").ok());
  ASSERT_TRUE((*f)->close().ok());
  EXPECT_EQ(*env_.read_file(path("t")), "0123X");

  ASSERT_TRUE(env_.truncate_file(path("t"), 2).ok());
  EXPECT_EQ(*env_.read_file(path("t")), "01");
}

TEST_F(EnvTest, SequentialReadAndSkip) {
  auto f = env_.new_writable_file(path("s"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->append("abcdefghij").ok());
  ASSERT_TRUE((*f)->close().ok());
  auto r = env_.new_sequential_file(path("s"));
  ASSERT_TRUE(r.ok());
  char buf[4];
  auto n = (*r)->read(buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(std::string(buf, *n), "abcd");
  ASSERT_TRUE((*r)->skip(3).ok());
  n = (*r)->read(buf);
  EXPECT_EQ(std::string(buf, *n), "hij");
  n = (*r)->read(buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
}

TEST_F(EnvTest, DirectoryOperations) {
  ASSERT_TRUE(env_.create_dir(path("sub")).ok());
  ASSERT_TRUE(env_.create_dir(path("sub")).ok());  // already there is fine
  for (const char* name : {"b", "a", "c"}) {
    auto f = env_.new_writable_file(join_path(path("sub"), name));
    ASSERT_TRUE(f.ok());
  }
  auto names = env_.list_dir(path("sub"));
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(env_.rename_file(path("sub/a"), path("sub/d")).ok());
  ASSERT_TRUE(env_.remove_file(path("sub/b")).ok());
  ASSERT_TRUE(env_.sync_dir(path("sub")).ok());
  EXPECT_EQ(*env_.list_dir(path("sub")), (std::vector<std::string>{"c", "d"}));
  EXPECT_TRUE(env_.exists(path("sub/d")));
  EXPECT_FALSE(env_.exists(path("sub/a")));
}

TEST_F(EnvTest, ErrorsNameThePathAndReason) {
  auto r = env_.read_file(path("missing"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(path("missing")), std::string::npos);
  EXPECT_NE(r.status().message().find("No such file"), std::string::npos);

  EXPECT_FALSE(env_.new_writable_file(path("no/such/dir/f")).ok());
  EXPECT_FALSE(env_.list_dir(path("nodir")).ok());
  EXPECT_FALSE(env_.remove_file(path("missing")).ok());
  EXPECT_FALSE(env_.file_size(path("missing")).ok());
  EXPECT_FALSE(env_.sync_dir(path("nodir")).ok());
  // A file where a directory is wanted is not "already exists".
  ASSERT_TRUE(env_.new_writable_file(path("plain")).ok());
  EXPECT_FALSE(env_.create_dir(path("plain")).ok());
}

TEST_F(EnvTest, DiskFullIsResourceExhausted) {
  // /dev/full answers every write with ENOSPC.
  ASSERT_TRUE(env_.exists("/dev/full"));
  auto f = env_.new_appendable_file("/dev/full");
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  ASSERT_TRUE((*f)->append("x").ok());  // buffered
  Status s = (*f)->flush();
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "disk full writing /dev/full");
}

// --- FaultInjectionEnv ---

TEST_F(EnvTest, FaultShortWriteKeepsAPrefixAndFails) {
  FaultInjectionEnv fenv(env_);
  auto f = fenv.new_writable_file(path("f"));
  ASSERT_TRUE(f.ok());
  fenv.inject_short_write(3);
  Status s = (*f)->append("abcdef");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find(path("f")), std::string::npos);
  ASSERT_TRUE((*f)->append("XY").ok());  // only the next write was short
  EXPECT_EQ(*env_.read_file(path("f")), "abcXY");
}

TEST_F(EnvTest, FaultFailingSyncsAreCountedAndStop) {
  FaultInjectionEnv fenv(env_);
  auto f = fenv.new_writable_file(path("f"));
  ASSERT_TRUE(f.ok());
  fenv.fail_syncs(2);
  EXPECT_EQ((*f)->sync().code(), StatusCode::kIoError);
  EXPECT_EQ(fenv.sync_dir(dir_).code(), StatusCode::kIoError);
  EXPECT_TRUE((*f)->sync().ok());
  EXPECT_TRUE(fenv.sync_dir(dir_).ok());
  EXPECT_EQ(fenv.sync_calls(), 1u);
  EXPECT_EQ(fenv.dir_sync_calls(), 1u);
}

TEST_F(EnvTest, FaultDiskFullThenSpaceReturns) {
  FaultInjectionEnv fenv(env_);
  auto f = fenv.new_writable_file(path("f"));
  ASSERT_TRUE(f.ok());
  fenv.set_free_space(5);
  ASSERT_TRUE((*f)->append("abc").ok());
  Status s = (*f)->append("defg");
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "disk full writing " + path("f"));
  EXPECT_EQ((*f)->append("h").code(), StatusCode::kResourceExhausted);
  fenv.clear_disk_full();
  ASSERT_TRUE((*f)->append("h").ok());
  EXPECT_EQ(*env_.read_file(path("f")), "abcdeh");
  EXPECT_EQ(fenv.bytes_appended(), 6u);
}

TEST_F(EnvTest, FaultPowerLossDropsUnsyncedBytesAndUnsyncedFiles) {
  FaultInjectionEnv fenv(env_);
  {
    auto f = fenv.new_writable_file(path("kept"));
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->append("durable").ok());
    ASSERT_TRUE((*f)->sync().ok());
    ASSERT_TRUE(fenv.sync_dir(dir_).ok());
    ASSERT_TRUE((*f)->append("-lost").ok());
    auto g = fenv.new_writable_file(path("new"));  // its directory entry never synced
    ASSERT_TRUE(g.ok());
    ASSERT_TRUE((*g)->append("x").ok());
    ASSERT_TRUE((*g)->sync().ok());
    fenv.set_active(false);
    EXPECT_FALSE((*f)->append("more").ok());
    EXPECT_FALSE((*f)->sync().ok());
  }
  EXPECT_EQ(*env_.read_file(path("kept")), "durable-lost");  // the page cache still has it
  ASSERT_TRUE(fenv.drop_unsynced_data().ok());
  fenv.set_active(true);
  EXPECT_EQ(*env_.read_file(path("kept")), "durable");
  EXPECT_FALSE(env_.exists(path("new")));
}

}  // namespace
}  // namespace mw
