// CatalogRepo: point definitions and their history (CDDY, netfile.md §2).
#include <map>
#include <utility>

#include "store/catalog_repo.hpp"

namespace mw::store {

namespace {

constexpr std::string_view kPointColumns =
    "valid_from, code, system_code, outstation, sensor_type, value_kind, unit, range_high, "
    "range_low, high_alarm, high_alarm_release, low_alarm, low_alarm_release, high_cut, "
    "high_restore, low_cut, low_restore, text_on, text_off, location, x, y, z, data_time";

PointVersion read_point(Row& row) {
  PointVersion v;
  v.valid_from = row.time(0);
  PointDef& d = v.def;
  d.code = row.str(1);
  d.system_code = row.str(2);
  d.outstation = row.str(3);
  const std::int64_t type = row.int64(4);
  if (type < 0 || type > 0xFFFF) row.fail(4, "sensor type out of range");
  d.sensor_type = static_cast<std::uint16_t>(type);
  row.parse_into(5, d.value_kind, parse_value_kind, "unknown value kind");
  d.unit = row.str(6);
  d.range_high = row.opt_decimal(7);
  d.range_low = row.opt_decimal(8);
  Thresholds& t = d.thresholds;
  t.high_alarm = row.opt_decimal(9);
  t.high_alarm_release = row.opt_decimal(10);
  t.low_alarm = row.opt_decimal(11);
  t.low_alarm_release = row.opt_decimal(12);
  t.high_cut = row.opt_decimal(13);
  t.high_restore = row.opt_decimal(14);
  t.low_cut = row.opt_decimal(15);
  t.low_restore = row.opt_decimal(16);
  d.text_on = row.str(17);
  d.text_off = row.str(18);
  d.location = row.str(19);
  d.x = row.opt_decimal(20);
  d.y = row.opt_decimal(21);
  d.z = row.opt_decimal(22);
  d.time = row.time(23);
  return v;
}

std::optional<RelationKind> relation_kind_from_name(std::string_view name) {
  for (const char letter : std::string_view("BGKHZDT")) {
    const auto k = relation_kind_from_letter(letter);
    if (k && relation_kind_name(*k) == name) return k;
  }
  return std::nullopt;
}

// Equal as definitions: 数据时间 changes with every upload and is not part of one.
bool same_definition(const PointDef& a, const PointDef& b) {
  PointDef x = a;
  x.time = b.time;
  return x == b;
}

// Attaches relation rows (code, valid_from, kind, from, name, target) to their versions.
Status attach_relations(Db& db, std::string_view sql, std::initializer_list<Value> params,
                        std::map<std::pair<std::string, std::int64_t>, PointDef*>& by_key) {
  return db.query(sql, params, [&](Row& row) {
    const auto it = by_key.find({row.str(0), row.int64(1)});
    if (it == by_key.end()) return Status{};  // a relation of a version not asked for
    Relation r;
    row.parse_into(2, r.kind, relation_kind_from_name, "unknown relation kind");
    r.point = row.str(3);
    r.name = row.str(4);
    r.target_point = row.str(5);
    it->second->relations.push_back(std::move(r));
    return Status{};
  });
}

constexpr std::string_view kRelationColumns =
    "code, valid_from, kind, from_point, name, target_point";

}  // namespace

Result<std::optional<PointVersion>> CatalogRepo::version_at(std::string_view mine,
                                                            std::string_view code, Time t) {
  auto rows = query_all<PointVersion>(
      db_,
      "SELECT " + std::string(kPointColumns) +
          " FROM point_versions WHERE mine = ? AND code = ? AND valid_from <= ?"
          " ORDER BY valid_from DESC LIMIT 1",
      {mine, code, t}, read_point);
  if (!rows.ok()) return std::move(rows).take_status();
  if (rows->empty()) return std::optional<PointVersion>{};
  PointVersion v = std::move(rows->front());
  MW_RETURN_IF_ERROR(load_relations(mine, code, v));
  return std::optional<PointVersion>(std::move(v));
}

Status CatalogRepo::load_relations(std::string_view mine, std::string_view code, PointVersion& v) {
  std::map<std::pair<std::string, std::int64_t>, PointDef*> by_key{
      {{std::string(code), v.valid_from.time_since_epoch().count()}, &v.def}};
  return attach_relations(db_,
                          "SELECT " + std::string(kRelationColumns) +
                              " FROM point_relations WHERE mine = ? AND code = ? AND "
                              "valid_from = ? ORDER BY seq",
                          {mine, code, v.valid_from}, by_key);
}

Result<PointChange> CatalogRepo::upsert_point(std::string_view mine, const PointDef& def,
                                              Time valid_from) {
  PointChange change = PointChange::kCreated;
  const Status status = in_transaction(db_, [&]() -> Status {
    auto current = version_at(mine, def.code, valid_from);
    if (!current.ok()) return std::move(current).take_status();
    if (*current) {
      if (same_definition((*current)->def, def)) {
        change = PointChange::kUnchanged;
        return Status{};
      }
      change = PointChange::kChanged;
      if ((*current)->valid_from == valid_from) {  // a correction at the same instant replaces it
        MW_RETURN_IF_ERROR(exec_status(
            db_.exec("DELETE FROM point_relations WHERE mine = ? AND code = ? AND valid_from = ?",
                     {mine, def.code, valid_from})));
        MW_RETURN_IF_ERROR(exec_status(
            db_.exec("DELETE FROM point_versions WHERE mine = ? AND code = ? AND valid_from = ?",
                     {mine, def.code, valid_from})));
      }
    }
    const Thresholds& t = def.thresholds;
    MW_RETURN_IF_ERROR(exec_status(db_.exec(
        "INSERT INTO point_versions (mine, valid_from, code, system_code, outstation, "
        "sensor_type, value_kind, unit, range_high, range_low, high_alarm, high_alarm_release, "
        "low_alarm, low_alarm_release, high_cut, high_restore, low_cut, low_restore, text_on, "
        "text_off, location, x, y, z, data_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {mine,
         valid_from,
         def.code,
         def.system_code,
         def.outstation,
         int{def.sensor_type},
         value_kind_code(def.value_kind),
         def.unit,
         def.range_high,
         def.range_low,
         t.high_alarm,
         t.high_alarm_release,
         t.low_alarm,
         t.low_alarm_release,
         t.high_cut,
         t.high_restore,
         t.low_cut,
         t.low_restore,
         def.text_on,
         def.text_off,
         def.location,
         def.x,
         def.y,
         def.z,
         def.time})));
    for (std::size_t i = 0; i < def.relations.size(); ++i) {
      const Relation& r = def.relations[i];
      MW_RETURN_IF_ERROR(exec_status(db_.exec(
          "INSERT INTO point_relations (mine, code, valid_from, seq, kind, from_point, name, "
          "target_point) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {mine, def.code, valid_from, static_cast<std::int64_t>(i), relation_kind_name(r.kind),
           r.point, r.name, r.target_point})));
    }
    return Status{};
  });
  if (!status.ok()) return status;
  return change;
}

