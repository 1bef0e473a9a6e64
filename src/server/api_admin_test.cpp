// POST /api/v1/admin/mines over a real socket: who may import, what a bad file answers, and
// the audit record an import leaves.
#include "server/api_admin.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "base/temp_dir.hpp"
#include "rules/rule_pack.hpp"
#include "server/http_client.hpp"
#include "server/server.hpp"
#include "server/server_test_util.hpp"
#include "store/open_db.hpp"
#include "workflow/audit.hpp"

namespace mw::server {
namespace {

constexpr std::string_view kPassword = "correct horse battery";
constexpr std::string_view kGood =
    "mine_code,name,status,gas_grade,lat,lon\n"
    "140421000111,\"常村煤矿, 一号井\",producing,high,36.2,112.9\n"
    "610100000333,西安矿,stopped,low,,\n";

class AdminMinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Server::start(testing::test_config(dir_), clock_);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = std::move(s).value();
    for (const auto& [user, role, scope] :
         {std::tuple{"nation", Role::kNational, ""}, std::tuple{"shanxi", Role::kProvince, "14"}}) {
      ASSERT_TRUE(server_->auth().add_user(user, kPassword, role, scope, "test").ok());
    }
  }

  std::string login(const std::string& user) {
    HttpClient c("127.0.0.1", server_->port());
    auto r = c.request(Method::kPost, "/api/v1/session",
                       R"({"user":")" + user + R"(","password":")" + std::string(kPassword) + "\"}",
                       {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.ok() && r->status == 200U);
    const auto cookie = r.ok() ? r->header("set-cookie") : std::nullopt;
    return cookie ? std::string(cookie->substr(0, cookie->find(';'))) : "";
  }

  ClientResponse import(const std::string& cookie, std::string csv) {
    HttpClient c("127.0.0.1", server_->port());
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "text/csv"}};
    if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
    auto r = c.request(Method::kPost, "/api/v1/admin/mines", std::move(csv), headers);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : ClientResponse{};
  }

  std::vector<workflow::AuditRecord> audit() {
    auto db = store::open_db(dir_.sub("data") + "/minewatch.db");
    EXPECT_TRUE(db.ok());
    auto records = workflow::AuditLog(**db, clock_).list();
    EXPECT_TRUE(records.ok());
    return records.ok() ? *records : std::vector<workflow::AuditRecord>{};
  }

  mw::testing::TempDir dir_{"mw_admin"};
  ManualClock clock_{*parse_iso8601("2026-09-23T10:05:00+08:00")};
  std::unique_ptr<Server> server_;
};

TEST_F(AdminMinesTest, ANationalUserImportsAndTheImportIsAudited) {
  const ClientResponse r = import(login("nation"), std::string(kGood));
  ASSERT_EQ(r.status, 200U) << r.body;
  EXPECT_EQ(r.body, R"({"mines":2,"new":2,"updated":0})");
  const auto mines = server_->pipeline().mines();
  ASSERT_EQ(mines.size(), 2U);
  EXPECT_EQ(mines[0].name, "常村煤矿, 一号井");
  // The rule pack's defaults fill the absent columns, as `minewatch mine import` does.
  EXPECT_EQ(mines[1].shifts, mine_defaults(default_rule_pack()).shifts);

  // Again with one mine changed: an update, not a new mine.
  std::string changed(kGood);
  changed.replace(changed.find("stopped"), 7, "producing");
  const ClientResponse again = import(login("nation"), changed);
  EXPECT_EQ(again.body, R"({"mines":2,"new":0,"updated":2})");
  EXPECT_EQ(server_->pipeline().mines()[1].status, MineStatus::kProducing);

  std::vector<std::string> imports;
  for (const auto& rec : audit()) {
    if (rec.entry.action == "mine.import")
      imports.push_back(rec.entry.actor + " " + rec.entry.detail);
  }
  ASSERT_EQ(imports.size(), 2U);
  EXPECT_EQ(imports[0], R"(nation {"mines":2,"new":2,"via":"api"})");
  auto db = store::open_db(dir_.sub("data") + "/minewatch.db");
  ASSERT_TRUE(db.ok());
  auto verified = workflow::AuditLog(**db, clock_).verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->intact()) << verified->reason;
}

