#include "ingest/netfile/file_type.hpp"

#include <array>

namespace mw::netfile {
namespace {
constexpr std::array<std::string_view, kFileTypeCount> kKeys = {
    "CDDY",        "CDSS", "TJSJ", "YCBJ", "FZDY", "FZSS", "RYQY", "RYJZ",
    "RYXX",        "RYSS", "JZSS", "RYCS", "RYQJ", "RYXZ", "RYCY", "PERSONNEL_PARAMS",
    "POINT_SERIES"};
}  // namespace

std::string_view file_type_key(FileType t) noexcept {
  const auto i = static_cast<std::size_t>(t);
  return i < kKeys.size() ? kKeys[i] : std::string_view{"?"};
}

std::optional<FileType> file_type_from_key(std::string_view key) noexcept {
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    if (kKeys[i] == key) return static_cast<FileType>(i);
  }
  return std::nullopt;
}

}  // namespace mw::netfile
