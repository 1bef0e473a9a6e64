#include "sim/mine_sim.hpp"

#include <algorithm>
#include <array>

#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/file_name.hpp"
#include "sim/incidents.hpp"
#include "sim/registry.hpp"

namespace mw::sim {
namespace {

using netfile::FileType;

struct SystemMake {
  std::string_view model, name, vendor;
};
// Central-station systems a mine may run (model numbers of the KJ family; names as the
// systems' own title strings).
constexpr std::array<SystemMake, 3> kMonitoring{{
    {"KJ95X", "煤矿安全监控系统", "天地（常州）自动化股份有限公司"},
    {"KJ90X", "煤矿安全监控系统", "中煤科工集团重庆研究院有限公司"},
    {"KJ83X", "煤矿安全监控系统", "山西科达自控股份有限公司"},
}};
constexpr std::array<SystemMake, 2> kPersonnel{{
    {"KJ251A", "煤矿人员管理系统", "天地（常州）自动化股份有限公司"},
    {"KJ69J", "煤矿人员位置监测系统", "中煤科工集团重庆研究院有限公司"},
}};

// Poll periods of the CDSS upload (netfile.md: real-time files every 10–30 s).
constexpr std::array<std::int64_t, 4> kPollPeriods{10, 15, 20, 30};

template <class R>
std::vector<R>& reuse(netfile::RecordList& list) {
  if (!std::holds_alternative<std::vector<R>>(list)) list = std::vector<R>{};
  auto& v = std::get<std::vector<R>>(list);
  v.clear();
  return v;
}

std::string relations_text(const PointDef& d) {
  std::string out;
  for (const Relation& r : d.relations) {
    if (!out.empty()) out += "◇";
    const char c = static_cast<char>(r.kind);
    out += c;
    out += '-';
    out += r.point;
    out += '-';
    out += r.name;
    out += ':';
    out += c;
    out += '-';
    out += r.target_point;
  }
  return out;
}

// On about rate/20 of the producing mines (all at rate ≥ 20) one workplace methane sensor is
// set up against A1: its alarm threshold loosened to 1.50 %, or its D relation missing
// (sensor.threshold_misconfigured). Stream 8 of the mine.
MineLayout misconfigure(MineLayout layout, const Mine& mine, std::uint64_t seed,
                        std::uint64_t index, double rate) {
  if (rate <= 0 || mine.status != MineStatus::kProducing) return layout;
  Rng rng(mix_seed(seed, index, 8));
  if (!rng.bernoulli(std::min(1.0, rate / 20))) return layout;
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < layout.points.size(); ++i) {
    const SimPoint& p = layout.points[i];
    if (p.methane_class && p.workplace >= 0) candidates.push_back(i);
  }
  if (candidates.empty()) return layout;
  PointDef& d = layout
                    .points[candidates[static_cast<std::size_t>(
                        rng.uniform_int(0, static_cast<std::int64_t>(candidates.size()) - 1))]]
                    .def;
  if (rng.bernoulli(0.5)) {
    d.thresholds.high_alarm = Decimal{150, 2};
    d.thresholds.high_alarm_release = Decimal{150, 2};
  } else {
    d.relations.clear();
  }
  return layout;
}

Time floor_to(Time t, Seconds period) {
  const std::int64_t s = t.time_since_epoch().count(), p = period.count();
  return Time{Seconds{s - ((s % p) + p) % p}};
}

}  // namespace

MineSim::MineSim(const Mine& mine, std::uint64_t seed, std::uint64_t index, Time start,
                 const netfile::Profile& profile, double incident_rate)
    : mine_(mine),
      profile_(profile),
      start_(start),
      seed_(seed),
      index_(index),
      incident_rate_(incident_rate),
      rng_(Rng::for_mine(seed, index)),
      layout_(misconfigure(make_layout(mine, start, rng_), mine, seed, index, incident_rate)),
      roster_(make_roster(mine, layout_, rng_)),
      schedule_(mine, layout_, roster_, seed, index),
      physics_(mine, layout_, seed, index),
      truth_(mine, layout_),
      presence_truth_(mine, layout_, roster_, start),
      sensor_truth_(mine, layout_),
      abnormal_(layout_),
      personnel_events_(mine, layout_, roster_),
      fake_from_(fabrication_start(mine, seed, index, start, incident_rate)) {
  // A fabricating mine's own data shows no incident: hiding them is what it is for.
  if (fake_from_) {
    incident_rate_ = 0;
    fake_schedule_ = std::make_unique<Schedule>(mine, layout_, roster_, seed, index);
    fake_schedule_->set_clockwork();
    fabricator_ = std::make_unique<Fabricator>(mine, layout_, seed, index);
  }
  schedule_.set_incident_rate(incident_rate_);
  poll_ = Seconds{kPollPeriods[static_cast<std::size_t>(rng_.uniform_int(0, 3))]};
  relation_text_.reserve(layout_.points.size());
  for (const SimPoint& p : layout_.points) relation_text_.push_back(relations_text(p.def));
  for (const SimPoint& p : layout_.points)
    type_code_.push_back(format_sensor_type_code(p.def.sensor_type));
  stats_.resize(layout_.points.size());
  next_stats_.resize(layout_.points.size());
  header_.mine_code = mine.code;
  header_.mine_name = mine.name;
}

