#include "pipeline/catalog.hpp"

#include "pipeline/convert.hpp"

namespace mw::pipeline {

void MineCatalog::set_point_defs(std::span<const PointDef> defs) {
  for (auto& [code, entry] : points_) entry.defined = false;
  for (const PointDef& d : defs) {
    PointEntry& e = points_[d.code];
    e.sensor_type = d.sensor_type;
    e.defined = true;
  }
}

PointEntry& MineCatalog::point(std::string_view code, std::string_view type_name_zh) {
  if (auto it = points_.find(code); it != points_.end()) return it->second;
  PointEntry e;
  e.sensor_type = sensor_type_by_name(type_name_zh).value_or(0);
  return points_.emplace(std::string(code), e).first->second;
}

const PointEntry* MineCatalog::find_point(std::string_view code) const {
  const auto it = points_.find(code);
  return it == points_.end() ? nullptr : &it->second;
}

}  // namespace mw::pipeline
