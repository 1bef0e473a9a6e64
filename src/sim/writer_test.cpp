#include "sim/writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/relations.hpp"
#include "model/mine_registry.hpp"
#include "model/sample.hpp"
#include "sim/mine_sim.hpp"
#include "sim/registry.hpp"
#include "sim/score.hpp"

namespace mw::sim {
namespace {

class MemorySink final : public FileSink {
 public:
  Status write(std::string_view path, std::string_view bytes) override {
    if (!files.emplace(std::string(path), std::string(bytes)).second) {
      return Status::internal("written twice: " + std::string(path));
    }
    return {};
  }
  std::map<std::string, std::string> files;
};

SimulateOptions small(double hours = 1.5, int mines = 4) {
  SimulateOptions o;
  o.mines = mines;
  o.hours = hours;
  o.seed = 20260923;
  o.start = *china_civil_time(2026, 9, 23, 23, 10, 0);  // the night shift crosses midnight
  return o;
}

netfile::DecodedFile decode_path(const std::string& path, const std::string& bytes,
                                 const char* profile = "national") {
  return netfile::decode(netfile::base_name(path), bytes, *netfile::builtin_profile(profile),
                         netfile::DecodeOptions{*china_civil_time(2030, 1, 1, 0, 0, 0)});
}

const MemorySink& run_small() {
  static const MemorySink* sink = [] {
    auto* s = new MemorySink;
    Result<SimulateStats> r = simulate(small(), *s);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return s;
  }();
  return *sink;
}

std::string type_of(const std::string& path) {
  Result<netfile::FileName> n = netfile::parse_file_name(netfile::base_name(path));
  return n.ok() ? std::string(n->type_name) : std::string();
}

TEST(Writer, SameArgumentsSameBytesInTwoDirectories) {
  const auto root =
      std::filesystem::temp_directory_path() / ("mw_sim_" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  std::map<std::string, std::string> seen[2];
  for (int k = 0; k < 2; ++k) {
    const std::string dir = (root / ("run" + std::to_string(k))).string();
    DirSink sink(Env::posix(), dir);
    ASSERT_TRUE(simulate(small(0.5, 3), sink).ok());
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      Result<std::string> bytes = Env::posix().read_file(e.path().string());
      ASSERT_TRUE(bytes.ok());
      seen[k][std::filesystem::relative(e.path(), dir).string()] = *bytes;
    }
  }
  std::filesystem::remove_all(root);
  EXPECT_GT(seen[0].size(), 100u);
  EXPECT_TRUE(seen[0] == seen[1]);
  EXPECT_TRUE(seen[0].contains("mines.csv"));
  // Another seed gives other data.
  MemorySink other;
  SimulateOptions o = small(0.5, 3);
  o.seed += 1;
  ASSERT_TRUE(simulate(o, other).ok());
  EXPECT_NE(other.files.at("mines.csv"), seen[0].at("mines.csv"));
}

TEST(Writer, EveryFileDecodesWithZeroDiagnosticsUnderTheNationalProfile) {
  std::map<std::string, int> types;
  for (const auto& [path, bytes] : run_small().files) {
    if (path.find('/') == std::string::npos) continue;  // mines.csv, truth.jsonl
    const netfile::DecodedFile f = decode_path(path, bytes);
    EXPECT_TRUE(f.accepted) << path << ": " << f.reason;
    EXPECT_EQ(f.skipped, 0) << path;
    for (const auto& d : f.diagnostics) ADD_FAILURE() << path << ": " << d.message;
    EXPECT_EQ(path.substr(0, 13), f.mine_code + "/");
    ++types[f.type_name];
  }
  for (const char* t :
       {"CDDY", "FZDY", "RYQY", "RYJZ", "RYXX", "CDSS", "TJSJ", "RYSS", "FZSS", "JZSS"}) {
    EXPECT_GT(types[t], 0) << t;
  }
  EXPECT_EQ(types["CDDY"], 4);
  // 1.5 h at one file per 10–30 s per mine.
  EXPECT_GE(types["CDSS"], 4 * 180);
  EXPECT_LE(types["CDSS"], 4 * 541);
}

TEST(Writer, TheRegistryListsEveryMineThatHasFiles) {
  const MemorySink& s = run_small();
  Result<std::vector<Mine>> mines = parse_mine_registry(s.files.at("mines.csv"));
  ASSERT_TRUE(mines.ok());
  std::set<std::string> listed, with_files;
  for (const Mine& m : *mines) listed.insert(m.code);
  for (const auto& [path, bytes] : s.files) {
    if (path.find('/') != std::string::npos) with_files.insert(path.substr(0, 12));
  }
  EXPECT_EQ(listed, with_files);
}

TEST(Writer, EveryPowerCutRelationInCddyPointsToADefinedFeed) {
  int relations = 0;
  for (const auto& [path, bytes] : run_small().files) {
    if (type_of(path) != "CDDY") continue;
    const netfile::DecodedFile f = decode_path(path, bytes);
    std::map<std::string, std::string, std::less<>> type_of_point;
    for (const auto& r : f.records_of<netfile::CddyRecord>()) {
      type_of_point[std::string(r.point_code)] = std::string(r.sensor_type);
    }
    for (const auto& r : f.records_of<netfile::CddyRecord>()) {
      const netfile::ParsedRelations parsed =
          netfile::parse_relations(r.relations, netfile::RelationForm::kFull);
      EXPECT_TRUE(parsed.problems.empty()) << r.relations;
      for (const auto& rel : parsed.relations) {
        if (rel.kind != netfile::RelationKind::kPowerCut) continue;
        ++relations;
        ASSERT_TRUE(type_of_point.contains(rel.target)) << rel.target;
        EXPECT_EQ(type_of_point[std::string(rel.target)], "1011");
        EXPECT_EQ(type_of_point[std::string(rel.point)], "1009");
      }
    }
  }
  EXPECT_GT(relations, 10);
}

TEST(Writer, RyssHeadcountsMatchTheSchedule) {
  const SimulateOptions o = small();
  const std::vector<Mine> mines = make_registry(RegistryOptions{o.seed, o.mines});
  const netfile::Profile& national = *netfile::builtin_profile("national");
  int snapshots = 0, people = 0;
  for (std::size_t i = 0; i < mines.size(); ++i) {
    // A second, independent instance of the same mine: its schedule, not the writer's.
    MineSim twin(mines[i], o.seed, i, o.start, national);
    const MineLayout& L = twin.layout();
    for (const auto& [path, bytes] : run_small().files) {
      if (path.substr(0, 12) != mines[i].code || type_of(path) != "RYSS") continue;
      const netfile::DecodedFile f = decode_path(path, bytes);
      const Time t = *f.header.upload_time;
      std::map<std::string, int, std::less<>> got, want;
      for (const auto& r : f.records_of<netfile::RyssRecord>()) {
        if (r.in_mine_flag == 1) ++got[std::string(r.area_code)];
      }
      const std::int64_t day = china_day(t);
      for (std::int64_t d = day - 1; d <= day + 1; ++d) {
        for (const Trip& trip : twin.schedule().trips_of_day(d)) {
          if (!trip.underground_at(t)) continue;
          const int area =
              L.station_area[static_cast<std::size_t>(trip.hops[trip.hop_at(t)].station)];
          ++want[L.areas[static_cast<std::size_t>(area)].code];
        }
      }
      EXPECT_EQ(got, want) << path;
      ++snapshots;
      for (const auto& [area, n] : got) people += n;
    }
  }
  EXPECT_GE(snapshots, 4 * 17);
  EXPECT_GT(people, 100);
}

TEST(Writer, RyssRecordsAreConsistentPeopleWhoCameUpCarryTheirExit) {
  int surfaced = 0;
  for (const auto& [path, bytes] : run_small().files) {
    if (type_of(path) != "RYSS") continue;
    const netfile::DecodedFile f = decode_path(path, bytes);
    const Time t = *f.header.upload_time;
    for (const auto& r : f.records_of<netfile::RyssRecord>()) {
      ASSERT_TRUE(r.enter_time && r.station_enter_time && r.area_enter_time);
      EXPECT_LE(*r.enter_time, *r.area_enter_time);
      EXPECT_LE(*r.area_enter_time, *r.station_enter_time);
      EXPECT_LE(*r.station_enter_time, t);
      EXPECT_TRUE(r.station_code.starts_with(r.area_code));
      EXPECT_EQ(r.exit_time.has_value(), r.in_mine_flag == 2);
      if (r.in_mine_flag == 2) {
        ++surfaced;
        EXPECT_LE(*r.exit_time, t);
      }
      std::string last;
      const int bad = netfile::for_each_track_point(
          r.track, [&](const netfile::TrackPoint& p) { last = std::string(p.station); });
      EXPECT_EQ(bad, 0);
      EXPECT_EQ(last, r.station_code);
      EXPECT_TRUE(r.work_pattern == "三八制" || r.work_pattern == "四六制");
    }
  }
  EXPECT_GT(surfaced, 5);
}

TEST(Writer, StatisticsSummariseTheRealTimeSamplesOfTheirWindow) {
  // point → samples (time, value) from every CDSS file; then check each TJSJ record.
  std::map<std::string, std::vector<std::pair<Time, double>>> samples;
  std::vector<std::pair<std::string, std::string>> tjsj;
  for (const auto& [path, bytes] : run_small().files) {
    const std::string type = type_of(path);
    if (type == "TJSJ") tjsj.emplace_back(path, bytes);
    if (type != "CDSS") continue;
    const netfile::DecodedFile f = decode_path(path, bytes);
    for (const auto& r : f.records_of<netfile::CdssRecord>()) {
      samples[std::string(r.point_code)].emplace_back(r.time, r.value.to_double());
    }
  }
  int checked = 0;
  for (const auto& [path, bytes] : tjsj) {
    const netfile::DecodedFile f = decode_path(path, bytes);
    for (const auto& r : f.records_of<netfile::TjsjRecord>()) {
      EXPECT_EQ(r.end - r.start, Seconds{300});
      double mx = -1e9, mn = 1e9, sum = 0;
      int n = 0;
      for (const auto& [t, v] : samples[std::string(r.point_code)]) {
        if (t < r.start || t >= r.end) continue;
        mx = std::max(mx, v);
        mn = std::min(mn, v);
        sum += v;
        ++n;
      }
      ASSERT_GT(n, 0) << r.point_code;
      EXPECT_DOUBLE_EQ(r.max->to_double(), mx);
      EXPECT_DOUBLE_EQ(r.min->to_double(), mn);
      EXPECT_NEAR(r.avg->to_double(), sum / n, 0.051);
      ++checked;
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(Writer, FileNamesFollowTheConventionAndUploadTimesMatchTheHeader) {
  for (const auto& [path, bytes] : run_small().files) {
    if (path.find('/') == std::string::npos) continue;
    Result<netfile::FileName> n = netfile::parse_file_name(netfile::base_name(path));
    ASSERT_TRUE(n.ok()) << path;
    const netfile::DecodedFile f = decode_path(path, bytes);
    EXPECT_EQ(f.header.upload_time, n->time) << path;
  }
}

TEST(Writer, CalibrationsAndFlickersShowInTheStatusBits) {
  SimulateOptions o = small(8, 3);
  o.start = *china_civil_time(2026, 9, 24, 6, 0, 0);  // the maintenance shift calibrates
  MemorySink sink;
  ASSERT_TRUE(simulate(o, sink).ok());
  std::map<int, int> bits;
  for (const auto& [path, bytes] : sink.files) {
    if (type_of(path) != "CDSS") continue;
    const netfile::DecodedFile f = decode_path(path, bytes);
    for (const auto& r : f.records_of<netfile::CdssRecord>()) ++bits[r.status];
  }
  EXPECT_GT(bits[0], 100000);
  EXPECT_GT(bits[kStatusCalibrating], 0);
  EXPECT_GT(bits[kStatusOutstationFault], 0);
  for (const auto& [b, n] : bits) {
    EXPECT_TRUE(b == 0 || b == kStatusCalibrating || b == kStatusOutstationFault ||
                b == kStatusSensorFault)
        << b;
  }
}

TEST(Writer, IncidentsBecomeTruthLinesAndNearMissesDoNot) {
  // 00:00–17:00 holds two complete shift windows of every pattern, judged within the run.
  SimulateOptions o = small(17, 3);
  o.start = *china_civil_time(2026, 9, 24, 0, 0, 0);
  o.incident_rate = 24;
  MemorySink sink;
  ASSERT_TRUE(simulate(o, sink).ok());
  Result<std::vector<AlarmKey>> truth = parse_alarm_lines(sink.files.at("truth.jsonl"), "truth");
  ASSERT_TRUE(truth.ok()) << truth.status().to_string();

  struct S {
    Time t;
    double v;
    int status;
  };
  std::map<std::string, std::vector<S>> series;  // point → samples as written
  std::set<std::string> defined;                 // points, areas, cards and mines defined
  std::map<std::string, int> approved;           // area → 核定人数
  std::map<std::pair<std::string, Time>, std::map<std::string, int>>
      counts;                                                // (mine, t) → area → n
  std::set<std::pair<std::string, Time>> entered, overtime;  // (card, area entry / entry + 10 h)
  for (const auto& [path, bytes] : sink.files) {
    const std::string type = type_of(path);
    if (path.find('/') == std::string::npos) continue;
    const netfile::DecodedFile f = decode_path(path, bytes);
    defined.insert(f.mine_code);
    for (const auto& r : f.records_of<netfile::CdssRecord>()) {
      series[std::string(r.point_code)].push_back({r.time, r.value.to_double(), r.status});
    }
    for (const auto& r : f.records_of<netfile::CddyRecord>())
      defined.insert(std::string(r.point_code));
    for (const auto& r : f.records_of<netfile::RyxxRecord>()) defined.insert(std::string(r.card));
    for (const auto& r : f.records_of<netfile::RyqyRecord>()) {
      defined.insert(std::string(r.area_code));
      approved[std::string(r.area_code)] = r.approved_count.value_or(0);
    }
    for (const auto& r : f.records_of<netfile::RyssRecord>()) {
      if (r.in_mine_flag != 1) continue;
      ++counts[{f.mine_code, *f.header.upload_time}][std::string(r.area_code)];
      entered.emplace(std::string(r.card), *r.area_enter_time);
      overtime.emplace(std::string(r.card), *r.enter_time + Seconds{10 * 3600});
    }
  }
  // Every line names something defined, and starts where the written data says it does.
  std::map<AlarmKind, int> kinds;
  for (const AlarmKey& a : *truth) {
    ++kinds[a.kind];
    ASSERT_TRUE(defined.contains(a.subject)) << a.subject;
    switch (a.kind) {
      case AlarmKind::kGasAlarm:
      case AlarmKind::kGasCoAlarm: {
        const double limit = a.kind == AlarmKind::kGasCoAlarm ? 24.0 : 1.0;
        bool at_start = false;
        for (const S& s : series[a.subject]) at_start |= s.t == a.start && s.v >= limit;
        EXPECT_TRUE(at_start) << a.subject << " " << format_china_time(a.start);
        break;
      }
      case AlarmKind::kPersonnelAreaOverLimit:
        EXPECT_GT((counts[{a.mine, a.start}][a.subject]), approved[a.subject]) << a.subject;
        break;
      case AlarmKind::kPersonnelRestrictedArea:
        EXPECT_TRUE(entered.contains({a.subject, a.start})) << a.subject;
        break;
      case AlarmKind::kPersonnelOvertime:
        EXPECT_TRUE(overtime.contains({a.subject, a.start})) << a.subject;
        break;
      case AlarmKind::kPersonnelLeaderAbsent: {
        const std::int64_t local = a.start.time_since_epoch().count() + 8 * 3600;
        EXPECT_EQ(local % (2 * 3600), 0) << "not a shift start: " << format_china_time(a.start);
        break;
      }
      default: break;
    }
  }
  for (AlarmKind k :
       {AlarmKind::kGasAlarm, AlarmKind::kPersonnelAreaOverLimit, AlarmKind::kPersonnelOvertime,
        AlarmKind::kPersonnelRestrictedArea, AlarmKind::kPersonnelLeaderAbsent}) {
    EXPECT_GT(kinds[k], 0) << alarm_kind_name(k);
  }
  // Each planned incident shows in the truth, each near-miss does not.
  const std::vector<Mine> mines = make_registry(RegistryOptions{o.seed, o.mines});
  const Time end = o.start + Seconds{static_cast<std::int64_t>(o.hours * 3600)};
  int planned = 0, near = 0;
  for (std::size_t i = 0; i < mines.size(); ++i) {
    MineSim twin(mines[i], o.seed, i, o.start, *netfile::builtin_profile("national"),
                 o.incident_rate);
    if (twin.fabricating_from()) continue;  // its system hides every incident
    for (const Incident& inc :
         plan_incidents(mines[i], twin.layout(), o.seed, i, o.start, end, o.incident_rate)) {
      // What the incident must produce: kind, subject and how its start relates to the window.
      const bool mine_wide = inc.point < 0;
      const std::string code =
          mine_wide ? mines[i].code
                    : twin.layout().points[static_cast<std::size_t>(inc.point)].def.code;
      bool calibrated = false;
      for (const S& s : series[code]) calibrated |= inc.window.contains(s.t) && s.status == 4;
      if (calibrated) continue;  // calibration masks the episode (rules.md B inhibition)
      // An outstation flicker (bit 16) is no reading: it breaks a flat run in two.
      bool broken = false;
      for (const S& s : series[code]) broken |= inc.window.contains(s.t) && s.status != 0;
      if (inc.kind == IncidentKind::kFlatline && broken) continue;
      std::optional<AlarmKind> want;
      switch (inc.kind) {
        case IncidentKind::kMethaneExcursion: want = AlarmKind::kGasAlarm; break;
        case IncidentKind::kPowerCutFailed:
          // A sensor configured without its D relation has no cut to fail.
          if (!twin.layout().points[static_cast<std::size_t>(inc.point)].def.relations.empty()) {
            want = AlarmKind::kGasPowerCutFailed;
          }
          break;
        case IncidentKind::kCoSpike: want = AlarmKind::kGasCoAlarm; break;
        case IncidentKind::kSensorFault: want = AlarmKind::kSensorFault; break;
        case IncidentKind::kUploadGap: want = AlarmKind::kMineUploadGap; break;
        case IncidentKind::kSos: want = AlarmKind::kPersonnelSos; break;
        case IncidentKind::kFlatline: want = AlarmKind::kSensorFlatline; break;
        default: break;  // near-misses
      }
      bool listed = false;
      for (const AlarmKey& a : *truth) {
        if (a.mine != mines[i].code) continue;
        const bool in_window =
            inc.kind == IncidentKind::kUploadGap
                ? a.start > inc.window.start && a.start <= inc.window.start + Seconds{330}
            // the stuck value may have been read just before the sensor stuck
            : inc.kind == IncidentKind::kFlatline
                ? Window{inc.window.start - Seconds{600}, inc.window.end}.contains(a.start)
                // a sample's time is its poll's minus up to 2 s
                : Window{inc.window.start - Seconds{2}, inc.window.end}.contains(a.start);
        const bool same_subject = inc.kind == IncidentKind::kSos || a.subject == code;
        if (!in_window || !same_subject) continue;
        if (want ? a.kind == *want
                 : (a.kind == AlarmKind::kGasAlarm || a.kind == AlarmKind::kGasCoAlarm ||
                    a.kind == AlarmKind::kSensorFault)) {
          listed = true;
        }
      }
      if (inc.kind == IncidentKind::kSos && !listed) continue;  // nobody underground then
      EXPECT_EQ(listed, want.has_value()) << incident_kind_name(inc.kind) << " on " << code;
      (want ? planned : near)++;
    }
  }
  EXPECT_GT(planned, 5);
  EXPECT_GT(near, 2);
  EXPECT_GE(static_cast<int>(truth->size()), planned);
}

TEST(Writer, EventFilesDecodeCleanlyAndAgreeWithTheRealTimeFiles) {
  SimulateOptions o = small(12, 3);
  o.start = *china_civil_time(2026, 9, 24, 0, 0, 0);
  o.incident_rate = 24;
  MemorySink sink;
  ASSERT_TRUE(simulate(o, sink).ok());
  std::map<std::string, int> types;
  std::map<std::string, double> alarm_at;                // point → CDDY 上限报警
  std::map<std::string, std::map<Time, double>> values;  // point → time → value
  std::map<std::pair<std::string, Time>, std::map<std::string, int>> down;  // (mine, t) → area
  std::map<std::string, int> approved;
  std::set<std::string> restricted;
  std::vector<netfile::DecodedFile> events;
  std::vector<std::string> keep;  // the bytes the decoded event files' views point into
  keep.reserve(sink.files.size());
  for (const auto& [path, bytes] : sink.files) {
    if (path.find('/') == std::string::npos) continue;
    netfile::DecodedFile f = decode_path(path, bytes);
    EXPECT_TRUE(f.accepted) << path << ": " << f.reason;
    EXPECT_EQ(f.skipped, 0) << path;
    for (const auto& d : f.diagnostics) ADD_FAILURE() << path << ": " << d.message;
    ++types[f.type_name];
    for (const auto& r : f.records_of<netfile::CddyRecord>()) {
      if (r.alarm_high) alarm_at[std::string(r.point_code)] = r.alarm_high->to_double();
    }
    for (const auto& r : f.records_of<netfile::CdssRecord>()) {
      values[std::string(r.point_code)][r.time] = r.value.to_double();
    }
    for (const auto& r : f.records_of<netfile::RyqyRecord>()) {
      approved[std::string(r.area_code)] = r.approved_count.value_or(0);
      if (r.area_type == "限制区域") restricted.insert(std::string(r.area_code));
    }
    for (const auto& r : f.records_of<netfile::RyssRecord>()) {
      if (r.in_mine_flag == 1)
        ++down[{f.mine_code, *f.header.upload_time}][std::string(r.area_code)];
    }
    const std::string& t = f.type_name;
    if (t == "YCBJ" || t == "RYCS" || t == "RYXZ" || t == "RYCY") {
      keep.push_back(bytes);
      events.push_back(decode_path(path, keep.back()));
    }
  }
  for (const char* t : {"YCBJ", "RYCS", "RYXZ", "RYCY"}) EXPECT_GT(types[t], 0) << t;
  int alarms = 0, overtime = 0, over_staffed = 0, at_approved = 0;
  for (const netfile::DecodedFile& f : events) {
    const Time sent = *f.header.upload_time;
    for (const auto& r : f.records_of<netfile::YcbjRecord>()) {
      EXPECT_LE(r.start, sent);
      if (r.end) {
        EXPECT_LE(r.start, *r.end);
      }
      if (r.abnormal_type != "001") continue;
      // The mine's own over-limit alarm starts at a sample at or over its own threshold.
      const std::string point(r.point_code);
      ASSERT_TRUE(values[point].contains(r.start)) << point;
      EXPECT_GE(values[point][r.start], alarm_at[point]) << point;
      ++alarms;
    }
    for (const auto& r : f.records_of<netfile::RycsRecord>()) {
      EXPECT_EQ(r.start, *r.enter_time + Seconds{10 * 3600});  // the default limit
      EXPECT_LE(r.start, sent);
      ++overtime;
    }
    for (const auto& r : f.records_of<netfile::RyxzRecord>()) {
      EXPECT_TRUE(restricted.contains(std::string(r.area_code))) << r.area_code;
      EXPECT_EQ(r.start, *r.area_enter_time);
    }
    for (const auto& r : f.records_of<netfile::RycyRecord>()) {
      // What RYSS showed at the same moment: more than approved, while it lasts.
      const int n = down[{f.mine_code, sent}][std::string(r.area_code)];
      EXPECT_EQ(r.current_count, n);
      EXPECT_EQ(r.approved_count, approved[std::string(r.area_code)]);
      EXPECT_EQ(!r.end.has_value(), n > *r.approved_count) << r.area_code;
      over_staffed += !r.end.has_value();
    }
  }
  // The near-miss: an area exactly at its approved headcount, which RYCY never reports.
  for (const auto& [key, areas] : down) {
    for (const auto& [area, n] : areas) at_approved += approved[area] > 0 && n == approved[area];
  }
  EXPECT_GT(alarms, 0);
  EXPECT_GT(overtime, 0);
  EXPECT_GT(over_staffed, 0);
  EXPECT_GT(at_approved, 0);
}

TEST(Writer, OtherProfilesWriteFilesTheirOwnDecoderAccepts) {
  for (const char* profile : {"n-variant", "legacy-a"}) {
    SimulateOptions o = small(0.25, 2);
    o.profile = profile;
    o.incident_rate = 24;
    MemorySink sink;
    Result<SimulateStats> r = simulate(o, sink);
    ASSERT_TRUE(r.ok()) << profile << ": " << r.status().to_string();
    int decoded = 0;
    for (const auto& [path, bytes] : sink.files) {
      if (path.find('/') == std::string::npos) continue;
      const netfile::DecodedFile f = decode_path(path, bytes, profile);
      EXPECT_TRUE(f.accepted) << profile << " " << path << ": " << f.reason;
      EXPECT_EQ(f.skipped, 0) << path;
      ++decoded;
    }
    EXPECT_GT(decoded, 20) << profile;
  }
}

TEST(Writer, RejectsUnusableOptions) {
  MemorySink sink;
  SimulateOptions o = small();
  o.mines = 0;
  EXPECT_FALSE(simulate(o, sink).ok());
  o = small();
  o.profile = "no-such-profile";
  EXPECT_FALSE(simulate(o, sink).ok());
  o = small();
  o.hours = 0;
  EXPECT_FALSE(simulate(o, sink).ok());
}

}  // namespace
}  // namespace mw::sim
