#pragma once
// The administration commands (docs/accounts.md "Commands"; contracts.md "Running the
// server"): admin init, mine import, mine key, user add|list|disable, audit verify. Each
// opens the store of the data directory (minewatch.db, SQLite in WAL mode with a busy
// timeout, so it runs beside a live `serve`) or the `--store` target, migrates it, and
// records what it changed in the audit log as actor "cli".
//
// Exit codes: 0 done; 1 refused or failed (the reason on stderr; for audit verify: the chain
// is broken); 2 unusable arguments (CLI11).

#include <functional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace mw::server {

using Output = std::function<void(std::string_view)>;

struct StoreArgs {
  std::string data_dir;  // the store is <data_dir>/minewatch.db
  std::string store;     // or an open_db() target (postgresql://...); wins over data_dir
};

struct AdminInitArgs {
  StoreArgs store;
  std::string password_file;
};
struct MineImportArgs {
  StoreArgs store;
  std::string registry;
};
struct MineKeyArgs {
  StoreArgs store;
  std::string mine;
};
struct UserAddArgs {
  StoreArgs store;
  std::string name;
  std::string role;
  std::string scope;
  std::string password_file;
};
struct UserNameArgs {
  StoreArgs store;
  std::string name;
};

int run_admin_init(const AdminInitArgs& args, const Output& out, const Output& err);
int run_mine_import(const MineImportArgs& args, const Output& out, const Output& err);
int run_mine_key(const MineKeyArgs& args, const Output& out, const Output& err);
int run_user_add(const UserAddArgs& args, const Output& out, const Output& err);
int run_user_list(const StoreArgs& args, const Output& out, const Output& err);
int run_user_disable(const UserNameArgs& args, const Output& out, const Output& err);
int run_audit_verify(const StoreArgs& args, const Output& out, const Output& err);

// Registers `admin`, `mine`, `user` and `audit` on the minewatch command line; the chosen
// command's exit code lands in `exit_status`. `app` must outlive the parse.
void add_admin_commands(CLI::App& app, int& exit_status);

}  // namespace mw::server
