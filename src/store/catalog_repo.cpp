// CatalogRepo: mines, areas, stations and people (points: catalog_points.cpp).
#include "store/catalog_repo.hpp"

#include <cctype>

namespace mw::store {

namespace {

std::string shifts_text(const std::vector<int>& shifts) {
  std::string out;
  for (const int s : shifts) {
    if (!out.empty()) out += ';';
    out += format_shift_start(s);
  }
  return out;
}

constexpr std::string_view kMineColumns =
    "code, name, status, gas_grade, province, shifts, overtime_hours, maintenance_allowance, "
    "approved_total, lat, lon";

Mine read_mine(Row& row) {
  Mine m;
  m.code = row.str(0);
  m.name = row.str(1);
  row.parse_into(2, m.status, parse_mine_status, "unknown status");
  row.parse_into(3, m.gas_grade, parse_gas_grade, "unknown gas grade");
  m.province = row.str(4);
  m.shifts.clear();
  const std::string_view shifts = row.text(5);
  for (std::size_t pos = 0; pos < shifts.size();) {
    const std::size_t end = std::min(shifts.find(';', pos), shifts.size());
    if (auto t = parse_shift_start(shifts.substr(pos, end - pos)))
      m.shifts.push_back(*t);
    else
      row.fail(5, "bad shift start");
    pos = end + 1;
  }
  m.overtime_hours = row.decimal(6);
  m.maintenance_allowance = static_cast<std::uint32_t>(row.int64(7));
  if (auto a = row.opt_int64(8)) m.approved_total = static_cast<std::uint32_t>(*a);
  m.lat = row.opt_decimal(9);
  m.lon = row.opt_decimal(10);
  return m;
}

AreaType area_type_from_name(std::string_view name, Row& row) {
  for (const AreaType t : {AreaType::kShaft, AreaType::kKey, AreaType::kOther,
                           AreaType::kRestricted, AreaType::kUnknown}) {
    if (area_type_name(t) == name) return t;
  }
  row.fail(1, "unknown area type");
  return AreaType::kUnknown;
}

Area read_area(Row& row) {
  Area a;
  a.code = row.str(0);
  a.type = area_type_from_name(row.text(1), row);
  a.approved = static_cast<std::uint32_t>(row.int64(2));
  a.name = row.str(3);
  return a;
}

Station read_station(Row& row) {
  Station s;
  s.code = row.str(0);
  s.name = row.str(1);
  s.x = row.opt_decimal(2);
  s.y = row.opt_decimal(3);
  s.z = row.opt_decimal(4);
  s.description = row.str(5);
  return s;
}

Person read_person(Row& row) {
  Person p;
  p.card = row.str(0);
  p.name = row.str(1);
  p.job = row.str(2);
  p.post = row.str(3);
  p.team = row.str(4);
  p.birth_date = row.str(5);
  p.education = row.str(6);
  p.leader = row.boolean(7);
  p.special = row.boolean(8);
  return p;
}

}  // namespace

Status CatalogRepo::upsert_mine(const Mine& m) {
  return exec_status(db_.exec(
      "INSERT INTO mines (code, name, status, gas_grade, province, shifts, overtime_hours, "
      "maintenance_allowance, approved_total, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (code) DO UPDATE SET name = excluded.name, status = excluded.status, "
      "gas_grade = excluded.gas_grade, province = excluded.province, shifts = excluded.shifts, "
      "overtime_hours = excluded.overtime_hours, "
      "maintenance_allowance = excluded.maintenance_allowance, "
      "approved_total = excluded.approved_total, lat = excluded.lat, lon = excluded.lon",
      {m.code, m.name, mine_status_name(m.status), gas_grade_name(m.gas_grade), m.province,
       shifts_text(m.shifts), m.overtime_hours, m.maintenance_allowance, m.approved_total, m.lat,
       m.lon}));
}

Result<Mine> CatalogRepo::get_mine(std::string_view code) {
  return query_one<Mine>(db_, "SELECT " + std::string(kMineColumns) + " FROM mines WHERE code = ?",
                         {code}, "mine " + std::string(code), read_mine);
}

Result<std::vector<Mine>> CatalogRepo::list_mines(std::string_view region_prefix) {
  for (const char c : region_prefix) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      return Status::invalid_argument("region prefix '" + std::string(region_prefix) +
                                      "' may hold only letters and digits");
    }
  }
  // substr rather than LIKE: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
  const std::string sql = "SELECT " + std::string(kMineColumns) +
                          " FROM mines WHERE substr(code, 1, " +
                          std::to_string(region_prefix.size()) + ") = ? ORDER BY code";
  return query_all<Mine>(db_, sql, {region_prefix}, read_mine);
}

