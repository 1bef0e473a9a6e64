#pragma once
// `minewatch inspect` output (contracts.md): one JSON line per record, then a summary line.
//   {"file":…,"type":"CDSS","record":{…named fields…}}
//   {"file":…,"summary":{"status":"ok"|"rejected","type":…,"mine":…,"records":N,
//    "skipped":K,"encoding":"utf-8"|"gb18030","reason":…,"diagnostics":[…]}}
// Field names are those of records.hpp; numbers are JSON numbers, times ISO 8601 +08:00,
// empty optional fields null. Record lines are written only for accepted files.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.hpp"
#include "ingest/netfile/decoder.hpp"

namespace mw::netfile {

void append_inspect_json(const DecodedFile& file, std::string& out);

struct InspectArgs {
  std::vector<std::string> files;
  std::string profile = "national";  // a built-in profile name
  std::string profile_file;          // a profile TOML to load instead, if set
};

// `minewatch inspect`: decodes each file, writes its JSON lines to `out` (one call per file)
// and problems with the arguments to `err`. Returns the exit status of contracts.md: 0 when
// every file was accepted, 1 when any was rejected, 2 for unusable arguments (unknown
// profile, bad profile file, unreadable file — each named in `err`).
int run_inspect(const InspectArgs& args, Env& env, Time now,
                const std::function<void(std::string_view)>& out,
                const std::function<void(std::string_view)>& err);

}  // namespace mw::netfile
