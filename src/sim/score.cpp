#include "sim/score.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "base/json.hpp"

namespace mw::sim {
namespace {

Status line_error(std::string_view origin, std::size_t line, std::string_view what) {
  return Status::invalid_argument(std::string(origin) + " line " + std::to_string(line) + ": " +
                                  std::string(what));
}

Result<std::string> string_field(simdjson::dom::object& obj, std::string_view name,
                                 std::string_view origin, std::size_t line) {
  std::string_view v;
  if (obj[name].get_string().get(v) != simdjson::SUCCESS) {
    return line_error(origin, line, "field \"" + std::string(name) + "\" missing or not a string");
  }
  return std::string(v);
}

void finish(KindScore& k) {
  k.missed = k.expected - k.found;
  k.recall.reset();
  k.precision.reset();
  if (k.expected > 0) k.recall = static_cast<double>(k.found) / k.expected;
  const int reported = k.found + k.false_alarms;
  if (reported > 0) k.precision = static_cast<double>(k.found) / reported;
}

std::string ratio(const std::optional<double>& r) {
  if (!r) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", *r);
  return buf;
}

void write_kind(JsonWriter& w, const KindScore& k) {
  w.begin_object();
  w.key("kind").value(k.kind);
  w.key("expected").value(k.expected);
  w.key("found").value(k.found);
  w.key("missed").value(k.missed);
  w.key("false_alarms").value(k.false_alarms);
  w.key("recall");
  k.recall ? w.value(*k.recall) : w.null();
  w.key("precision");
  k.precision ? w.value(*k.precision) : w.null();
  w.end_object();
}

}  // namespace

Result<std::vector<AlarmKey>> parse_alarm_lines(std::string_view text, std::string_view origin) {
  std::vector<AlarmKey> out;
  simdjson::dom::parser parser;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size()).get(doc) != simdjson::SUCCESS) {
      return line_error(origin, line_no, "not valid JSON");
    }
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
      return line_error(origin, line_no, "not a JSON object");
    }
    AlarmKey key;
    Result<std::string> mine = string_field(obj, "mine", origin, line_no);
    if (!mine.ok()) return mine.status();
    Result<std::string> kind = string_field(obj, "kind", origin, line_no);
    if (!kind.ok()) return kind.status();
    Result<std::string> subject = string_field(obj, "subject", origin, line_no);
    if (!subject.ok()) return subject.status();
    Result<std::string> start = string_field(obj, "start", origin, line_no);
    if (!start.ok()) return start.status();
    const std::optional<AlarmKind> k = parse_alarm_kind(*kind);
    if (!k) return line_error(origin, line_no, "unknown alarm kind '" + *kind + "'");
    const std::optional<Time> t = parse_iso8601(*start);
    if (!t) return line_error(origin, line_no, "start '" + *start + "' is not an ISO 8601 time");
    key.mine = std::move(*mine);
    key.kind = *k;
    key.subject = std::move(*subject);
    key.start = *t;
    out.push_back(std::move(key));
  }
  return out;
}

Seconds match_tolerance(AlarmKind kind) noexcept {
  const std::string_view name = alarm_kind_name(kind);
  return name.starts_with("gas.") || name.starts_with("sensor.") ? Seconds{120} : Seconds{600};
}

ScoreReport score(const std::vector<AlarmKey>& truth, const std::vector<AlarmKey>& reported) {
  using Group = std::tuple<std::string_view, AlarmKind, std::string_view>;
  std::map<Group, std::pair<std::vector<Time>, std::vector<Time>>> groups;
  for (const AlarmKey& a : truth) groups[{a.mine, a.kind, a.subject}].first.push_back(a.start);
  for (const AlarmKey& a : reported) groups[{a.mine, a.kind, a.subject}].second.push_back(a.start);

  std::map<AlarmKind, KindScore> by_kind;
  for (auto& [group, lists] : groups) {
    auto& [expected, got] = lists;
    const AlarmKind kind = std::get<1>(group);
    const Seconds tol = match_tolerance(kind);
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    // Sweep: the earliest reported alarm still usable goes to the earliest expected one.
    std::size_t next = 0;
    int found = 0;
    for (const Time e : expected) {
      while (next < got.size() && got[next] < e - tol) ++next;
      if (next < got.size() && got[next] <= e + tol) {
        ++found;
        ++next;
      }
    }
    KindScore& k = by_kind[kind];
    k.expected += static_cast<int>(expected.size());
    k.found += found;
    k.false_alarms += static_cast<int>(got.size()) - found;
  }

  ScoreReport report;
  report.overall.kind = "overall";
  for (const AlarmKind kind : all_alarm_kinds()) {
    const auto it = by_kind.find(kind);
    if (it == by_kind.end()) continue;
    KindScore k = it->second;
    k.kind = std::string(alarm_kind_name(kind));
    finish(k);
    report.overall.expected += k.expected;
    report.overall.found += k.found;
    report.overall.false_alarms += k.false_alarms;
    report.kinds.push_back(std::move(k));
  }
  finish(report.overall);
  return report;
}

std::string format_score_table(const ScoreReport& report) {
  std::string out;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-32s %9s %6s %7s %7s %7s %9s\n", "kind", "expected", "found",
                "missed", "false", "recall", "precision");
  out += buf;
  auto row = [&](const KindScore& k) {
    std::snprintf(buf, sizeof buf, "%-32s %9d %6d %7d %7d %7s %9s\n", k.kind.c_str(), k.expected,
                  k.found, k.missed, k.false_alarms, ratio(k.recall).c_str(),
                  ratio(k.precision).c_str());
    out += buf;
  };
  for (const KindScore& k : report.kinds) row(k);
  row(report.overall);
  return out;
}

std::string format_score_json(const ScoreReport& report) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.key("kinds").begin_array();
  for (const KindScore& k : report.kinds) write_kind(w, k);
  w.end_array();
  w.key("overall");
  write_kind(w, report.overall);
  w.end_object();
  return out;
}

}  // namespace mw::sim
