#include "model/sensor_type.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace mw {
namespace {

// netfile.md §4 as "code name" pairs, typed from the spec independently of the table.
constexpr std::string_view kSpecCodes =
    "0001 环境瓦斯 0002 风速 0003 环境温度 0004 一氧化碳 0005 风压 0006 负压 0007 水池水位 "
    "0008 煤位 0009 硫化氢 0010 水温度 0011 高低浓度瓦斯 0012 氧气 0013 二氧化碳 0014 粉尘 "
    "0015 电压 0016 频率 0017 电流 0018 湿度 0019 风量 0020 顶板离层位移 0021 坝体位移 "
    "0022 管道瓦斯 0023 管道温度 0024 水质 0025 管道压力 0026 轴承温度 0027 噪声 0028 电机温度 "
    "0029 水库水位 0030 浸润线 0031 降雨量 0032 液压压力 0033 围岩应力 0034 钻孔应力 "
    "0035 锚杆应力 0036 混合瓦斯流量 0037 纯瓦斯流量 0038 管道一氧化碳 0039 氢气 0040 管道流量 "
    "0041 二氧化氮 0042 二氧化硫 0043 激光甲烷 0044 氨气 0045 氮气 0046 乙烯 0047 乙烷 0048 压强 "
    "0049 液位 0050 物位 0051 开度 0052 高度 0053 流量 "
    "1001 局部通风机 1002 风门 1003 风筒状态 1004 设备开停 1005 开关 1006 风向 1007 煤仓空满 "
    "1008 烟雾 1009 断电器 1010 主通风机 1011 馈电器 1012 声光报警器 1013 计量开停 1014 控制量 "
    "1015 馈电 3001 产量 3002 瓦斯抽放量 3003 排水量 3004 钩数 3005 水流量 4001 分站 4002 电源状态";

TEST(SensorType, EveryCodeOfTheSpecIsPresentWithItsChineseName) {
  std::istringstream in{std::string(kSpecCodes)};
  std::string code_text, name;
  std::set<std::uint16_t> seen;
  while (in >> code_text >> name) {
    const auto code = parse_sensor_type_code(code_text);
    ASSERT_TRUE(code.has_value()) << code_text;
    const SensorType* t = find_sensor_type(*code);
    ASSERT_NE(t, nullptr) << code_text;
    EXPECT_EQ(t->code, *code);
    EXPECT_EQ(t->name_zh, name) << code_text;
    EXPECT_FALSE(t->name_en.empty()) << code_text;
    seen.insert(*code);
  }
  EXPECT_EQ(seen.size(), 53u + 15u + 5u + 2u);
  // And the table holds nothing the spec does not list.
  EXPECT_EQ(all_sensor_types().size(), seen.size());
}

TEST(SensorType, UnknownCodes) {
  for (int code : {0, 54, 999, 1000, 1016, 2001, 3000, 3006, 4003, 9999}) {
    EXPECT_EQ(find_sensor_type(static_cast<std::uint16_t>(code)), nullptr) << code;
  }
}

TEST(SensorType, KindsFollowTheSpecGroups) {
  EXPECT_EQ(find_sensor_type(1)->kind, ValueKind::kAnalog);
  EXPECT_EQ(find_sensor_type(53)->kind, ValueKind::kAnalog);
  EXPECT_EQ(find_sensor_type(1001)->kind, ValueKind::kSwitch);
  EXPECT_EQ(find_sensor_type(1015)->kind, ValueKind::kSwitch);
  EXPECT_EQ(find_sensor_type(3001)->kind, ValueKind::kCumulative);
  EXPECT_EQ(find_sensor_type(4002)->kind, ValueKind::kMultiState);
}

TEST(SensorType, SwitchTexts) {
  const auto f = [](std::uint16_t code, std::string_view t0, std::string_view t1) {
    const SensorType* t = find_sensor_type(code);
    ASSERT_NE(t, nullptr) << code;
    EXPECT_EQ(t->text0, t0) << code;
    EXPECT_EQ(t->text1, t1) << code;
  };
  f(1001, "停", "开");
  f(1002, "关闭", "打开");
  f(1003, "无风", "有风");
  f(1006, "逆风", "顺风");
  f(1009, "断电", "复电");
  f(1011, "负荷侧无电压", "有电压");
  f(1014, "断开", "合并");
  f(1015, "关", "开");
  f(4001, "故障", "正常");
  f(1, "", "");
}

TEST(SensorTypeCode, ParsesExactlyFourDigits) {
  const auto f = [](std::string_view text, std::optional<std::uint16_t> want) {
    EXPECT_EQ(parse_sensor_type_code(text), want) << text;
  };
  f("0001", 1);
  f("0043", 43);
  f("1011", 1011);
  f("9999", 9999);
  f("0000", 0);
  f("1", std::nullopt);
  f("001", std::nullopt);
  f("00001", std::nullopt);
  f("00a1", std::nullopt);
  f(" 001", std::nullopt);
  f("-001", std::nullopt);
  f("", std::nullopt);
}

TEST(SensorTypeCode, FormatsFourDigits) {
  EXPECT_EQ(format_sensor_type_code(1), "0001");
  EXPECT_EQ(format_sensor_type_code(43), "0043");
  EXPECT_EQ(format_sensor_type_code(1011), "1011");
  EXPECT_EQ(format_sensor_type_code(0), "0000");
  EXPECT_EQ(format_sensor_type_code(12345), "12345");
  for (const SensorType& t : all_sensor_types()) {
    EXPECT_EQ(parse_sensor_type_code(format_sensor_type_code(t.code)), t.code);
  }
}

TEST(ValueKind, ParsesAndFormatsTheCddyCodes) {
  const auto f = [](std::string_view code, ValueKind kind) {
    EXPECT_EQ(parse_value_kind(code), kind) << code;
    EXPECT_EQ(value_kind_code(kind), code);
  };
  f("MN", ValueKind::kAnalog);
  f("KG", ValueKind::kSwitch);
  f("LJ", ValueKind::kCumulative);
  f("DT", ValueKind::kMultiState);
  for (std::string_view bad : {"", "mn", "M", "MNX", "KG ", "AB"}) {
    EXPECT_FALSE(parse_value_kind(bad).has_value()) << bad;
  }
}

TEST(SensorType, Predicates) {
  std::set<std::uint16_t> methane, co, feed, breaker;
  for (const SensorType& t : all_sensor_types()) {
    if (is_methane(t.code)) methane.insert(t.code);
    if (is_co(t.code)) co.insert(t.code);
    if (is_power_feed(t.code)) feed.insert(t.code);
    if (is_breaker(t.code)) breaker.insert(t.code);
  }
  EXPECT_EQ(methane, (std::set<std::uint16_t>{1, 11, 43}));
  EXPECT_EQ(co, (std::set<std::uint16_t>{4}));
  EXPECT_EQ(feed, (std::set<std::uint16_t>{1011, 1015}));
  EXPECT_EQ(breaker, (std::set<std::uint16_t>{1009}));
  EXPECT_FALSE(is_methane(22));  // pipeline methane is drainage, not a ventilation point
}

}  // namespace
}  // namespace mw
