// Generic point series (netfile.md §2 "Other families"): drainage, hydrology, ZKSS.
#include "ingest/netfile/codec.hpp"

namespace mw::netfile::detail {

void decode_series(std::string_view body, RecordSink& sink) {
  decode_records<PointSeriesRecord>(
      body, sink, [](const PointSeriesRecord& r, RecordSink&, int, Problem& p) {
        if (is_code_text(r.point_code)) return true;
        p.code = DiagCode::kRecordBadCode;
        p.message = "point code " + shown(r.point_code) +
                    " is empty or holds spaces, control or non-ASCII characters";
        return false;
      });
}

}  // namespace mw::netfile::detail
