#include "sim/layout.hpp"

#include <array>
#include <string_view>

#include "base/decimal.hpp"
#include "model/sensor_type.hpp"

namespace mw::sim {
namespace {

// Sensor type codes (netfile.md §4).
constexpr std::uint16_t kCh4 = 1, kWindSpeed = 2, kTemp = 3, kCoType = 4;
constexpr std::uint16_t kLocalFanType = 1001, kDuctType = 1003, kBreakerType = 1009,
                        kMainFanType = 1010, kFeedType = 1011, kOutputType = 3001;

constexpr std::array<std::string_view, 6> kDistrictNames{"一", "二", "三", "四", "五", "六"};

// 单位 written in CDDY and CDSS for the analog and cumulative types the simulator uses.
std::string_view unit_of(std::uint16_t type) {
  switch (type) {
    case kCh4: return "%CH4";
    case kWindSpeed: return "m/s";
    case kTemp: return "℃";
    case kCoType: return "ppm";
    case kOutputType: return "t";
    default: return "";
  }
}

std::string pad(int n, std::size_t width) {
  std::string s = std::to_string(n);
  return s.size() >= width ? s : std::string(width - s.size(), '0') + s;
}

Decimal dec(std::int64_t mantissa, std::uint8_t scale) { return Decimal{mantissa, scale}; }

class Builder {
 public:
  Builder(const Mine& mine, Time t, Rng& rng) : mine_(mine), time_(t), rng_(rng) {
    // A Gauss–Krüger-like origin (3-degree zone number in front), metres.
    origin_x_ = 38400000.0 + rng_.uniform(0, 90000);
    origin_y_ = 3800000.0 + rng_.uniform(0, 600000);
    depth_ = -rng_.uniform(150, 650);
  }

  MineLayout& out() { return out_; }

  int add_outstation(std::string location) {
    out_.outstations.push_back(
        {pad(static_cast<int>(out_.outstations.size()) + 1, 3), std::move(location)});
    return static_cast<int>(out_.outstations.size()) - 1;
  }

  // Adds a point and returns its index.
  int add(PointRole role, std::uint16_t type, std::string location, int outstation, int workplace,
          std::uint8_t scale) {
    const SensorType* st = find_sensor_type(type);
    SimPoint p;
    p.role = role;
    p.workplace = workplace;
    p.outstation = outstation;
    p.scale = scale;
    p.type_name = st != nullptr ? std::string(st->name_zh) : std::string();
    PointDef& d = p.def;
    d.value_kind = st != nullptr ? st->kind : ValueKind::kAnalog;
    int& serial = d.value_kind == ValueKind::kSwitch       ? kg_
                  : d.value_kind == ValueKind::kCumulative ? lj_
                                                           : mn_;
    ++serial;
    d.code = mine_.code + "01" + std::string(value_kind_code(d.value_kind)) + pad(serial, 4);
    d.system_code = "01";  // 01 安全监控
    d.outstation = out_.outstations[static_cast<std::size_t>(outstation)].code;
    d.sensor_type = type;
    d.unit = std::string(unit_of(type));
    if (st != nullptr && d.value_kind == ValueKind::kSwitch) {
      d.text_on = std::string(st->text1);  // 开描述: the meaning of 1
      d.text_off = std::string(st->text0);
    }
    d.location = std::move(location);
    d.time = time_;
    out_.points.push_back(std::move(p));
    return static_cast<int>(out_.points.size()) - 1;
  }

  void place(int point, double dx, double dy) {
    PointDef& d = out_.points[static_cast<std::size_t>(point)].def;
    d.x = decimal_from_double(origin_x_ + dx, 2);
    d.y = decimal_from_double(origin_y_ + dy, 2);
    d.z = decimal_from_double(depth_ + rng_.uniform(-8, 8), 2);
  }

  int methane(MethaneClass c, std::string location, int outstation, int workplace) {
    const int i = add(PointRole::kMethane, kCh4, std::move(location), outstation, workplace, 2);
    SimPoint& p = out_.points[static_cast<std::size_t>(i)];
    p.methane_class = c;
    const MethaneLimits lim = methane_limits(c);
    PointDef& d = p.def;
    // Catalytic sensors read 0–4 % CH4 (the range in the national sample files).
    d.range_high = dec(400, 2);
    d.range_low = dec(0, 2);
    d.thresholds.high_alarm = lim.alarm;
    d.thresholds.high_alarm_release = lim.has_cut ? lim.restore : lim.alarm;
    if (lim.has_cut) {
      d.thresholds.high_cut = lim.cut;
      d.thresholds.high_restore = lim.restore;
    }
    return i;
  }

