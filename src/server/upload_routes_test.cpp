#include "server/upload_routes.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::server {
namespace {

constexpr std::string_view kMine = "140105001001";
constexpr std::string_view kKey = "key-of-140105001001";
constexpr std::string_view kOtherKey = "key-of-610105001001";
constexpr std::string_view kName = "140105001001_CDSS_20260923101319.txt";

// Records what reached the store; answers as the test scripts it.
struct FakeStore {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> ingested;
  std::optional<Status> fail;
  bool quarantine = false;

  Result<pipeline::IngestOutcome> ingest(std::string_view name, std::string_view bytes) {
    std::lock_guard lock(mu);
    if (fail) return *fail;
    pipeline::IngestOutcome o;
    o.mine = std::string(name.substr(0, name.find('_')));
    o.type = "CDSS";
    if (quarantine) {
      o.kind = pipeline::IngestOutcome::Kind::kQuarantined;
      o.reason = "header mine code differs from the file name";
      o.diagnostics = {"mine_code_mismatch"};
      return o;
    }
    for (const auto& [n, b] : ingested) {
      if (n == name && b == bytes) {
        o.kind = pipeline::IngestOutcome::Kind::kDuplicate;
        return o;
      }
    }
    ingested.emplace_back(name, bytes);
    o.records = 2;
    o.samples = 2;
    return o;
  }
};

class UploadRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    deps_.ingest = [this](std::string_view n, std::string_view b) { return store_.ingest(n, b); };
    deps_.check_key = [](std::string_view mine, std::string_view key) {
      if (key == kKey) return mine == kMine ? UploadKeyCheck::kOk : UploadKeyCheck::kOtherMine;
      if (key == kOtherKey) {
        return mine == "610105001001" ? UploadKeyCheck::kOk : UploadKeyCheck::kOtherMine;
      }
      return UploadKeyCheck::kUnknownKey;
    };
    deps_.on_ingested = [this](std::string_view mine, const pipeline::IngestOutcome&) {
      acknowledged_.emplace_back(mine);
    };
    deps_.profile = netfile::builtin_profile("national");
    ASSERT_NE(deps_.profile, nullptr);
    add_upload_routes(router_, deps_);
  }

  Response call(Method m, const std::string& path, std::string body, std::string_view key) {
    Request req;
    req.method = m;
    req.path = path;
    req.body = std::move(body);
    if (!key.empty()) req.headers.emplace_back("authorization", "Bearer " + std::string(key));
    const auto match = router_.match(m, path);
    if (match.handler == nullptr) return Response::error(404, "no route");
    return (*match.handler)(req, match.params);
  }
  Response put(std::string_view mine, std::string_view name, std::string body,
               std::string_view key = kKey) {
    return call(Method::kPut, "/api/v1/mines/" + std::string(mine) + "/files/" + std::string(name),
                std::move(body), key);
  }

  Router router_;
  UploadDeps deps_;
  FakeStore store_;
  std::vector<std::string> acknowledged_;
};

TEST_F(UploadRoutesTest, AcceptedFileIs201WithCountsAndTheSameFileTwiceIsAppliedOnce) {
  const Response r = put(kMine, kName, "bytes");
  EXPECT_EQ(r.status, 201U) << r.body;
  EXPECT_EQ(r.body, R"({"file":")" + std::string(kName) +
                        R"(","outcome":"applied","records":2,"samples":2,"diagnostics":[]})");
  const Response again = put(kMine, kName, "bytes");
  EXPECT_EQ(again.status, 201U);
  EXPECT_NE(again.body.find("\"outcome\":\"duplicate\""), std::string::npos) << again.body;
  EXPECT_EQ(store_.ingested.size(), 1U);
  EXPECT_EQ(acknowledged_, (std::vector<std::string>{std::string(kMine), std::string(kMine)}));
}

TEST_F(UploadRoutesTest, KeysMissingUnknownAndOfAnotherMineAre401And403AndStoreNothing) {
  const Response none = put(kMine, kName, "bytes", "");
  EXPECT_EQ(none.status, 401U);
  EXPECT_EQ(none.headers.at(0).first, "WWW-Authenticate");
  EXPECT_EQ(put(kMine, kName, "bytes", "guessed").status, 401U);
  const Response other = put(kMine, kName, "bytes", kOtherKey);
  EXPECT_EQ(other.status, 403U);
  EXPECT_NE(other.body.find("another mine"), std::string::npos);
  // An unknown mine: no key can be its key.
  EXPECT_EQ(put("999999999999", "999999999999_CDSS_20260923101319.txt", "b").status, 403U);
  EXPECT_TRUE(store_.ingested.empty());
  EXPECT_TRUE(acknowledged_.empty());
}

