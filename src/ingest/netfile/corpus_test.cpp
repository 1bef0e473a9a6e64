// The sample corpus: every file under tests/data/netfile/{good,bad}/ is decoded with the
// profile and "now" of tests/data/netfile/expected.toml and compared with its expected
// outcome there. Adding a case = adding a file + a manifest line; this file does not change.

#include <gtest/gtest.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/diagnostic.hpp"
#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/inspect.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::netfile {
namespace {

namespace fs = std::filesystem;

struct Expected {
  std::string path;  // relative to the data dir, '/'-separated
  std::string profile;
  bool accepted = false;
  std::optional<std::int64_t> records;
  std::optional<std::int64_t> skipped;
  std::set<std::string> diagnostics;
  // Text that `minewatch inspect` output of the file must contain (decoded content).
  std::vector<std::string> inspect_contains;
  // The encoder must give back the identical bytes (implied for accepted good/national/).
  bool reencodes_identically = false;
  // Generated cases only: the file whose header and records are repeated.
  std::string from;
  std::int64_t repeat = 0;
  std::int64_t min_bytes = 0;
};

struct Manifest {
  Time now{};
  std::vector<Expected> files;      // committed files
  std::vector<Expected> generated;  // written at test time
};

fs::path data_dir() {
  // CMake sets MW_SOURCE_DIR for every test; the working directory is the source dir too.
  const char* src = std::getenv("MW_SOURCE_DIR");
  return fs::path(src != nullptr && *src != '\0' ? src : ".") / "tests" / "data" / "netfile";
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Fills `e` from one manifest entry; returns a message naming what is wrong, or "".
std::string parse_entry(std::string_view key, const toml::table& t, Expected& e) {
  e.path = std::string(key);
  e.profile = t["profile"].value_or(std::string{});
  const std::string status = t["status"].value_or(std::string{});
  if (e.profile.empty()) return "no profile";
  if (status != "ok" && status != "rejected") return "status must be ok|rejected";
  e.accepted = status == "ok";
  e.records = t["records"].value<std::int64_t>();
  e.skipped = t["skipped"].value<std::int64_t>();
  const toml::array* diags = t["diagnostics"].as_array();
  if (diags == nullptr) return "no diagnostics list (use [] for none)";
  for (const toml::node& d : *diags) {
    const std::optional<std::string> name = d.value<std::string>();
    if (!name) return "diagnostics must be strings";
    e.diagnostics.insert(*name);
  }
  if (const toml::array* want = t["inspect_contains"].as_array()) {
    for (const toml::node& w : *want) {
      const std::optional<std::string> text = w.value<std::string>();
      if (!text) return "inspect_contains must be strings";
      e.inspect_contains.push_back(*text);
    }
  }
  e.reencodes_identically = t["reencodes_identically"].value_or(false);
  e.from = t["from"].value_or(std::string{});
  e.repeat = t["repeat"].value_or(std::int64_t{0});
  e.min_bytes = t["min_bytes"].value_or(std::int64_t{0});
  return {};
}

// Loads the manifest; ADD_FAILUREs (naming the entry) for anything malformed.
Manifest load_manifest() {
  Manifest m;
  const fs::path path = data_dir() / "expected.toml";
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& err) {
    ADD_FAILURE() << path << ": " << err.description() << " at line " << err.source().begin.line;
    return m;
  }
  const std::optional<Time> now = parse_china_time(root["now"].value_or(std::string{}));
  if (!now) ADD_FAILURE() << path << ": `now` must be \"yyyy-MM-dd HH:mm:ss\"";
  m.now = now.value_or(Time{});
  for (const auto& [section, out] :
       {std::pair{"files", &m.files}, std::pair{"generated", &m.generated}}) {
    const toml::table* files = root[section].as_table();
    if (files == nullptr) continue;
    for (const auto& [key, node] : *files) {
      Expected e;
      const toml::table* t = node.as_table();
      const std::string err = t == nullptr ? "not a table" : parse_entry(key.str(), *t, e);
      if (!err.empty()) {
        ADD_FAILURE() << path << " [" << section << "] \"" << key.str() << "\": " << err;
        continue;
      }
      out->push_back(std::move(e));
    }
  }
  return m;
}

const Manifest& manifest() {
  static const Manifest m = load_manifest();
  return m;
}

std::set<std::string> diagnostic_names(const DecodedFile& f) {
  std::set<std::string> out;
  for (const Diagnostic& d : f.diagnostics) out.insert(std::string(diag_name(d.code)));
  return out;
}

std::string describe(const DecodedFile& f) {
  std::ostringstream s;
  s << (f.accepted ? "accepted" : "rejected") << ", " << f.record_count() << " records, "
    << f.skipped << " skipped";
  if (!f.reason.empty()) s << ", reason: " << f.reason;
  for (const Diagnostic& d : f.diagnostics) {
    s << "\n    " << diag_name(d.code) << " (" << severity_name(d.severity) << ", record "
      << d.record << "): " << d.message;
  }
  return s.str();
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "[" + out + "]";
}

// Decodes `bytes` as the file `e.path` and checks it against `e`; returns the decoded file.
DecodedFile check_case(const Expected& e, std::string_view bytes, const Manifest& m) {
  SCOPED_TRACE(e.path);
  const Profile* profile = builtin_profile(e.profile);
  if (profile == nullptr) {
    ADD_FAILURE() << "unknown profile " << e.profile;
    return {};
  }
  DecodedFile f = decode(e.path, bytes, *profile, DecodeOptions{m.now});
  const std::string got = describe(f);
  EXPECT_EQ(f.accepted, e.accepted) << got;
  if (e.records) {
    EXPECT_EQ(static_cast<std::int64_t>(f.record_count()), *e.records) << got;
  }
  if (e.skipped) {
    EXPECT_EQ(f.skipped, *e.skipped) << got;
  }
  EXPECT_EQ(join(diagnostic_names(f)), join(e.diagnostics)) << got;
  if (!f.accepted) {
    EXPECT_FALSE(f.reason.empty()) << "a rejection must name its reason";
  }
  if (!e.inspect_contains.empty()) {
    std::string json;
    append_inspect_json(f, json);
    for (const std::string& want : e.inspect_contains) {
      EXPECT_NE(json.find(want), std::string::npos) << "inspect output lacks " << want;
    }
  }
  return f;
}

// Every file on disk under good/ and bad/, relative and '/'-separated.
std::set<std::string> files_on_disk() {
  std::set<std::string> out;
  const fs::path root = data_dir();
  for (const char* top : {"good", "bad"}) {
    if (!fs::exists(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (entry.is_regular_file()) {
        out.insert(fs::relative(entry.path(), root).generic_string());
      }
    }
  }
  return out;
}

TEST(NetfileCorpus, EveryFileHasExactlyOneManifestEntry) {
  const std::set<std::string> on_disk = files_on_disk();
  ASSERT_FALSE(on_disk.empty()) << "no sample files under " << data_dir();
  std::set<std::string> listed;
  for (const Expected& e : manifest().files) {
    EXPECT_TRUE(listed.insert(e.path).second) << "listed twice: " << e.path;
    EXPECT_TRUE(on_disk.contains(e.path)) << "listed in expected.toml but missing: " << e.path;
  }
  for (const std::string& p : on_disk) {
    EXPECT_TRUE(listed.contains(p)) << "sample file without an expected.toml entry: " << p;
  }
}

TEST(NetfileCorpus, EveryFileDecodesAsExpected) {
  const Manifest& m = manifest();
  ASSERT_FALSE(m.files.empty());
  for (const Expected& e : m.files) {
    const fs::path p = data_dir() / e.path;
    if (!fs::exists(p)) continue;  // reported by EveryFileHasExactlyOneManifestEntry
    check_case(e, read_bytes(p), m);
  }
}

TEST(NetfileCorpus, NationalSamplesReencodeByteIdentically) {
  const Manifest& m = manifest();
  int checked = 0;
  for (const Expected& e : m.files) {
    const bool good_national =
        e.accepted && e.profile == "national" && e.path.starts_with("good/national/");
    if (!good_national && !e.reencodes_identically) continue;
    const std::string bytes = read_bytes(data_dir() / e.path);
    const DecodedFile f = check_case(e, bytes, m);
    if (!f.accepted) continue;  // already reported
    EXPECT_EQ(encode(f), bytes) << e.path;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

// Every accepted file, of any profile, survives encode → decode with the same record count.
TEST(NetfileCorpus, AcceptedFilesSurviveReencoding) {
  const Manifest& m = manifest();
  for (const Expected& e : m.files) {
    if (!e.accepted) continue;
    const DecodedFile f = check_case(e, read_bytes(data_dir() / e.path), m);
    if (!f.accepted || f.profile == nullptr) continue;
    const std::string again = encode(f);
    const DecodedFile g = decode(e.path, again, *f.profile, DecodeOptions{m.now});
    EXPECT_TRUE(g.accepted) << e.path << ": " << describe(g);
    EXPECT_EQ(g.record_count(), f.record_count()) << e.path;
    EXPECT_EQ(g.skipped, 0) << e.path << ": skipped records are not written back";
  }
}

// Segments of a national-style file: header, records; the body ends with "~||".
std::vector<std::string_view> segments(std::string_view text) {
  std::vector<std::string_view> out;
  if (text.ends_with("||")) text.remove_suffix(2);
  while (!text.empty()) {
    const std::size_t end = text.find('~');
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

TEST(NetfileCorpus, GeneratedLargeFiles) {
  const Manifest& m = manifest();
  const fs::path dir = fs::temp_directory_path() / ("mw_corpus_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const Expected& e : m.generated) {
    SCOPED_TRACE(e.path);
    const std::string source = read_bytes(data_dir() / e.from);
    const std::vector<std::string_view> segs = segments(source);
    ASSERT_GE(segs.size(), 2u) << "`from` needs a header and records: " << e.from;
    std::string body;
    body.reserve(static_cast<std::size_t>(std::max<std::int64_t>(e.min_bytes, 0)) + 4096);
    body.append(segs[0]).push_back('~');
    for (std::int64_t i = 0; i < e.repeat; ++i) {
      for (std::size_t s = 1; s < segs.size(); ++s) body.append(segs[s]).push_back('~');
    }
    body += "||";
    ASSERT_GE(static_cast<std::int64_t>(body.size()), e.min_bytes) << "raise `repeat`";
    // Written to disk and read back, as a real upload would arrive.
    const fs::path file = dir / fs::path(e.path).filename();
    std::ofstream(file, std::ios::binary)
        .write(body.data(), static_cast<std::streamsize>(body.size()));
    const std::string bytes = read_bytes(file);
    fs::remove(file);
    ASSERT_EQ(bytes.size(), body.size());
    check_case(e, bytes, m);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mw::netfile