Status CatalogRepo::upsert_area(std::string_view mine, const Area& a) {
  return exec_status(
      db_.exec("INSERT INTO areas (mine, code, type, approved, name) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT (mine, code) DO UPDATE SET type = excluded.type, "
               "approved = excluded.approved, name = excluded.name",
               {mine, a.code, area_type_name(a.type), a.approved, a.name}));
}

Result<Area> CatalogRepo::get_area(std::string_view mine, std::string_view code) {
  return query_one<Area>(db_,
                         "SELECT code, type, approved, name FROM areas WHERE mine = ? AND code = ?",
                         {mine, code}, "area " + std::string(code), read_area);
}

Result<std::vector<Area>> CatalogRepo::list_areas(std::string_view mine) {
  return query_all<Area>(
      db_, "SELECT code, type, approved, name FROM areas WHERE mine = ? ORDER BY code", {mine},
      read_area);
}

Status CatalogRepo::upsert_station(std::string_view mine, const Station& s) {
  return exec_status(db_.exec(
      "INSERT INTO stations (mine, code, name, x, y, z, description) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (mine, code) DO UPDATE SET name = excluded.name, x = excluded.x, "
      "y = excluded.y, z = excluded.z, description = excluded.description",
      {mine, s.code, s.name, s.x, s.y, s.z, s.description}));
}

Result<Station> CatalogRepo::get_station(std::string_view mine, std::string_view code) {
  return query_one<Station>(
      db_, "SELECT code, name, x, y, z, description FROM stations WHERE mine = ? AND code = ?",
      {mine, code}, "station " + std::string(code), read_station);
}

Result<std::vector<Station>> CatalogRepo::list_stations(std::string_view mine) {
  return query_all<Station>(
      db_, "SELECT code, name, x, y, z, description FROM stations WHERE mine = ? ORDER BY code",
      {mine}, read_station);
}

Status CatalogRepo::upsert_person(std::string_view mine, const Person& p) {
  return exec_status(db_.exec(
      "INSERT INTO people (mine, card, name, job, post, team, birth_date, education, leader, "
      "special) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (mine, card) DO UPDATE SET name = excluded.name, job = excluded.job, "
      "post = excluded.post, team = excluded.team, birth_date = excluded.birth_date, "
      "education = excluded.education, leader = excluded.leader, special = excluded.special",
      {mine, p.card, p.name, p.job, p.post, p.team, p.birth_date, p.education, p.leader,
       p.special}));
}

constexpr std::string_view kPersonColumns =
    "card, name, job, post, team, birth_date, education, leader, special";

Result<Person> CatalogRepo::get_person(std::string_view mine, std::string_view card) {
  return query_one<Person>(
      db_, "SELECT " + std::string(kPersonColumns) + " FROM people WHERE mine = ? AND card = ?",
      {mine, card}, "card " + std::string(card), read_person);
}

Result<std::vector<Person>> CatalogRepo::list_people(std::string_view mine) {
  return query_all<Person>(
      db_, "SELECT " + std::string(kPersonColumns) + " FROM people WHERE mine = ? ORDER BY card",
      {mine}, read_person);
}

}  // namespace mw::store
