#pragma once
// Internal to the decoder: the generic record decoder every codec_*.cpp instantiates for its
// types, with the per-type checks those files define. Not part of the public API.

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ingest/netfile/decoder.hpp"
#include "ingest/netfile/envelope.hpp"

namespace mw::netfile::detail {

// Upper bound on members of any record struct (CDDY has 24).
inline constexpr std::size_t kMaxMembers = 32;
// Fields read at most per record when the profile allows extra fields; a record with more
// is broken (no real layout comes near it).
inline constexpr std::size_t kMaxSplitFields = 1024;
inline constexpr int kAbsent = 1 << 20;

// Where each member of a record struct sits in the file's records, resolved once per file.
struct FieldMap {
  std::array<int, kMaxMembers> pos{};  // >= 0 from the start, < 0 from the end, kAbsent
  int extra_at = -1;                   // file index of "...", or -1
  int after_extra = 0;                 // named fields after "..."
};

template <class R>
FieldMap resolve_field_map(const TypeSpec& spec) {
  FieldMap m;
  m.pos.fill(kAbsent);
  const auto dots = std::find(spec.fields.begin(), spec.fields.end(), kExtraFields);
  if (dots != spec.fields.end()) {
    m.extra_at = static_cast<int>(dots - spec.fields.begin());
    m.after_extra = static_cast<int>(spec.fields.end() - dots) - 1;
  }
  std::size_t k = 0;
  R probe{};
  R::fields(probe, [&](std::string_view name, auto&) {
    const auto it = std::find(spec.fields.begin(), spec.fields.end(), name);
    if (it != spec.fields.end() && k < kMaxMembers) {
      const int i = static_cast<int>(it - spec.fields.begin());
      m.pos[k] = m.extra_at >= 0 && i > m.extra_at
                     ? i - static_cast<int>(spec.fields.size())  // counts from the end
                     : i;
    }
    ++k;
  });
  return m;
}

// Per-file decoding state shared by the codecs.
class RecordSink {
 public:
  RecordSink(DecodedFile& out, const TypeSpec& spec, const Profile& profile)
      : out_(out), spec_(spec), profile_(profile) {}

  DecodedFile& out() { return out_; }
  const TypeSpec& spec() const { return spec_; }
  const Profile& profile() const { return profile_; }
  std::string_view mine_code() const { return out_.mine_code; }

  // A record-level problem: listed (up to the profile's cap), always counted.
  void record_diag(DiagCode code, int record, std::string message);
  // Total record diagnostics beyond the cap.
  int suppressed() const { return suppressed_; }
  // The first record whose fields were separated by the full-width '；' (0 = none).
  int fullwidth_record() const { return fullwidth_record_; }
  void note_fullwidth(int record) {
    if (fullwidth_record_ == 0) fullwidth_record_ = record;
  }

