#include "server/demo_uploader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/netfile/file_name.hpp"
#include "server/http_client.hpp"

namespace mw::server {

namespace fs = std::filesystem;

namespace {

bool is_definition_type(std::string_view type) {
  return type == "CDDY" || type == "FZDY" || type == "RYQY" || type == "RYJZ" || type == "RYXX";
}

}  // namespace

std::vector<DemoFile> list_demo_files(const std::string& dir) {
  std::vector<DemoFile> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    auto parsed = netfile::parse_file_name(name);
    if (!parsed.ok()) continue;  // mines.csv, truth.jsonl
    DemoFile f;
    f.path = it->path().string();
    f.name = name;
    f.mine = std::string(parsed->mine_code);
    f.time = parsed->time;
    f.definition = is_definition_type(parsed->type_name);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const DemoFile& a, const DemoFile& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.definition != b.definition) return a.definition;
    return a.name < b.name;
  });
  return out;
}

DemoUploader::DemoUploader(std::vector<DemoFile> files, std::map<std::string, std::string> keys,
                           std::string host, std::uint16_t port, const Clock& clock)
    : files_(std::move(files)),
      keys_(std::move(keys)),
      host_(std::move(host)),
      port_(port),
      clock_(clock) {}

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
  s.pending = files_.size() - next_.load();
  return s;
}

void DemoUploader::run(std::stop_token stop) {
  HttpClient client(host_, port_);
  std::size_t i = 0;
  while (!stop.stop_requested() && i < files_.size()) {
    const DemoFile& f = files_[i];
    if (f.time > clock_.now()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    std::ifstream in(f.path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const auto key = keys_.find(f.mine);
    std::vector<std::pair<std::string, std::string>> headers;
    if (key != keys_.end()) headers.emplace_back("Authorization", "Bearer " + key->second);
    auto r = client.request(Method::kPut, "/api/v1/mines/" + f.mine + "/files/" + f.name, ss.str(),
                            headers);
    if (!r.ok() || r->status >= 500) {
      failed_.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::seconds(1));  // the server is busy: retry
      continue;
    }
    if (r->status == 201) {
      uploaded_.fetch_add(1);
    } else {
      rejected_.fetch_add(1);
    }
    next_.store(++i);
  }
}

}  // namespace mw::server
