// Safety monitoring files (netfile.md §2): CDDY, CDSS, TJSJ, YCBJ, FZDY, FZSS.
#include "ingest/netfile/codec.hpp"
#include "ingest/netfile/relations.hpp"

namespace mw::netfile::detail {
namespace {

bool need_code(std::string_view code, std::string_view what, Problem& p) {
  p.code = DiagCode::kRecordBadCode;
  if (code.empty()) {
    p.message = std::string(what) + " is empty";
    return false;
  }
  if (!is_code_text(code)) {
    p.message = std::string(what) + " " + shown(code) +
                " holds spaces, control characters (e.g. NUL) or non-ASCII characters";
    return false;
  }
  return true;
}

// 测点状态 is a bit set of 0..128 (netfile.md §2), so 0..255.
constexpr Int kMaxPointStatus = 255;

// FZSS 运行状态 / 供电状态 take 0, 1, 2 or 9 (netfile.md §2).
bool is_station_state(Int v) noexcept { return v == 0 || v == 1 || v == 2 || v == 9; }

bool check(const CddyRecord& r, RecordSink& sink, int index, Problem& p) {
  if (!need_code(r.point_code, "point code", p)) return false;
  if (r.value_kind != "MN" && r.value_kind != "KG" && r.value_kind != "LJ" &&
      r.value_kind != "DT" && !r.value_kind.empty()) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "value kind " + shown(r.value_kind) + " is not MN, KG, LJ or DT";
    return false;
  }
  if (!r.relations.empty()) {
    const ParsedRelations rel = parse_relations(r.relations, sink.profile().quirks.relation_form);
    for (const std::string& problem : rel.problems) {
      sink.record_diag(DiagCode::kRecordBadRelation, index,
                       "record " + std::to_string(index) + " (point " + std::string(r.point_code) +
                           "): " + problem);
    }
  }
  return true;
}

bool check(const CdssRecord& r, RecordSink&, int, Problem& p) {
  if (!need_code(r.point_code, "point code", p)) return false;
  if (r.status < 0 || r.status > kMaxPointStatus) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "point status " + std::to_string(r.status) + " is not a bit set of 0..128";
    return false;
  }
  return true;
}

bool check(const TjsjRecord& r, RecordSink&, int, Problem& p) {
  if (!need_code(r.point_code, "point code", p)) return false;
  return end_not_before_start(r.start, r.end, "period end", p);
}

bool check(const YcbjRecord& r, RecordSink&, int, Problem& p) {
  if (!need_code(r.point_code, "point code", p)) return false;
  if (r.abnormal_type.empty()) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "abnormal type (异常类型) is empty";
    return false;
  }
  return !r.end || end_not_before_start(r.start, *r.end, "end", p);
}

bool check(const FzdyRecord& r, RecordSink&, int, Problem& p) {
  return need_code(r.outstation_code, "outstation code", p);
}

bool check(const FzssRecord& r, RecordSink&, int, Problem& p) {
  if (!need_code(r.outstation_code, "outstation code", p)) return false;
  if (!is_station_state(r.run_state) || !is_station_state(r.power_state)) {
    p.code = DiagCode::kRecordBadValue;
    p.message = "run/power state " + std::to_string(r.run_state) + "/" +
                std::to_string(r.power_state) + " is not one of 0, 1, 2, 9";
    return false;
  }
  return true;
}

template <class R>
void run(std::string_view body, RecordSink& sink) {
  decode_records<R>(body, sink,
                    [](const R& r, RecordSink& s, int i, Problem& p) { return check(r, s, i, p); });
}

}  // namespace

void decode_monitoring(std::string_view body, RecordSink& sink) {
  switch (sink.spec().kind) {
    case FileType::kCddy: return run<CddyRecord>(body, sink);
    case FileType::kCdss: return run<CdssRecord>(body, sink);
    case FileType::kTjsj: return run<TjsjRecord>(body, sink);
    case FileType::kYcbj: return run<YcbjRecord>(body, sink);
    case FileType::kFzdy: return run<FzdyRecord>(body, sink);
    case FileType::kFzss: return run<FzssRecord>(body, sink);
    default: return;
  }
}

}  // namespace mw::netfile::detail
