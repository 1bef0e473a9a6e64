#include "journal/checkpoint.hpp"

#include "base/crc32c.hpp"
#include "journal/format.hpp"

namespace mw::journal {

std::string encode_checkpoint(std::uint64_t seq) {
  std::string out(kCheckpointMagic);
  put_u32(out, kFormatVersion);
  put_u32(out, 0);  // reserved
  put_u64(out, seq);
  put_u32(out, crc32c(out));
  return out;
}

Result<std::uint64_t> read_checkpoint(Env& env, const std::string& dir) {
  const std::string path = join_path(dir, kCheckpointName);
  if (!env.exists(path)) return std::uint64_t{0};
  auto data = env.read_file(path);
  if (!data.ok()) return std::move(data).take_status();
  const std::string& d = *data;
  if (d.size() != kCheckpointBytes ||
      d.compare(0, kCheckpointMagic.size(), kCheckpointMagic) != 0 ||
      get_u32(d.data() + 8) < kOldestReadableVersion || get_u32(d.data() + 8) > kFormatVersion ||
      crc32c(std::string_view(d).substr(0, kCheckpointBytes - 4)) !=
          get_u32(d.data() + kCheckpointBytes - 4)) {
    return Status::corruption("journal checkpoint file " + path +
                              " is damaged (size, magic, version or checksum); it cannot say "
                              "which records were already applied");
  }
  return get_u64(d.data() + 16);
}

Status write_checkpoint(Env& env, const std::string& dir, std::uint64_t seq) {
  const std::string tmp = join_path(dir, kCheckpointTempName);
  {
    auto f = env.new_writable_file(tmp);
    if (!f.ok()) return std::move(f).take_status();
    MW_RETURN_IF_ERROR((*f)->append(encode_checkpoint(seq)));
    MW_RETURN_IF_ERROR((*f)->sync());
    MW_RETURN_IF_ERROR((*f)->close());
  }
  MW_RETURN_IF_ERROR(env.rename_file(tmp, join_path(dir, kCheckpointName)));
  return env.sync_dir(dir);
}

}  // namespace mw::journal
