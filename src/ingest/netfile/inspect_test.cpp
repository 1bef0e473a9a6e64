#include "ingest/netfile/inspect.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ingest/netfile/test_util.hpp"

namespace mw::netfile {
namespace {

using testing::body;
using testing::std_header;

TEST(Inspect, RecordLinesThenSummary) {
  const DecodedFile f = testing::decode_national(
      "CDSS", body(std_header(), {"P1;环境瓦斯;3105回风巷;0.50;%CH4;1;2026-09-23 10:13:15"}));
  std::string out;
  append_inspect_json(f, out);
  const std::string name = "140421000111_CDSS_20260923101319.txt";
  EXPECT_EQ(out, "{\"file\":\"" + name +
                     "\",\"type\":\"CDSS\",\"record\":{\"point_code\":\"P1\",\"sensor_type_name\":"
                     "\"环境瓦斯\",\"location\":\"3105回风巷\",\"value\":0.50,\"unit\":\"%CH4\","
                     "\"status\":1,\"time\":\"2026-09-23T10:13:15+08:00\"}}\n"
                     "{\"file\":\"" +
                     name +
                     "\",\"summary\":{\"status\":\"ok\",\"type\":\"CDSS\",\"type_name\":\"CDSS\","
                     "\"mine\":\"140421000111\",\"records\":1,\"skipped\":0,\"encoding\":\"utf-8\","
                     "\"reason\":null,\"diagnostics\":[]}}\n");
}

TEST(Inspect, RejectedFileHasOnlyASummaryWithReasonAndDiagnostics) {
  const DecodedFile f = testing::decode_national("CDSS", body(std_header("620823009203"), {}));
  std::string out;
  append_inspect_json(f, out);
  EXPECT_EQ(out.find("\"record\":{"), std::string::npos);
  EXPECT_NE(out.find("\"status\":\"rejected\""), std::string::npos);
  EXPECT_NE(out.find("\"reason\":\"header mine code 620823009203 differs from file name "
                     "140421000111\""),
            std::string::npos);
  EXPECT_NE(out.find("{\"code\":\"header.mine_mismatch\",\"severity\":\"error\",\"record\":0,"),
            std::string::npos)
      << out;
}

TEST(Inspect, EmptyOptionalFieldsAreNull) {
  const DecodedFile f = testing::decode_national(
      "YCBJ", body(std_header(), {"P1;环境瓦斯;loc;%CH4;001;2026-09-23 10:00:00;;;;;;;;;;;"
                                  "2026-09-23 10:05:00"}));
  std::string out;
  append_inspect_json(f, out);
  EXPECT_NE(out.find("\"end\":null,\"max\":null"), std::string::npos) << out;
}

class RunInspect : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mw_inspect_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  int run(const InspectArgs& args) {
    out_.clear();
    err_.clear();
    return run_inspect(
        args, Env::posix(), testing::options().now, [&](std::string_view s) { out_ += s; },
        [&](std::string_view s) { err_ += s; });
  }

  std::filesystem::path dir_;
  std::string out_, err_;
};

TEST_F(RunInspect, ExitStatusFollowsTheContract) {
  const std::string good = write("140421000111_CDSS_20260923101319.txt", body(std_header(), {}));
  const std::string bad =
      write("140421000111_CDSS_20260923101320.txt", body(std_header("620823009203"), {}));
  InspectArgs args;
  args.files = {good};
  EXPECT_EQ(run(args), 0);
  EXPECT_NE(out_.find("\"status\":\"ok\""), std::string::npos);
  args.files = {good, bad};
  EXPECT_EQ(run(args), 1);
  args.files = {good, (dir_ / "missing.txt").string()};
  EXPECT_EQ(run(args), 2);
  EXPECT_NE(err_.find("missing.txt"), std::string::npos);
  args.files = {good};
  args.profile = "nope";
  EXPECT_EQ(run(args), 2);
  EXPECT_NE(err_.find("unknown profile 'nope'"), std::string::npos);
}

TEST_F(RunInspect, ProfileFileIsLoadedAtRunTime) {
  const std::string profile = write("p.toml", R"(
name = "mine-x"
[envelope]
header_end = "#"
record_end = "#"
file_end = "$$"
[[types]]
name = "XSS"
kind = "CDSS"
header = ["mine_code", "upload_time"]
fields = ["point_code", "value", "time"]
)");
  const std::string file = write("140421000111_XSS_20260923101319.txt",
                                 "140421000111;2026-09-23 10:13:19#P1;1.5;2026-09-23 10:13:00#$$");
  InspectArgs args;
  args.files = {file};
  args.profile_file = profile;
  EXPECT_EQ(run(args), 0) << err_ << out_;
  EXPECT_NE(out_.find("\"value\":1.5"), std::string::npos) << out_;
  args.profile_file = write("bad.toml", "name = ");
  EXPECT_EQ(run(args), 2);
  EXPECT_NE(err_.find("bad.toml"), std::string::npos) << err_;
}

}  // namespace
}  // namespace mw::netfile