  void power_cut(int sensor, int breaker, int feed) {
    Relation r;
    r.kind = RelationKind::kPowerCut;
    r.point = out_.points[static_cast<std::size_t>(breaker)].def.code;
    r.name = "断电器";
    r.target_point = out_.points[static_cast<std::size_t>(feed)].def.code;
    out_.points[static_cast<std::size_t>(sensor)].def.relations.push_back(std::move(r));
  }

  int co(std::string location, int os, int wp) {
    const int i = add(PointRole::kCo, kCoType, std::move(location), os, wp, 0);
    PointDef& d = out_.points[static_cast<std::size_t>(i)].def;
    // rules.md A2: CO 24 ppm is the maximum allowed concentration.
    d.range_high = dec(500, 0);
    d.range_low = dec(0, 0);
    d.thresholds.high_alarm = dec(24, 0);
    d.thresholds.high_alarm_release = dec(24, 0);
    return i;
  }

  int wind(std::string location, int os, int wp, std::int64_t max_hundredths) {
    const int i = add(PointRole::kWind, kWindSpeed, std::move(location), os, wp, 2);
    PointDef& d = out_.points[static_cast<std::size_t>(i)].def;
    // rules.md A2 (art. 136): 0.25–4 m/s at faces and headings, ≤ 8 m/s in main returns.
    d.range_high = dec(1500, 2);
    d.range_low = dec(0, 2);
    d.thresholds.high_alarm = dec(max_hundredths, 2);
    d.thresholds.high_alarm_release = dec(max_hundredths - 10, 2);
    d.thresholds.low_alarm = dec(25, 2);
    d.thresholds.low_alarm_release = dec(30, 2);
    return i;
  }

  int temperature(std::string location, int os, int wp) {
    const int i = add(PointRole::kTemperature, kTemp, std::move(location), os, wp, 1);
    PointDef& d = out_.points[static_cast<std::size_t>(i)].def;
    // rules.md A2 (art. 655): a working face over 30 ℃ must stop work.
    d.range_high = dec(400, 1);
    d.range_low = dec(0, 1);
    d.thresholds.high_alarm = dec(300, 1);
    d.thresholds.high_alarm_release = dec(295, 1);
    return i;
  }

  int add_area(AreaType type, std::uint32_t approved, std::string name) {
    Area a;
    ++area_serial_;
    a.code = mine_.code + pad(area_serial_, 4);
    a.type = type;
    a.approved = approved;
    a.name = std::move(name);
    out_.areas.push_back(std::move(a));
    return static_cast<int>(out_.areas.size()) - 1;
  }

  int add_station(int area, std::string name, double dx, double dy) {
    const std::vector<int> existing = out_.stations_of(area);
    Station s;
    s.code = out_.areas[static_cast<std::size_t>(area)].code +
             pad(static_cast<int>(existing.size()) + 1, 6);
    s.name = std::move(name);
    s.x = decimal_from_double(origin_x_ + dx, 2);
    s.y = decimal_from_double(origin_y_ + dy, 2);
    s.z = decimal_from_double(depth_, 2);
    s.description = s.name + "基站";
    out_.stations.push_back(std::move(s));
    out_.station_area.push_back(area);
    return static_cast<int>(out_.stations.size()) - 1;
  }

  Rng& rng() { return rng_; }
  const Mine& mine() const { return mine_; }

