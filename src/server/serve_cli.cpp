#include "server/serve_cli.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "model/mine_registry.hpp"
#include "server/demo_uploader.hpp"
#include "server/server.hpp"

namespace mw::server {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<Demo> start_demo(Server& server, int mines, double hours, const DemoSimulator& simulate,
                        const Clock& clock, const Output& out, DemoOptions options) {
  const fs::path data(server.config().data_dir);
  std::error_code ec;
  // Earlier versions wrote the whole day under <data>/demo (1.3 GB for 50 mines): gone.
  if (fs::exists(data / "demo", ec)) fs::remove_all(data / "demo", ec);
  // The demo starts 10 min ago, so its mines have a little history at once.
  const Time start = clock.now() - Seconds{10 * 60};
  auto sim = simulate(mines, hours, start);
  if (!sim.ok()) return sim.status();
  auto registry = parse_mine_registry(sim->registry_csv);
  if (!registry.ok()) return registry.status();
  MW_RETURN_IF_ERROR(server.pipeline().import_registry(*registry));
  std::map<std::string, std::string> keys;
  for (const Mine& m : *registry) {
    auto key = server.auth().rotate_upload_key(m.code, "demo");
    if (!key.ok()) return key.status();
    keys.emplace(m.code, std::move(key).value());
  }
  Demo demo;
  // The demo login: created once, its password kept (0600) in the data directory.
  const fs::path pw_file = data / "demo-admin-password";
  if (fs::exists(pw_file)) {
    demo.password = read_all(pw_file);
  } else {
    auto pw = random_secret();
    if (!pw.ok()) return pw.status();
    demo.password = pw->substr(0, 16);
    auto user = server.auth().add_user("admin", demo.password, Role::kNational, "", "demo");
    if (!user.ok()) {
      return Status::failed_precondition("demo: cannot create user admin (" +
                                         user.status().message() +
                                         "); use a fresh --data-dir for the demo");
    }
    std::ofstream(pw_file) << demo.password;
    fs::permissions(pw_file, fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace, ec);
  }
  out("demo: " + std::to_string(mines) +
      " simulated mines upload over HTTP as their files' time "
      "comes (from 10 min ago)\n");
  demo.uploader =
      std::make_unique<DemoUploader>(std::move(sim->source), std::move(keys), "127.0.0.1",
                                     server.port(), clock, std::move(options));
  demo.uploader->start();
  server.set_demo(demo.uploader->stats_source());
  return demo;
}

int run_serve(const ServeArgs& args, const DemoSimulator& simulate, const Output& out,
              const Output& err) {
  ServeConfig config;
  if (!args.config.empty()) {
    auto c = load_serve_config(args.config);
    if (!c.ok()) {
      err("serve: " + c.status().message() + "\n");
      return 2;
    }
    config = std::move(c).value();
  }
  if (!args.data_dir.empty()) config.data_dir = args.data_dir;
  if (!args.listen.empty()) config.listen = args.listen;
  if (args.demo >= 0) config.demo_mines = args.demo;
  if (!args.web_dir.empty()) config.web_dir = args.web_dir;
  if (auto l = split_listen(config.listen); !l.ok()) {
    err("serve: " + l.status().message() + "\n");
    return 2;
  }

  // Signals go to the thread that waits for them below, never to a server thread: block
  // them before any thread starts (threads inherit the mask).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const Clock& clock = SystemClock::instance();
  auto server = Server::start(config, clock);
  if (!server.ok()) {
    err("serve: " + server.status().message() + "\n");
    return 1;
  }
  out("minewatch serving " + (*server)->url() + " (data " + config.data_dir + ")\n");
  Demo demo;
  if (config.demo_mines > 0) {
    if (!simulate) {
      err("serve: --demo needs the simulator\n");
      return 2;
    }
    DemoOptions demo_options;
    demo_options.log = (*server)->demo_log();  // the event log (`event_log`)
    auto d = start_demo(**server, config.demo_mines, args.demo_hours, simulate, clock, out,
                        std::move(demo_options));
    if (!d.ok()) {
      err("serve: " + d.status().message() + "\n");
      (void)(*server)->stop();
      return 1;
    }
    demo = std::move(d).value();
    out("demo: open " + (*server)->url() + "/  and sign in as admin / " + demo.password + "\n");
  }
  int sig = 0;
  sigwait(&signals, &sig);
  out(std::string("serve: ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") +
      ", stopping: finishing requests in flight, then checkpointing\n");
  if (demo.uploader) demo.uploader->stop();
  const Status s = (*server)->stop(Seconds{10});
  if (!s.ok()) {
    err("serve: stop: " + s.message() + "\n");
    return 1;
  }
  out("serve: stopped cleanly\n");
  return 0;
}

}  // namespace mw::server