const netfile::Header& MineSim::header_at(Time t) {
  header_.upload_time = t;
  return header_;
}

Status MineSim::emit(FileType kind, const netfile::Header& header,
                     const netfile::RecordList& records, Time t, FileSink& sink,
                     SimulateStats& stats) {
  if (in_gap(t)) return Status::ok_status();  // the link is down: nothing reaches anyone
  const netfile::TypeSpec* spec = profile_.find_kind(kind);
  if (spec == nullptr) return Status::ok_status();  // this profile has no such file
  Result<std::string> body =
      netfile::encode_file(profile_, spec->name, header, records, netfile::Layout{});
  const std::string name = netfile::make_file_name(mine_.code, spec->name, t);
  if (!body.ok()) {
    return Status::internal("encoding " + name + ": " + body.status().message());
  }
  path_.assign(mine_.code).append("/").append(name);
  MW_RETURN_IF_ERROR(sink.write(path_, *body));
  ++stats.files;
  stats.bytes += body->size();
  return Status::ok_status();
}

Status MineSim::write_definitions(FileSink& sink, SimulateStats& stats) {
  const std::uint64_t pick = static_cast<std::uint64_t>(rng_.uniform_int(0, 5));
  const SystemMake& mon = kMonitoring[pick % kMonitoring.size()];
  const SystemMake& per = kPersonnel[pick % kPersonnel.size()];

  netfile::Header h = header_at(start_);  // a copy: definition headers carry more fields
  h.system_model = std::string(mon.model);
  h.system_name = std::string(mon.name);
  h.vendor = std::string(mon.vendor);
  h.cert_expiry = "2028-06-30";
  std::vector<netfile::CddyRecord> cddy;
  cddy.reserve(layout_.points.size());
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const PointDef& d = layout_.points[i].def;
    netfile::CddyRecord r;
    r.point_code = d.code;
    r.system_code = d.system_code;
    r.outstation_code = d.outstation;
    r.sensor_type = type_code_[i];
    r.value_kind = value_kind_code(d.value_kind);
    r.unit = d.unit;
    r.range_high = d.range_high;
    r.range_low = d.range_low;
    r.alarm_high = d.thresholds.high_alarm;
    r.alarm_high_release = d.thresholds.high_alarm_release;
    r.alarm_low = d.thresholds.low_alarm;
    r.alarm_low_release = d.thresholds.low_alarm_release;
    r.cut_high = d.thresholds.high_cut;
    r.restore_high = d.thresholds.high_restore;
    r.cut_low = d.thresholds.low_cut;
    r.restore_low = d.thresholds.low_restore;
    r.on_text = d.text_on;
    r.off_text = d.text_off;
    r.location = d.location;
    r.x = d.x;
    r.y = d.y;
    r.z = d.z;
    r.relations = relation_text_[i];
    r.time = d.time;
    cddy.push_back(r);
  }
  MW_RETURN_IF_ERROR(
      emit(FileType::kCddy, h, netfile::RecordList{std::move(cddy)}, start_, sink, stats));

  const netfile::Header plain = header_at(start_);  // a copy, as the member changes below
  std::vector<netfile::FzdyRecord> fzdy;
  for (const Outstation& o : layout_.outstations) {
    netfile::FzdyRecord r;
    r.outstation_code = o.code;
    r.location = o.location;
    r.time = start_;
    fzdy.push_back(r);
  }
  MW_RETURN_IF_ERROR(
      emit(FileType::kFzdy, plain, netfile::RecordList{std::move(fzdy)}, start_, sink, stats));

  std::vector<netfile::RyqyRecord> ryqy;
  for (const Area& a : layout_.areas) {
    netfile::RyqyRecord r;
    r.area_type = area_type_name_zh(a.type);
    r.area_code = a.code;
    r.approved_count = static_cast<netfile::Int>(a.approved);
    r.area_name = a.name;
    ryqy.push_back(r);
  }
  MW_RETURN_IF_ERROR(
      emit(FileType::kRyqy, plain, netfile::RecordList{std::move(ryqy)}, start_, sink, stats));

  std::vector<netfile::RyjzRecord> ryjz;
  for (const Station& s : layout_.stations) {
    netfile::RyjzRecord r;
    r.station_code = s.code;
    r.station_name = s.name;
    r.x = s.x;
    r.y = s.y;
    r.z = s.z;
    r.description = s.description;
    ryjz.push_back(r);
  }
  MW_RETURN_IF_ERROR(
      emit(FileType::kRyjz, plain, netfile::RecordList{std::move(ryjz)}, start_, sink, stats));

  netfile::Header hx = header_at(start_);
  hx.approved_total = std::to_string(
      mine_.approved_total.value_or(static_cast<std::uint32_t>(roster_.workers.size())));
  hx.system_model = std::string(per.model);
  hx.system_name = std::string(per.name);
  hx.vendor = std::string(per.vendor);
  hx.cert_expiry = "2029-03-31";
  std::vector<netfile::RyxxRecord> ryxx;
  for (const Worker& w : roster_.workers) {
    const Person& p = w.person;
    netfile::RyxxRecord r;
    r.card = p.card;
    r.name = p.name;
    r.job = p.job;
    r.post = p.post;
    r.team = p.team;
    r.birth_date = p.birth_date;
    r.education = p.education;
    r.is_leader = p.leader ? 1 : 0;
    r.is_special = p.special ? 1 : 0;
    ryxx.push_back(r);
  }
  return emit(FileType::kRyxx, hx, netfile::RecordList{std::move(ryxx)}, start_, sink, stats);
}

