// The administration commands: parse nothing (CLI11 does), open the store, call Auth /
// CatalogRepo / AuditLog, print one line per result.
#include "server/admin_cli.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "base/clock.hpp"
#include "base/env.hpp"
#include "model/mine_registry.hpp"
#include "rules/rule_pack.hpp"
#include "server/auth.hpp"
#include "store/catalog_repo.hpp"
#include "store/migrations.hpp"
#include "store/open_db.hpp"
#include "workflow/audit.hpp"

namespace mw::server {

namespace {

constexpr std::string_view kActor = "cli";
constexpr std::string_view kAdminUser = "admin";

// Opens and migrates the store. `create` makes the data directory (admin init, mine import);
// the other commands need a store that exists.
Result<std::unique_ptr<store::Db>> open_store(const StoreArgs& a, bool create) {
  std::string target = a.store;
  if (target.empty()) {
    if (a.data_dir.empty()) return Status::invalid_argument("give --data-dir (or --store)");
    const std::filesystem::path dir(a.data_dir);
    target = (dir / "minewatch.db").string();
    std::error_code ec;
    if (create) {
      std::filesystem::create_directories(dir, ec);
      if (ec) return Status::io_error("cannot create " + a.data_dir + ": " + ec.message());
    } else if (!std::filesystem::exists(target, ec)) {
      return Status::not_found("no store at " + target + "; run `minewatch admin init --data-dir " +
                               a.data_dir + " --password-file F` first");
    }
  }
  auto db = store::open_db(target);
  if (!db.ok()) return std::move(db).take_status();
  MW_RETURN_IF_ERROR(store::migrate(**db, SystemClock::instance()));
  return std::move(*db);
}

Result<std::unique_ptr<Auth>> open_auth(const StoreArgs& a, bool create) {
  auto db = open_store(a, create);
  if (!db.ok()) return std::move(db).take_status();
  return std::make_unique<Auth>(std::move(*db), SystemClock::instance());
}

// The first line of the file, without its line end (a password file is one line).
Result<std::string> read_password(const std::string& path) {
  if (path.empty()) return Status::invalid_argument("give --password-file");
  auto text = Env::posix().read_file(path);
  if (!text.ok()) return std::move(text).take_status();
  std::string p = *text;
  p = p.substr(0, p.find('\n'));
  if (!p.empty() && p.back() == '\r') p.pop_back();
  return p;
}

int fail(const Output& err, const Status& s) {
  err("error: " + s.message() + "\n");
  return 1;
}

}  // namespace

int run_admin_init(const AdminInitArgs& args, const Output& out, const Output& err) {
  auto password = read_password(args.password_file);
  if (!password.ok()) return fail(err, password.status());
  auto auth = open_auth(args.store, true);
  if (!auth.ok()) return fail(err, auth.status());
  auto user = (*auth)->add_user(kAdminUser, *password, Role::kNational, "", kActor);
  if (!user.ok()) return fail(err, user.status());
  out("created user admin (national scope)\n");
  return 0;
}

int run_mine_import(const MineImportArgs& args, const Output& out, const Output& err) {
  auto text = Env::posix().read_file(args.registry);
  if (!text.ok()) return fail(err, text.status());
  // Absent optional columns take the default rule pack's values, as replay and serve do.
  auto mines = parse_mine_registry(*text, mine_defaults(default_rule_pack()));
  if (!mines.ok()) return fail(err, mines.status());
  auto db = open_store(args.store, true);
  if (!db.ok()) return fail(err, db.status());
  store::CatalogRepo catalog(**db);
  int added = 0;
  const Status s = store::in_transaction(**db, [&]() -> Status {
    for (const Mine& m : *mines) {
      auto existing = catalog.get_mine(m.code);
      if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
        return existing.status();
      }
      if (!existing.ok()) ++added;
      MW_RETURN_IF_ERROR(catalog.upsert_mine(m));
    }
    const std::string detail =
        "{\"mines\":" + std::to_string(mines->size()) + ",\"new\":" + std::to_string(added) + "}";
    return workflow::AuditLog(**db, SystemClock::instance())
        .append({std::string(kActor), "mine.import",
                 std::filesystem::path(args.registry).filename().string(), detail});
  });
  if (!s.ok()) return fail(err, s);
  out("imported " + std::to_string(mines->size()) + " mines (" + std::to_string(added) + " new, " +
      std::to_string(static_cast<int>(mines->size()) - added) + " updated)\n");
  return 0;
}

int run_mine_key(const MineKeyArgs& args, const Output& out, const Output& err) {
  auto auth = open_auth(args.store, false);
  if (!auth.ok()) return fail(err, auth.status());
  auto key = (*auth)->rotate_upload_key(args.mine, kActor);
  if (!key.ok()) {
    if (key.status().code() == StatusCode::kNotFound) {
      return fail(err, Status::not_found("mine " + args.mine +
                                         " is not registered; run `minewatch mine import` first"));
    }
    return fail(err, key.status());
  }
  out(*key + "\n");
  return 0;
}

int run_user_add(const UserAddArgs& args, const Output& out, const Output& err) {
  const auto role = parse_role(args.role);
  if (!role) {
    return fail(
        err, Status::invalid_argument("--role must be national, province, city, mine or viewer"));
  }
  auto password = read_password(args.password_file);
  if (!password.ok()) return fail(err, password.status());
  auto auth = open_auth(args.store, false);
  if (!auth.ok()) return fail(err, auth.status());
  auto user = (*auth)->add_user(args.name, *password, *role, args.scope, kActor);
  if (!user.ok()) return fail(err, user.status());
  out("created user " + user->name + " (" + std::string(role_name(user->role)) + ", scope '" +
      user->scope + "')\n");
  return 0;
}