 private:
  DecodedFile& out_;
  const TypeSpec& spec_;
  const Profile& profile_;
  int listed_ = 0;
  int suppressed_ = 0;
  int fullwidth_record_ = 0;
};

// A problem that makes a record unusable.
struct Problem {
  DiagCode code = DiagCode::kRecordBadValue;
  std::string message;
};

std::string shown(std::string_view text);  // quoted, truncated for messages

// False, with a kRecordBadTime problem naming both times, when `end` is before `start`.
bool end_not_before_start(Time start, Time end, std::string_view what, Problem& p);

// True when `code` is non-empty printable ASCII without spaces (point/outstation codes).
bool is_code_text(std::string_view code) noexcept;

// Field parsers: true on success. No allocation.
bool parse_int(std::string_view s, std::int32_t& out) noexcept;
// True when a parsed number is written as append_decimal / to_chars would write it back
// (no '+', no leading zeros, no bare '.', no negative zero): byte-identical re-encoding.
bool is_canonical_number(std::string_view s) noexcept;

// Parses the fields of one record into `r`; false with `problem` set on failure.
template <class R>
bool parse_members(const FieldMap& map, const std::vector<std::string_view>& f,
                   std::string_view empty_time, R& r, Problem& problem, int& noncanonical) {
  const int n = static_cast<int>(f.size());
  std::size_t k = 0;
  bool ok = true;
  R::fields(r, [&](std::string_view name, auto& member) {
    const int p = map.pos[k++];
    if (!ok) return;
    using M = std::remove_cvref_t<decltype(member)>;
    if (p == kAbsent) return;  // not in this profile's layout: keeps its default
    std::string_view s;
    const int i = p >= 0 ? p : n + p;
    if (i >= 0 && i < n) s = f[static_cast<std::size_t>(i)];
    auto fail = [&](DiagCode code, std::string_view what) {
      ok = false;
      problem.code = code;
      problem.message = "field " + std::string(name) + " " + shown(s) + " " + std::string(what);
    };
    if constexpr (std::is_same_v<M, std::string_view>) {
      member = s;
    } else if constexpr (std::is_same_v<M, Decimal>) {
      const auto d = parse_decimal(s);
      if (!d) return fail(DiagCode::kRecordBadValue, "is not a number");
      member = *d;
      if (!is_canonical_number(s)) ++noncanonical;
    } else if constexpr (std::is_same_v<M, OptDecimal>) {
      if (s.empty()) return;
      const auto d = parse_decimal(s);
      if (!d) return fail(DiagCode::kRecordBadValue, "is not a number");
      member = *d;
      if (!is_canonical_number(s)) ++noncanonical;
    } else if constexpr (std::is_same_v<M, Time>) {
      const auto t = parse_china_time(s);
      if (!t) return fail(DiagCode::kRecordBadTime, "is not a time yyyy-MM-dd HH:mm:ss");
      member = *t;
    } else if constexpr (std::is_same_v<M, OptTime>) {
      if (s.empty() || (!empty_time.empty() && s == empty_time)) return;
      const auto t = parse_china_time(s);
      if (!t) return fail(DiagCode::kRecordBadTime, "is not a time yyyy-MM-dd HH:mm:ss");
      member = *t;
    } else if constexpr (std::is_same_v<M, Int>) {
      if (!parse_int(s, member)) return fail(DiagCode::kRecordBadValue, "is not an integer");
      if (!is_canonical_number(s)) ++noncanonical;
    } else if constexpr (std::is_same_v<M, OptInt>) {
      if (s.empty()) return;
      Int v = 0;
      if (!parse_int(s, v)) return fail(DiagCode::kRecordBadValue, "is not an integer");
      member = v;
      if (!is_canonical_number(s)) ++noncanonical;
    } else {
      static_assert(sizeof(M) == 0, "unsupported member type");
    }
  });
  return ok;
}

// Decodes every record segment of `body` (the text after the header) into records of
// type R; `check(const R&, RecordSink&, int record, Problem&)` returns false to skip one.
template <class R, class Check>
void decode_records(std::string_view body, RecordSink& sink, Check&& check) {
  const TypeSpec& spec = sink.spec();
  const Profile& profile = sink.profile();
  const std::string& end = profile.envelope.record_end;
  const FieldMap map = resolve_field_map<R>(spec);
  const std::size_t max_split =
      spec.max_fields > 0 ? static_cast<std::size_t>(spec.max_fields) + 1 : kMaxSplitFields;
  const std::uint32_t max_field = profile.limits.max_field_bytes;
  const std::string_view empty_time = profile.quirks.empty_time_text;

  std::size_t segments = 0;
  if (end.size() == 1) {
    segments = static_cast<std::size_t>(std::count(body.begin(), body.end(), end[0]));
  } else {
    for (std::size_t p = body.find(end); p != std::string_view::npos;
         p = body.find(end, p + end.size()))
      ++segments;
  }
  // A record may not hold the file terminator (or a distinct header terminator): the
  // encoder could not write it back. Searched per record only when the body holds one.
  const std::string& file_end = profile.envelope.file_end;
  const std::string& header_end = profile.envelope.header_end;
  const bool check_terms = body.find(file_end) != std::string_view::npos ||
                           (header_end != end && body.find(header_end) != std::string_view::npos);
  std::vector<R> records;
  records.reserve(segments + 1);
  std::vector<std::string_view> fields;
  fields.reserve(max_split);
  Problem problem;
  int noncanonical = 0;

  int index = 0;
  while (!body.empty()) {
    std::size_t cut = body.find(end);
    std::string_view seg;
    if (cut == std::string_view::npos) {
      seg = body;
      body = {};
      sink.record_diag(DiagCode::kEnvelopeUnterminatedSegment, index + 1,
                       "the last record does not end with " + end + " before the file end");
    } else {
      seg = body.substr(0, cut);
      body.remove_prefix(cut + end.size());
    }
    ++index;
    const bool within = split_fields(seg, ';', max_split, fields);
    const int n = static_cast<int>(fields.size());
    if (!within || n < spec.min_fields || (spec.max_fields > 0 && n > spec.max_fields)) {
      std::string msg = "has " + std::string(within ? std::to_string(n) : "too many") +
                        " fields; expected " + std::to_string(spec.min_fields);
      if (spec.max_fields != spec.min_fields) {
        msg += spec.max_fields > 0 ? ".." + std::to_string(spec.max_fields) : " or more";
      }
      if (seg.find(kFullwidthSemicolon) != std::string_view::npos) {
        msg += " (it contains the full-width '；', which is not a separator)";
        sink.note_fullwidth(index);
      }
      sink.record_diag(DiagCode::kRecordFieldCount, index,
                       "record " + std::to_string(index) + " " + msg);
      ++sink.out().skipped;
      continue;
    }
    if (check_terms && (seg.find(file_end) != std::string_view::npos ||
                        (header_end != end && seg.find(header_end) != std::string_view::npos))) {
      sink.record_diag(DiagCode::kRecordBadValue, index,
                       "record " + std::to_string(index) + " holds the terminator " + file_end +
                           (header_end != end ? " or " + header_end : std::string()) +
                           " inside a field");
      ++sink.out().skipped;
      continue;
    }
    bool too_long = false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].size() > max_field) {
        sink.record_diag(DiagCode::kRecordFieldTooLong, index,
                         "record " + std::to_string(index) + " field " + std::to_string(i + 1) +
                             " is " + std::to_string(fields[i].size()) + " bytes; the limit is " +
                             std::to_string(max_field));
        too_long = true;
        break;
      }
    }
    if (too_long) {
      ++sink.out().skipped;
      continue;
    }
    R& r = records.emplace_back();
    if (map.extra_at >= 0) {
      // Extra fields, each with its leading ';', exactly as written (see records.hpp).
      const std::size_t first = static_cast<std::size_t>(map.extra_at);
      const std::size_t stop = fields.size() - static_cast<std::size_t>(map.after_extra);
      if (stop > first) {
        const char* b = fields[first].data() - 1;
        const char* e = fields[stop - 1].data() + fields[stop - 1].size();
        r.extra = std::string_view(b, static_cast<std::size_t>(e - b));
      }
    }
    if (!parse_members(map, fields, empty_time, r, problem, noncanonical) ||
        !check(r, sink, index, problem)) {
      sink.record_diag(problem.code, index,
                       "record " + std::to_string(index) + ": " + problem.message);
      records.pop_back();
      ++sink.out().skipped;
    }
  }
  if (noncanonical > 0) {
    sink.out().diagnostics.push_back(
        Diagnostic{DiagCode::kRecordNoncanonicalNumber, Severity::kInfo, -1,
                   std::to_string(noncanonical) +
                       " numbers are written unusually (e.g. '+1', '007', '.5', '-0'); read by "
                       "value, they would be re-encoded in the usual form"});
  }
  sink.out().records = std::move(records);
}

// Per-family entry points (codec_*.cpp). Each decodes `body` for `sink.spec().kind`.
void decode_monitoring(std::string_view body, RecordSink& sink);
void decode_personnel(std::string_view body, RecordSink& sink);
void decode_series(std::string_view body, RecordSink& sink);

}  // namespace mw::netfile::detail
