#include "sim/score.hpp"

#include <gtest/gtest.h>

namespace mw::sim {
namespace {

// One alarm line as replay writes it; `offset` seconds after 2026-09-23 10:00:00 +08:00.
std::string line(const char* kind, const char* subject, int offset,
                 const char* mine = "140421000111") {
  const Time t = *china_civil_time(2026, 9, 23, 10, 0, 0) + Seconds{offset};
  return std::string("{\"mine\":\"") + mine + "\",\"kind\":\"" + kind + "\",\"subject\":\"" +
         subject + "\",\"severity\":\"orange\",\"start\":\"" + format_iso8601_china(t) +
         "\",\"end\":null,\"peak\":null,\"rule\":\"r\",\"message\":\"测试\"}\n";
}

std::vector<AlarmKey> parse(const std::string& text) {
  Result<std::vector<AlarmKey>> r = parse_alarm_lines(text, "test.jsonl");
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : std::vector<AlarmKey>{};
}

const KindScore& row(const ScoreReport& r, std::string_view kind) {
  for (const KindScore& k : r.kinds) {
    if (k.kind == kind) return k;
  }
  static const KindScore kNone;
  ADD_FAILURE() << "no row " << kind;
  return kNone;
}

// One case per line: expected start offsets vs reported ones, same mine/kind/subject.
struct Case {
  const char* name;
  const char* kind;
  std::vector<int> expected, reported;
  int found;
};

TEST(Score, ToleranceEdgesAndOneToOneMatching) {
  const Case cases[] = {
      {"exact", "gas.alarm", {0}, {0}, 1},
      {"gas at +120 s is in", "gas.alarm", {0}, {120}, 1},
      {"gas at -120 s is in", "gas.alarm", {0}, {-120}, 1},
      {"gas at +121 s is out", "gas.alarm", {0}, {121}, 0},
      {"sensor family uses 2 min", "sensor.fault", {0}, {121}, 0},
      {"personnel at +600 s is in", "personnel.overtime", {0}, {600}, 1},
      {"personnel at +601 s is out", "personnel.overtime", {0}, {601}, 0},
      {"mine family uses 10 min", "mine.upload_gap", {0}, {-600}, 1},
      {"data family uses 10 min", "data.suspected_fabrication", {0}, {-601}, 0},
      {"one report serves one expected", "gas.alarm", {0, 60}, {30}, 1},
      {"two reports for one expected", "gas.alarm", {0}, {10, 20}, 1},
      {"greedy by time beats nearest-first", "gas.alarm", {0, 200}, {100, 310}, 2},
      {"nothing reported", "gas.co_alarm", {0, 500}, {}, 0},
      {"nothing expected", "gas.co_alarm", {}, {0}, 0},
  };
  for (const Case& c : cases) {
    std::string truth, alarms;
    for (int e : c.expected) truth += line(c.kind, "P1", e);
    for (int r : c.reported) alarms += line(c.kind, "P1", r);
    const ScoreReport r = score(parse(truth), parse(alarms));
    const KindScore& k = row(r, c.kind);
    EXPECT_EQ(k.found, c.found) << c.name;
    EXPECT_EQ(k.expected, static_cast<int>(c.expected.size())) << c.name;
    EXPECT_EQ(k.missed, static_cast<int>(c.expected.size()) - c.found) << c.name;
    EXPECT_EQ(k.false_alarms, static_cast<int>(c.reported.size()) - c.found) << c.name;
    EXPECT_EQ(r.overall.found, c.found) << c.name;
  }
}

TEST(Score, MineKindAndSubjectMustAllMatch) {
  const std::string truth = line("gas.alarm", "P1", 0);
  for (const std::string& other : {line("gas.alarm", "P2", 0), line("gas.co_alarm", "P1", 0),
                                   line("gas.alarm", "P1", 0, "520203000512")}) {
    const ScoreReport r = score(parse(truth), parse(other));
    EXPECT_EQ(r.overall.found, 0) << other;
    EXPECT_EQ(r.overall.missed, 1);
    EXPECT_EQ(r.overall.false_alarms, 1);
  }
}

TEST(Score, RecallAndPrecisionPerKindAndOverall) {
  std::string truth, alarms;
  truth += line("gas.alarm", "A", 0) + line("gas.alarm", "B", 0) + line("gas.alarm", "C", 0) +
           line("gas.alarm", "D", 0);
  alarms += line("gas.alarm", "A", 5) + line("gas.alarm", "B", 5) + line("gas.alarm", "C", 5) +
            line("gas.alarm", "X", 5);
  truth += line("personnel.sos", "17", 0);
  const ScoreReport r = score(parse(truth), parse(alarms));
  ASSERT_EQ(r.kinds.size(), 2u);
  EXPECT_EQ(r.kinds[0].kind, "gas.alarm");  // registry order
  EXPECT_DOUBLE_EQ(*row(r, "gas.alarm").recall, 0.75);
  EXPECT_DOUBLE_EQ(*row(r, "gas.alarm").precision, 0.75);
  EXPECT_DOUBLE_EQ(*row(r, "personnel.sos").recall, 0.0);
  EXPECT_FALSE(row(r, "personnel.sos").precision.has_value());
  EXPECT_DOUBLE_EQ(*r.overall.recall, 0.6);
  EXPECT_DOUBLE_EQ(*r.overall.precision, 0.75);

  const std::string json = format_score_json(r);
  EXPECT_NE(json.find("{\"kind\":\"personnel.sos\",\"expected\":1,\"found\":0,\"missed\":1,"
                      "\"false_alarms\":0,\"recall\":0,\"precision\":null}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"overall\":{\"kind\":\"overall\",\"expected\":5,\"found\":3"),
            std::string::npos)
      << json;
  const std::string table = format_score_table(r);
  EXPECT_NE(table.find("gas.alarm"), std::string::npos);
  EXPECT_NE(table.find("0.750"), std::string::npos);
  EXPECT_NE(table.find("overall"), std::string::npos);
}

TEST(Score, BadLinesAreErrorsNamingTheLine) {
  const struct {
    std::string text;
    const char* needle;
  } bad[] = {
      {line("gas.alarm", "P", 0) + "{not json\n", "line 2: not valid JSON"},
      {"[1,2]\n", "line 1: not a JSON object"},
      {"{\"mine\":\"1\",\"kind\":\"gas.alarm\",\"subject\":\"P\"}\n", "\"start\" missing"},
      {line("gas.nope", "P", 0), "unknown alarm kind 'gas.nope'"},
      {"{\"mine\":\"1\",\"kind\":\"gas.alarm\",\"subject\":\"P\",\"start\":\"yesterday\"}\n",
       "'yesterday' is not an ISO 8601 time"},
  };
  for (const auto& b : bad) {
    Result<std::vector<AlarmKey>> r = parse_alarm_lines(b.text, "truth.jsonl");
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_NE(r.status().message().find(b.needle), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().rfind("truth.jsonl line ", 0), 0u);
  }
  // Blank lines and CRLF ends are fine.
  EXPECT_EQ(parse("\n" + line("gas.alarm", "P", 0).substr(0, line("gas.alarm", "P", 0).size() - 1) +
                  "\r\n\n")
                .size(),
            1u);
}

}  // namespace
}  // namespace mw::sim
