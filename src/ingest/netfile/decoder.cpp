#include "ingest/netfile/decoder.hpp"

#include <charconv>

#include "base/text.hpp"
#include "ingest/netfile/codec.hpp"
#include "ingest/netfile/file_name.hpp"

namespace mw::netfile {

std::size_t DecodedFile::record_count() const noexcept {
  return std::visit([](const auto& v) { return v.size(); }, records);
}

namespace detail {

void RecordSink::record_diag(DiagCode code, int record, std::string message) {
  if (listed_ < profile_.limits.max_record_diagnostics) {
    ++listed_;
    out_.diagnostics.push_back(Diagnostic{code, diag_severity(code), record, std::move(message)});
  } else {
    ++suppressed_;
  }
}

std::string shown(std::string_view text) {
  return quoted(text, 60);  // 60 bytes keep messages readable on a garbage field
}

bool end_not_before_start(Time start, Time end, std::string_view what, Problem& p) {
  if (end >= start) return true;
  p.code = DiagCode::kRecordBadTime;
  p.message = std::string(what) + " " + format_china_time(end) + " is before its start " +
              format_china_time(start);
  return false;
}

bool is_code_text(std::string_view code) noexcept {
  if (code.empty()) return false;
  for (const char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u > '~') return false;
  }
  return true;
}

bool is_canonical_number(std::string_view s) noexcept {
  if (s.empty()) return true;
  if (s[0] == '+') return false;
  const std::size_t i = s[0] == '-' ? 1 : 0;
  std::size_t dot = s.size();  // a byte loop: numbers are a few bytes, memchr would cost more
  bool nonzero = false;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] == '.') {
      dot = k;
    } else if (s[k] != '0') {
      nonzero = true;
    }
  }
  if (dot == i) return false;                    // ".5", "-.5"
  if (dot - i > 1 && s[i] == '0') return false;  // "007"
  if (dot + 1 == s.size()) return false;         // "5."
  return i == 0 || nonzero;                      // "-0", "-0.00": no sign on zero
}

bool parse_int(std::string_view s, std::int32_t& out) noexcept {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = b + s.size();
  if (*b == '+') ++b;  // "+1" is not written by any known writer, but harmless
  const auto [ptr, ec] = std::from_chars(b, e, out);
  return ec == std::errc{} && ptr == e && b != e;
}

}  // namespace detail

