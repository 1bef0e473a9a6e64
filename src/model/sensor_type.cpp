#include "model/sensor_type.hpp"

#include <algorithm>
#include <array>

namespace mw {
namespace {

constexpr ValueKind kMN = ValueKind::kAnalog;
constexpr ValueKind kKG = ValueKind::kSwitch;
constexpr ValueKind kLJ = ValueKind::kCumulative;
constexpr ValueKind kDT = ValueKind::kMultiState;

// netfile.md §4, in code order (find_sensor_type binary-searches it).
constexpr std::array kSensorTypes = {
    SensorType{1, "环境瓦斯", "methane", kMN, "", ""},
    SensorType{2, "风速", "wind speed", kMN, "", ""},
    SensorType{3, "环境温度", "ambient temperature", kMN, "", ""},
    SensorType{4, "一氧化碳", "carbon monoxide", kMN, "", ""},
    SensorType{5, "风压", "air pressure", kMN, "", ""},
    SensorType{6, "负压", "negative pressure", kMN, "", ""},
    SensorType{7, "水池水位", "sump water level", kMN, "", ""},
    SensorType{8, "煤位", "coal level", kMN, "", ""},
    SensorType{9, "硫化氢", "hydrogen sulphide", kMN, "", ""},
    SensorType{10, "水温度", "water temperature", kMN, "", ""},
    SensorType{11, "高低浓度瓦斯", "high/low range methane", kMN, "", ""},
    SensorType{12, "氧气", "oxygen", kMN, "", ""},
    SensorType{13, "二氧化碳", "carbon dioxide", kMN, "", ""},
    SensorType{14, "粉尘", "dust", kMN, "", ""},
    SensorType{15, "电压", "voltage", kMN, "", ""},
    SensorType{16, "频率", "frequency", kMN, "", ""},
    SensorType{17, "电流", "current", kMN, "", ""},
    SensorType{18, "湿度", "humidity", kMN, "", ""},
    SensorType{19, "风量", "air volume", kMN, "", ""},
    SensorType{20, "顶板离层位移", "roof separation", kMN, "", ""},
    SensorType{21, "坝体位移", "dam displacement", kMN, "", ""},
    SensorType{22, "管道瓦斯", "pipeline methane", kMN, "", ""},
    SensorType{23, "管道温度", "pipeline temperature", kMN, "", ""},
    SensorType{24, "水质", "water quality", kMN, "", ""},
    SensorType{25, "管道压力", "pipeline pressure", kMN, "", ""},
    SensorType{26, "轴承温度", "bearing temperature", kMN, "", ""},
    SensorType{27, "噪声", "noise", kMN, "", ""},
    SensorType{28, "电机温度", "motor temperature", kMN, "", ""},
    SensorType{29, "水库水位", "reservoir water level", kMN, "", ""},
    SensorType{30, "浸润线", "phreatic line", kMN, "", ""},
    SensorType{31, "降雨量", "rainfall", kMN, "", ""},
    SensorType{32, "液压压力", "hydraulic pressure", kMN, "", ""},
    SensorType{33, "围岩应力", "surrounding rock stress", kMN, "", ""},
    SensorType{34, "钻孔应力", "borehole stress", kMN, "", ""},
    SensorType{35, "锚杆应力", "rock bolt stress", kMN, "", ""},
    SensorType{36, "混合瓦斯流量", "mixed gas flow", kMN, "", ""},
    SensorType{37, "纯瓦斯流量", "pure methane flow", kMN, "", ""},
    SensorType{38, "管道一氧化碳", "pipeline carbon monoxide", kMN, "", ""},
    SensorType{39, "氢气", "hydrogen", kMN, "", ""},
    SensorType{40, "管道流量", "pipeline flow", kMN, "", ""},
    SensorType{41, "二氧化氮", "nitrogen dioxide", kMN, "", ""},
    SensorType{42, "二氧化硫", "sulphur dioxide", kMN, "", ""},
    SensorType{43, "激光甲烷", "laser methane", kMN, "", ""},
    SensorType{44, "氨气", "ammonia", kMN, "", ""},
    SensorType{45, "氮气", "nitrogen", kMN, "", ""},
    SensorType{46, "乙烯", "ethylene", kMN, "", ""},
    SensorType{47, "乙烷", "ethane", kMN, "", ""},
    SensorType{48, "压强", "pressure", kMN, "", ""},
    SensorType{49, "液位", "liquid level", kMN, "", ""},
    SensorType{50, "物位", "material level", kMN, "", ""},
    SensorType{51, "开度", "opening", kMN, "", ""},
    SensorType{52, "高度", "height", kMN, "", ""},
    SensorType{53, "流量", "flow", kMN, "", ""},
    SensorType{1001, "局部通风机", "local fan", kKG, "停", "开"},
    SensorType{1002, "风门", "air door", kKG, "关闭", "打开"},
    SensorType{1003, "风筒状态", "air duct", kKG, "无风", "有风"},
    SensorType{1004, "设备开停", "equipment on/off", kKG, "停止", "开"},
    SensorType{1005, "开关", "switch", kKG, "关", "开"},
    SensorType{1006, "风向", "wind direction", kKG, "逆风", "顺风"},
    SensorType{1007, "煤仓空满", "coal bunker empty/full", kKG, "空", "满"},
    SensorType{1008, "烟雾", "smoke", kKG, "无", "有"},
    SensorType{1009, "断电器", "power breaker", kKG, "断电", "复电"},
    SensorType{1010, "主通风机", "main fan", kKG, "停", "开"},
    SensorType{1011, "馈电器", "feed sensor", kKG, "负荷侧无电压", "有电压"},
    // 1012 and 1013: netfile.md §4 gives no texts; 停/开 is inferred [I].
    SensorType{1012, "声光报警器", "audible and visual alarm", kKG, "停", "开"},
    SensorType{1013, "计量开停", "metering on/off", kKG, "停", "开"},
    SensorType{1014, "控制量", "control output", kKG, "断开", "合并"},
    SensorType{1015, "馈电", "feed", kKG, "关", "开"},
    SensorType{3001, "产量", "output", kLJ, "", ""},
    SensorType{3002, "瓦斯抽放量", "methane drainage volume", kLJ, "", ""},
    SensorType{3003, "排水量", "water discharged", kLJ, "", ""},
    SensorType{3004, "钩数", "hoist trips", kLJ, "", ""},
    SensorType{3005, "水流量", "water flow", kLJ, "", ""},
    // 4001: 0 fault, 1 ok. 4002: 0 none, 1 AC, 2 DC (unlike FZSS 供电状态).
    SensorType{4001, "分站", "outstation", kKG, "故障", "正常"},
    SensorType{4002, "电源状态", "power supply state", kDT, "无", "交流"},
};

constexpr bool is_sorted_by_code() {
  for (std::size_t i = 1; i < kSensorTypes.size(); ++i) {
    if (kSensorTypes[i - 1].code >= kSensorTypes[i].code) return false;
  }
  return true;
}
static_assert(is_sorted_by_code(), "kSensorTypes must be in ascending code order");

}  // namespace

std::string_view value_kind_code(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::kAnalog: return "MN";
    case ValueKind::kSwitch: return "KG";
    case ValueKind::kCumulative: return "LJ";
    case ValueKind::kMultiState: return "DT";
  }
  return "??";
}