Status MineSim::write_cdss(Time poll, FileSink& sink, SimulateStats& stats) {
  // A fabricating system stamps every sample with the upload time (fabrication.hpp), so its
  // upload time is drawn first; an honest mine's after its per-point times, as always.
  Time upload{};
  if (fake_from_) upload = poll + Seconds{rng_.uniform_int(1, 4)};
  const bool fake = fake_from_ && upload >= *fake_from_;
  if (!fake) physics_.step(poll);
  const auto& readings = fake ? fabricator_->readings(upload) : physics_.readings();
  auto& list = reuse<netfile::CdssRecord>(cdss_);
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const SimPoint& p = layout_.points[i];
    netfile::CdssRecord r;
    r.point_code = p.def.code;
    r.sensor_type_name = p.type_name;
    r.location = p.def.location;
    r.value = readings[i].value;
    r.unit = p.def.unit;
    r.status = readings[i].status;
    // Each outstation is read a little before the upload: per-point times differ by seconds.
    r.time = fake ? upload : poll - Seconds{rng_.uniform_int(0, 2)};
    list.push_back(r);
  }
  // Upload jitter: the file leaves the central station 1–4 s after the poll.
  if (!fake_from_) upload = poll + Seconds{rng_.uniform_int(1, 4)};
  const bool sent = !in_gap(poll) && !in_gap(upload);
  if (sent) sensor_truth_.upload_begins(upload);
  for (std::size_t i = 0; sent && i < list.size(); ++i) {
    const netfile::CdssRecord& r = list[i];
    const auto status = static_cast<std::uint16_t>(r.status);
    truth_.sample(i, r.value, status, r.time);
    sensor_truth_.sample(i, r.value, status, r.time);
    abnormal_.sample(i, r.value, status, r.time);

    // A sample counts in the statistics window of its own time.
    Stat& s = r.time < stats_window_ + kStatsPeriod ? stats_[i] : next_stats_[i];
    if (s.n == 0 || r.value.compare(s.max) > 0) s.max = r.value, s.max_time = r.time;
    if (s.n == 0 || r.value.compare(s.min) < 0) s.min = r.value, s.min_time = r.time;
    s.sum += r.value.to_double();
    ++s.n;
  }
  truth_.poll_done(poll);
  if (!sent) return Status::ok_status();
  stats.samples += list.size();
  truth_.cdss_uploaded(upload);
  MW_RETURN_IF_ERROR(emit(FileType::kCdss, header_at(upload), cdss_, upload, sink, stats));
  // The station's own alarm and event records (YCBJ) go up with the values that raised them.
  if (!abnormal_.take(upload, reuse<netfile::YcbjRecord>(ycbj_))) return Status::ok_status();
  return emit(FileType::kYcbj, header_at(upload), ycbj_, upload, sink, stats);
}

