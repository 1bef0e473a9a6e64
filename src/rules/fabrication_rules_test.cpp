// data.suspected_fabrication: real-looking uploads never raise (many seeds), generated ones
// raise with the window start and evidence, and one fingerprint alone never raises.

#include "rules/fabrication_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "rules/mine_rules_fixture.hpp"

namespace mw::rules {
namespace {

using mine_testing::card;
using mine_testing::kMineCode;
using mine_testing::local;
using mine_testing::Recorder;

constexpr int kPoints = 8;
constexpr Seconds kFilePeriod{60};  // one CDSS file a minute
constexpr Seconds kSnapshotPeriod{300};

std::string point_code(int i) { return std::string(kMineCode) + "MN" + std::to_string(1000 + i); }

// The mine's PointRules (which own the dense point index and the codes) and its
// FabricationRules; `n` points MN1000… of `sensor_type` (wind speed: a plain analog point;
// methane for no_rhythm), so point i has dense index i.
struct Rules {
  explicit Rules(const RulePack& pack = default_rule_pack(), int n = kPoints,
                 std::uint16_t sensor_type = 2, MineStatus status = MineStatus::kProducing)
      : mine(mine_testing::mine(status)),
        points(pack, mine, point_sink),
        fabrication(pack, mine, points, sink) {
    std::vector<PointDef> defs;
    for (int i = 0; i < n; ++i) {
      PointDef d;
      d.code = point_code(i);
      d.sensor_type = sensor_type;
      defs.push_back(std::move(d));
    }
    points.on_point_defs(defs, local(0, 0) - Seconds{3600});
    fabrication.on_point_defs();
  }
  Mine mine;  // PointRules keeps a reference
  Recorder point_sink;
  PointRules points;
  Recorder sink;
  FabricationRules fabrication;
};

// How each signal is produced: real-looking or generated.
struct Upload {
  bool uniform_values = false;  // independent draws in [0.20, 0.40] instead of random walks
  bool one_timestamp = false;   // every sample stamped with the file time
  bool shift_entries = false;   // whole crew entered at 08:00:00 exactly
  bool noise_values = false;    // bell-shaped noise around a fixed level: no drift, no rhythm
  bool copied_tracks = false;   // everyone passes the same stations at the same offsets
  int crew = 40;
};

// Feeds `rules` from `from` to `to` (local times) with files each minute and snapshots each
// 5 min, then advances the clock past the end.
class Feeder {
 public:
  Feeder(FabricationRules& rules, std::uint64_t seed) : rules_(rules), rng_(seed) {
    std::uniform_real_distribution<double> level(0.1, 0.8);
    for (int i = 0; i < kPoints; ++i) walk_.push_back(level(rng_));
    std::uniform_int_distribution<int> stagger(0, 45 * 60);  // entries over 45 min
    for (int i = 0; i < 60; ++i) entry_offset_.push_back(Seconds{stagger(rng_)});
    // Walking to the face: each leg takes its own minutes and seconds per person.
    std::uniform_int_distribution<int> leg(240, 900);
    for (int i = 0; i < 60 * kTrackPoints; ++i) leg_.push_back(Seconds{leg(rng_)});
  }

  void run(const Upload& u, Time from, Time to) {
    Time next_snapshot = from;
    for (Time t = from; t < to; t += kFilePeriod) {
      file(u, t);
      if (t >= next_snapshot) {
        snapshot(u, t);
        next_snapshot = t + kSnapshotPeriod;
      }
      rules_.advance(t);
    }
  }
  void finish(Time end) { rules_.advance(end + Seconds{3600}); }

