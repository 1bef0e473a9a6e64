#include "ingest/netfile/records.hpp"

#include <array>
#include <utility>

namespace mw::netfile {
namespace {

template <std::size_t... I>
RecordList make_list(std::size_t index, std::index_sequence<I...>) {
  RecordList out;
  ((index == I ? (out.emplace<I>(), 0) : 0), ...);
  return out;
}

template <class R>
std::vector<std::string_view> names_of() {
  std::vector<std::string_view> out;
  R r{};
  R::fields(r, [&](std::string_view name, const auto&) { out.push_back(name); });
  return out;
}

template <std::size_t... I>
std::vector<std::string_view> names_at(std::size_t index, std::index_sequence<I...>) {
  std::vector<std::string_view> out;
  ((index == I
        ? (out = names_of<typename std::variant_alternative_t<I, RecordList>::value_type>(), 0)
        : 0),
   ...);
  return out;
}

constexpr std::array<std::string_view, 12> kHeaderNames = {
    "mine_code",      "mine_name",    "system_model", "system_name",  "vendor",      "cert_expiry",
    "approved_total", "person_count", "switch_count", "analog_count", "upload_time", "reserved"};

}  // namespace

RecordList empty_record_list(FileType t) {
  return make_list(static_cast<std::size_t>(t), std::make_index_sequence<kFileTypeCount>{});
}

std::vector<std::string_view> record_field_names(FileType t) {
  return names_at(static_cast<std::size_t>(t), std::make_index_sequence<kFileTypeCount>{});
}

bool is_header_field_name(std::string_view name) noexcept {
  for (std::string_view n : kHeaderNames) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace mw::netfile
