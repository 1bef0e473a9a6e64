#include "ingest/netfile/file_name.hpp"

#include "model/codes.hpp"

namespace mw::netfile {

std::string_view base_name(std::string_view path) noexcept {
  const std::size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

Result<FileName> parse_file_name(std::string_view name) {
  constexpr std::string_view kExample = " (expected <mine code>_<TYPE>_<yyyyMMddHHmmss>.txt)";
  const std::string shown(name.substr(0, 120));
  std::string_view stem = name;
  if (stem.size() >= 4) {
    const std::string_view ext = stem.substr(stem.size() - 4);
    if (ext == ".txt" || ext == ".TXT") stem.remove_suffix(4);
  }
  const std::size_t first = stem.find('_');
  const std::size_t last = stem.rfind('_');
  if (first == std::string_view::npos || first == last) {
    return Status::invalid_argument("file name '" + shown + "' has not three parts" +
                                    std::string(kExample));
  }
  FileName out;
  out.mine_code = stem.substr(0, first);
  out.type_name = stem.substr(first + 1, last - first - 1);
  const std::string_view time = stem.substr(last + 1);
  if (Status s = check_mine_code(out.mine_code); !s.ok()) {
    return Status::invalid_argument("file name '" + shown + "': " + s.message());
  }
  if (out.type_name.empty()) {
    return Status::invalid_argument("file name '" + shown + "' has an empty type" +
                                    std::string(kExample));
  }
  const std::optional<Time> t = parse_china_compact_time(time);
  if (!t) {
    return Status::invalid_argument("file name '" + shown + "': time '" + std::string(time) +
                                    "' is not a valid yyyyMMddHHmmss");
  }
  out.time = *t;
  return out;
}

std::string make_file_name(std::string_view mine_code, std::string_view type_name, Time t) {
  std::string out(mine_code);
  out += '_';
  out += type_name;
  out += '_';
  out += format_china_compact_time(t);
  out += ".txt";
  return out;
}

}  // namespace mw::netfile
