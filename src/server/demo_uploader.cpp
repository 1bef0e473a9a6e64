#include "server/demo_uploader.hpp"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "ingest/netfile/file_name.hpp"
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

DemoUploader::DemoUploader(DemoSource source, std::map<std::string, std::string> keys,
                           std::string host, std::uint16_t port, const Clock& clock, Seconds lead)
    : source_(std::move(source)),
      keys_(std::move(keys)),
      host_(std::move(host)),
      port_(port),
      clock_(clock),
      lead_(lead) {}

DemoUploader::~DemoUploader() { stop(); }

void DemoUploader::start() {
  thread_ = std::jthread([this](std::stop_token st) { run(st); });
}

void DemoUploader::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

DemoStats DemoUploader::stats() const {
  DemoStats s;
  s.uploaded = uploaded_.load();
  s.rejected = rejected_.load();
  s.failed = failed_.load();
  s.pending = pending_count_.load();
  s.caught_up = Time{Seconds{caught_up_.load()}};
  const std::lock_guard lock(error_mu_);
  s.error = error_;
  return s;
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
  pending_count_.store(pending_.size());
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
    if (caught_up && (!simulated || *simulated < now + lead_ / 2)) {
      const Time until = now + lead_;
      if (const Status s = fill(until); !s.ok()) {
        const std::lock_guard lock(error_mu_);
        error_ = s.message();
        return;
      }
      simulated = until;
    }
    if (pending_.empty() || pending_.front().time > now) {
      caught_up_.store(now.time_since_epoch().count());
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
      failed_.fetch_add(1);
      sleep_for(std::chrono::seconds(1));  // the server is busy: retry
      continue;
    }
    if (r->status == 201) {
      uploaded_.fetch_add(1);
    } else {
      rejected_.fetch_add(1);
    }
    std::pop_heap(pending_.begin(), pending_.end(), Order{});
    pending_.pop_back();
    pending_count_.store(pending_.size());
  }
}

}  // namespace mw::server
