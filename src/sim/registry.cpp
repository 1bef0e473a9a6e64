#include "sim/registry.hpp"

#include <array>
#include <set>

#include "base/decimal.hpp"
#include "sim/rng.hpp"

namespace mw::sim {
namespace {

struct County {
  std::string_view code;  // GB/T 2260 county-level code
  std::string_view city;  // the city or county name used in company names
};

struct Province {
  std::string_view code;
  std::string_view short_name;  // as company names start: 山西, 内蒙古 …
  double weight;                // share of simulated mines, roughly the share of coal mines
  GeoBox box;                   // a box inside the province around its coal fields
  std::span<const County> counties;
};

// Coal-producing counties (GB/T 2260; a few codes are of the edition before recent mergers,
// as older mine codes still carry them).
constexpr std::array<County, 16> kShanxi{{
    {"140303", "阳泉"},
    {"140421", "长治"},
    {"140425", "平顺"},
    {"140431", "沁源"},
    {"140521", "沁水"},
    {"140522", "阳城"},
    {"140525", "泽州"},
    {"140581", "高平"},
    {"140621", "山阴"},
    {"140722", "左权"},
    {"140729", "灵石"},
    {"140781", "介休"},
    {"140925", "宁武"},
    {"141082", "霍州"},
    {"141124", "临县"},
    {"141181", "孝义"},
}};
constexpr std::array<County, 8> kInnerMongolia{{
    {"150302", "乌海"},
    {"150304", "乌达"},
    {"150602", "东胜"},
    {"150621", "达拉特"},
    {"150622", "准格尔"},
    {"150624", "鄂托克"},
    {"150627", "伊金霍洛"},
    {"150725", "陈巴尔虎"},
}};
constexpr std::array<County, 9> kShaanxi{{
    {"610802", "榆阳"},
    {"610821", "神木"},
    {"610822", "府谷"},
    {"610824", "靖边"},
    {"610428", "长武"},
    {"610429", "旬邑"},
    {"610527", "白水"},
    {"610581", "韩城"},
    {"610204", "耀州"},
}};
constexpr std::array<County, 12> kGuizhou{{
    {"520201", "钟山"},
    {"520203", "六枝"},
    {"520221", "水城"},
    {"520222", "盘县"},
    {"520521", "大方"},
    {"520522", "黔西"},
    {"520523", "金沙"},
    {"520524", "织金"},
    {"520525", "纳雍"},
    {"520527", "赫章"},
    {"522323", "普安"},
    {"522324", "晴隆"},
}};
constexpr std::array<County, 10> kHenan{{
    {"410183", "新密"},
    {"410185", "登封"},
    {"410184", "新郑"},
    {"410323", "新安"},
    {"410421", "宝丰"},
    {"410423", "鲁山"},
    {"410482", "汝州"},
    {"411221", "渑池"},
    {"411222", "陕县"},
    {"411481", "永城"},
}};
constexpr std::array<County, 8> kShandong{{
    {"370481", "滕州"},
    {"370883", "邹城"},
    {"370826", "微山"},
    {"370830", "汶上"},
    {"370982", "新泰"},
    {"370983", "肥城"},
    {"371725", "郓城"},
    {"371722", "单县"},
}};
constexpr std::array<County, 7> kXinjiang{{
    {"650109", "米东"},
    {"652302", "阜康"},
    {"652327", "吉木萨尔"},
    {"652328", "木垒"},
    {"654202", "乌苏"},
    {"654028", "尼勒克"},
    {"652926", "拜城"},
}};
constexpr std::array<County, 4> kAnhui{{
    {"340402", "淮南"},
    {"340421", "凤台"},
    {"340621", "濉溪"},
    {"340603", "淮北"},
}};
constexpr std::array<County, 4> kHeilongjiang{{
    {"230302", "鸡西"},
    {"230404", "鹤岗"},
    {"230502", "双鸭山"},
    {"230902", "七台河"},
}};

// Weights follow the rough ranking of provinces by number of coal mines (Shanxi, Guizhou,
// Inner Mongolia, Shaanxi lead); the exact shares are not sourced and only shape the demo.
const std::array<Province, 9> kProvinces{{
    {"14", "山西", 0.24, {35.6, 39.8, 111.3, 113.5}, kShanxi},
    {"52", "贵州", 0.20, {25.5, 27.5, 104.6, 106.8}, kGuizhou},
    {"15", "内蒙古", 0.14, {38.5, 40.3, 107.0, 110.8}, kInnerMongolia},
    {"61", "陕西", 0.12, {35.0, 39.0, 107.8, 110.5}, kShaanxi},
    {"41", "河南", 0.10, {33.8, 35.2, 112.0, 115.8}, kHenan},
    {"37", "山东", 0.07, {34.8, 36.3, 115.6, 117.9}, kShandong},
    {"65", "新疆", 0.06, {43.6, 44.5, 84.5, 91.0}, kXinjiang},
    {"34", "安徽", 0.04, {32.6, 34.0, 116.5, 117.2}, kAnhui},
    {"23", "黑龙江", 0.03, {45.3, 47.4, 130.2, 131.5}, kHeilongjiang},
}};

// Syllables of company trade names (字号), the way mine companies name themselves.
constexpr std::array<std::string_view, 32> kTradeSyllables{
    "鑫", "源", "兴", "隆", "泰", "昌", "华", "宏", "盛", "丰", "恒", "达", "鼎", "金", "富", "安",
    "永", "瑞", "祥", "晟", "峰", "宇", "通", "润", "德", "和", "顺", "汇", "嘉", "广", "新", "远"};
constexpr std::array<std::string_view, 4> kCompanySuffix{"煤业有限公司", "煤矿有限责任公司",
                                                         "矿业有限公司", "煤业有限责任公司"};

const Province& draw_province(Rng& rng) {
  std::array<double, kProvinces.size()> w{};
  for (std::size_t i = 0; i < kProvinces.size(); ++i) w[i] = kProvinces[i].weight;
  return kProvinces[rng.weighted(w)];
}

const Province* find_province(std::string_view code) {
  for (const Province& p : kProvinces) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

std::string six_digits(std::int64_t n) {
  std::string s = std::to_string(n);
  return std::string(6 - s.size(), '0') + s;
}

}  // namespace

std::string_view shift_pattern_name_zh(ShiftPattern p) noexcept {
  return p == ShiftPattern::kFourSix ? "四六制" : "三八制";
}

ShiftPattern shift_pattern_of(const Mine& mine) noexcept {
  return mine.shifts.size() == 4 ? ShiftPattern::kFourSix : ShiftPattern::kThreeEight;
}

std::vector<std::string_view> county_codes_of(std::string_view province) {
  std::vector<std::string_view> out;
  if (const Province* p = find_province(province)) {
    for (const County& c : p->counties) out.push_back(c.code);
  }
  return out;
}

bool province_box(std::string_view province, GeoBox& out) {
  const Province* p = find_province(province);
  if (p == nullptr) return false;
  out = p->box;
  return true;
}

std::vector<Mine> make_registry(const RegistryOptions& options) {
  std::vector<Mine> mines;
  mines.reserve(static_cast<std::size_t>(options.mines > 0 ? options.mines : 0));
  std::set<std::string> codes;
  for (int i = 0; i < options.mines; ++i) {
    // Stream 1 of mine i: the registry row; other modules use other streams.
    Rng rng(mix_seed(options.seed, static_cast<std::uint64_t>(i), 1));
    const Province& prov = draw_province(rng);
    const County& county = rng.pick(prov.counties);

    Mine m;
    // Serial: "00" + 4 digits, like the codes seen in sample files (140421000111).
    std::int64_t serial = rng.uniform_int(1, 9999);
    m.code = std::string(county.code) + six_digits(serial);
    while (!codes.insert(m.code).second) {
      serial = serial % 999999 + 1;
      m.code = std::string(county.code) + six_digits(serial);
    }
    m.province = std::string(prov.code);

    std::string trade(kTradeSyllables[static_cast<std::size_t>(rng.uniform_int(0, 31))]);
    std::string_view second;
    do {
      second = kTradeSyllables[static_cast<std::size_t>(rng.uniform_int(0, 31))];
    } while (second == trade);
    trade += second;
    m.name = std::string(prov.short_name) + std::string(county.city) + trade +
             std::string(rng.pick(std::span<const std::string_view>(kCompanySuffix)));

    // Mostly producing; the stopped and closed ones are what mine.activity_while_closed
    // watches. Shares are illustrative, not national statistics.
    const std::array<double, 3> status_w{0.85, 0.09, 0.06};
    switch (rng.weighted(status_w)) {
      case 0: m.status = MineStatus::kProducing; break;
      case 1: m.status = MineStatus::kStopped; break;
      default: m.status = MineStatus::kClosed; break;
    }
    // Guizhou's mines are far more often outburst-prone than the north's.
    const bool gassy_province = prov.code == "52";
    const std::array<double, 3> gas_w = gassy_province ? std::array<double, 3>{0.35, 0.35, 0.30}
                                                       : std::array<double, 3>{0.65, 0.27, 0.08};
    const std::size_t g = rng.weighted(gas_w);
    m.gas_grade = g == 0 ? GasGrade::kLow : g == 1 ? GasGrade::kHigh : GasGrade::kOutburst;

    // 三八制 starts at the contract default; 四六制 cuts the day at 00, 06, 12, 18.
    if (rng.bernoulli(0.3)) m.shifts = {0, 6 * 60, 12 * 60, 18 * 60};

    m.lat = decimal_from_double(rng.uniform(prov.box.lat_min, prov.box.lat_max), 6);
    m.lon = decimal_from_double(rng.uniform(prov.box.lon_min, prov.box.lon_max), 6);
    mines.push_back(std::move(m));
  }
  return mines;
}

}  // namespace mw::sim