Status MineSim::write_tjsj(Time window_start, Time at, FileSink& sink, SimulateStats& stats) {
  auto& list = reuse<netfile::TjsjRecord>(tjsj_);
  const Time window_end = window_start + kStatsPeriod;
  for (std::size_t i = 0; i < layout_.points.size(); ++i) {
    const Stat& s = stats_[i];
    if (s.n == 0) continue;
    const SimPoint& p = layout_.points[i];
    netfile::TjsjRecord r;
    r.point_code = p.def.code;
    r.sensor_type_name = p.type_name;
    r.location = p.def.location;
    r.unit = p.def.unit;
    r.start = window_start;
    r.end = window_end;
    r.max = s.max;
    r.max_time = s.max_time;
    r.min = s.min;
    r.min_time = s.min_time;
    // One decimal at least, so the mean of a ppm or on/off point keeps its information.
    r.avg = decimal_from_double(s.sum / s.n, std::max<std::uint8_t>(p.scale, 1));
    r.time = window_end;
    list.push_back(r);
  }
  stats_.swap(next_stats_);
  std::fill(next_stats_.begin(), next_stats_.end(), Stat{});
  stats_window_ = window_end;
  return emit(FileType::kTjsj, header_at(at), tjsj_, at, sink, stats);
}

Status MineSim::write_ryss(Time t, FileSink& sink, SimulateStats& stats) {
  Schedule& schedule = fake_from_ && t >= *fake_from_ ? *fake_schedule_ : schedule_;
  schedule.advance(t, t, kSurfacedKept + kSnapshotPeriod);
  auto& list = reuse<netfile::RyssRecord>(ryss_);
  arena_.clear();
  spans_.clear();
  const std::string_view pattern = shift_pattern_name_zh(shift_pattern_of(mine_));
  const bool sent = !in_gap(t);
  if (sent) presence_truth_.begin_snapshot(t);
  int underground = 0;
  for (const Trip& trip : schedule.trips()) {
    const bool down = trip.underground_at(t);
    const bool surfaced = !down && trip.exit <= t && t - trip.exit < kSurfacedKept;
    if (!down && !surfaced) continue;
    const Worker& w = roster_.workers[static_cast<std::size_t>(trip.worker)];
    const std::size_t at = trip.hop_at(t);
    std::size_t first_in_area = at;
    const int area = layout_.station_area[static_cast<std::size_t>(trip.hops[at].station)];
    while (first_in_area > 0 &&
           layout_.station_area[static_cast<std::size_t>(trip.hops[first_in_area - 1].station)] ==
               area) {
      --first_in_area;
    }
    netfile::RyssRecord r;
    r.card = w.person.card;
    r.name = w.person.name;
    r.in_mine_flag = down ? 1 : 2;
    underground += down ? 1 : 0;
    r.enter_time = trip.entry;
    if (surfaced) r.exit_time = trip.exit;
    r.area_code = layout_.areas[static_cast<std::size_t>(area)].code;
    r.area_enter_time = trip.hops[first_in_area].arrive;
    r.station_code = layout_.stations[static_cast<std::size_t>(trip.hops[at].station)].code;
    r.station_enter_time = trip.hops[at].arrive;
    r.work_pattern = pattern;
    r.distance = Decimal{rng_.uniform_int(0, 80), 0};  // metres from the station antenna
    r.work_state = "0";
    r.is_leader = w.person.leader ? 1 : 0;
    r.is_special = w.person.special ? 1 : 0;
    // 轨迹: every station passed since entry, `station&time` joined by ','.
    const std::size_t begin = arena_.size();
    for (std::size_t k = 0; k <= at; ++k) {
      if (k > 0) arena_ += ',';
      arena_ += layout_.stations[static_cast<std::size_t>(trip.hops[k].station)].code;
      arena_ += '&';
      append_china_time(arena_, trip.hops[k].arrive);
    }
    spans_.emplace_back(begin, arena_.size() - begin);
    list.push_back(r);
    if (sent) {
      presence_truth_.person(trip.worker, down, area, trip.entry, trip.hops[first_in_area].arrive);
    }
  }
  if (sent) presence_truth_.end_snapshot();
  // The arena is complete: only now can views into it be taken.
  for (std::size_t k = 0; k < list.size(); ++k) {
    list[k].track = std::string_view(arena_).substr(spans_[k].first, spans_[k].second);
  }
  if (sent) {
    stats.presence += list.size();
    sensor_truth_.snapshot(t, underground);
  }
  MW_RETURN_IF_ERROR(emit(FileType::kRyss, header_at(t), ryss_, t, sink, stats));
  return write_personnel_events(t, schedule.trips(), sink, stats);
}