int run_user_list(const StoreArgs& args, const Output& out, const Output& err) {
  auto auth = open_auth(args, false);
  if (!auth.ok()) return fail(err, auth.status());
  auto users = (*auth)->list_users();
  if (!users.ok()) return fail(err, users.status());
  out("name\trole\tscope\tstatus\tcreated (China time)\n");
  for (const auto& u : *users) {
    out(u.name + "\t" + std::string(role_name(u.role)) + "\t" + u.scope + "\t" +
        (u.disabled ? "disabled" : "active") + "\t" + format_china_time(u.created) + "\n");
  }
  return 0;
}

int run_user_disable(const UserNameArgs& args, const Output& out, const Output& err) {
  auto auth = open_auth(args.store, false);
  if (!auth.ok()) return fail(err, auth.status());
  if (const Status s = (*auth)->disable_user(args.name, kActor); !s.ok()) return fail(err, s);
  out("disabled user " + args.name + "; their sessions and API tokens no longer work\n");
  return 0;
}

int run_audit_verify(const StoreArgs& args, const Output& out, const Output& err) {
  auto db = open_store(args, false);
  if (!db.ok()) return fail(err, db.status());
  auto report = workflow::AuditLog(**db, SystemClock::instance()).verify();
  if (!report.ok()) return fail(err, report.status());
  if (report->intact()) {
    out("audit log intact: " + std::to_string(report->records) + " records; head " +
        std::to_string(report->head_seq) + " " + report->head_hash + "\n");
    return 0;
  }
  err("audit log BROKEN at record " + std::to_string(report->first_bad_seq) + " (" +
      std::string(workflow::audit_problem_name(report->problem)) + "): " + report->reason + "\n");
  return 1;
}

void add_admin_commands(CLI::App& app, int& exit_status) {
  // Owned by the lambdas' closures for the life of the parse.
  auto write_out = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  auto write_err = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stderr); };
  const auto store_options = [](CLI::App* cmd, StoreArgs& s) {
    cmd->add_option("--data-dir", s.data_dir, "data directory (its minewatch.db)");
    cmd->add_option("--store", s.store, "store target instead, e.g. postgresql://host/db");
  };

  auto* admin = app.add_subcommand("admin", "set up accounts");
  admin->require_subcommand(1);
  auto init_args = std::make_shared<AdminInitArgs>();
  auto* init = admin->add_subcommand("init", "create user admin with national scope");
  store_options(init, init_args->store);
  init->add_option("--password-file", init_args->password_file, "file holding the password")
      ->required();
  init->callback([&exit_status, init_args, write_out, write_err] {
    exit_status = run_admin_init(*init_args, write_out, write_err);
  });

  auto* mine = app.add_subcommand("mine", "register mines and their upload keys");
  mine->require_subcommand(1);
  auto import_args = std::make_shared<MineImportArgs>();
  auto* import = mine->add_subcommand("import", "register or update the mines of mines.csv");
  store_options(import, import_args->store);
  import->add_option("--registry", import_args->registry, "mines.csv")->required();
  import->callback([&exit_status, import_args, write_out, write_err] {
    exit_status = run_mine_import(*import_args, write_out, write_err);
});
auto key_args = std::make_shared<MineKeyArgs>();
auto* key = mine->add_subcommand(
    "key", "print a new upload key for the mine; its earlier keys stop working");
store_options(key, key_args->store);
key->add_option("mine", key_args->mine, "mine code")->required();
key->callback([&exit_status, key_args, write_out, write_err] {
  exit_status = run_mine_key(*key_args, write_out, write_err);
});

auto* user = app.add_subcommand("user", "manage users");
user->require_subcommand(1);
auto add_args = std::make_shared<UserAddArgs>();
auto* add = user->add_subcommand("add", "create a user");
store_options(add, add_args->store);
add->add_option("name", add_args->name, "user name")->required();
add->add_option("--role", add_args->role, "national, province, city, mine or viewer")->required();
add->add_option("--scope", add_args->scope,
                "region prefix (\"\", 14, 1404) or, for role mine, the mine code");
add->add_option("--password-file", add_args->password_file, "file holding the password")
    ->required();
add->callback([&exit_status, add_args, write_out, write_err] {
  exit_status = run_user_add(*add_args, write_out, write_err);
});
auto list_args = std::make_shared<StoreArgs>();
auto* list = user->add_subcommand("list", "list users");
store_options(list, *list_args);
list->callback([&exit_status, list_args, write_out, write_err] {
  exit_status = run_user_list(*list_args, write_out, write_err);
});
auto disable_args = std::make_shared<UserNameArgs>();
auto* disable = user->add_subcommand("disable", "disable a user and end their sessions");
store_options(disable, disable_args->store);
disable->add_option("name", disable_args->name, "user name")->required();
disable->callback([&exit_status, disable_args, write_out, write_err] {
  exit_status = run_user_disable(*disable_args, write_out, write_err);
});

auto* audit = app.add_subcommand("audit", "the audit log");
audit->require_subcommand(1);
auto verify_args = std::make_shared<StoreArgs>();
auto* verify = audit->add_subcommand(
    "verify", "recompute the hash chain; exit 1 naming the first edited/deleted record");
store_options(verify, *verify_args);
verify->callback([&exit_status, verify_args, write_out, write_err] {
  exit_status = run_audit_verify(*verify_args, write_out, write_err);
});
}  // namespace mw::server

}  // namespace mw::server