std::optional<ValueKind> parse_value_kind(std::string_view code) noexcept {
  if (code == "MN") return ValueKind::kAnalog;
  if (code == "KG") return ValueKind::kSwitch;
  if (code == "LJ") return ValueKind::kCumulative;
  if (code == "DT") return ValueKind::kMultiState;
  return std::nullopt;
}

const SensorType* find_sensor_type(std::uint16_t code) noexcept {
  const auto* it =
      std::lower_bound(kSensorTypes.begin(), kSensorTypes.end(), code,
                       [](const SensorType& t, std::uint16_t c) { return t.code < c; });
  if (it == kSensorTypes.end() || it->code != code) return nullptr;
  return it;
}

std::span<const SensorType> all_sensor_types() noexcept { return kSensorTypes; }

std::optional<std::uint16_t> parse_sensor_type_code(std::string_view text) noexcept {
  if (text.size() != 4) return std::nullopt;
  unsigned v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return static_cast<std::uint16_t>(v);
}

std::string format_sensor_type_code(std::uint16_t code) {
  if (code > 9999) return std::to_string(code);  // not a code of §4, but keep every digit
  std::string out(4, '0');
  unsigned v = code;
  for (int i = 3; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out;
}

bool is_methane(std::uint16_t code) noexcept { return code == 1 || code == 11 || code == 43; }
bool is_co(std::uint16_t code) noexcept { return code == 4; }
bool is_power_feed(std::uint16_t code) noexcept { return code == 1011 || code == 1015; }
bool is_breaker(std::uint16_t code) noexcept { return code == 1009; }

}  // namespace mw
