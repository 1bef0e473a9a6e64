#pragma once
// CatalogRepo: the definitions side of the catalog — mines (mines.csv rows), point
// definitions with their CDDY history, areas, stations and people — over any Db.
// Point definitions are versioned: a CDDY upload that changes a definition adds a version
// valid from the given time, so "what were this point's thresholds at time t" stays
// answerable after the mine changes them (rules.md A7: "thresholds that changed").
//
// Thread safety: as the Db it is given (one owner thread). Holds no state of its own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.hpp"
#include "base/time.hpp"
#include "model/mine.hpp"
#include "model/personnel.hpp"
#include "model/point.hpp"
#include "store/db.hpp"

namespace mw::store {

// What upsert_point did.
enum class PointChange : std::uint8_t {
  kCreated,    // no version was in force at valid_from (the first, or one before it)
  kChanged,    // the definition differs from the one in force: new version added
  kUnchanged,  // same definition as the one in force at valid_from (数据时间 aside)
};

struct PointVersion {
  Time valid_from{};
  PointDef def;
};

class CatalogRepo {
 public:
  explicit CatalogRepo(Db& db) : db_(db) {}

  // Mines. get_* answer NotFound for an unknown code.
  Status upsert_mine(const Mine& mine);
  Result<Mine> get_mine(std::string_view code);
  // Mines whose code starts with `region_prefix` (GB/T 2260: "62" a province, "6208" a
  // city; "" all), ordered by code. Letters and digits only, else InvalidArgument.
  Result<std::vector<Mine>> list_mines(std::string_view region_prefix = "");

  // Points. `valid_from` is when the definition took effect (usually the CDDY file time).
  // A definition equal to the one in force at valid_from — ignoring PointDef::time, which
  // every upload renews — adds nothing. Runs in a transaction of its own, or joins the
  // caller's: wrap a whole CDDY file in in_transaction() to pay one commit for it.
  Result<PointChange> upsert_point(std::string_view mine, const PointDef& def, Time valid_from);
  // The newest version.
  Result<PointDef> get_point(std::string_view mine, std::string_view code);
  // The version in force at `t`; NotFound before the first version.
  Result<PointDef> get_point_at(std::string_view mine, std::string_view code, Time t);
  // Every version, oldest first.
  Result<std::vector<PointVersion>> point_history(std::string_view mine, std::string_view code);
  // The newest version of every point of the mine, ordered by code.
  Result<std::vector<PointDef>> list_points(std::string_view mine);

  Status upsert_area(std::string_view mine, const Area& area);
  Result<Area> get_area(std::string_view mine, std::string_view code);
  Result<std::vector<Area>> list_areas(std::string_view mine);

  Status upsert_station(std::string_view mine, const Station& station);
  Result<Station> get_station(std::string_view mine, std::string_view code);
  Result<std::vector<Station>> list_stations(std::string_view mine);

  Status upsert_person(std::string_view mine, const Person& person);
  Result<Person> get_person(std::string_view mine, std::string_view card);
  Result<std::vector<Person>> list_people(std::string_view mine);

 private:
  // Loads the version of (mine, code) with the highest valid_from ≤ t, relations included.
  Result<std::optional<PointVersion>> version_at(std::string_view mine, std::string_view code,
                                                 Time t);
  Status load_relations(std::string_view mine, std::string_view code, PointVersion& v);

  Db& db_;
};

}  // namespace mw::store