 private:
  void file(const Upload& u, Time t) {
    rules_.on_realtime_file(t);
    std::uniform_int_distribution<int> jitter(0, 4);
    std::normal_distribution<double> step(0.0, 0.01);
    std::uniform_real_distribution<double> draw(0.20, 0.40);
    std::normal_distribution<double> noise(0.0, 0.03);
    // Production rhythm: coal cutting raises gas during the shift's middle hours.
    const double hour = static_cast<double>((t - local(0, 0)).count()) / 3600.0;
    const double rhythm = 0.05 * std::sin(hour * 3.14159265 / 4.0);
    for (int i = 0; i < kPoints; ++i) {
      double v = 0;
      if (u.uniform_values) {
        v = draw(rng_);
      } else if (u.noise_values) {
        v = 0.30 + 0.05 * i + noise(rng_);
      } else {
        walk_[static_cast<std::size_t>(i)] =
            std::clamp(walk_[static_cast<std::size_t>(i)] + step(rng_), 0.05, 0.9);
        v = walk_[static_cast<std::size_t>(i)] + rhythm;
      }
      Sample s;
      s.time = u.one_timestamp ? t : t - Seconds{jitter(rng_)};
      s.value = decimal_from_double(v, 2);  // sensor resolution 0.01 %
      rules_.on_sample(static_cast<std::uint32_t>(i), s);
    }
    rules_.on_realtime_file_end(t);
  }

  void snapshot(const Upload& u, Time t) {
    std::vector<Presence> people;
    for (int i = 0; i < u.crew; ++i) {
      const Time entry =
          u.shift_entries ? local(8, 0) : local(7, 30) + entry_offset_[static_cast<std::size_t>(i)];
      if (entry > t) continue;
      Presence p = mine_testing::underground(i + 1, 1, entry);
      Time at = entry;
      for (int k = 0; k < kTrackPoints; ++k) {
        at += u.copied_tracks ? Seconds{300} : leg_[static_cast<std::size_t>(i * kTrackPoints + k)];
        if (at > t) break;
        p.track.push_back({p.area + "00000" + std::to_string(k + 1), at});
      }
      people.push_back(std::move(p));
    }
    rules_.on_presence_snapshot(t, people);
  }

  FabricationRules& rules_;
  std::mt19937_64 rng_;
  static constexpr int kTrackPoints = 4;
  std::vector<double> walk_;
  std::vector<Seconds> entry_offset_;
  std::vector<Seconds> leg_;
};

// The default pack with `min_fingerprints` = 1: every statistic judged on its own.
const RulePack& single_fingerprint_pack() {
  static const RulePack pack = [] {
    std::string text(default_rule_pack_text());
    const std::string key = "min_fingerprints = { value = 2";
    const std::size_t at = text.find(key);
    if (at == std::string::npos) throw std::logic_error("pack has no min_fingerprints = 2");
    text.replace(at, key.size(), "min_fingerprints = { value = 1");
    return parse_rule_pack(text, "test").value();
  }();
  return pack;
}

// Runs one mine 09:00–13:00 local with the given upload; returns its findings.
std::vector<Finding> run(const Upload& u, std::uint64_t seed,
                         const RulePack& pack = default_rule_pack()) {
  Rules r(pack);
  Feeder feed(r.fabrication, seed);
  feed.run(u, local(9, 0), local(13, 0));
  feed.finish(local(13, 0));
  return r.sink.findings;
}

TEST(Fabrication, PackHasASourceForEveryThreshold) {
  const FabricationRule& r = default_rule_pack().fabrication;
  EXPECT_EQ(r.min_fingerprints.value, 2);
  EXPECT_EQ(r.max_abs_autocorrelation.value.to_double(), 0.3);
  EXPECT_EQ(r.min_crew.value, 10);
  for (const std::string* s :
       {&r.min_fingerprints.source, &r.max_abs_autocorrelation.source, &r.min_point_samples.source,
        &r.min_distinct_values.source, &r.min_points.source, &r.min_white_fraction.source,
        &r.min_files.source, &r.min_identical_fraction.source, &r.min_crew.source,
        &r.min_shift_start_fraction.source, &r.min_snapshots.source, &r.min_rhythm_hours.source,
        &r.max_rhythm_ratio.source, &r.min_track_points.source,
        &r.min_identical_track_fraction.source}) {
    EXPECT_NE(s->find("minewatch default ("), std::string::npos) << *s;
  }
}

TEST(Fabrication, RealLookingUploadsNeverRaise) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    EXPECT_TRUE(run(Upload{}, seed).empty()) << "seed " << seed;
  }
}

TEST(Fabrication, RealLookingUploadsHoldNoSingleFingerprint) {
  // Precision does not rest on the two-fingerprint rule alone: each statistic is quiet here.
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    EXPECT_TRUE(run(Upload{}, seed, single_fingerprint_pack()).empty()) << "seed " << seed;
  }
}

