#pragma once
// MineCatalog: what the pipeline knows of one mine's definitions (architecture.md §1
// "catalog"): its points with their sensor types (to route samples), its areas and people
// (RYQY, RYXX), and, per point, the newest sample applied so a stale or repeated file never
// moves a point backwards (netfile.md §1). Owned by the mine's shard thread.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/time.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"

namespace mw::pipeline {

struct PointEntry {
  std::uint16_t sensor_type = 0;   // 0 = unknown
  bool defined = false;            // in the latest CDDY full set
  Time last_sample = Time::min();  // newest sample applied
};

class MineCatalog {
 public:
  // A CDDY file is the full set: points missing from it stay known (for their sample
  // history) but are no longer `defined`.
  void set_point_defs(std::span<const PointDef> defs);
  // The entry of `code`; created on first sight from a CDSS record's type name when no CDDY
  // has defined it yet.
  PointEntry& point(std::string_view code, std::string_view type_name_zh);
  const PointEntry* find_point(std::string_view code) const;
  std::size_t point_count() const noexcept { return points_.size(); }

  void set_areas(std::vector<Area> areas) { areas_ = std::move(areas); }
  void set_people(std::vector<Person> people) { people_ = std::move(people); }
  std::span<const Area> areas() const noexcept { return areas_; }
  std::span<const Person> people() const noexcept { return people_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, PointEntry, Hash, std::equal_to<>> points_;
  std::vector<Area> areas_;
  std::vector<Person> people_;
};

}  // namespace mw::pipeline
