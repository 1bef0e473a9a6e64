#pragma once
// The checkpoint file (docs/formats/journal.md §4): "everything up to this sequence number
// has been applied downstream". Written atomically: temp file, fsync, rename, directory fsync.

#include <cstdint>
#include <string>

#include "base/env.hpp"
#include "base/status.hpp"

namespace mw::journal {

std::string encode_checkpoint(std::uint64_t seq);

// The checkpointed sequence number in `dir`, 0 when there is no checkpoint file yet;
// kCorruption naming the file when it is damaged.
Result<std::uint64_t> read_checkpoint(Env& env, const std::string& dir);

// Durably records `seq` as the checkpoint of `dir`.
Status write_checkpoint(Env& env, const std::string& dir, std::uint64_t seq);

}  // namespace mw::journal
