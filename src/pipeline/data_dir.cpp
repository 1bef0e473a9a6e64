#include "pipeline/data_dir.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <memory>

#include "base/crc32c.hpp"

namespace mw::pipeline {
namespace {

// "<12 digits>-" before the base name of a quarantined file.
constexpr std::size_t kNumberDigits = 12;
constexpr std::string_view kReasonSuffix = ".reason";

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}
void put_u16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xffu));
  out.push_back(static_cast<char>(v >> 8));
}
std::uint64_t get_u64(std::string_view s) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
  }
  return v;
}

std::string base_name(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  // A name from the network: keep it a plain file name whatever it holds.
  for (char& c : name) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       c == '.' || c == '_' || c == '-';
    if (!plain) c = '_';
  }
  if (name.empty() || name == "." || name == "..") name = "unnamed";
  return name.substr(0, 200);
}

}  // namespace

DataDirLayout data_dir_layout(const std::filesystem::path& root) {
  DataDirLayout l;
  l.root = root.string();
  l.journal = join_path(l.root, "journal");
  l.db = join_path(l.root, "minewatch.db");
  l.quarantine = join_path(l.root, "quarantine");
  return l;
}

std::string encode_journaled_file(Time received_at, std::string_view name, std::string_view bytes) {
  std::string out;
  out.reserve(1 + 8 + 2 + name.size() + bytes.size());
  out.push_back(static_cast<char>(kJournalNetfileVersion));
  put_u64(out, static_cast<std::uint64_t>(received_at.time_since_epoch().count()));
  const std::size_t n = std::min<std::size_t>(name.size(), 0xffff);
  put_u16(out, static_cast<std::uint16_t>(n));
  out.append(name.substr(0, n));
  out.append(bytes);
  return out;
}

Result<JournaledFile> decode_journaled_file(std::string_view payload) {
  constexpr std::size_t kHeader = 1 + 8 + 2;
  if (payload.size() < kHeader) {
    return Status::corruption("journal record too short for a networking file");
  }
  if (static_cast<std::uint8_t>(payload[0]) != kJournalNetfileVersion) {
    return Status::corruption("journal record of networking-file version " +
                              std::to_string(static_cast<unsigned char>(payload[0])) +
                              ", this minewatch reads version 1");
  }
  JournaledFile f;
  f.received_at = Time{Seconds{static_cast<std::int64_t>(get_u64(payload.substr(1, 8)))}};
  const std::size_t n = static_cast<unsigned char>(payload[9]) |
                        (static_cast<std::size_t>(static_cast<unsigned char>(payload[10])) << 8);
  if (payload.size() < kHeader + n) {
    return Status::corruption("journal record's file name runs past its end");
  }
  f.name = payload.substr(kHeader, n);
  f.bytes = payload.substr(kHeader + n);
  return f;
}

std::string encode_tick(Time t) {
  std::string out;
  put_u64(out, static_cast<std::uint64_t>(t.time_since_epoch().count()));
  return out;
}

Result<Time> decode_tick(std::string_view payload) {
  if (payload.size() != 8) return Status::corruption("journal clock record is not 8 bytes");
  return Time{Seconds{static_cast<std::int64_t>(get_u64(payload))}};
}

