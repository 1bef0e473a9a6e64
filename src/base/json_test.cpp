#include "base/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace mw {
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonString, EscapesOnlyWhatJsonRequires) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  const Case cases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {R"(a"b)", R"("a\"b")"},
      {R"(a\b)", R"("a\\b")"},
      {"tab\there", R"("tab\u0009here")"},
      {"line\nbreak\r", R"("line\u000abreak\u000d")"},
      {std::string_view("nul\0x", 5), R"("nul\u0000x")"},
      {"\x1F", R"("\u001f")"},
      {"/slash", R"("/slash")"},
      {"\x7F", "\"\x7F\""},  // DEL is legal in a JSON string
      {"回风巷", "\"回风巷\""},
      {"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},
  };
  for (const Case& c : cases) EXPECT_EQ(json_string(c.in), c.out) << c.in;
}

TEST(JsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(json_string("a\xFF"
                        "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  // A GB18030 "回" (BB D8): each stray byte becomes one U+FFFD.
  EXPECT_EQ(json_string("\xBB\xD8"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // A surrogate encoded in UTF-8 is not valid either.
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Truncated sequence at the end.
  EXPECT_EQ(json_string("x\xE5\x9B"), "\"x\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonWriter, BuildsNestedObjectsWithCommas) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("a").value(1);
  w.key("b").begin_array().value("x").value(true).null().begin_object().end_object().end_array();
  w.key("c").value(false);
  w.key("d").begin_object().key("e").value(std::uint64_t{18446744073709551615ULL}).end_object();
  w.end_object();
  EXPECT_EQ(out, R"({"a":1,"b":["x",true,null,{}],"c":false,"d":{"e":18446744073709551615}})");
}

TEST(JsonWriter, EmptyContainers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array().begin_array().end_array().begin_object().end_object().end_array();
  EXPECT_EQ(out, "[[],{}]");
}

TEST(JsonWriter, Integers) {
  std::string out;
  JsonWriter w(out);
  w.begin_array().value(std::int64_t{-9223372036854775807LL - 1}).value(0).value(42u).end_array();
  EXPECT_EQ(out, "[-9223372036854775808,0,42]");
}

TEST(JsonWriter, DoublesInShortestRoundTripForm) {
  struct Case {
    double v;
    std::string_view out;
  };
  const Case cases[] = {
      {1.62, "1.62"},
      {0.1, "0.1"},
      {2.0, "2"},
      {-0.5, "-0.5"},
      {1e21, "1e+21"},
      {std::numeric_limits<double>::quiet_NaN(), "null"},
      {std::numeric_limits<double>::infinity(), "null"},
      {-std::numeric_limits<double>::infinity(), "null"},
  };
  for (const Case& c : cases) {
    std::string out;
    JsonWriter(out).value(c.v);
    EXPECT_EQ(out, c.out) << c.v;
  }
}

TEST(JsonWriter, DecimalsKeepTheirDigits) {
  std::string out;
  JsonWriter w(out);
  w.begin_array().value(*parse_decimal("0.50")).value(*parse_decimal("-0.05")).end_array();
  EXPECT_EQ(out, "[0.50,-0.05]");
}

TEST(JsonWriter, TimesAreIsoWithTheChinaOffset) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("start").time_value(*parse_china_time("2026-09-23 10:13:19")).end_object();
  EXPECT_EQ(out, R"({"start":"2026-09-23T10:13:19+08:00"})");
}

TEST(JsonWriter, RawValuesAndEscapedKeys) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("r").raw(R"({"x":1})").key("k\"q").value("v").end_object();
  EXPECT_EQ(out, R"({"r":{"x":1},"k\"q":"v"})");
}

TEST(JsonWriter, AppendsToExistingText) {
  std::string out = "prefix ";
  JsonWriter(out).begin_array().end_array();
  EXPECT_EQ(out, "prefix []");
}

}  // namespace
}  // namespace mw
