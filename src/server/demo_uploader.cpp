#include "server/demo_uploader.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "base/json.hpp"
#include "ingest/netfile/file_name.hpp"
#include "server/event_log.hpp"
#include "server/http_client.hpp"

namespace mw::server {

namespace fs = std::filesystem;

namespace {

bool is_definition_type(std::string_view type) {
  return type == "CDDY" || type == "FZDY" || type == "RYQY" || type == "RYJZ" || type == "RYXX";
}

// A networking file's upload facts from its name; nullopt for anything else.
std::optional<DemoFile> demo_file(std::string_view name) {
  auto parsed = netfile::parse_file_name(name);
  if (!parsed.ok()) return std::nullopt;
  DemoFile f;
  f.name = std::string(name);
  f.mine = std::string(parsed->mine_code);
  f.time = parsed->time;
  f.definition = is_definition_type(parsed->type_name);
  return f;
}

// How long the uploader naps when nothing is due (a file time has 1-s resolution).
constexpr std::chrono::milliseconds kIdle{200};

}  // namespace

std::vector<DemoFile> list_demo_files(const std::string& dir) {
  std::vector<DemoFile> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto f = demo_file(it->path().filename().string());
    if (!f) continue;  // mines.csv, truth.jsonl
    f->path = it->path().string();
    out.push_back(std::move(*f));
  }
  std::sort(out.begin(), out.end(), [](const DemoFile& a, const DemoFile& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.definition != b.definition) return a.definition;
    return a.name < b.name;
  });
  return out;
}

// std::push_heap keeps the greatest on top: "greater" in upload order puts the first file there.
bool DemoUploader::Order::operator()(const DemoFile& a, const DemoFile& b) const {
  if (a.time != b.time) return a.time > b.time;
  if (a.definition != b.definition) return b.definition;
  return a.name > b.name;
}

std::string demo_metrics(const DemoStats& stats) {
  std::string out =
      "# HELP minewatch_demo_running 1 while the demo's simulator and uploads work, 0 while "
      "they fail (retried) or after it stopped.\n"
      "# TYPE minewatch_demo_running gauge\n";
  out += "minewatch_demo_running " + std::string(stats.running ? "1" : "0") + "\n";
  out +=
      "# HELP minewatch_demo_files_total The demo's uploads by answer: uploaded (201), "
      "rejected (4xx), failed (no answer or 5xx, retried).\n"
      "# TYPE minewatch_demo_files_total counter\n";
  out +=
      "minewatch_demo_files_total{outcome=\"uploaded\"} " + std::to_string(stats.uploaded) + "\n";
  out +=
      "minewatch_demo_files_total{outcome=\"rejected\"} " + std::to_string(stats.rejected) + "\n";
  out += "minewatch_demo_files_total{outcome=\"failed\"} " + std::to_string(stats.failed) + "\n";
  out +=
      "# HELP minewatch_demo_retries_total Waits of the demo after a failure of its simulator "
      "or an upload.\n"
      "# TYPE minewatch_demo_retries_total counter\n";
  out += "minewatch_demo_retries_total " + std::to_string(stats.retries) + "\n";
  return out;
}

std::string demo_health_json(const DemoStats& stats) {
  std::string body;
  JsonWriter w(body);
  w.begin_object().key("running").value(stats.running).key("error");
  if (stats.error.empty()) {
    w.null();
  } else {
    w.value(stats.error);
  }
  w.key("uploaded").value(stats.uploaded).key("rejected").value(stats.rejected);
  w.key("failed").value(stats.failed).key("retries").value(stats.retries);
  w.key("pending").value(stats.pending);
  w.end_object();
  return body;
}

DemoUploader::DemoUploader(DemoSource source, std::map<std::string, std::string> keys,
                           std::string host, std::uint16_t port, const Clock& clock,
                           DemoOptions options)
    : source_(std::move(source)),
      keys_(std::move(keys)),
      host_(std::move(host)),
      port_(port),
      clock_(clock),
      options_(std::move(options)) {
  if (!options_.log) {  // the event log's lines, on stderr
    options_.log = [log = std::shared_ptr<EventLog>(EventLog::open("-").value())](
                       std::string_view record) { log->write_record(record); };
  }
  options_.retry_first = std::max(options_.retry_first, std::chrono::milliseconds{1});
  options_.retry_max = std::max(options_.retry_max, options_.retry_first);
}

DemoUploader::~DemoUploader() { stop(); }

void DemoUploader::start() {
  {
    const std::lock_guard lock(shared_->mu);
    shared_->running = true;
    shared_->error.clear();
  }
  thread_ = std::jthread([this](std::stop_token st) { run(st); });
}