TEST_F(AdminMinesTest, BadRowsAnswer422WithEveryLineAndImportNothing) {
  const std::string csv =
      "mine_code,name,status,gas_grade\n"
      "140421000111,好矿,producing,low\n"
      "1404,短码,producing,low\n"                        // line 3: not a mine code
      "\"610100000333\",\"名字\n两行\",producing,low\n"  // lines 4-5: a quoted line end
      "610100000444,矿,producing,medium\n"               // line 6: no such gas grade
      "140421000111,重复,producing,low\n";               // line 7: listed on line 2 already
  const ClientResponse r = import(login("nation"), csv);
  ASSERT_EQ(r.status, 422U) << r.body;
  simdjson::dom::parser parser;
  auto doc = parser.parse(r.body);
  ASSERT_EQ(doc.error(), simdjson::SUCCESS);
  std::vector<std::int64_t> lines;
  for (auto e : doc["errors"].get_array()) lines.push_back(e["line"].get_int64().value_unsafe());
  EXPECT_EQ(lines, (std::vector<std::int64_t>{3, 6, 7})) << r.body;
  EXPECT_NE(r.body.find("gas_grade"), std::string::npos);
  EXPECT_NE(r.body.find("nothing was imported"), std::string::npos);
  EXPECT_TRUE(server_->pipeline().mines().empty());

  const ClientResponse header = import(login("nation"), "code,name\n1,2\n");
  EXPECT_EQ(header.status, 422U);
  EXPECT_NE(header.body.find("mine_code"), std::string::npos) << header.body;
  EXPECT_NE(header.body.find(R"("errors":[{"line":1,)"), std::string::npos) << header.body;
  EXPECT_EQ(header.body.find(R"("line":2)"), std::string::npos) << header.body;
  for (const auto& rec : audit()) EXPECT_NE(rec.entry.action, "mine.import");
}

// The import and its audit record commit together: an import the audit log cannot record
// is not made (the audit log names every write, issue 6).
TEST_F(AdminMinesTest, AnImportWhoseAuditRecordCannotBeWrittenImportsNothing) {
  const std::string cookie = login("nation");
  auto db = store::open_db(dir_.sub("data") + "/minewatch.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      store::exec_status((*db)->exec("ALTER TABLE audit_log RENAME TO audit_log_away")).ok());
  const ClientResponse r = import(cookie, std::string(kGood));
  EXPECT_GE(r.status, 500U) << r.body;
  EXPECT_NE(r.body.find("nothing was imported"), std::string::npos) << r.body;
  EXPECT_TRUE(server_->pipeline().mines().empty());
  auto stored = store::query_int64(**db, "SELECT COUNT(*) FROM mines", {});
  ASSERT_TRUE(stored.ok()) << stored.status().to_string();
  EXPECT_EQ(*stored, 0);

  ASSERT_TRUE(
      store::exec_status((*db)->exec("ALTER TABLE audit_log_away RENAME TO audit_log")).ok());
  EXPECT_EQ(import(cookie, std::string(kGood)).status, 200U);
  EXPECT_EQ(server_->pipeline().mines().size(), 2U);
}

TEST_F(AdminMinesTest, OnlyNationalUsersAndAtMost4MiB) {
  EXPECT_EQ(import("", std::string(kGood)).status, 401U);
  const ClientResponse province = import(login("shanxi"), std::string(kGood));
  EXPECT_EQ(province.status, 403U) << province.body;
  const ClientResponse big = import(login("nation"), std::string(kMaxMinesCsvBytes + 1, 'x'));
  EXPECT_EQ(big.status, 413U) << big.body;
  EXPECT_TRUE(server_->pipeline().mines().empty());
}

TEST(AdminRoutes, AreDocumentedInOpenApi) {
  const simdjson::padded_string text(openapi_document());
  simdjson::dom::parser parser;
  auto doc = parser.parse(text);
  ASSERT_EQ(doc.error(), simdjson::SUCCESS);
  for (const RouteSpec& s : admin_route_specs()) {
    EXPECT_EQ(doc["paths"][s.pattern]["post"]["responses"]["422"].error(), simdjson::SUCCESS)
        << s.pattern;
  }
}

}  // namespace
}  // namespace mw::server