namespace {

void add(DecodedFile& f, DiagCode code, int record, std::string message) {
  f.diagnostics.push_back(Diagnostic{code, diag_severity(code), record, std::move(message)});
}

std::string known_types(const Profile& p) {
  std::string out;
  for (const TypeSpec& t : p.types) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

// Fills the header from its fields; false after adding an error.
bool decode_header(std::string_view seg, const TypeSpec& spec, const Profile& profile,
                   const DecodeOptions& options, DecodedFile& f) {
  std::vector<std::string_view> fields;
  const std::size_t want = spec.header.size();
  const bool within = split_fields(seg, ';', want + 1, fields);
  if (!within || fields.size() != want) {
    if (seg.find(kFullwidthSemicolon) != std::string_view::npos) {
      add(f, DiagCode::kEnvelopeFullwidthSeparator, 0,
          "fields are separated by the full-width '；' instead of ';' (header " +
              detail::shown(seg) + ")");
      return false;
    }
    add(f, DiagCode::kHeaderFieldCount, 0,
        "header has " + (within ? std::to_string(fields.size()) : std::string("too many")) +
            " fields; profile " + profile.name + " expects " + std::to_string(want) + " for " +
            spec.name + " (" + detail::shown(seg) + ")");
    return false;
  }
  if (seg.find(profile.envelope.file_end) != std::string_view::npos) {
    add(f, DiagCode::kHeaderBadValue, 0,
        "the header holds the file terminator " + profile.envelope.file_end + " inside a field");
    return false;
  }
  Header& h = f.header;
  for (std::size_t i = 0; i < want; ++i) {
    const std::string& name = spec.header[i];
    const std::string_view v = fields[i];
    if (v.size() > profile.limits.max_field_bytes) {
      add(f, DiagCode::kHeaderBadValue, 0,
          "header field " + name + " is " + std::to_string(v.size()) + " bytes; the limit is " +
              std::to_string(profile.limits.max_field_bytes));
      return false;
    }
    if (name == "upload_time") {
      const auto t = parse_china_time(v);
      if (!t) {
        add(f, DiagCode::kHeaderBadTime, 0,
            "header upload time " + detail::shown(v) + " is not yyyy-MM-dd HH:mm:ss");
        return false;
      }
      h.upload_time = *t;
    } else if (name == "mine_code") {
      h.mine_code = v;
    } else if (name == "mine_name") {
      h.mine_name = v;
    } else if (name == "system_model") {
      h.system_model = v;
    } else if (name == "system_name") {
      h.system_name = v;
    } else if (name == "vendor") {
      h.vendor = v;
    } else if (name == "cert_expiry") {
      h.cert_expiry = v;
    } else if (name == "approved_total") {
      h.approved_total = v;
    } else if (name == "person_count") {
      h.person_count = v;
    } else if (name == "switch_count") {
      h.switch_count = v;
    } else if (name == "analog_count") {
      h.analog_count = v;
    } else {
      h.reserved.emplace_back(v);
    }
  }
  const bool has_mine =
      std::find(spec.header.begin(), spec.header.end(), "mine_code") != spec.header.end();
  if (has_mine && h.mine_code != f.mine_code) {
    add(f, DiagCode::kHeaderMineMismatch, 0,
        "header mine code " + h.mine_code.substr(0, 40) + " differs from file name " + f.mine_code);
    return false;
  }
  if (h.upload_time && options.now != Time{} &&
      *h.upload_time > options.now + Seconds{profile.limits.future_tolerance_seconds}) {
    add(f, DiagCode::kHeaderFutureTime, 0,
        "header time " + format_china_time(*h.upload_time) + " is " +
            std::to_string((*h.upload_time - options.now).count()) +
            " s in the future (tolerance " +
            std::to_string(profile.limits.future_tolerance_seconds) +
            " s): check the central station's clock");
    return false;
  }
  return true;
}

void finish(DecodedFile& f) {
  for (const Diagnostic& d : f.diagnostics) {
    if (d.severity == Severity::kError) {
      f.accepted = false;
      f.reason = d.message;
      return;
    }
  }
  f.accepted = true;
}

}  // namespace

DecodedFile decode(std::string_view file_name, std::string_view bytes, const Profile& profile,
                   const DecodeOptions& options) {
  DecodedFile f;
  f.path = file_name;
  f.name = base_name(file_name);
  f.profile = &profile;
  f.text = std::make_shared<const std::string>();

  if (bytes.size() > profile.limits.max_file_bytes) {
    add(f, DiagCode::kFileTooLarge, -1,
        "file is " + std::to_string(bytes.size()) + " bytes; the limit is " +
            std::to_string(profile.limits.max_file_bytes) + " bytes");
    finish(f);
    return f;
  }
  Result<FileName> name = parse_file_name(f.name);
  if (!name.ok()) {
    add(f, DiagCode::kNameInvalid, -1, name.status().message());
    finish(f);
    return f;
  }
  f.mine_code = name->mine_code;
  f.type_name = name->type_name;
  f.name_time = name->time;
  const TypeSpec* spec = profile.find_type(f.type_name);
  if (spec == nullptr) {
    add(f, DiagCode::kNameUnknownType, -1,
        "type '" + f.type_name + "' in the file name is not one profile " + profile.name +
            " knows (" + known_types(profile) + ")");
    finish(f);
    return f;
  }
  f.type = spec->kind;
  f.records = empty_record_list(spec->kind);

  Unwrapped u = unwrap(bytes, profile);
  f.layout = u.layout;
  f.diagnostics = std::move(u.diagnostics);
  if (!u.ok) {
    finish(f);
    return f;
  }
  // The buffer must be in its final place before records take views into it.
  f.text = std::make_shared<const std::string>(std::move(u.text));
  const std::string_view text = *f.text;

  const std::string& header_end = profile.envelope.header_end;
  const std::size_t cut = text.find(header_end);
  const std::string_view header = text.substr(0, cut);
  const std::string_view body =
      cut == std::string_view::npos ? std::string_view{} : text.substr(cut + header_end.size());
  if (cut == std::string_view::npos) {
    add(f, DiagCode::kEnvelopeUnterminatedSegment, 0,
        "the header does not end with " + header_end + " before the file end");
  }
  if (!decode_header(header, *spec, profile, options, f)) {
    finish(f);
    return f;
  }

  detail::RecordSink sink(f, *spec, profile);
  switch (spec->kind) {
    case FileType::kCddy:
    case FileType::kCdss:
    case FileType::kTjsj:
    case FileType::kYcbj:
    case FileType::kFzdy:
    case FileType::kFzss: detail::decode_monitoring(body, sink); break;
    case FileType::kPointSeries: detail::decode_series(body, sink); break;
    default: detail::decode_personnel(body, sink); break;
  }
  if (sink.fullwidth_record() > 0) {  // netfile.md §1: reject as malformed, with that reason
    add(f, DiagCode::kEnvelopeFullwidthSeparator, sink.fullwidth_record(),
        "record " + std::to_string(sink.fullwidth_record()) +
            " separates its fields with the full-width '；' instead of ';': fix the writer");
  }
  if (sink.suppressed() > 0) {
    add(f, DiagCode::kFileMoreDiagnostics, -1,
        std::to_string(sink.suppressed()) + " more record problems not listed");
  }
  const std::size_t good = f.record_count();
  const std::size_t total = good + static_cast<std::size_t>(f.skipped);
  if (f.skipped > 0 &&
      static_cast<double>(f.skipped) > profile.limits.max_bad_ratio * static_cast<double>(total)) {
    add(f, DiagCode::kFileTooManyBadRecords, -1,
        std::to_string(f.skipped) + " of " + std::to_string(total) + " records are bad (" +
            std::to_string(f.skipped * 100 / static_cast<int>(total)) + " %); more than " +
            std::to_string(static_cast<int>(profile.limits.max_bad_ratio * 100 + 0.5)) +
            " % rejects the whole file");
  }
  finish(f);
  return f;
}

}  // namespace mw::netfile
