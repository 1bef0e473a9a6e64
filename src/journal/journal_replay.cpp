// Journal: open (recovery after a crash) and replay.

#include <algorithm>
#include <utility>

#include "journal/checkpoint.hpp"
#include "journal/journal.hpp"
#include "journal/segment_writer.hpp"

namespace mw::journal {

std::string RecoveryReport::to_string() const {
  std::string out = "journal recovery: " + std::to_string(segments) + " segments, " +
                    std::to_string(records) + " records, last seq " + std::to_string(last_seq) +
                    ", checkpoint " + std::to_string(checkpoint);
  if (torn_bytes > 0) {
    out += ", torn tail of " + std::to_string(torn_bytes) + " bytes cut from " + torn_segment;
  }
  for (const auto& c : corrupt) {
    out += "; CORRUPT " + c.segment + " at offset " + std::to_string(c.offset) + " (" +
           std::to_string(c.bytes) + " bytes): " + c.reason;
  }
  return out;
}

Result<std::unique_ptr<Journal>> Journal::open(Env& env, std::string dir, Options options) {
  if (options.segment_bytes == 0) return Status::invalid_argument("journal segment size is 0");
  auto j = std::make_unique<Journal>(env, std::move(dir), options, OpenKey{});
  MW_RETURN_IF_ERROR(j->recover());
  return j;
}

Status Journal::recover() {
  const bool fresh = !env_.exists(dir_);
  MW_RETURN_IF_ERROR(env_.create_dir(dir_));
  if (fresh) MW_RETURN_IF_ERROR(env_.sync_dir(parent_dir(dir_)));
  // A temp checkpoint is a write that never reached its rename: the old checkpoint stands.
  const std::string tmp = join_path(dir_, kCheckpointTempName);
  if (env_.exists(tmp)) MW_RETURN_IF_ERROR(env_.remove_file(tmp));
  auto cp = read_checkpoint(env_, dir_);
  if (!cp.ok()) return std::move(cp).take_status();
  report_.checkpoint = *cp;

  auto names = env_.list_dir(dir_);
  if (!names.ok()) return std::move(names).take_status();
  std::vector<Segment> found;
  for (const auto& name : *names) {
    if (auto first = parse_segment_file_name(name))
      found.push_back({*first, join_path(dir_, name)});
  }
  std::sort(found.begin(), found.end(),
            [](const Segment& a, const Segment& b) { return a.first_seq < b.first_seq; });

  std::uint64_t last = 0;
  bool drop_empty_last = false;  // the last segment holds only a header
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Segment& seg = found[i];
    const std::string name = seg.path.substr(seg.path.size() - segment_file_name(0).size());
    auto data = env_.read_file(seg.path);
    if (!data.ok()) return std::move(data).take_status();
    const SegmentScan scan =
        scan_segment(*data, seg.first_seq, last, [](const Record&) { return true; });
    ++report_.segments;
    report_.records += scan.records;
    last = scan.last_seq;
    const bool is_last = i + 1 == found.size();
    const std::size_t corrupt_before = report_.corrupt.size();
    bool keep = true;
    for (std::size_t b = 0; b < scan.bad.size(); ++b) {
      const BadRegion& bad = scan.bad[b];
      // Only the end of the last segment can hold an unfinished write; its header was
      // synced before any record went in, so a short header there is unfinished too.
      const bool torn = is_last && b + 1 == scan.bad.size() && scan.tail_bad() &&
                        (scan.header_ok || scan.size < kSegmentHeaderBytes);
      if (!torn) {
        report_.corrupt.push_back({name, bad.offset, bad.bytes, bad.reason});
        continue;
      }
      report_.torn_bytes = bad.bytes;
      report_.torn_segment = name;
      if (scan.header_ok) {
        MW_RETURN_IF_ERROR(env_.truncate_file(seg.path, bad.offset));
      } else {
        MW_RETURN_IF_ERROR(env_.remove_file(seg.path));
        keep = false;
      }
    }
    if (keep) segments_.push_back(seg);
    // Only this very segment may be dropped as empty: when a torn one was removed above, the
    // one before it holds records.
    drop_empty_last =
        is_last && keep && scan.records == 0 && report_.corrupt.size() == corrupt_before;
  }
  report_.last_seq = last;

  // A last segment holding nothing (a rotation cut short) is dropped, not kept forever.
  if (drop_empty_last) {
    MW_RETURN_IF_ERROR(env_.remove_file(segments_.back().path));
    segments_.pop_back();
  }
  std::uint64_t next = std::max(last, report_.checkpoint) + 1;
  if (!segments_.empty()) next = std::max(next, segments_.back().first_seq + 1);

  auto active = SegmentWriter::create(env_, dir_, next);
  if (!active.ok()) return std::move(active).take_status();
  active_ = std::move(*active);
  segments_.push_back({active_->first_seq(), active_->path()});
  active_synced_bytes_ = active_->synced_size();
  stats_.segments_created = 1;
  last_seq_ = resolved_seq_ = durable_seq_ = next - 1;
  checkpoint_seq_ = report_.checkpoint;

  // Finish a checkpoint's deletions that a crash interrupted.
  std::size_t drop = 0;
  while (drop + 1 < segments_.size() && segments_[drop + 1].first_seq <= checkpoint_seq_ + 1) {
    MW_RETURN_IF_ERROR(env_.remove_file(segments_[drop].path));
    ++drop;
  }
  if (drop > 0) {
    segments_.erase(segments_.begin(), segments_.begin() + static_cast<std::ptrdiff_t>(drop));
    MW_RETURN_IF_ERROR(env_.sync_dir(dir_));
  }
  return {};
}

Status Journal::replay(std::uint64_t from_seq, const std::function<Status(const Record&)>& fn) {
  std::lock_guard checkpoint_lock(checkpoint_mu_);  // no segment disappears meanwhile
  std::vector<Segment> segs;
  std::uint64_t active_bytes = 0;
  {
    std::lock_guard lock(mu_);
    segs = segments_;
    active_bytes = active_synced_bytes_;
  }
  std::uint64_t last = 0;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    // Skip segments that end before from_seq.
    if (i + 1 < segs.size() && segs[i + 1].first_seq <= from_seq) continue;
    auto data = env_.read_file(segs[i].path);
    if (!data.ok()) return std::move(data).take_status();
    std::string_view view = *data;
    if (i + 1 == segs.size()) view = view.substr(0, active_bytes);  // only what is durable
    Status err;
    const SegmentScan scan = scan_segment(view, segs[i].first_seq, last, [&](const Record& r) {
      if (r.seq < from_seq) return true;
      err = fn(r);
      return err.ok();
    });
    MW_RETURN_IF_ERROR(err);
    last = scan.last_seq;
  }
  return {};
}

}  // namespace mw::journal