namespace {

std::uint64_t load_le64(const char* p) noexcept {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

// 2^64 / φ (Knuth's multiplicative hashing): odd, so multiplying by it is a bijection.
constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;

// Folds `w` into `h` bijectively in both (an xor, an odd multiply, an xor-shift): two inputs
// that differ in one word always leave different states.
std::uint64_t fold(std::uint64_t h, std::uint64_t w) noexcept {
  h = (h ^ w) * kMul;
  return h ^ (h >> 29);
}

// w64: four lanes of 8-byte little-endian words, so the four multiplies of 32 bytes overlap
// (~6 bytes a cycle against FNV-1a's one byte per ~5); the zero-padded tail is one more
// round; the lanes and the length are folded together at the end.
std::uint64_t word_hash(std::string_view bytes) noexcept {
  std::uint64_t lane[4] = {kMul, kMul * 3, kMul * 5, kMul * 7};
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  const auto round = [&lane](const char* block) {
    for (std::size_t k = 0; k < 4; ++k) lane[k] = fold(lane[k], load_le64(block + 8 * k));
  };
  for (; n >= 32; p += 32, n -= 32) round(p);
  if (n > 0) {
    char tail[32] = {};
    std::memcpy(tail, p, n);
    round(tail);
  }
  std::uint64_t h = fold(0, bytes.size());
  for (const std::uint64_t l : lane) h = fold(h, l);
  return fold(h, h >> 32);
}

}  // namespace

std::string file_digest(std::string_view bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "v2-%zu-%08x-%016llx", bytes.size(), crc32c(bytes),
                static_cast<unsigned long long>(word_hash(bytes)));
  return buf;
}

std::string legacy_file_digest(std::string_view bytes) {
  // FNV-1a 64-bit (offset basis and prime from the FNV reference).
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%zu-%08x-%016llx", bytes.size(), crc32c(bytes),
                static_cast<unsigned long long>(h));
  return buf;
}

Result<std::unique_ptr<Quarantine>> Quarantine::open(Env& env, std::string dir,
                                                     std::uint64_t max_bytes) {
  MW_RETURN_IF_ERROR(env.create_dir(dir));
  auto names = env.list_dir(dir);
  if (!names.ok()) return std::move(names).take_status();
  std::unique_ptr<Quarantine> q(new Quarantine(env, dir, max_bytes));
  for (const std::string& name : *names) {  // sorted: numbers are zero-padded
    if (name.size() <= kNumberDigits + 1 || name[kNumberDigits] != '-') continue;
    if (name.ends_with(kReasonSuffix)) continue;
    const std::string_view digits = std::string_view(name).substr(0, kNumberDigits);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    Entry e{name, 0};
    if (auto size = env.file_size(join_path(dir, name)); size.ok()) e.bytes += *size;
    if (auto size = env.file_size(join_path(dir, name + std::string(kReasonSuffix))); size.ok()) {
      e.bytes += *size;
    }
    q->total_ += e.bytes;
    q->next_ = std::max<std::uint64_t>(q->next_, std::stoull(std::string(digits)) + 1);
    q->entries_.push_back(std::move(e));
  }
  std::lock_guard lock(q->mu_);
  q->trim_locked();
  return q;
}

Status Quarantine::keep(std::string_view file_name, std::string_view bytes,
                        std::string_view reason) {
  std::lock_guard lock(mu_);
  char number[kNumberDigits + 2];
  std::snprintf(number, sizeof number, "%012llu-", static_cast<unsigned long long>(next_++));
  Entry e{number + base_name(file_name), bytes.size() + reason.size() + 1};
  const std::string path = join_path(dir_, e.name);
  const auto write = [&](const std::string& p, std::string_view data) -> Status {
    auto f = env_.new_writable_file(p);
    if (!f.ok()) return f.status();
    MW_RETURN_IF_ERROR((*f)->append(data));
    return (*f)->close();
  };
  Status s = write(path, bytes);
  if (s.ok()) s = write(path + std::string(kReasonSuffix), std::string(reason) + "\n");
  if (!s.ok()) {
    (void)env_.remove_file(path);
    (void)env_.remove_file(path + std::string(kReasonSuffix));
    return s;
  }
  total_ += e.bytes;
  entries_.push_back(std::move(e));
  trim_locked();
  return {};
}

void Quarantine::trim_locked() {
  while (total_ > max_bytes_ && !entries_.empty()) {
    const Entry& e = entries_.front();
    (void)env_.remove_file(join_path(dir_, e.name));
    (void)env_.remove_file(join_path(dir_, e.name + std::string(kReasonSuffix)));
    total_ -= e.bytes;
    entries_.pop_front();
  }
}

std::uint64_t Quarantine::bytes() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::size_t Quarantine::files() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace mw::pipeline