 private:
  const Mine& mine_;
  Time time_;
  Rng& rng_;
  MineLayout out_;
  int mn_ = 0, kg_ = 0, lj_ = 0, area_serial_ = 0;
  double origin_x_ = 0, origin_y_ = 0, depth_ = 0;
};

void build_face(Builder& b, int wp_index, bool outburst) {
  MineLayout& L = b.out();
  const Workplace& wp = L.workplaces[static_cast<std::size_t>(wp_index)];
  const std::string& n = wp.name;
  const int os = b.add_outstation(n + "采煤工作面");
  const double dx = 300.0 * (wp_index + 1), dy = 150.0 * wp.district;
  const int breaker =
      b.add(PointRole::kBreaker, kBreakerType, n + "采煤工作面配电点", os, wp_index, 0);
  const int feed = b.add(PointRole::kFeed, kFeedType, n + "采煤工作面配电点", os, wp_index, 0);
  const int t0 = b.methane(MethaneClass::kCoalFaceCorner, n + "回风隅角", os, wp_index);
  b.place(t0, dx + 60, dy + 20);
  b.power_cut(t0, breaker, feed);
  const int t1 = b.methane(MethaneClass::kCoalFace, n + "采煤工作面", os, wp_index);
  b.place(t1, dx + 40, dy + 10);
  b.power_cut(t1, breaker, feed);
  const int t2 = b.methane(MethaneClass::kCoalFaceReturn, n + "回风巷", os, wp_index);
  b.place(t2, dx + 90, dy + 40);
  b.power_cut(t2, breaker, feed);
  if (outburst) {
    // rules.md A1: in outburst mines T1 also cuts the intake roadway, which has its own T3.
    const int ib = b.add(PointRole::kBreaker, kBreakerType, n + "进风巷配电点", os, wp_index, 0);
    const int ifeed = b.add(PointRole::kFeed, kFeedType, n + "进风巷配电点", os, wp_index, 0);
    const int t3 = b.methane(MethaneClass::kCoalFaceIntake, n + "进风巷", os, wp_index);
    b.place(t3, dx, dy);
    b.power_cut(t3, ib, ifeed);
    b.power_cut(t1, ib, ifeed);
  }
  b.co(n + "回风巷", os, wp_index);
  b.wind(n + "回风巷", os, wp_index, 400);
  b.temperature(n + "采煤工作面", os, wp_index);
}

void build_heading(Builder& b, int wp_index, bool dual_fans) {
  MineLayout& L = b.out();
  const Workplace& wp = L.workplaces[static_cast<std::size_t>(wp_index)];
  const std::string& n = wp.name;
  const int os = b.add_outstation(n + "掘进工作面");
  const double dx = -250.0 * (wp_index + 1), dy = 200.0 * wp.district;
  const int breaker = b.add(PointRole::kBreaker, kBreakerType, n + "掘进配电点", os, wp_index, 0);
  const int feed = b.add(PointRole::kFeed, kFeedType, n + "掘进配电点", os, wp_index, 0);
  const int fan = b.add(PointRole::kLocalFan, kLocalFanType, n + "掘进局部通风机", os, wp_index, 0);
  if (dual_fans) {
    // rules.md A3 5(9): high-gas headings need a standby local fan (主备 relation).
    const int backup =
        b.add(PointRole::kLocalFan, kLocalFanType, n + "掘进备用局部通风机", os, wp_index, 0);
    Relation z;
    z.kind = RelationKind::kMainBackup;
    z.point = L.points[static_cast<std::size_t>(fan)].def.code;
    z.name = "局部通风机";
    z.target_point = L.points[static_cast<std::size_t>(backup)].def.code;
    L.points[static_cast<std::size_t>(fan)].def.relations.push_back(std::move(z));
  }
  b.add(PointRole::kDuct, kDuctType, n + "掘进风筒", os, wp_index, 0);
  const int t1 = b.methane(MethaneClass::kHeading, n + "掘进工作面", os, wp_index);
  b.place(t1, dx - 30, dy);
  b.power_cut(t1, breaker, feed);
  const int t2 = b.methane(MethaneClass::kHeadingReturn, n + "掘进回风流", os, wp_index);
  b.place(t2, dx, dy + 5);
  b.power_cut(t2, breaker, feed);
  b.wind(n + "掘进巷道", os, wp_index, 400);
}

}  // namespace

int MineLayout::find_point(std::string_view code) const noexcept {
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].def.code == code) return static_cast<int>(i);
  }
  return -1;
}

std::vector<int> MineLayout::stations_of(int area) const {
  std::vector<int> out;
  for (std::size_t i = 0; i < station_area.size(); ++i) {
    if (station_area[i] == area) out.push_back(static_cast<int>(i));
  }
  return out;
}