Status MineSim::write_personnel_events(Time t, const std::deque<Trip>& trips, FileSink& sink,
                                       SimulateStats& stats) {
  personnel_events_.snapshot(last_snapshot_.value_or(t - kSnapshotPeriod), t, trips);
  last_snapshot_ = t;
  if (!personnel_events_.overtime().empty()) {
    reuse<netfile::RycsRecord>(rycs_) = personnel_events_.overtime();
    MW_RETURN_IF_ERROR(emit(FileType::kRycs, header_at(t), rycs_, t, sink, stats));
  }
  if (!personnel_events_.restricted().empty()) {
    reuse<netfile::RyxzRecord>(ryxz_) = personnel_events_.restricted();
    MW_RETURN_IF_ERROR(emit(FileType::kRyxz, header_at(t), ryxz_, t, sink, stats));
  }
  if (!personnel_events_.over_staffed().empty()) {
    reuse<netfile::RycyRecord>(rycy_) = personnel_events_.over_staffed();
    MW_RETURN_IF_ERROR(emit(FileType::kRycy, header_at(t), rycy_, t, sink, stats));
  }
  return Status::ok_status();
}

Status MineSim::write_fzss(Time t, FileSink& sink, SimulateStats& stats) {
  auto& list = reuse<netfile::FzssRecord>(fzss_);
  for (std::size_t o = 0; o < layout_.outstations.size(); ++o) {
    netfile::FzssRecord r;
    r.outstation_code = layout_.outstations[o].code;
    r.run_state = physics_.outstation_down(static_cast<int>(o), t) ? 1 : 0;
    r.power_state = 1;  // AC mains
    r.time = t;
    list.push_back(r);
  }
  return emit(FileType::kFzss, header_at(t), fzss_, t, sink, stats);
}

Status MineSim::write_jzss(Time t, FileSink& sink, SimulateStats& stats) {
  auto& list = reuse<netfile::JzssRecord>(jzss_);
  for (const Station& s : layout_.stations) {
    netfile::JzssRecord r;
    r.station_code = s.code;
    r.run_state = 0;
    r.power_state = 1;
    r.time = t;
    list.push_back(r);
  }
  return emit(FileType::kJzss, header_at(t), jzss_, t, sink, stats);
}

std::vector<Alarm> MineSim::expected_alarms() const {
  std::vector<Alarm> out = truth_.alarms();
  for (Alarm& a : presence_truth_.alarms()) out.push_back(std::move(a));
  for (Alarm& a : sensor_truth_.alarms()) out.push_back(std::move(a));
  // Detection judges the first fabricated hour once data past it arrives.
  if (fake_from_ && end_ >= *fake_from_ + Seconds{3600 + 120}) {
    Alarm a;
    a.mine = mine_.code;
    a.kind = AlarmKind::kDataSuspectedFabrication;
    a.subject = mine_.code;
    a.start = *fake_from_;
    a.severity = Severity::kRed;
    a.rule = "sim.truth";
    a.message = "上传数据为软件生成";
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Alarm& a, const Alarm& b) { return a.start < b.start; });
  return out;
}

Status MineSim::run(Time end, FileSink& sink, SimulateStats& stats) {
  MW_RETURN_IF_ERROR(begin(end, sink, stats));
  MW_RETURN_IF_ERROR(advance(end, sink, stats));
  finish();
  return Status::ok_status();
}

