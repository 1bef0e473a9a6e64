#include "serve_load.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>

#include "base/decimal.hpp"
#include "base/env.hpp"
#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/profile.hpp"
#include "server/demo_uploader.hpp"
#include "sim/cli.hpp"

namespace mw::bench {
namespace {

std::string read_all(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// xorshift64*: cheap and reproducible; the generator runs in the measured process.
double uniform(std::uint64_t& s) {
  s ^= s >> 12;
  s ^= s << 25;
  s ^= s >> 27;
  return static_cast<double>((s * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

double ulp(std::uint8_t scale) { return std::pow(10.0, -static_cast<double>(scale)); }

bool is_methane_type(std::string_view t) { return t == "0001" || t == "0011" || t == "0043"; }

// The rhythm's period: one 三八制 shift (8 h), so methane means move as a worked day does.
constexpr double kRhythmSeconds = 8 * 3600;
// Over every class's methane alarm threshold of the rule pack (rules.md A1: ≤ 1.5 %).
constexpr double kOverLimit = 1.6;
// The central station writes the file this long after its poll (the simulator: 1–4 s).
constexpr Seconds kUploadDelay{2};

double value_at(const LoadPoint& p, Time t, std::uint64_t& rng) {
  const double s = static_cast<double>(t.time_since_epoch().count());
  double v = p.base + p.rhythm * std::sin(2 * std::numbers::pi * s / kRhythmSeconds + p.phase) +
             p.noise * (2 * uniform(rng) - 1);
  return std::clamp(v, p.lo, p.hi);
}

// Appends the record time "yyyy-MM-dd HH:mm:ss" of poll − lag (lag 0..2 s: outstations are
// read a little before the upload), cached per file.
struct TimeTexts {
  std::string text[3];
  long long ms[3] = {0, 0, 0};
  void set(Time poll) {
    for (int i = 0; i < 3; ++i) {
      const Time t = poll - Seconds{i};
      text[i] = format_china_time(t);
      ms[i] = static_cast<long long>(t.time_since_epoch().count()) * 1000;
    }
  }
};

void write_file(LoadMine& m, LoadFormat format, LoadFile& out) {
  const Time poll = m.next_poll;
  out.upload = poll + kUploadDelay;
  out.name = netfile::make_file_name(m.code, "CDSS", out.upload);
  out.samples = m.points.size();
  out.injected_point.clear();
  std::size_t inject = m.points.size();
  if (!m.methane.empty() && poll >= m.next_inject) {
    inject = m.methane[m.inject_turn % m.methane.size()];
    out.injected_point = m.points[inject].code;
    ++m.inject_turn;
    m.next_inject += m.inject_every;
  }
  TimeTexts times;
  times.set(poll);
  std::string& b = out.bytes;
  b.clear();
  if (format == LoadFormat::kNetfile) {
    b.append(m.code).append(";").append(m.name).append(";");
    b.append(format_china_time(out.upload)).append("~");
  }
  char num[32];
  for (std::size_t i = 0; i < m.points.size(); ++i) {
    const LoadPoint& p = m.points[i];
    Decimal d{};
    if (i == inject) {
      d = decimal_from_double(p.over, p.scale);
    } else if (p.analog) {
      d = decimal_from_double(value_at(p, poll, m.rng), p.scale);
    } else {
      d = decimal_from_double(p.base, p.scale);
    }
    const std::size_t lag = i % 3;
    if (format == LoadFormat::kNetfile) {
      b.append(p.prefix);
      append_decimal(b, d);
      b.append(";").append(p.unit).append(";0;").append(times.text[lag]).append("~");
    } else {
      b.append("v{mine=\"").append(m.code).append("\",point=\"").append(p.code).append("\"} ");
      append_decimal(b, d);
      const int n = std::snprintf(num, sizeof num, " %lld\n", times.ms[lag]);
      b.append(num, static_cast<std::size_t>(n));
    }
  }
  if (format == LoadFormat::kNetfile) b.append("||");
  m.next_poll += m.poll;
}

struct Template {
  std::vector<netfile::CddyRecord> cddy;
  netfile::DecodedFile cddy_file;
  netfile::DecodedFile cdss_file;
};

}  // namespace

double Load::samples_per_event_second() const {
  double s = 0;
  for (const LoadMine& m : mines) {
    s += static_cast<double>(m.points.size()) / static_cast<double>(m.poll.count());
  }
  return s;
}

Time next_upload(const LoadMine& mine) { return mine.next_poll + kUploadDelay; }

void next_file(LoadMine& mine, LoadFormat format, LoadFile& out) { write_file(mine, format, out); }

Result<Load> make_load(const LoadSpec& spec, const std::string& work_dir) {
  sim::SimulateArgs sa;
  sa.mines = spec.mines;
  sa.hours = 0.1;  // definitions and a few polls: the templates
  sa.seed = spec.seed;
  sa.out = work_dir;
  std::string err;
  if (sim::run_simulate(
          sa, Env::posix(), [](std::string_view) {},
          [&err](std::string_view s) { err.append(s); }) != 0) {
    return Status::internal("simulate failed: " + err);
  }
  const netfile::Profile* profile = netfile::builtin_profile("national");
  Load load;
  load.mines_csv = read_all(work_dir + "/mines.csv");
  std::map<std::string, std::vector<server::DemoFile>> by_mine;
  for (auto& f : server::list_demo_files(work_dir)) by_mine[f.mine].push_back(std::move(f));
  std::uint64_t mix = spec.seed * 0x9E3779B97F4A7C15ull + 1;
  bool first = true;
  for (auto& [code, files] : by_mine) {
    LoadMine m;
    m.code = code;
    m.inject_every = spec.inject_every;
    m.rng = mix ^ std::hash<std::string>{}(code);
    if (m.rng == 0) m.rng = 1;
    Template tpl;
    std::vector<Time> polls;
    std::string cddy_name;
    for (const auto& f : files) {
      if (f.name.find("_CDSS_") != std::string::npos) {
        polls.push_back(f.time);
        if (polls.size() == 1) {
          tpl.cdss_file = netfile::decode(f.name, read_all(f.path), *profile, {});
        }
      } else if (f.definition && (f.name.find("_CDDY_") != std::string::npos ||
                                  f.name.find("_FZDY_") != std::string::npos)) {
        if (first) load.start = f.time;
        first = false;
        if (f.name.find("_CDDY_") != std::string::npos) {
          tpl.cddy_file = netfile::decode(f.name, read_all(f.path), *profile, {});
          cddy_name = f.name;
          m.definitions.emplace_back(f.name, std::string());  // widened below
        } else {
          m.definitions.emplace_back(f.name, read_all(f.path));
        }
      }
    }
    const auto cdss = tpl.cdss_file.records_of<netfile::CdssRecord>();
    const auto cddy = tpl.cddy_file.records_of<netfile::CddyRecord>();
    if (polls.size() < 2 || cdss.empty() || cddy.empty()) {
      return Status::internal("simulated mine " + code + " lacks CDSS or CDDY files");
    }
    m.name = tpl.cdss_file.header.mine_name;
    // The simulator's cadence: 10, 15, 20 or 30 s, with 1–4 s of upload jitter.
    const double mean = static_cast<double>((polls.back() - polls.front()).count()) /
                        static_cast<double>(polls.size() - 1);
    m.poll = Seconds{std::max<long long>(10, std::llround(mean / 5) * 5)};
    std::map<std::string_view, const netfile::CddyRecord*> def_of;
    for (const auto& d : cddy) def_of[d.point_code] = &d;
    // Size: log-uniform in [min, max].
    const double lo = std::log(static_cast<double>(spec.min_points));
    const double hi = std::log(static_cast<double>(spec.max_points));
    const auto size =
        static_cast<std::size_t>(std::lround(std::exp(lo + (hi - lo) * uniform(m.rng))));
    std::deque<std::string> codes;  // owns the clones' codes while the CDDY is encoded
    std::vector<netfile::CddyRecord> widened(cddy.begin(), cddy.end());
    for (std::size_t j = 0; j < std::max(size, cdss.size()); ++j) {
      const netfile::CdssRecord& t = cdss[j % cdss.size()];
      const auto def = def_of.find(t.point_code);
      if (def == def_of.end())
        return Status::internal("CDSS point without CDDY: " + std::string(t.point_code));
      LoadPoint p;
      if (j < cdss.size()) {
        p.code = std::string(t.point_code);
      } else {
        char n[8];
        std::snprintf(n, sizeof n, "%04zu", 5000 + j);
        p.code = std::string(t.point_code.substr(0, t.point_code.size() - 4)) + n;
        netfile::CddyRecord c = *def->second;
        c.point_code = codes.emplace_back(p.code);
        widened.push_back(c);
      }
      p.prefix =
          p.code + ";" + std::string(t.sensor_type_name) + ";" + std::string(t.location) + ";";
      p.unit = std::string(t.unit);
      p.scale = t.value.scale;
      p.base = t.value.to_double();
      p.phase = 2 * std::numbers::pi * uniform(m.rng);
      const netfile::CddyRecord& d = *def->second;
      p.analog = d.value_kind == "MN";
      p.methane = p.analog && is_methane_type(d.sensor_type);
      const double step = ulp(p.scale);
      if (p.methane) {
        p.rhythm = 0.3 * p.base;
        p.noise = std::max(step, 0.02);
        p.lo = 0;
        // Below the point's own alarm threshold and the lowest class threshold (0.7 %).
        p.hi = std::min(0.6, d.alarm_high ? d.alarm_high->to_double() - 0.1 : 0.6);
        p.over = kOverLimit;
        m.methane.push_back(m.points.size());
      } else if (p.analog) {
        p.rhythm = 0.05 * std::abs(p.base);
        p.noise = std::max(step, 0.02 * std::abs(p.base));
        p.lo = std::max(0.0, p.base - 0.1 * std::abs(p.base) - step);
        p.hi = p.base + 0.1 * std::abs(p.base) + step;
        if (d.alarm_high) p.hi = std::min(p.hi, d.alarm_high->to_double() - step);
        if (d.alarm_low) p.lo = std::max(p.lo, d.alarm_low->to_double() + step);
        if (p.lo > p.hi) p.lo = p.hi = p.base;
      }
      m.points.push_back(std::move(p));
    }
    netfile::RecordList list(std::move(widened));
    auto bytes =
        netfile::encode_file(*profile, "CDDY", tpl.cddy_file.header, list, tpl.cddy_file.layout);
    if (!bytes.ok()) return Status::internal("widened CDDY: " + bytes.status().message());
    for (auto& [name, b] : m.definitions) {
      if (name == cddy_name) b = std::move(bytes).value();
    }
    m.next_poll =
        load.start + Seconds{60} +
        Seconds{static_cast<long long>(uniform(m.rng) * static_cast<double>(m.poll.count()))};
    m.next_inject =
        m.next_poll + Seconds{static_cast<long long>(
                          uniform(m.rng) * static_cast<double>(spec.inject_every.count()))};
    load.mines.push_back(std::move(m));
  }
  return load;
}

Status check_writer(const LoadMine& mine) {
  const netfile::Profile* profile = netfile::builtin_profile("national");
  LoadMine m = mine;
  m.next_inject = m.next_poll;  // the first file carries an over-limit too
  for (int k = 0; k < 3; ++k) {
    LoadFile f;
    next_file(m, LoadFormat::kNetfile, f);
    const netfile::DecodedFile d =
        netfile::decode(f.name, f.bytes, *profile, netfile::DecodeOptions{f.upload});
    if (!d.accepted) return Status::internal("generated " + f.name + " rejected: " + d.reason);
    if (d.record_count() != mine.points.size()) {
      return Status::internal("generated " + f.name + " decodes to " +
                              std::to_string(d.record_count()) + " records");
    }
    if (!d.diagnostics.empty()) {
      return Status::internal("generated " + f.name + ": " +
                              std::string(netfile::diag_name(d.diagnostics.front().code)));
    }
    const std::string again = netfile::encode(d);
    if (again != f.bytes)
      return Status::internal("generated " + f.name + " is not the encoder's bytes");
  }
  return {};
}

}  // namespace mw::bench
