// The administration commands as functions over a temporary data directory (the binary's
// wiring is tested by tests/e2e/admin_cli.sh).
#include "server/admin_cli.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "base/temp_dir.hpp"
#include "store/sqlite_db.hpp"

namespace mw::server {
namespace {

class AdminCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("pw", "admin password 1\n");
    write("mines.csv",
          "mine_code,name,status,gas_grade\n"
          "140421000111,长治一矿,producing,high\n"
          "610100000333,西安二矿,producing,low\n");
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.sub(name)) << text;
  }
  StoreArgs store() const { return {dir_.sub("data"), ""}; }
  // Runs `fn` and keeps what it printed.
  template <class Fn>
  int run(Fn fn) {
    out_.clear();
    err_.clear();
    return fn([this](std::string_view s) { out_ += s; }, [this](std::string_view s) { err_ += s; });
  }
  int init() {
    return run([&](const Output& o, const Output& e) {
      return run_admin_init({store(), dir_.sub("pw")}, o, e);
    });
  }
  int import() {
    return run([&](const Output& o, const Output& e) {
      return run_mine_import({store(), dir_.sub("mines.csv")}, o, e);
    });
  }
  int verify() {
    return run([&](const Output& o, const Output& e) { return run_audit_verify(store(), o, e); });
  }
  void sql(const std::string& text) {
    auto db = store::SqliteDb::open(dir_.sub("data") + "/minewatch.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec(text).ok());
  }

  testing::TempDir dir_{"mw_admin_cli"};
  std::string out_, err_;
};

TEST_F(AdminCliTest, InitImportKeyUsersAndAVerifiedChain) {
  ASSERT_EQ(init(), 0) << err_;
  EXPECT_EQ(init(), 1);  // admin exists already
  EXPECT_NE(err_.find("already exists"), std::string::npos) << err_;
  ASSERT_EQ(import(), 0) << err_;
  EXPECT_EQ(out_, "imported 2 mines (2 new, 0 updated)\n");
  ASSERT_EQ(import(), 0) << err_;
  EXPECT_EQ(out_, "imported 2 mines (0 new, 2 updated)\n");

  ASSERT_EQ(run([&](const Output& o, const Output& e) {
              return run_mine_key({store(), "140421000111"}, o, e);
            }),
            0)
      << err_;
  EXPECT_EQ(out_.rfind("mwk_", 0), 0u);
  EXPECT_EQ(out_.size(), 4u + 43u + 1u);
  EXPECT_EQ(run([&](const Output& o, const Output& e) {
              return run_mine_key({store(), "140421000999"}, o, e);
            }),
            1);
  EXPECT_NE(err_.find("not registered"), std::string::npos) << err_;

  write("pw2", "city password 2");
  ASSERT_EQ(run([&](const Output& o, const Output& e) {
              return run_user_add({store(), "changzhi", "city", "1404", dir_.sub("pw2")}, o, e);
            }),
            0)
      << err_;
  EXPECT_EQ(run([&](const Output& o, const Output& e) {
              return run_user_add({store(), "bad", "city", "14", dir_.sub("pw2")}, o, e);
            }),
            1);
  EXPECT_EQ(run([&](const Output& o, const Output& e) {
              return run_user_add({store(), "bad", "king", "", dir_.sub("pw2")}, o, e);
            }),
            1);
  ASSERT_EQ(run([&](const Output& o, const Output& e) {
              return run_user_disable({store(), "changzhi"}, o, e);
            }),
            0);
  ASSERT_EQ(run([&](const Output& o, const Output& e) { return run_user_list(store(), o, e); }), 0);
  EXPECT_NE(out_.find("admin\tnational\t\tactive"), std::string::npos) << out_;
  EXPECT_NE(out_.find("changzhi\tcity\t1404\tdisabled"), std::string::npos) << out_;

  ASSERT_EQ(verify(), 0) << err_;
  // user.add admin, 2 imports, key, user.add changzhi, user.disable.
  EXPECT_EQ(out_.rfind("audit log intact: 6 records", 0), 0u) << out_;
}

TEST_F(AdminCliTest, VerifyFailsOnATamperedLog) {
  ASSERT_EQ(init(), 0) << err_;
  ASSERT_EQ(import(), 0) << err_;
  ASSERT_EQ(import(), 0) << err_;
  sql("UPDATE audit_log SET actor = 'someone' WHERE seq = 2");
  EXPECT_EQ(verify(), 1);
  EXPECT_NE(err_.find("BROKEN at record 2 (edited)"), std::string::npos) << err_;
}

TEST_F(AdminCliTest, CommandsNeedAnInitialisedStore) {
  EXPECT_EQ(verify(), 1);
  EXPECT_NE(err_.find("admin init"), std::string::npos) << err_;
  EXPECT_EQ(run([&](const Output& o, const Output& e) {
              return run_admin_init({store(), dir_.sub("missing")}, o, e);
            }),
            1);
  write("short", "short\n");
  EXPECT_EQ(run([&](const Output& o, const Output& e) {
              return run_admin_init({store(), dir_.sub("short")}, o, e);
            }),
            1);
  EXPECT_NE(err_.find("at least"), std::string::npos) << err_;
}

}  // namespace
}  // namespace mw::server
