#pragma once
// bytes + file name + profile → typed records + diagnostics. Never throws, never crashes on
// any input (fuzzed). Errors reject the file; record problems skip the record and count it;
// warnings and infos keep the file. A file is never silently accepted with damage: every
// repair is a diagnostic.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "ingest/netfile/diagnostic.hpp"
#include "ingest/netfile/envelope.hpp"
#include "ingest/netfile/profile.hpp"
#include "ingest/netfile/records.hpp"

namespace mw::netfile {

struct DecodeOptions {
  // The caller's Clock now, for the future-time check (netfile.md §1). Left at the epoch,
  // the check is skipped (tools that have no notion of now, e.g. a fuzzer).
  Time now{};
};

struct DecodedFile {
  std::string path;                  // as passed to decode
  std::string name;                  // its base name
  std::string mine_code;             // from the file name
  std::string type_name;             // as in the file name ("NRYSS"); empty if the name is bad
  FileType type = FileType::kCdss;   // meaningful when type_name is known to the profile
  Time name_time{};                  // time in the file name
  const Profile* profile = nullptr;  // the profile used; must outlive this object
  Header header;
  Layout layout;
  std::shared_ptr<const std::string> text;  // UTF-8 buffer the records' views point into
  RecordList records;
  int skipped = 0;  // records skipped as bad
  std::vector<Diagnostic> diagnostics;
  bool accepted = false;
  std::string reason;  // first error's message when rejected

  std::size_t record_count() const noexcept;
  // The records when they are of type R, else an empty span.
  template <class R>
  std::span<const R> records_of() const noexcept {
    if (const auto* v = std::get_if<std::vector<R>>(&records)) return {v->data(), v->size()};
    return {};
  }
};

DecodedFile decode(std::string_view file_name, std::string_view bytes, const Profile& profile,
                   const DecodeOptions& options);

}  // namespace mw::netfile
