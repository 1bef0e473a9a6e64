#include "rules/fabrication_rules.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

#include "model/alarm.hpp"

namespace mw::rules {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::size_t kMaxEvidenceSubjects = 5;  // per fingerprint: enough to check by hand
constexpr int kSketchBits = 64;                  // one uint64_t of linear counting

double frac(const Sourced<Decimal>& d) { return d.value.to_double(); }

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser: spreads close doubles apart
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Linear counting over 64 bits: -m ln(empty/m); saturates near 266 when every bit is set.
double distinct_estimate(std::uint64_t sketch) {
  const int empty = kSketchBits - std::popcount(sketch);
  const double m = kSketchBits;
  return m * std::log(m / (empty == 0 ? 1.0 : static_cast<double>(empty)));
}

std::string fixed(double v, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

std::string ratio(std::uint32_t a, std::uint32_t b) {
  return std::to_string(a) + "/" + std::to_string(b);
}

}  // namespace

FabricationRules::FabricationRules(const RulePack& pack, const Mine& mine, const PointRules& points,
                                   FindingSink& sink)
    : pack_(pack),
      sink_(sink),
      mine_code_(mine.code),
      shifts_(mine.shifts),
      producing_(mine.status == MineStatus::kProducing),
      window_(pack.fabrication.min_window.value),
      point_rules_(points) {}

void FabricationRules::on_point_defs() {
  // A fresh vector of the exact size: no capacity left over from a larger set.
  std::vector<PointStat>(point_rules_.point_count()).swap(points_);
}

void FabricationRules::on_realtime_file(Time file_time) {
  roll_to(file_time);
  file_samples_ = 0;
  file_one_time_ = true;
}

void FabricationRules::on_sample(std::uint32_t point, const Sample& s) {
  if (file_samples_ == 0) {
    file_first_time_ = s.time;
  } else if (s.time != file_first_time_) {
    file_one_time_ = false;
  }
  ++file_samples_;
  if (is_faulty(s.status) || is_calibrating(s.status) || point >= points_.size()) return;

  PointStat& p = points_[point];
  const double x = s.value.to_double();
  if (p.n == 0) {
    p.shift = static_cast<float>(x);
    p.lo = p.hi = static_cast<float>(x);
  }
  const double y = x - double{p.shift};
  if (p.n > 0) p.sum_lag += y * double{p.prev};
  p.sum += y;
  p.sum_sq += y * y;
  p.sum_cube += y * y * y;
  p.sum_quad += y * y * y * y;
  p.prev = static_cast<float>(y);
  p.lo = std::min(p.lo, static_cast<float>(x));
  p.hi = std::max(p.hi, static_cast<float>(x));
  p.sketch |= std::uint64_t{1} << (mix(std::bit_cast<std::uint64_t>(x)) >> 58);
  ++p.n;
}

void FabricationRules::on_realtime_file_end(Time file_time) {
  if (file_samples_ < 2) return;  // one sample always agrees with itself
  ++files_;
  if (file_one_time_ && file_first_time_ == file_time) {
    ++one_time_files_;
    example_file_time_ = file_time;
  }
}

void FabricationRules::on_presence_snapshot(Time snapshot_time,
                                            std::span<const Presence> snapshot) {
  roll_to(snapshot_time);
  tally_tracks(snapshot_time, snapshot);
  std::uint32_t crew = 0, at_start = 0;
  for (const Presence& p : snapshot) {
    if (!p.underground()) continue;
    ++crew;
    if (at_shift_start(p.entry_time)) ++at_start;
  }
  if (crew < static_cast<std::uint64_t>(pack_.fabrication.min_crew.value)) return;
  ++crew_snapshots_;
  const double f = static_cast<double>(at_start) / crew;
  if (crew_snapshots_ > 1 && f > min_shift_fraction_) return;
  // The least damning snapshot so far is the one the evidence shows.
  min_shift_fraction_ = f;
  min_fraction_crew_ = crew;
  min_fraction_time_ = snapshot_time;
  example_cards_.clear();
  example_entries_.clear();
  for (const Presence& p : snapshot) {
    if (example_cards_.size() == kMaxEvidenceSubjects) break;
    if (p.underground() && at_shift_start(p.entry_time)) {
      example_cards_.push_back(p.card);
      example_entries_.push_back(p.entry_time);
    }
  }
}

void FabricationRules::advance(Time now) {
  if (have_window_ && now >= window_start_ + window_ + pack_.upload_gap.gap.value) roll_to(now);
}

std::size_t FabricationRules::state_bytes() const {
  std::size_t b = sizeof(*this) + mine_code_.capacity() + shifts_.capacity() * sizeof(int) +
                  points_.capacity() * sizeof(PointStat) +
                  example_entries_.capacity() * sizeof(Time);
  for (const std::string& c : example_cards_) b += sizeof(std::string) + c.capacity();
  for (const std::string& c : track_cards_) b += sizeof(std::string) + c.capacity();
  return b + track_example_.capacity();
}

void FabricationRules::roll_to(Time t) {
  if (have_window_ && t < window_start_ + window_) return;  // also late data: counts here
  if (have_window_) judge();
  const std::int64_t w = window_.count();
  const std::int64_t s = t.time_since_epoch().count();
  reset_window(Time{Seconds{s - ((s % w) + w) % w}});
}

void FabricationRules::reset_window(Time start) {
  have_window_ = true;
  window_start_ = start;
  for (PointStat& p : points_) {
    const float mean = p.prev_mean, se2 = p.prev_se2;  // no_rhythm compares with them
    p = PointStat{};
    p.prev_mean = mean;
    p.prev_se2 = se2;
  }
  track_snapshots_ = 0;
  min_track_fraction_ = 1.0;
  min_track_people_ = 0;
  track_cards_.clear();
  track_example_.clear();
  files_ = one_time_files_ = 0;
  crew_snapshots_ = 0;
  min_shift_fraction_ = 1.0;
  min_fraction_crew_ = 0;
  example_cards_.clear();
  example_entries_.clear();
}

bool FabricationRules::at_shift_start(Time entry) const {
  const std::int64_t s = (entry.time_since_epoch() + kChinaOffset).count();
  const std::int64_t local = ((s % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
  return std::any_of(shifts_.begin(), shifts_.end(),
                     [local](int m) { return local == std::int64_t{m} * 60; });
}

FabricationRules::Verdict FabricationRules::white_noise(std::vector<EvidenceItem>& ev) const {
  const FabricationRule& r = pack_.fabrication;
  const double max_r = frac(r.max_abs_autocorrelation);
  const double max_k = r.max_kurtosis.value.to_double();
  std::uint32_t qualified = 0, white = 0;
  std::vector<EvidenceItem> points;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const PointStat& p = points_[i];
    if (p.n < static_cast<std::uint64_t>(r.min_point_samples.value)) continue;
    if (distinct_estimate(p.sketch) < static_cast<double>(r.min_distinct_values.value)) continue;
    const double n = p.n;
    const double m = p.sum / n;
    const double den = p.sum_sq - n * m * m;
    if (!(den > 0)) continue;
    const double num = p.sum_lag - m * p.sum - m * (p.sum - double{p.prev}) + (n - 1) * m * m;
    const double r1 = num / den;
    // Kurtosis m4 / m2²: 1.8 for uniform draws, 3 for the bell-shaped noise of a real sensor.
    const double m2 = p.sum_sq / n - m * m;
    const double m4 =
        p.sum_quad / n - 4 * m * p.sum_cube / n + 6 * m * m * p.sum_sq / n - 3 * m * m * m * m;
    const double kurtosis = m4 / (m2 * m2);
    ++qualified;
    if (std::abs(r1) >= max_r || kurtosis >= max_k) continue;
    ++white;
    if (points.size() < kMaxEvidenceSubjects) {
      points.push_back(
          {std::string(point_rules_.point_code(i)), window_start_ + window_, fixed(r1, 3),
           "lag-1 autocorrelation (|r1| < " + fixed(max_r, 2) + "), kurtosis " +
               fixed(kurtosis, 2) + " (< " + fixed(max_k, 2) + ") over " + std::to_string(p.n) +
               " samples, range " + fixed(p.lo, 2) + "–" + fixed(p.hi, 2)});
    }
  }
  Verdict v;
  v.judged = qualified >= static_cast<std::uint64_t>(r.min_points.value);
  if (!v.judged) return v;
  const double f = static_cast<double>(white) / qualified;
  v.held = f >= frac(r.min_white_fraction);
  if (!v.held) return v;
  ev.push_back({mine_code_, window_start_ + window_, ratio(white, qualified),
                "white_noise: analog points with |r1| < " + fixed(max_r, 2) + " and kurtosis < " +
                    fixed(max_k, 2) + " (threshold ≥ " + fixed(frac(r.min_white_fraction), 2) +
                    " of ≥ " + std::to_string(r.min_points.value) + " points)"});
  for (EvidenceItem& e : points) ev.push_back(std::move(e));
  return v;
}

FabricationRules::Verdict FabricationRules::one_timestamp(std::vector<EvidenceItem>& ev) const {
  const FabricationRule& r = pack_.fabrication;
  Verdict v;
  v.judged = files_ >= static_cast<std::uint64_t>(r.min_files.value);
  if (!v.judged) return v;
  v.held = static_cast<double>(one_time_files_) / files_ >= frac(r.min_identical_fraction);
  if (!v.held) return v;
  ev.push_back({mine_code_, example_file_time_, ratio(one_time_files_, files_),
                "one_timestamp: CDSS files whose every sample has the file's upload time "
                "(threshold ≥ " +
                    fixed(frac(r.min_identical_fraction), 2) + " of ≥ " +
                    std::to_string(r.min_files.value) + " files)"});
  return v;
}

FabricationRules::Verdict FabricationRules::shift_entries(std::vector<EvidenceItem>& ev) const {
  const FabricationRule& r = pack_.fabrication;
  Verdict v;
  v.judged = crew_snapshots_ >= static_cast<std::uint64_t>(r.min_snapshots.value);
  if (!v.judged) return v;
  v.held = min_shift_fraction_ >= frac(r.min_shift_start_fraction);
  if (!v.held) return v;
  ev.push_back({mine_code_, min_fraction_time_, fixed(min_shift_fraction_, 3),
                "shift_entries: lowest fraction, over " + std::to_string(crew_snapshots_) +
                    " snapshots, of people underground who entered exactly at a shift start (" +
                    std::to_string(min_fraction_crew_) + " underground; threshold ≥ " +
                    fixed(frac(r.min_shift_start_fraction), 2) + ", crew ≥ " +
                    std::to_string(r.min_crew.value) + ")"});
  for (std::size_t i = 0; i < example_cards_.size(); ++i) {
    ev.push_back({example_cards_[i], example_entries_[i], format_china_time(example_entries_[i]),
                  "entry time = shift start"});
  }
  return v;
}

void FabricationRules::tally_tracks(Time snapshot_time, std::span<const Presence> snapshot) {
  const FabricationRule& r = pack_.fabrication;
  // (signature of the whole track, index in the snapshot) of everyone with a long track.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> tracks;
  for (std::size_t i = 0; i < snapshot.size(); ++i) {
    const Presence& p = snapshot[i];
    if (!p.underground() || p.track.size() < static_cast<std::uint64_t>(std::max<std::int64_t>(
                                                 r.min_track_points.value, 1))) {
      continue;
    }
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a over stations and offsets
    for (const TrackPoint& tp : p.track) {
      for (const char c : tp.station) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      h = mix(h ^ static_cast<std::uint64_t>((tp.time - p.entry_time).count()));
    }
    tracks.emplace_back(h, static_cast<std::uint32_t>(i));
  }
  if (tracks.size() < static_cast<std::uint64_t>(r.min_crew.value)) return;
  std::sort(tracks.begin(), tracks.end());
  std::uint32_t shared = 0;
  std::vector<std::uint32_t> examples;
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const bool same_prev = i > 0 && tracks[i - 1].first == tracks[i].first;
    const bool same_next = i + 1 < tracks.size() && tracks[i + 1].first == tracks[i].first;
    if (!same_prev && !same_next) continue;
    ++shared;
    // Examples: the people of the first shared track.
    if (examples.size() < kMaxEvidenceSubjects &&
        (examples.empty() || tracks[i].first == tracks[examples.front()].first)) {
      examples.push_back(static_cast<std::uint32_t>(i));
    }
  }
  ++track_snapshots_;
  const double f = static_cast<double>(shared) / static_cast<double>(tracks.size());
  if (track_snapshots_ > 1 && f > min_track_fraction_) return;
  // The least damning snapshot so far is the one the evidence shows.
  min_track_fraction_ = f;
  min_track_people_ = static_cast<std::uint32_t>(tracks.size());
  min_track_time_ = snapshot_time;
  track_cards_.clear();
  track_example_.clear();
  for (const std::uint32_t e : examples) track_cards_.push_back(snapshot[tracks[e].second].card);
  if (!examples.empty()) {
    const Presence& p = snapshot[tracks[examples.front()].second];
    for (const TrackPoint& tp : p.track) {
      if (!track_example_.empty()) track_example_ += ",";
      track_example_ += tp.station + "+" + std::to_string((tp.time - p.entry_time).count()) + "s";
    }
  }
}

void FabricationRules::update_rhythm() {
  const FabricationRule& r = pack_.fabrication;
  // The local (China) day of this window; the tally restarts each day.
  const std::int64_t s = (window_start_.time_since_epoch() + kChinaOffset).count();
  const Time day =
      Time{Seconds{s - ((s % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay}} - kChinaOffset;
  if (day != rhythm_day_) {
    rhythm_day_ = day;
    rhythm_sum_ = 0;
    rhythm_pairs_ = rhythm_hours_ = rhythm_points_ = 0;
  }
  std::uint32_t pairs = 0;
  for (std::size_t i = 0; i < points_.size(); ++i) {
    PointStat& p = points_[i];
    const bool valid =
        point_rules_.is_methane_point(i) &&
        p.n >= static_cast<std::uint64_t>(r.min_point_samples.value) &&
        distinct_estimate(p.sketch) >= static_cast<double>(r.min_distinct_values.value);
    const double n = p.n;
    const double m = valid ? p.sum / n : 0;
    const double var = valid ? p.sum_sq / n - m * m : 0;
    if (!valid || !(var > 0)) {
      p.prev_se2 = -1;
      continue;
    }
    const double mean = m + double{p.shift};
    const double se2 = var / n;
    if (p.prev_se2 >= 0) {
      const double d = mean - double{p.prev_mean};
      rhythm_sum_ += d * d / (se2 + double{p.prev_se2});
      ++pairs;
    }
    p.prev_mean = static_cast<float>(mean);
    p.prev_se2 = static_cast<float>(se2);
  }
  if (pairs == 0) return;
  rhythm_pairs_ += pairs;
  ++rhythm_hours_;
  rhythm_points_ = std::max(rhythm_points_, pairs);
}

FabricationRules::Verdict FabricationRules::no_rhythm(std::vector<EvidenceItem>& ev) const {
  const FabricationRule& r = pack_.fabrication;
  Verdict v;
  v.judged = producing_ && rhythm_hours_ >= static_cast<std::uint64_t>(r.min_rhythm_hours.value);
  if (!v.judged) return v;
  const double ratio = rhythm_sum_ / rhythm_pairs_;
  v.held = ratio < r.max_rhythm_ratio.value.to_double();
  if (!v.held) return v;
  ev.push_back({mine_code_, window_start_ + window_, fixed(ratio, 2),
                "no_rhythm: mean (hour-to-hour change of a methane point's hourly mean / its "
                "standard error)² since " +
                    format_china_time(rhythm_day_) + " over " + std::to_string(rhythm_pairs_) +
                    " changes of up to " + std::to_string(rhythm_points_) + " points in " +
                    std::to_string(rhythm_hours_) + " hours (threshold < " +
                    format_decimal(r.max_rhythm_ratio.value) + " over ≥ " +
                    std::to_string(r.min_rhythm_hours.value) +
                    " hours; ≈ 1 for independent draws)"});
  return v;
}

FabricationRules::Verdict FabricationRules::fixed_rotation(std::vector<EvidenceItem>& ev) const {
  const FabricationRule& r = pack_.fabrication;
  Verdict v;
  v.judged = track_snapshots_ >= static_cast<std::uint64_t>(r.min_snapshots.value);
  if (!v.judged) return v;
  v.held = min_track_fraction_ >= r.min_identical_track_fraction.value.to_double();
  if (!v.held) return v;
  ev.push_back({mine_code_, min_track_time_, fixed(min_track_fraction_, 3),
                "fixed_rotation: lowest fraction, over " + std::to_string(track_snapshots_) +
                    " snapshots, of people tracked whose whole track (stations, seconds since "
                    "entry) is identical to another's (" +
                    std::to_string(min_track_people_) + " with ≥ " +
                    std::to_string(r.min_track_points.value) + " track points; threshold ≥ " +
                    format_decimal(r.min_identical_track_fraction.value) + ")"});
  for (const std::string& card : track_cards_) {
    ev.push_back(
        {card, min_track_time_, track_example_, "identical track (station+seconds since entry)"});
  }
  return v;
}

void FabricationRules::judge() {
  update_rhythm();
  std::vector<EvidenceItem> ev;
  const Verdict verdicts[] = {white_noise(ev), one_timestamp(ev), shift_entries(ev), no_rhythm(ev),
                              fixed_rotation(ev)};
  static constexpr const char* kNames[] = {"监测值无自相关", "全部测点时间等于上传时间",
                                           "整班入井时刻等于班次开始时刻", "瓦斯无生产节律",
                                           "人员轨迹雷同"};
  std::int64_t held = 0, judged = 0;
  std::string names;
  for (std::size_t i = 0; i < std::size(verdicts); ++i) {
    judged += verdicts[i].judged ? 1 : 0;
    if (!verdicts[i].held) continue;
    ++held;
    if (!names.empty()) names += "、";
    names += kNames[i];
  }
  const std::int64_t need = pack_.fabrication.min_fingerprints.value;
  const Time end = window_start_ + window_;
  Finding f;
  f.mine = mine_code_;
  f.kind = AlarmKind::kDataSuspectedFabrication;
  f.subject = mine_code_;
  f.time = end;
  f.rule = pack_.name + ".data.suspected_fabrication";
  if (held >= need) {
    if (open_) return;  // one episode; later windows add nothing new to its opening evidence
    open_ = true;
    f.edge = Finding::Edge::kRaise;
    f.start = window_start_;
    f.severity = Severity::kRed;
    f.message = "疑似上传生成（伪造）数据：" + format_china_time(window_start_) + " 起 " +
                std::to_string(window_.count() / 60) + " 分钟内 " + std::to_string(held) +
                " 项统计特征同时成立（" + names + "）";
    f.evidence = std::move(ev);
    sink_.on_finding(std::move(f));
  } else if (open_ && judged >= need) {
    open_ = false;
    f.edge = Finding::Edge::kClear;
    f.start = window_start_;
    f.severity = Severity::kRed;
    sink_.on_finding(std::move(f));
  }
}

}  // namespace mw::rules