TEST(Fabrication, EachFingerprintHoldsOnItsOwnGeneratedSignal) {
  const std::pair<Upload, std::string_view> cases[] = {{{.uniform_values = true}, "white_noise"},
                                                       {{.one_timestamp = true}, "one_timestamp"},
                                                       {{.shift_entries = true}, "shift_entries"}};
  for (const auto& [u, name] : cases) {
    const std::vector<Finding> f = run(u, 4, single_fingerprint_pack());
    ASSERT_EQ(f.size(), 1u) << name;
    ASSERT_FALSE(f[0].evidence.empty());
    EXPECT_TRUE(f[0].evidence[0].note.starts_with(name)) << f[0].evidence[0].note;
  }
}

TEST(Fabrication, GeneratedUploadRaisesAtTheWindowStartWithEvidence) {
  const Upload fake{.uniform_values = true, .one_timestamp = true, .shift_entries = true};
  int all_three = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const std::vector<Finding> f = run(fake, seed);
    ASSERT_EQ(f.size(), 1u) << "seed " << seed;  // one episode, never re-raised
    EXPECT_EQ(f[0].edge, Finding::Edge::kRaise);
    EXPECT_EQ(f[0].kind, AlarmKind::kDataSuspectedFabrication);
    EXPECT_EQ(f[0].subject, kMineCode);
    EXPECT_EQ(f[0].severity, Severity::kRed);
    EXPECT_EQ(f[0].start, local(9, 0));
    EXPECT_EQ(f[0].time, local(10, 0));
    EXPECT_EQ(f[0].rule, "coal.data.suspected_fabrication");
    const auto has = [&](std::string_view subject, std::string_view note_start,
                         std::string_view value) {
      return std::any_of(f[0].evidence.begin(), f[0].evidence.end(), [&](const EvidenceItem& e) {
        return e.subject == subject && e.note.starts_with(note_start) &&
               (value.empty() || e.value == value);
      });
    };
    // white_noise is a statistical test: a uniform draw of 60 samples passes it (|r1| < 0.3
    // and kurtosis < 2.2) with probability ~0.94, so a window may miss it now and then.
    if (f[0].message.find("3 项") != std::string::npos) {
      ++all_three;
      EXPECT_TRUE(has(kMineCode, "white_noise", ""));
      EXPECT_TRUE(has(kMineCode, "one_timestamp", "60/60"));
      EXPECT_TRUE(has(kMineCode, "shift_entries", "1.000"));
      EXPECT_TRUE(has(point_code(0), "lag-1 autocorrelation", "") ||
                  has(point_code(1), "lag-1 autocorrelation", "") ||
                  has(point_code(2), "lag-1 autocorrelation", ""));
    }
    EXPECT_TRUE(has(card(1), "entry time = shift start", "2026-11-29 08:00:00"));
    EXPECT_LE(f[0].evidence.size(), 3u + 5u + 5u);  // bounded: 5 points, 5 cards
  }
  EXPECT_GE(all_three, 4);
}

TEST(Fabrication, AnyTwoFingerprintsRaise) {
  const Upload pairs[] = {{.uniform_values = true, .one_timestamp = true},
                          {.uniform_values = true, .shift_entries = true},
                          {.one_timestamp = true, .shift_entries = true}};
  for (const Upload& u : pairs) {
    const std::vector<Finding> f = run(u, 7);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].start, local(9, 0));
    EXPECT_NE(f[0].message.find("2 项"), std::string::npos) << f[0].message;
  }
}

TEST(Fabrication, OneFingerprintAloneNeverRaises) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    EXPECT_TRUE(run({.uniform_values = true}, seed).empty());
    EXPECT_TRUE(run({.one_timestamp = true}, seed).empty());
    EXPECT_TRUE(run({.shift_entries = true}, seed).empty());
  }
}

TEST(Fabrication, SmallCrewAtShiftStartIsNotACrewFingerprint) {
  // 9 people < min_crew 10: entries at 08:00:00 are not judged, so values alone stay silent.
  EXPECT_TRUE(run({.uniform_values = true, .shift_entries = true, .crew = 9}, 3).empty());
  EXPECT_EQ(run({.uniform_values = true, .shift_entries = true, .crew = 10}, 3).size(), 1u);
}

