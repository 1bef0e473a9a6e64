#pragma once
// MineCatalog: what the pipeline knows of one mine's definitions (architecture.md §1
// "catalog"): its points with their sensor types (to route samples), its areas and people
// (RYQY, RYXX), and, per point, the newest sample applied so a stale or repeated file never
// moves a point backwards (netfile.md §1). Owned by the mine's shard thread.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/time.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "pipeline/evaluator.hpp"

namespace mw::pipeline {

struct PointEntry {
  std::uint16_t sensor_type = 0;   // 0 = unknown
  bool defined = false;            // in the latest CDDY full set
  Time last_sample = Time::min();  // newest sample applied
  PointHandles handles;            // what the evaluators and stores resolved for the point
};

class MineCatalog {
 public:
  MineCatalog() = default;
  // Not copyable: the index views the codes of this object's points (moves keep them).
  MineCatalog(const MineCatalog&) = delete;
  MineCatalog& operator=(const MineCatalog&) = delete;
  MineCatalog(MineCatalog&&) = default;
  MineCatalog& operator=(MineCatalog&&) = default;

  // A CDDY file is the full set: points missing from it stay known (for their sample
  // history) but are no longer `defined`.
  void set_point_defs(std::span<const PointDef> defs);
  // The entry of `code`; created on first sight from a CDSS record's type name when no CDDY
  // has defined it yet. The reference is valid until the next point() or set_point_defs().
  PointEntry& point(std::string_view code, std::string_view type_name_zh);
  const PointEntry* find_point(std::string_view code) const;
  std::size_t point_count() const noexcept { return points_.size(); }

  void set_areas(std::vector<Area> areas) { areas_ = std::move(areas); }
  void set_people(std::vector<Person> people) { people_ = std::move(people); }
  std::span<const Area> areas() const noexcept { return areas_; }
  std::span<const Person> people() const noexcept { return people_; }

 private:
  struct Point {
    std::string code;
    PointEntry entry;
  };
  PointEntry& add(std::string_view code);

  // Points in order of first sight; a deque so the codes the index views never move.
  std::deque<Point> points_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
  // The point after the last one looked up: a mine's CDSS files list their points in the
  // same order each time, so the next lookup is usually one compare and no hash (issue 6).
  std::size_t cursor_ = 0;
  std::vector<Area> areas_;
  std::vector<Person> people_;
};

}  // namespace mw::pipeline
