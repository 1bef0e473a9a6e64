#pragma once
// Writes networking files. Decoding then encoding an accepted national-profile file gives
// the identical bytes. Writers (the simulator) build files from typed records.

#include <string>
#include <string_view>

#include "base/status.hpp"
#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/envelope.hpp"
#include "ingest/netfile/profile.hpp"
#include "ingest/netfile/records.hpp"

namespace mw::netfile {

// Re-encodes a decoded file with its profile and layout (skipped records are not written).
// Returns an empty string when the file has no usable profile or type.
std::string encode(const DecodedFile& file);

// Builds a file body of type `type_name` (as the profile names it in file names) from a
// header and records; the RecordList alternative must match the type's kind. Fails when a
// text field holds a separator or terminator, or when the text cannot be written in the
// requested encoding.
Result<std::string> encode_file(const Profile& profile, std::string_view type_name,
                                const Header& header, const RecordList& records,
                                const Layout& layout);

}  // namespace mw::netfile