Status MineSim::begin(Time end, FileSink& sink, SimulateStats& stats) {
  end_ = end;
  const std::vector<Incident> incidents =
      plan_incidents(mine_, layout_, seed_, index_, start_, end, incident_rate_);
  physics_.set_incidents(incidents);
  sos_.clear();
  for (const Incident& inc : incidents) {
    if (inc.kind == IncidentKind::kUploadGap) gaps_.push_back(inc.window);
    if (inc.kind == IncidentKind::kSos) sos_.push_back(inc.window.start);
  }
  std::sort(sos_.begin(), sos_.end());
  sos_.push_back(end);  // sentinel
  next_sos_ = 0;
  MW_RETURN_IF_ERROR(write_definitions(sink, stats));
  truth_.definitions(start_);
  // Each mine's cadences are offset from the round times by a few seconds of its own.
  next_poll_ = start_ + Seconds{rng_.uniform_int(1, poll_.count())};
  const Seconds stats_delay{rng_.uniform_int(5, 20)};
  const Seconds snapshot_offset{rng_.uniform_int(0, 59)};
  const Seconds status_offset{rng_.uniform_int(60, 119)};
  stats_window_ = floor_to(next_poll_ - Seconds{2}, kStatsPeriod);
  next_stats_at_ = stats_window_ + kStatsPeriod + stats_delay;
  next_snapshot_ = floor_to(start_, kSnapshotPeriod) + snapshot_offset;
  if (next_snapshot_ < start_) next_snapshot_ += kSnapshotPeriod;
  next_status_ = floor_to(start_, kSnapshotPeriod) + status_offset;
  return Status::ok_status();
}

Status MineSim::advance(Time until, FileSink& sink, SimulateStats& stats) {
  const Time stop = std::min(until, end_);
  while (true) {
    const Time next =
        std::min({next_poll_, next_stats_at_, next_snapshot_, next_status_, sos_[next_sos_]});
    if (next >= stop) break;
    if (next == sos_[next_sos_]) {
      MW_RETURN_IF_ERROR(write_ryqj(next, sink, stats));
      ++next_sos_;
    } else if (next == next_poll_) {
      MW_RETURN_IF_ERROR(write_cdss(next_poll_, sink, stats));
      next_poll_ += poll_;
    } else if (next == next_stats_at_) {
      MW_RETURN_IF_ERROR(write_tjsj(stats_window_, next_stats_at_, sink, stats));
      next_stats_at_ += kStatsPeriod;
    } else if (next == next_snapshot_) {
      MW_RETURN_IF_ERROR(write_ryss(next_snapshot_, sink, stats));
      next_snapshot_ += kSnapshotPeriod;
    } else {
      MW_RETURN_IF_ERROR(write_fzss(next_status_, sink, stats));
      MW_RETURN_IF_ERROR(write_jzss(next_status_, sink, stats));
      next_status_ += kSnapshotPeriod;
    }
  }
  return Status::ok_status();
}

void MineSim::finish() {
  truth_.run_ended(end_);
  presence_truth_.run_ended(end_);
}

bool MineSim::in_gap(Time t) const noexcept {
  for (const Window& w : gaps_) {
    if (w.contains(t)) return true;
  }
  return false;
}

Status MineSim::write_ryqj(Time t, FileSink& sink, SimulateStats& stats) {
  // The first person underground at `t` presses SOS; the system reports it 2 s later.
  schedule_.advance(t, t, kSurfacedKept + kSnapshotPeriod);
  for (const Trip& trip : schedule_.trips()) {
    if (!trip.underground_at(t)) continue;
    const Worker& w = roster_.workers[static_cast<std::size_t>(trip.worker)];
    const std::size_t at = trip.hop_at(t);
    const int area = layout_.station_area[static_cast<std::size_t>(trip.hops[at].station)];
    std::size_t first = at;
    while (first > 0 &&
           layout_.station_area[static_cast<std::size_t>(trip.hops[first - 1].station)] == area) {
      --first;
    }
    netfile::RyqjRecord r;
    r.card = w.person.card;
    r.name = w.person.name;
    r.enter_time = trip.entry;
    r.start = t;
    r.area_code = layout_.areas[static_cast<std::size_t>(area)].code;
    r.area_enter_time = trip.hops[first].arrive;
    r.station_code = layout_.stations[static_cast<std::size_t>(trip.hops[at].station)].code;
    r.station_enter_time = trip.hops[at].arrive;
    const Time upload = t + Seconds{2};
    if (in_gap(upload)) return Status::ok_status();
    truth_.sos(w.person.card, t);
    return emit(FileType::kRyqj, header_at(upload),
                netfile::RecordList{std::vector<netfile::RyqjRecord>{r}}, upload, sink, stats);
  }
  return Status::ok_status();
}

}  // namespace mw::sim
