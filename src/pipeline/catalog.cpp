#include "pipeline/catalog.hpp"

#include <cstring>

#include "pipeline/convert.hpp"

namespace mw::pipeline {
namespace {

// a == b for point codes (10-40 bytes) in 8-byte words, inline: the cursor check runs once
// per sample, and a call to memcmp cost more than the compare (issue 6 profile).
bool same_code(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

PointEntry& MineCatalog::add(std::string_view code) {
  Point& p = points_.emplace_back();
  p.code = code;
  index_.emplace(p.code, static_cast<std::uint32_t>(points_.size() - 1));
  return p.entry;
}

void MineCatalog::set_point_defs(std::span<const PointDef> defs) {
  for (Point& p : points_) p.entry.defined = false;
  for (const PointDef& d : defs) {
    const auto it = index_.find(d.code);
    PointEntry& e = it == index_.end() ? add(d.code) : points_[it->second].entry;
    e.sensor_type = d.sensor_type;
    e.defined = true;
  }
}

PointEntry& MineCatalog::point(std::string_view code, std::string_view type_name_zh) {
  std::size_t i = cursor_;
  if (i >= points_.size() || !same_code(points_[i].code, code)) {
    const auto it = index_.find(code);
    if (it == index_.end()) {
      PointEntry& e = add(code);
      e.sensor_type = sensor_type_by_name(type_name_zh).value_or(0);
      cursor_ = points_.size();
      return e;
    }
    i = it->second;
  }
  cursor_ = i + 1;
  return points_[i].entry;
}

const PointEntry* MineCatalog::find_point(std::string_view code) const {
  const auto it = index_.find(code);
  return it == index_.end() ? nullptr : &points_[it->second].entry;
}

}  // namespace mw::pipeline