Result<PointDef> CatalogRepo::get_point(std::string_view mine, std::string_view code) {
  return get_point_at(mine, code, Time::max());
}

Result<PointDef> CatalogRepo::get_point_at(std::string_view mine, std::string_view code, Time t) {
  auto v = version_at(mine, code, t);
  if (!v.ok()) return std::move(v).take_status();
  if (!*v) {
    return Status::not_found("point " + std::string(code) + " of mine " + std::string(mine) +
                             " has no definition in force at " + format_iso8601_china(t));
  }
  return std::move((*v)->def);
}

Result<std::vector<PointVersion>> CatalogRepo::point_history(std::string_view mine,
                                                             std::string_view code) {
  auto versions = query_all<PointVersion>(
      db_,
      "SELECT " + std::string(kPointColumns) +
          " FROM point_versions WHERE mine = ? AND code = ? ORDER BY valid_from",
      {mine, code}, read_point);
  if (!versions.ok()) return versions;
  std::map<std::pair<std::string, std::int64_t>, PointDef*> by_key;
  for (PointVersion& v : *versions) {
    by_key[{v.def.code, v.valid_from.time_since_epoch().count()}] = &v.def;
  }
  MW_RETURN_IF_ERROR(attach_relations(
      db_,
      "SELECT " + std::string(kRelationColumns) +
          " FROM point_relations WHERE mine = ? AND code = ? ORDER BY valid_from, seq",
      {mine, code}, by_key));
  return versions;
}

Result<std::vector<PointDef>> CatalogRepo::list_points(std::string_view mine) {
  auto versions = query_all<PointVersion>(
      db_,
      "SELECT " + std::string(kPointColumns) +
          " FROM point_versions p WHERE mine = ? AND valid_from = (SELECT MAX(valid_from) FROM "
          "point_versions q WHERE q.mine = p.mine AND q.code = p.code) ORDER BY code",
      {mine}, read_point);
  if (!versions.ok()) return std::move(versions).take_status();
  std::map<std::pair<std::string, std::int64_t>, PointDef*> by_key;
  for (PointVersion& v : *versions) {
    by_key[{v.def.code, v.valid_from.time_since_epoch().count()}] = &v.def;
  }
  // All relations of the mine in one query; those of older versions find no key.
  MW_RETURN_IF_ERROR(
      attach_relations(db_,
                       "SELECT " + std::string(kRelationColumns) +
                           " FROM point_relations WHERE mine = ? ORDER BY code, valid_from, seq",
                       {mine}, by_key));
  std::vector<PointDef> out;
  out.reserve(versions->size());
  for (PointVersion& v : *versions) out.push_back(std::move(v.def));
  return out;
}

}  // namespace mw::store