TEST(Fabrication, ClearsWhenTheDataLooksRealAgainAndStartsLater) {
  Rules r;
  Recorder& sink = r.sink;
  Feeder feed(r.fabrication, 11);
  feed.run(Upload{}, local(9, 0), local(10, 30));  // real; the fake part starts mid-window
  feed.run({.uniform_values = true, .one_timestamp = true}, local(10, 30), local(12, 0));
  feed.run(Upload{}, local(12, 0), local(14, 0));
  feed.finish(local(14, 0));
  ASSERT_EQ(sink.findings.size(), 2u);
  EXPECT_EQ(sink.findings[0].edge, Finding::Edge::kRaise);
  EXPECT_EQ(sink.findings[0].start, local(11, 0));  // the first whole window of fake data
  EXPECT_EQ(sink.findings[1].edge, Finding::Edge::kClear);
  EXPECT_EQ(sink.findings[1].time, local(13, 0));
}

TEST(Fabrication, TooLittleDataIsNotJudged) {
  // Five files in an hour (< min_files 6) of generated data and no people: nothing to judge.
  Rules r(default_rule_pack(), 40);
  FabricationRules& rules = r.fabrication;
  Recorder& sink = r.sink;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> draw(0.2, 0.4);
  for (int k = 0; k < 5; ++k) {
    const Time t = local(9, k * 10);
    rules.on_realtime_file(t);
    for (std::uint32_t i = 0; i < 40; ++i) {
      rules.on_sample(i, {t, decimal_from_double(draw(rng), 2), 0});
    }
    rules.on_realtime_file_end(t);
  }
  rules.advance(local(12, 0));
  EXPECT_TRUE(sink.findings.empty());
}

TEST(Fabrication, FaultyAndCalibratingSamplesAreNotValues) {
  // Uniform draws flagged calibrating do not count as values: only the timestamp holds.
  Rules r;
  FabricationRules& rules = r.fabrication;
  Recorder& sink = r.sink;
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> draw(0.2, 0.4);
  for (Time t = local(9, 0); t < local(11, 0); t += kFilePeriod) {
    rules.on_realtime_file(t);
    for (int i = 0; i < kPoints; ++i) {
      rules.on_sample(
          static_cast<std::uint32_t>(i),
          {t, decimal_from_double(draw(rng), 2),
           static_cast<std::uint16_t>(i % 2 == 0 ? kStatusCalibrating : kStatusSensorFault)});
    }
    rules.on_realtime_file_end(t);
  }
  rules.advance(local(12, 0));
  EXPECT_TRUE(sink.findings.empty());
}

TEST(Fabrication, StateIsBoundedPerPoint) {
  Rules r;
  FabricationRules& rules = r.fabrication;
  Feeder feed(rules, 2);
  feed.run(Upload{}, local(9, 0), local(12, 0));
  const std::size_t after_3h = rules.state_bytes();
  feed.run(Upload{}, local(12, 0), local(15, 0));
  EXPECT_EQ(rules.state_bytes(), after_3h);  // no history grows with time
  EXPECT_LT(after_3h, 1024u + kPoints * 120u);
}

// Runs the mine from `from` to `to` (local times) with `n` points of `sensor_type`.
std::vector<Finding> run_span(const Upload& u, std::uint64_t seed, const RulePack& pack, Time from,
                              Time to, std::uint16_t sensor_type,
                              MineStatus status = MineStatus::kProducing) {
  Rules r(pack, kPoints, sensor_type, status);
  Feeder feed(r.fabrication, seed);
  feed.run(u, from, to);
  feed.finish(to);
  return r.sink.findings;
}

constexpr std::uint16_t kMethane = 1;  // 0001 环境瓦斯

bool has_note(const Finding& f, std::string_view start) {
  return std::any_of(f.evidence.begin(), f.evidence.end(),
                     [&](const EvidenceItem& e) { return e.note.starts_with(start); });
}

TEST(Fabrication, MethaneWithoutRhythmHoldsOnceHalfADayIsJudged) {
  // Bell-shaped noise around fixed levels: not white_noise (kurtosis ≈ 3), but the hourly
  // means never move more than their noise: no production rhythm.
  const std::vector<Finding> f = run_span({.noise_values = true}, 3, single_fingerprint_pack(),
                                          local(0, 0), local(15, 0), kMethane);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].edge, Finding::Edge::kRaise);
  // Pairs start with the 01:00 window (it follows 00:00); the 12th is 12:00–13:00.
  EXPECT_EQ(f[0].start, local(12, 0));
  ASSERT_FALSE(f[0].evidence.empty());
  EXPECT_TRUE(f[0].evidence[0].note.starts_with("no_rhythm")) << f[0].evidence[0].note;
  EXPECT_LT(std::stod(f[0].evidence[0].value), 3.0);
}