TEST_F(UploadRoutesTest, BadNamesAre400AndStoreNothing) {
  const std::vector<std::string> bad = {
      "..",
      "...txt",
      ".hidden_CDSS_20260923101319.txt",
      "140105001001_CDSS_20260923101319.txt\\..\\x",
      "140105001001_CDSS_2026092310131.txt",    // 13-digit time
      "140105001001_CDSS.txt",                  // no time
      "610105001001_CDSS_20260923101319.txt",   // another mine's name under this mine's URL
      "140105001001_CDSS_20260923101319 .txt",  // a space
      std::string(200, 'a'),
  };
  for (const auto& name : bad) {
    const Response r = put(kMine, name, "bytes");
    EXPECT_EQ(r.status, 400U) << name << " → " << r.body;
  }
  // A decoded "%2F" makes more path segments: no route at all.
  EXPECT_EQ(put(kMine, "../../etc/passwd", "x").status, 404U);
  EXPECT_EQ(put(kMine, kName, "").status, 400U);
  EXPECT_TRUE(store_.ingested.empty());
}

TEST_F(UploadRoutesTest, QuarantineIs422WithTheReasonAndStoreRefusalIs503) {
  store_.quarantine = true;
  const Response q = put(kMine, kName, "bytes");
  EXPECT_EQ(q.status, 422U);
  EXPECT_NE(q.body.find("header mine code differs"), std::string::npos) << q.body;
  EXPECT_NE(q.body.find("mine_code_mismatch"), std::string::npos);
  store_.quarantine = false;
  store_.fail = Status::resource_exhausted("disk full");
  const Response full = put(kMine, kName, "bytes");
  EXPECT_EQ(full.status, 503U);
  EXPECT_EQ(full.headers.at(0).first, "Retry-After");
  EXPECT_NE(full.body.find("disk full"), std::string::npos);
  EXPECT_TRUE(acknowledged_.empty());
}

TEST_F(UploadRoutesTest, JsonBatchBecomesOneExactCdssFile) {
  const std::string batch = R"({"mine":"140105001001","time":"2026-09-23T10:13:19+08:00",
    "points":[{"code":"140105001001MN0001","type":"甲烷","location":"工作面","unit":"%CH4",
               "samples":[{"time":"2026-09-23T10:13:00+08:00","value":0.10},
                          {"time":"2026-09-23T10:13:10+08:00","value":1.25,"status":1}]},
              {"code":"140105001001MN0002","samples":[{"time":"2026-09-23T10:13:05+08:00","value":-3}]}]})";
  const Response r = call(Method::kPost, "/api/v1/ingest", batch, kKey);
  ASSERT_EQ(r.status, 201U) << r.body;
  ASSERT_EQ(store_.ingested.size(), 1U);
  const auto& [name, bytes] = store_.ingested[0];
  EXPECT_EQ(name, "140105001001_CDSS_20260923101319.txt");
  // Decoding the file gives back exactly what was sent.
  const auto decoded = netfile::decode(name, bytes, *deps_.profile, netfile::DecodeOptions{});
  ASSERT_TRUE(decoded.accepted) << decoded.reason << "\n" << bytes;
  const auto& recs = std::get<std::vector<netfile::CdssRecord>>(decoded.records);
  ASSERT_EQ(recs.size(), 3U);
  EXPECT_EQ(recs[0].point_code, "140105001001MN0001");
  EXPECT_EQ(recs[0].value, *parse_decimal("0.10"));
  EXPECT_EQ(recs[0].location, "工作面");
  EXPECT_EQ(recs[1].status, 1);
  EXPECT_EQ(recs[1].time, *parse_iso8601("2026-09-23T10:13:10+08:00"));
  EXPECT_EQ(recs[2].value, *parse_decimal("-3"));
  // The same batch again is the same file: applied once.
  EXPECT_NE(call(Method::kPost, "/api/v1/ingest", batch, kKey).body.find("duplicate"),
            std::string::npos);
}

TEST_F(UploadRoutesTest, BadJsonBatchesAre400AndOtherMinesKey403) {
  const std::vector<std::string> bad = {
      "",
      "{",
      "[1,2]",
      R"({"mine":"140105001001"})",
      R"({"mine":"140105001001","points":[{"samples":[{"time":"2026-09-23T10:13:00+08:00","value":1}]}]})",
      R"({"mine":"140105001001","points":[{"code":"P","samples":[{"time":"yesterday","value":1}]}]})",
      R"({"mine":"140105001001","points":[{"code":"P","samples":[{"time":"2026-09-23T10:13:00+08:00","value":"1"}]}]})",
      R"({"mine":"140105001001","points":[{"code":"P;Q","samples":[{"time":"2026-09-23T10:13:00+08:00","value":1}]}]})",
      R"({"mine":"../x","points":[{"code":"P","samples":[{"time":"2026-09-23T10:13:00+08:00","value":1}]}]})",
      R"({"mine":"140105001001","extra":1})",
  };
  for (const auto& body : bad) {
    const Response r = call(Method::kPost, "/api/v1/ingest", body, kKey);
    EXPECT_EQ(r.status, 400U) << body << " → " << r.body;
  }
  const std::string ok =
      R"({"mine":"140105001001","points":[{"code":"P","samples":[{"time":"2026-09-23T10:13:00+08:00","value":1}]}]})";
  EXPECT_EQ(call(Method::kPost, "/api/v1/ingest", ok, kOtherKey).status, 403U);
  EXPECT_EQ(call(Method::kPost, "/api/v1/ingest", ok, "").status, 401U);
  EXPECT_TRUE(store_.ingested.empty());
}

}  // namespace
}  // namespace mw::server
