#include "journal/segment_writer.hpp"

#include "journal/record.hpp"

namespace mw::journal {

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::create(Env& env, const std::string& dir,
                                                             std::uint64_t first_seq) {
  std::string path = join_path(dir, segment_file_name(first_seq));
  auto f = env.new_writable_file(path);
  if (!f.ok()) return std::move(f).take_status();
  auto w = std::make_unique<SegmentWriter>(path, first_seq, std::move(*f));
  Status s = w->append(encode_segment_header(first_seq));
  if (s.ok()) s = w->sync();
  if (s.ok()) s = env.sync_dir(dir);
  if (!s.ok()) {
    (void)w->close();
    (void)env.remove_file(path);  // best effort: recovery also drops a headerless last segment
    return s;
  }
  return w;
}

Status SegmentWriter::sync() {
  MW_RETURN_IF_ERROR(file_->sync());
  synced_size_ = file_->size();
  return {};
}

Status SegmentWriter::rollback() { return file_->truncate(synced_size_); }

}  // namespace mw::journal