TEST(Fabrication, RealMethaneHasARhythmAndOtherPointsAreNotJudged) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    EXPECT_TRUE(
        run_span(Upload{}, seed, single_fingerprint_pack(), local(0, 0), local(15, 0), kMethane)
            .empty())
        << "seed " << seed;
  }
  // The same flat noise on wind points, or in a stopped mine, is not judged for rhythm.
  EXPECT_TRUE(
      run_span({.noise_values = true}, 3, single_fingerprint_pack(), local(0, 0), local(15, 0), 2)
          .empty());
  EXPECT_TRUE(run_span({.noise_values = true}, 3, single_fingerprint_pack(), local(0, 0),
                       local(15, 0), kMethane, MineStatus::kStopped)
                  .empty());
}

TEST(Fabrication, CopiedTracksHoldAsFixedRotation) {
  const std::vector<Finding> f =
      run_span({.copied_tracks = true}, 5, single_fingerprint_pack(), local(9, 0), local(11, 0), 2);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].start, local(9, 0));
  ASSERT_FALSE(f[0].evidence.empty());
  EXPECT_TRUE(f[0].evidence[0].note.starts_with("fixed_rotation")) << f[0].evidence[0].note;
  EXPECT_EQ(f[0].evidence[0].value, "1.000");
  EXPECT_TRUE(std::any_of(f[0].evidence.begin(), f[0].evidence.end(), [](const EvidenceItem& e) {
    return e.note.starts_with("identical track") && e.value.find("+300s") != std::string::npos;
  }));
}

TEST(Fabrication, NewFingerprintsPairWithTheOthers) {
  const std::vector<Finding> a = run_span({.one_timestamp = true, .copied_tracks = true}, 7,
                                          default_rule_pack(), local(9, 0), local(11, 0), 2);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].start, local(9, 0));
  EXPECT_TRUE(has_note(a[0], "fixed_rotation"));
  EXPECT_TRUE(has_note(a[0], "one_timestamp"));
  const std::vector<Finding> b = run_span({.one_timestamp = true, .noise_values = true}, 7,
                                          default_rule_pack(), local(0, 0), local(15, 0), kMethane);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].start, local(12, 0));
  EXPECT_TRUE(has_note(b[0], "no_rhythm"));
  // Alone, neither raises under the default pack.
  EXPECT_TRUE(
      run_span({.copied_tracks = true}, 7, default_rule_pack(), local(9, 0), local(11, 0), 2)
          .empty());
  EXPECT_TRUE(
      run_span({.noise_values = true}, 7, default_rule_pack(), local(0, 0), local(15, 0), kMethane)
          .empty());
}

// Issue 4 budget: a mine's point rules and fabrication records together hold ≤ 256 bytes per
// point, with every point's fabrication record in use (samples flowing).
TEST(Fabrication, PointRulesAndFabricationStayWithin256BytesPerPoint) {
  constexpr int kMany = 1000;
  Rules r(default_rule_pack(), kMany);
  const Time t = local(9, 0);
  r.fabrication.on_realtime_file(t);
  for (int i = 0; i < kMany; ++i) {
    const Sample s{t, decimal_from_double(0.25, 2), 0};
    r.fabrication.on_sample(r.points.on_sample(point_code(i), s), s);
  }
  r.fabrication.on_realtime_file_end(t);
  const std::size_t total = r.points.state_bytes() + r.fabrication.state_bytes();
  const double per_point = static_cast<double>(total) / kMany;
  std::printf("PointRules + FabricationRules state: %zu bytes for %d points (%.1f B/point)\n",
              total, kMany, per_point);
  EXPECT_LE(per_point, 256.0);
  // Both parts are counted: the sum is more than the point rules alone.
  EXPECT_GT(r.fabrication.state_bytes(), static_cast<std::size_t>(kMany) * 64);
}

}  // namespace
}  // namespace mw::rules
