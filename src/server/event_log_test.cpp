// The event log's line format (written and read back), its file destinations, whole lines
// from many threads, and the rate limit of a step that keeps failing.
#include "server/event_log.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "base/temp_dir.hpp"

namespace mw::server {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// 2026-09-23T02:13:19.123Z
const auto kAt = std::chrono::system_clock::time_point(std::chrono::seconds(1790129599)) +
                 std::chrono::milliseconds(123);

TEST(EventLogFormat, PlainValuesBareOthersQuotedAndEscaped) {
  const auto f = [](std::string_view value, std::string_view expected) {
    std::string out;
    append_log_field(out, "k", value);
    EXPECT_EQ(out, " k=" + std::string(expected)) << value;
  };
  f("140421000111", "140421000111");
  f("/var/lib/minewatch", "/var/lib/minewatch");
  f("http://127.0.0.1:8080", "http://127.0.0.1:8080");
  f("煤矿", "煤矿");  // UTF-8 is not a reason to quote
  f("", R"("")");
  f("no such table", R"("no such table")");
  f(R"(say "hi")", R"("say \"hi\"")");
  f("a=b", R"("a=b")");
  f(R"(C:\x)", R"("C:\\x")");
  f("two\nlines\r\tend", R"("two\nlines\r\tend")");
  f(std::string_view("\x01", 1), R"("\u0001")");
}

TEST(EventLogFormat, WholeLineHasUtcMillisLevelEventAndFieldsInOrder) {
  EXPECT_EQ(log_line(kAt, LogLevel::kError, "retention.failed",
                     {{"reason", "SQLite: no such table: personnel_trips"}, {"ms", 3}}),
            "time=2026-09-23T02:13:19.123Z level=error event=retention.failed "
            "reason=\"SQLite: no such table: personnel_trips\" ms=3\n");
  EXPECT_EQ(log_record(LogLevel::kInfo, "stopped", {{"cut", false}, {"n", std::uint64_t{7}}}),
            "level=info event=stopped cut=false n=7");
  EXPECT_EQ(log_level_name(LogLevel::kWarn), "warn");
}

TEST(EventLogFormat, ALineWithSpacesAndQuotesInAValueSplitsBackIntoItsFields) {
  // As an operator's tool would read it: written by hand, not by log_line().
  const std::string line =
      R"(time=2026-09-23T02:13:19.123Z level=warn event=demo.failed )"
      R"(reason="upload of a.txt failed: answered 503 {\"error\":\"busy\"}" empty="" )"
      R"(path="C:\\data" n=3 nl="a\nb\u0007")";
  auto fields = parse_log_line(line);
  ASSERT_TRUE(fields.ok()) << fields.status().to_string();
  const Fields expected = {{"time", "2026-09-23T02:13:19.123Z"},
                           {"level", "warn"},
                           {"event", "demo.failed"},
                           {"reason", R"(upload of a.txt failed: answered 503 {"error":"busy"})"},
                           {"empty", ""},
                           {"path", R"(C:\data)"},
                           {"n", "3"},
                           {"nl", "a\nb\x07"}};
  EXPECT_EQ(*fields, expected);
}

TEST(EventLogFormat, EveryValueWrittenReadsBackTheSame) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  for (const std::string& v : {std::string(""), std::string("plain"), std::string(" lead"),
                               std::string("trail\\"), std::string("\"\"=="), every_byte}) {
    const std::string line = log_line(kAt, LogLevel::kInfo, "e", {{"v", v}, {"after", 1}});
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
    auto fields = parse_log_line(line);
    ASSERT_TRUE(fields.ok()) << fields.status().to_string() << " " << line;
    ASSERT_EQ(fields->size(), 5U) << line;
    EXPECT_EQ((*fields)[3], (std::pair<std::string, std::string>{"v", v}));
    EXPECT_EQ((*fields)[4].second, "1");
  }
}

TEST(EventLogFormat, WhatIsNotALineIsRefused) {
  for (const std::string_view bad : {"novalue", "=x", R"(k="open)", R"(k="x"y)", R"(k=a"b)",
                                     R"(k="\q")", R"(k="\u01zz")", R"(k="end\)"}) {
    EXPECT_FALSE(parse_log_line(bad).ok()) << bad;
  }
}

