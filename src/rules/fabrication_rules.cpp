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

FabricationRules::FabricationRules(const RulePack& pack, const Mine& mine, FindingSink& sink)
    : pack_(pack),
      sink_(sink),
      mine_code_(mine.code),
      shifts_(mine.shifts),
      window_(pack.fabrication.min_window.value) {}

void FabricationRules::on_realtime_file(Time file_time) {
  roll_to(file_time);
  file_samples_ = 0;
  file_one_time_ = true;
}

void FabricationRules::on_sample(std::string_view code, const Sample& s) {
  if (file_samples_ == 0) {
    file_first_time_ = s.time;
  } else if (s.time != file_first_time_) {
    file_one_time_ = false;
  }
  ++file_samples_;
  if (is_faulty(s.status) || is_calibrating(s.status)) return;

  PointStat& p = point(code);
  const double x = s.value.to_double();
  if (p.n == 0) {
    p.shift = x;
    p.lo = p.hi = static_cast<float>(x);
  }
  const double y = x - p.shift;
  if (p.n > 0) p.sum_lag += y * p.prev;
  p.sum += y;
  p.sum_sq += y * y;
  p.sum_cube += y * y * y;
  p.sum_quad += y * y * y * y;
  p.prev = y;
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
                  points_.capacity() * sizeof(PointStat) + names_.capacity() +
                  example_entries_.capacity() * sizeof(Time);
  for (const std::string& c : example_cards_) b += sizeof(std::string) + c.capacity();
  return b;
}

std::string_view FabricationRules::name_of(const PointStat& p) const {
  return std::string_view(names_).substr(p.name_offset, p.name_size);
}

FabricationRules::PointStat& FabricationRules::point(std::string_view code) {
  // Files list their points in the same order each time: try the one after the last first.
  if (++hint_ < points_.size() && name_of(points_[hint_]) == code) return points_[hint_];
  auto it =
      std::lower_bound(points_.begin(), points_.end(), code,
                       [this](const PointStat& p, std::string_view c) { return name_of(p) < c; });
  hint_ = static_cast<std::size_t>(it - points_.begin());
  if (it != points_.end() && name_of(*it) == code) return *it;
  PointStat p;
  p.name_offset = static_cast<std::uint32_t>(names_.size());
  p.name_size = static_cast<std::uint16_t>(std::min<std::size_t>(code.size(), UINT16_MAX));
  names_.append(code.substr(0, p.name_size));
  return *points_.insert(it, p);
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
    const std::uint32_t off = p.name_offset;
    const std::uint16_t size = p.name_size;
    p = PointStat{};
    p.name_offset = off;
    p.name_size = size;
  }
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
  for (const PointStat& p : points_) {
    if (p.n < static_cast<std::uint64_t>(r.min_point_samples.value)) continue;
    if (distinct_estimate(p.sketch) < static_cast<double>(r.min_distinct_values.value)) continue;
    const double n = p.n;
    const double m = p.sum / n;
    const double den = p.sum_sq - n * m * m;
    if (!(den > 0)) continue;
    const double num = p.sum_lag - m * p.sum - m * (p.sum - p.prev) + (n - 1) * m * m;
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
      points.push_back({std::string(name_of(p)), window_start_ + window_, fixed(r1, 3),
                        "lag-1 autocorrelation (|r1| < " + fixed(max_r, 2) + "), kurtosis " +
                            fixed(kurtosis, 2) + " (< " + fixed(max_k, 2) + ") over " +
                            std::to_string(p.n) + " samples, range " + fixed(p.lo, 2) + "–" +
                            fixed(p.hi, 2)});
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

void FabricationRules::judge() {
  std::vector<EvidenceItem> ev;
  const Verdict verdicts[] = {white_noise(ev), one_timestamp(ev), shift_entries(ev)};
  static constexpr const char* kNames[] = {"监测值无自相关", "全部测点时间等于上传时间",
                                           "整班入井时刻等于班次开始时刻"};
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
