#pragma once
// The data directory's pieces that are not a store of their own (docs/storage.md "The data
// directory"): its layout, the journal record of an accepted file, the digest that makes a
// re-sent file a duplicate, and the bounded quarantine of rejected files.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "base/env.hpp"
#include "base/status.hpp"
#include "base/time.hpp"

namespace mw::pipeline {

struct DataDirLayout {
  std::string root;
  std::string journal;     // root/journal
  std::string db;          // root/minewatch.db
  std::string quarantine;  // root/quarantine
};
DataDirLayout data_dir_layout(const std::filesystem::path& root);

// Journal record types of the durable pipeline (docs/storage.md "Journal records").
// DO NOT renumber: they are in journals on disk.
inline constexpr std::uint16_t kJournalNetfile = 1;
// The pipeline clock moved (advance): 8 bytes, the time in Unix seconds. With these the
// journal is the pipeline's whole input, in order, so a restart rebuilds the same rule state.
inline constexpr std::uint16_t kJournalTick = 2;
// Version byte of a kJournalNetfile payload (docs/storage.md).
inline constexpr std::uint8_t kJournalNetfileVersion = 1;

// One accepted networking file as journaled: the raw bytes and name, so a restart replays
// it through the same decode; and the pipeline clock when it arrived (the decoder's
// future-time check and the rules' timers see the same now again).
struct JournaledFile {
  Time received_at{};
  std::string_view name;
  std::string_view bytes;
};
std::string encode_journaled_file(Time received_at, std::string_view name, std::string_view bytes);
// kCorruption when the payload is not one encode_journaled_file wrote.
Result<JournaledFile> decode_journaled_file(std::string_view payload);

std::string encode_tick(Time t);
Result<Time> decode_tick(std::string_view payload);

// "v2-<length>-<crc32c hex>-<w64 hex>" of the bytes (docs/storage.md "durable_files"): two
// independent hashes and the length, so two different files with the same name time collide
// only with ~2^-96 odds. w64 reads 8-byte words in four lanes: the FNV-1a of the first
// format read one byte per multiply and was 3.3 % of serve_bench's CPU (issue 6).
std::string file_digest(std::string_view bytes);
// The first format, "<length>-<crc32c hex>-<fnv1a64 hex>", which durable_files rows written
// before v2 hold (its shape starts with a digit, v2's with 'v'): a file re-sent after an
// upgrade is looked up under both.
std::string legacy_file_digest(std::string_view bytes);

// Rejected files with a `.reason` beside each, under one directory: "<12-digit number>-<base
// name>" so listing order is arrival order. Bounded: once the kept bytes (files and reasons)
// pass `max_bytes`, the oldest are deleted. Thread-safe (one mutex).
class Quarantine {
 public:
  // Creates `dir` if needed and takes stock of what is there.
  static Result<std::unique_ptr<Quarantine>> open(Env& env, std::string dir,
                                                  std::uint64_t max_bytes);
  // Keeps the file. A failure (disk full) is returned but loses nothing acknowledged.
  Status keep(std::string_view file_name, std::string_view bytes, std::string_view reason);
  std::uint64_t bytes() const;
  std::size_t files() const;

 private:
  Quarantine(Env& env, std::string dir, std::uint64_t max_bytes)
      : env_(env), dir_(std::move(dir)), max_bytes_(max_bytes) {}
  struct Entry {
    std::string name;  // without ".reason"
    std::uint64_t bytes = 0;
  };
  void trim_locked();

  Env& env_;
  const std::string dir_;
  const std::uint64_t max_bytes_;
  mutable std::mutex mu_;
  std::deque<Entry> entries_;  // oldest first
  std::uint64_t total_ = 0;
  std::uint64_t next_ = 1;
};

}  // namespace mw::pipeline