MineLayout make_layout(const Mine& mine, Time defined_at, Rng& rng) {
  Builder b(mine, defined_at, rng);
  MineLayout& L = b.out();
  const bool gassy = mine.gas_grade != GasGrade::kLow;
  const bool outburst = mine.gas_grade == GasGrade::kOutburst;

  const int faces = static_cast<int>(rng.uniform_int(1, 2));
  const int headings = static_cast<int>(rng.uniform_int(1, gassy ? 3 : 2));
  L.districts = faces > 1 || headings > 2 ? 2 : 1;
  const int seam = static_cast<int>(rng.uniform_int(1, 3));  // 煤层 number in face names
  for (int f = 0; f < faces; ++f) {
    Workplace w;
    w.kind = Workplace::Kind::kFace;
    w.district = f % L.districts;
    w.name = std::to_string(seam) + std::to_string(w.district + 1) + pad(f + 1 + 4 * seam, 2);
    w.gas_factor = rng.uniform(0.8, 1.2);
    L.workplaces.push_back(std::move(w));
  }
  for (int h = 0; h < headings; ++h) {
    Workplace w;
    w.kind = Workplace::Kind::kHeading;
    w.district = h % L.districts;
    w.name = std::to_string(seam) + std::to_string(w.district + 1) + pad(h + 21, 2);
    w.gas_factor = rng.uniform(0.8, 1.2);
    L.workplaces.push_back(std::move(w));
  }

  // Mine-wide sensors first: the central outstation near the shaft bottom.
  const int main_os = b.add_outstation("井底车场");
  const int main_fan =
      b.add(PointRole::kMainFan, kMainFanType, "中央风井主通风机房", main_os, -1, 0);
  (void)main_fan;
  b.add(PointRole::kMainFan, kMainFanType, "中央风井备用主通风机", main_os, -1, 0);
  const int ret = b.methane(MethaneClass::kMainReturn, "总回风巷", main_os, -1);
  b.place(ret, 20, 600);
  b.wind("总回风巷", main_os, -1, 800);
  b.co("总回风巷", main_os, -1);
  b.add(PointRole::kOutput, kOutputType, "主斜井带式输送机", main_os, -1, 1);

  for (int d = 0; d < L.districts; ++d) {
    const std::string dn = std::string(kDistrictNames[static_cast<std::size_t>(d)]) + "采区";
    const int os = b.add_outstation(dn + "变电所");
    const int br = b.add(PointRole::kBreaker, kBreakerType, dn + "配电点", os, -1, 0);
    const int fd = b.add(PointRole::kFeed, kFeedType, dn + "配电点", os, -1, 0);
    const int m = b.methane(MethaneClass::kDistrictReturn, dn + "回风巷", os, -1);
    L.points[static_cast<std::size_t>(br)].district = d;
    L.points[static_cast<std::size_t>(fd)].district = d;
    L.points[static_cast<std::size_t>(m)].district = d;
    b.place(m, 100.0 * d, 400);
    b.power_cut(m, br, fd);
  }
  for (int w = 0; w < static_cast<int>(L.workplaces.size()); ++w) {
    if (L.workplaces[static_cast<std::size_t>(w)].kind == Workplace::Kind::kFace) {
      build_face(b, w, outburst);
    } else {
      build_heading(b, w, gassy);
    }
  }
  for (SimPoint& p : L.points) {
    if (p.workplace >= 0) p.district = L.workplaces[static_cast<std::size_t>(p.workplace)].district;
  }

  // Personnel areas and stations (netfile.md §3).
  L.shaft_area = b.add_area(AreaType::kShaft, 0, "主井井口");
  b.add_station(L.shaft_area, "主井井口", 0, 0);
  L.pit_bottom_area = b.add_area(AreaType::kOther, 0, "井底车场");
  b.add_station(L.pit_bottom_area, "井底车场", 10, 30);
  L.main_road_area = b.add_area(AreaType::kOther, 0, "运输大巷");
  b.add_station(L.main_road_area, "运输大巷1号", 60, 120);
  b.add_station(L.main_road_area, "运输大巷2号", 120, 260);
  for (int w = 0; w < static_cast<int>(L.workplaces.size()); ++w) {
    Workplace& wp = L.workplaces[static_cast<std::size_t>(w)];
    const bool face = wp.kind == Workplace::Kind::kFace;
    const double dx = face ? 300.0 * (w + 1) : -250.0 * (w + 1);
    const double dy = 150.0 * wp.district + 300;
    wp.access_area = b.add_area(AreaType::kOther, 0, wp.name + (face ? "运输顺槽" : "掘进巷道"));
    b.add_station(wp.access_area, wp.name + (face ? "运输顺槽" : "掘进巷道"), dx - 80, dy);
    // Approved headcounts (核定人数): a fully mechanised face ~30–40, a heading ~15–20.
    const auto approved =
        static_cast<std::uint32_t>(face ? rng.uniform_int(30, 40) : rng.uniform_int(15, 20));
    wp.key_area =
        b.add_area(AreaType::kKey, approved, wp.name + (face ? "采煤工作面" : "掘进工作面"));
    if (face) {
      b.add_station(wp.key_area, wp.name + "工作面机头", dx, dy);
      b.add_station(wp.key_area, wp.name + "工作面机尾", dx + 150, dy + 10);
    } else {
      b.add_station(wp.key_area, wp.name + "掘进迎头", dx - 30, dy);
    }
  }
  L.restricted_area = b.add_area(AreaType::kRestricted, 0, "采空区密闭");
  b.add_station(L.restricted_area, "采空区密闭", -40, 500);

  return std::move(L);
}

}  // namespace mw::sim
