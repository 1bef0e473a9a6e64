// Personnel location files (netfile.md §3): RYQY, RYJZ, RYXX, RYSS, JZSS, RYCS, RYQJ, RYXZ,
// RYCY, and the legacy-params personnel parameter file.
#include "ingest/netfile/codec.hpp"
#include "ingest/netfile/relations.hpp"
#include "model/codes.hpp"

namespace mw::netfile::detail {
namespace {

bool code_ok(const Status& s, Problem& p) {
  if (s.ok()) return true;
  p.code = DiagCode::kRecordBadCode;
  p.message = s.message();
  return false;
}

bool card_ok(std::string_view card, const RecordSink& sink, Problem& p) {
  return code_ok(check_card_code(card, sink.mine_code()), p);
}

// An empty area/station is allowed where the person is not underground.
bool area_ok(std::string_view area, const RecordSink& sink, Problem& p) {
  return area.empty() || code_ok(check_area_code(area, sink.mine_code()), p);
}
bool station_ok(std::string_view station, const RecordSink& sink, Problem& p) {
  return station.empty() || code_ok(check_station_code(station, sink.mine_code()), p);
}

bool flag_ok(const OptInt& v, std::string_view what, Problem& p) {
  if (!v || *v == 0 || *v == 1) return true;
  p.code = DiagCode::kRecordBadValue;
  p.message = std::string(what) + " " + std::to_string(*v) + " is not 0 or 1";
  return false;
}

// JZSS 运行状态 / 供电状态 take 0, 1, 2 or 9 as FZSS (netfile.md §3).
bool is_station_state(Int v) noexcept { return v == 0 || v == 1 || v == 2 || v == 9; }

bool check(const RyqyRecord& r, RecordSink& sink, int, Problem& p) {
  if (!code_ok(check_area_code(r.area_code, sink.mine_code()), p)) return false;
  if (r.approved_count && *r.approved_count < 0) {
    p.code = DiagCode::kRecordBadValue;
    p.message =
        "approved headcount (核定人数) " + std::to_string(*r.approved_count) + " is negative";
    return false;
  }
  return true;
}

bool check(const RyjzRecord& r, RecordSink& sink, int, Problem& p) {
  return code_ok(check_station_code(r.station_code, sink.mine_code()), p);
}

bool check(const RyxxRecord& r, RecordSink& sink, int, Problem& p) {
  return card_ok(r.card, sink, p) && flag_ok(r.is_leader, "is_leader", p) &&
         flag_ok(r.is_special, "is_special", p);
}

bool check(const RyssRecord& r, RecordSink& sink, int index, Problem& p) {
  if (!card_ok(r.card, sink, p)) return false;
  // 出入井标志: 1 underground, 2 came up, 0 also seen (netfile.md §3).
  if (r.in_mine_flag < 0 || r.in_mine_flag > 2) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "in-mine flag (出入井标志) " + std::to_string(r.in_mine_flag) + " is not 0, 1 or 2";
    return false;
  }
  if (!sink.profile().quirks.ryss_area_may_be_type && !area_ok(r.area_code, sink, p)) return false;
  if (!station_ok(r.station_code, sink, p)) return false;
  if (!flag_ok(r.is_leader, "is_leader", p) || !flag_ok(r.is_special, "is_special", p)) {
    return false;
  }
  const int bad = for_each_track_point(r.track, [](const TrackPoint&) {});
  if (bad > 0) {
    sink.record_diag(DiagCode::kRecordBadTrack, index,
                     "record " + std::to_string(index) + " (card " + std::string(r.card) +
                         "): " + std::to_string(bad) + " track pairs are not station&time");
  }
  return true;
}

bool check(const JzssRecord& r, RecordSink& sink, int, Problem& p) {
  if (!code_ok(check_station_code(r.station_code, sink.mine_code()), p)) return false;
  if (!is_station_state(r.run_state) || !is_station_state(r.power_state)) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "run/power state " + std::to_string(r.run_state) + "/" +
                std::to_string(r.power_state) + " is not one of 0, 1, 2, 9";
    return false;
  }
  return true;
}

template <FileType T>
bool check(const PersonEventRecord<T>& r, RecordSink& sink, int, Problem& p) {
  if (!card_ok(r.card, sink, p) || !area_ok(r.area_code, sink, p) ||
      !station_ok(r.station_code, sink, p)) {
    return false;
  }
  return !r.end || end_not_before_start(r.start, *r.end, "end", p);
}

bool check(const RycyRecord& r, RecordSink& sink, int, Problem& p) {
  if (!area_ok(r.area_code, sink, p)) return false;
  return !r.end || end_not_before_start(r.start, *r.end, "end", p);
}

bool check(const PersonnelParamsRecord& r, RecordSink& sink, int, Problem& p) {
  return card_ok(r.card, sink, p);
}

template <class R>
void run(std::string_view body, RecordSink& sink) {
  decode_records<R>(body, sink,
                    [](const R& r, RecordSink& s, int i, Problem& p) { return check(r, s, i, p); });
}

}  // namespace

void decode_personnel(std::string_view body, RecordSink& sink) {
  switch (sink.spec().kind) {
    case FileType::kRyqy: return run<RyqyRecord>(body, sink);
    case FileType::kRyjz: return run<RyjzRecord>(body, sink);
    case FileType::kRyxx: return run<RyxxRecord>(body, sink);
    case FileType::kRyss: return run<RyssRecord>(body, sink);
    case FileType::kJzss: return run<JzssRecord>(body, sink);
    case FileType::kRycs: return run<RycsRecord>(body, sink);
    case FileType::kRyqj: return run<RyqjRecord>(body, sink);
    case FileType::kRyxz: return run<RyxzRecord>(body, sink);
    case FileType::kRycy: return run<RycyRecord>(body, sink);
    case FileType::kPersonnelParams: return run<PersonnelParamsRecord>(body, sink);
    default: return;
  }
}

}  // namespace mw::netfile::detail