void DemoUploader::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
    const std::lock_guard lock(shared_->mu);
    shared_->running = false;
    shared_->error = "stopped";
  }
}

DemoStats DemoUploader::Shared::read() const {
  DemoStats s;
  s.uploaded = uploaded.load();
  s.rejected = rejected.load();
  s.failed = failed.load();
  s.retries = retries.load();
  s.pending = pending.load();
  s.caught_up = Time{Seconds{caught_up.load()}};
  const std::lock_guard lock(mu);
  s.running = running;
  s.error = error;
  return s;
}

DemoStats DemoUploader::stats() const { return shared_->read(); }

std::function<DemoStats()> DemoUploader::stats_source() const {
  return [shared = shared_] { return shared->read(); };
}

std::chrono::milliseconds DemoUploader::failed_step(const std::string& reason) {
  backoff_ = failing_ == 0 ? options_.retry_first : std::min(backoff_ * 2, options_.retry_max);
  if (failing_++ == 0) {
    options_.log(
        log_record(LogLevel::kWarn, "demo.failed",
                   {{"reason", reason},
                    {"msg", "retried until it passes; GET /healthz shows the demo's state"},
                    {"retry_max_ms", options_.retry_max.count()}}));
  }
  shared_->retries.fetch_add(1);
  const std::lock_guard lock(shared_->mu);
  shared_->running = false;
  shared_->error = reason;
  return backoff_;
}

void DemoUploader::step_succeeded() {
  if (failing_ == 0) return;
  options_.log(log_record(LogLevel::kInfo, "demo.recovered",
                          {{"msg", "running again after " + std::to_string(failing_) +
                                       (failing_ == 1 ? " retry" : " retries")},
                           {"retries", failing_}}));
  failing_ = 0;
  const std::lock_guard lock(shared_->mu);
  shared_->running = true;
  shared_->error.clear();
}

Status DemoUploader::fill(Time until) {
  const Status s = source_(until, [this](std::string_view path, std::string_view bytes) {
    const std::size_t slash = path.rfind('/');
    auto f = demo_file(slash == std::string_view::npos ? path : path.substr(slash + 1));
    if (!f) return;  // mines.csv
    f->bytes = std::string(bytes);
    pending_.push_back(std::move(*f));
    std::push_heap(pending_.begin(), pending_.end(), Order{});
  });
  shared_->pending.store(pending_.size());
  return s;
}

void DemoUploader::run(std::stop_token stop) {
  HttpClient client(host_, port_);
  std::optional<Time> simulated;  // the source has written everything before this
  std::mutex nap_mu;
  std::condition_variable_any nap;
  auto sleep_for = [&](std::chrono::milliseconds d) {
    std::unique_lock lock(nap_mu);
    nap.wait_for(lock, stop, d, [] { return false; });
  };
  while (!stop.stop_requested()) {
    const Time now = clock_.now();
    // The next window once the sent files have caught up with the clock and the lead is half
    // used: a server that falls behind slows the simulation instead of piling files up.
    const bool caught_up = pending_.empty() || pending_.front().time > now;
    if (caught_up && (!simulated || *simulated < now + options_.lead / 2)) {
      const Time until = now + options_.lead;
      if (const Status s = fill(until); !s.ok()) {
        // The files it wrote before failing stay pending; the next call writes the rest.
        sleep_for(failed_step("the simulator failed: " + s.message()));
        continue;
      }
      step_succeeded();
      simulated = until;
    }
    if (pending_.empty() || pending_.front().time > now) {
      shared_->caught_up.store(now.time_since_epoch().count());
      sleep_for(kIdle);
      continue;
    }
    const DemoFile& f = pending_.front();
    const auto key = keys_.find(f.mine);
    std::vector<std::pair<std::string, std::string>> headers;
    if (key != keys_.end()) headers.emplace_back("Authorization", "Bearer " + key->second);
    auto r = client.request(Method::kPut, "/api/v1/mines/" + f.mine + "/files/" + f.name, f.bytes,
                            headers);
    if (!r.ok() || r->status >= 500) {
      shared_->failed.fetch_add(1);
      const std::string why =
          !r.ok() ? r.status().message()
                  : "answered " + std::to_string(r->status) + " " + r->body.substr(0, 200);
      sleep_for(failed_step("upload of " + f.name + " failed: " + why));
      continue;
    }
    step_succeeded();
    if (r->status == 201) {
      shared_->uploaded.fetch_add(1);
    } else {
      shared_->rejected.fetch_add(1);
    }
    std::pop_heap(pending_.begin(), pending_.end(), Order{});
    pending_.pop_back();
    shared_->pending.store(pending_.size());
  }
}

}  // namespace mw::server
