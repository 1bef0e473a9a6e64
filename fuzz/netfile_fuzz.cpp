// libFuzzer target for the networking-file decoder (ingest/netfile). The decoder must never
// crash, leak or hit undefined behaviour on any bytes; an accepted national file must
// survive encode → decode with the same records, and one without any diagnostic must
// re-encode to the identical bytes.
//
// Input: an optional first line "<profile>/<file name>\n" (the seed corpus uses it, so each
// seed is decoded as the type it is), then the file body. Without that line, the first two
// bytes pick the profile and the type, and the file name is synthesised.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/encoding.hpp"
#include "base/time.hpp"
#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/inspect.hpp"
#include "ingest/netfile/profile.hpp"

namespace {

using mw::netfile::DecodedFile;
using mw::netfile::Profile;

// The corpus manifest's "now" (tests/data/netfile/expected.toml), so the seeds' header
// times are not in the future.
const mw::Time kNow = *mw::parse_china_time("2026-09-23 10:20:00");
// Longest "<profile>/<file name>" line looked for; longer first lines are body.
constexpr std::size_t kMaxSelectorLine = 96;

struct Input {
  const Profile* profile = nullptr;
  std::string file_name;
  std::string_view body;
};

const Profile* profile_at(std::size_t i) {
  static const std::vector<std::string_view> names = mw::netfile::builtin_profile_names();
  if (names.empty()) return nullptr;
  return mw::netfile::builtin_profile(names[i % names.size()]);
}

Input split_input(std::string_view data) {
  Input in;
  const std::size_t nl = data.substr(0, kMaxSelectorLine).find('\n');
  if (nl != std::string_view::npos) {
    const std::string_view line = data.substr(0, nl);
    const std::size_t slash = line.find('/');
    if (slash != std::string_view::npos) {
      const std::string_view name = line.substr(0, slash);
      in.profile = mw::netfile::builtin_profile(name);
      if (in.profile == nullptr) in.profile = profile_at(std::hash<std::string_view>{}(name));
      in.file_name = std::string(line.substr(slash + 1));
      in.body = data.substr(nl + 1);
      return in;
    }
  }
  const auto byte = [&](std::size_t i) {
    return i < data.size() ? static_cast<unsigned char>(data[i]) : 0u;
  };
  in.profile = profile_at(byte(0));
  const std::string_view type =
      in.profile == nullptr || in.profile->types.empty()
          ? std::string_view("CDSS")
          : std::string_view(in.profile->types[byte(1) % in.profile->types.size()].name);
  in.file_name = "140421000111_" + std::string(type) + "_20260923101319.txt";
  in.body = data.size() > 2 ? data.substr(2) : std::string_view{};
  return in;
}

// The record lines of `inspect` output: a decoded file's records, field by field.
std::string record_lines(const DecodedFile& f) {
  std::string json;
  mw::netfile::append_inspect_json(f, json);
  const std::size_t summary = json.rfind("{\"file\":");
  return summary == std::string::npos ? json : json.substr(0, summary);
}

[[noreturn]] void fail(const char* what) {
  // A finding: libFuzzer saves the input as crash-<sha1>.
  std::fprintf(stderr, "netfile_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Input in = split_input(bytes);
  if (in.profile == nullptr) return 0;
  const DecodedFile f = mw::netfile::decode(in.file_name, in.body, *in.profile, {kNow});
  std::string inspect;
  mw::netfile::append_inspect_json(f, inspect);  // must not crash on any decoded file
  if (!f.accepted || in.profile->name != "national") return 0;

  const std::string encoded = mw::netfile::encode(f);
  if (encoded.empty()) fail("accepted national file encodes to nothing");
  // Nothing repaired or reported: the encoder must give back the very same bytes.
  if (f.diagnostics.empty() && encoded != in.body) {
    fail("clean national file does not re-encode byte-identically");
  }
  // GB18030 bytes that are also valid UTF-8 are read back as UTF-8 (UTF-8 is tried first,
  // netfile.md §1): an ambiguity of the format, not a decoder bug.
  if (f.layout.encoding == mw::Encoding::kGb18030 && mw::is_valid_utf8(encoded)) return 0;
  const DecodedFile g = mw::netfile::decode(in.file_name, encoded, *in.profile, {kNow});
  if (!g.accepted) fail("re-encoded file is rejected");
  if (g.record_count() != f.record_count()) fail("re-encoded file has another record count");
  if (g.skipped != 0) fail("re-encoded file has skipped records");
  if (record_lines(g) != record_lines(f)) fail("re-encoded file decodes to other records");
  if (mw::netfile::encode(g) != encoded) fail("encoding is not stable");
  return 0;
}
