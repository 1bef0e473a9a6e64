#pragma once
// SqliteWriteGate: first come, first served among the writers of one process to one SQLite
// file. SQLite's own busy handler polls (sleeps 1, 2, 5 … then 100 ms between tries), so a
// writer whose transactions follow each other closely — the durable pipeline committing in
// batches under continuous ingest — wins every race for the write lock and another
// connection's BEGIN IMMEDIATE can wait out its whole busy timeout (issue 5). SqliteDb takes
// the gate before it asks SQLite for the write lock and gives it back when its transaction
// ends, so the waiting writer is next. Other processes still meet only SQLite's lock.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace mw::store {

class SqliteWriteGate {
 public:
  // The gate of the database file at `path`, shared by every connection of this process
  // opened on the same file (by canonical path); null for an in-memory or URI database.
  static std::shared_ptr<SqliteWriteGate> for_file(const std::string& path);

  // Waits in arrival order until the gate is free; false after `timeout` (not taken).
  bool acquire(std::chrono::milliseconds timeout);
  void release();

  // Writers queued in acquire() right now (tests).
  std::size_t waiting() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
  std::uint64_t next_ticket_ = 0;
  std::deque<std::uint64_t> queue_;  // tickets of the waiters, oldest first
};

}  // namespace mw::store