TEST(EventLogFile, AppendsToAFileAndRefusesOneItCannotOpen) {
  ::mw::testing::TempDir dir;
  const std::string path = dir.sub("events.log");
  {
    std::ofstream(path) << "earlier line\n";
    auto log = EventLog::open(path);
    ASSERT_TRUE(log.ok()) << log.status().to_string();
    (*log)->info("start", {{"url", "http://127.0.0.1:8080"}});
    (*log)->write_record(log_record(LogLevel::kWarn, "demo.failed", {{"reason", "x y"}}));
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "earlier line");
  auto first = parse_log_line(lines[1]);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)[1].second, "info");
  EXPECT_EQ((*first)[2].second, "start");
  // The time is now, in UTC.
  const auto t = parse_iso8601((*first)[0].second.substr(0, 19) + "Z");
  ASSERT_TRUE(t.has_value()) << (*first)[0].second;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  EXPECT_LE(std::chrono::abs(now - *t), std::chrono::seconds(60));
  EXPECT_NE(lines[2].find(" level=warn event=demo.failed reason=\"x y\""), std::string::npos)
      << lines[2];

  auto missing = EventLog::open(dir.sub("no/such/dir/events.log"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find("no/such/dir/events.log"), std::string::npos);
  // "" writes nowhere and is not an error.
  auto none = EventLog::open("");
  ASSERT_TRUE(none.ok());
  (*none)->info("nothing");
}

TEST(EventLogFile, LinesOfManyThreadsNeverInterleave) {
  ::mw::testing::TempDir dir;
  const std::string path = dir.sub("events.log");
  constexpr int kThreads = 4;
  constexpr int kLines = 200;
  {
    auto log = EventLog::open(path);
    ASSERT_TRUE(log.ok());
    // Longer than a stdio buffer, so a line written in pieces would show.
    const std::string big(9000, 'x');
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, &big, t] {
        for (int i = 0; i < kLines; ++i) {
          (*log)->info("tick", {{"thread", t}, {"i", i}, {"pad", big}});
        }
      });
    }
  }
  const auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), std::size_t{kThreads * kLines});
  std::vector<int> next(kThreads, 0);
  for (const std::string& line : lines) {
    auto f = parse_log_line(line);
    ASSERT_TRUE(f.ok()) << line.substr(0, 200);
    ASSERT_EQ(f->size(), 6U);
    const int t = std::stoi((*f)[3].second);
    EXPECT_EQ(std::stoi((*f)[4].second), next[static_cast<std::size_t>(t)]++);
    EXPECT_EQ((*f)[5].second.size(), 9000U);
  }
}

class RepeatedFailureLogTest : public ::testing::Test {
 protected:
  std::vector<Fields> lines() {
    std::vector<Fields> out;
    for (const std::string& l : lines_of(path_)) {
      auto f = parse_log_line(l);
      EXPECT_TRUE(f.ok()) << l;
      if (f.ok()) out.push_back(std::move(f).value());
    }
    return out;
  }
  static std::string field(const Fields& f, std::string_view key) {
    for (const auto& [k, v] : f) {
      if (k == key) return v;
    }
    return "<none>";
  }

  ::mw::testing::TempDir dir_;
  std::string path_ = dir_.sub("events.log");
  std::unique_ptr<EventLog> log_ = std::move(EventLog::open(path_).value());
  const Time t0_ = *parse_iso8601("2026-09-23T10:00:00Z");
};

TEST_F(RepeatedFailureLogTest, FirstFailureThenOneLineAMinuteThenRecovered) {
  RepeatedFailureLog sweeps(*log_, "escalation", Seconds{60});
  sweeps.passed(t0_);  // passing: nothing to say
  EXPECT_TRUE(lines().empty());
  // Every 5 s for 2 minutes 10 s: 27 failures.
  for (int s = 0; s <= 130; s += 5) {
    sweeps.failed(t0_ + Seconds{s}, Status::unavailable(s < 100 ? "store busy" : "store gone"));
  }
  sweeps.passed(t0_ + Seconds{135});
  sweeps.passed(t0_ + Seconds{140});
  const auto l = lines();
  ASSERT_EQ(l.size(), 4U);
  EXPECT_EQ(field(l[0], "level"), "warn");
  EXPECT_EQ(field(l[0], "event"), "escalation.failed");
  EXPECT_EQ(field(l[0], "reason"), "store busy");
  EXPECT_EQ(field(l[0], "code"), "unavailable");
  EXPECT_EQ(field(l[0], "failures"), "1");
  EXPECT_EQ(field(l[1], "failures"), "13");  // at 60 s
  EXPECT_EQ(field(l[1], "failing_s"), "60");
  EXPECT_EQ(field(l[2], "failures"), "25");  // at 120 s, with the reason then
  EXPECT_EQ(field(l[2], "reason"), "store gone");
  EXPECT_EQ(field(l[3], "level"), "info");
  EXPECT_EQ(field(l[3], "event"), "escalation.recovered");
  EXPECT_EQ(field(l[3], "failures"), "27");
  EXPECT_EQ(field(l[3], "failing_s"), "135");

  // A new run of failures is reported at once.
  sweeps.failed(t0_ + Seconds{150}, Status::io_error("disk"));
  ASSERT_EQ(lines().size(), 5U);
  EXPECT_EQ(field(lines()[4], "failures"), "1");
}

}  // namespace
}  // namespace mw::server
