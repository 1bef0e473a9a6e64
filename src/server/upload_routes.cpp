#include "server/upload_routes.hpp"

#include <simdjson.h>

#include <deque>

#include "base/json.hpp"
#include "ingest/netfile/encoder.hpp"
#include "ingest/netfile/file_name.hpp"
#include "ingest/netfile/records.hpp"

namespace mw::server {
namespace {

// The longest networking file name: a 20-character mine code, a type, a 14-digit time.
constexpr std::size_t kMaxNameBytes = 128;

std::optional<std::string_view> bearer(const Request& req) {
  const auto auth = req.header("authorization");
  if (!auth) return std::nullopt;
  constexpr std::string_view kPrefix = "Bearer ";
  if (auth->size() <= kPrefix.size() || auth->substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  return auth->substr(kPrefix.size());
}

Response unauthorized(std::string_view message) {
  Response r = Response::error(401, message);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"minewatch uploads\"");
  return r;
}

// 401/403 for the key of `mine`; nullopt when the key is the mine's current one.
std::optional<Response> check_key(const Request& req, const UploadDeps& deps,
                                  std::string_view mine) {
  const auto key = bearer(req);
  if (!key)
    return unauthorized("missing upload key: send 'Authorization: Bearer <mine upload key>'");
  switch (deps.check_key(mine, *key)) {
    case UploadKeyCheck::kOk: return std::nullopt;
    case UploadKeyCheck::kUnknownKey:
      return unauthorized(
          "upload key not valid (unknown, rotated or revoked); ask the operator "
          "for the mine's current key");
    case UploadKeyCheck::kOtherMine:
      return Response::error(403,
                             "this upload key belongs to another mine than " + std::string(mine));
  }
  return Response::error(500, "unexpected key check result");
}

void write_diagnostics(JsonWriter& w, const pipeline::IngestOutcome& o) {
  w.key("diagnostics").begin_array();
  for (const auto& d : o.diagnostics) w.value(d);
  w.end_array();
}

// The answer to an ingest: 201 once durable, 422 when quarantined, 503 when the store
// refused (the sender retries), 500 otherwise.
Response answer(const Result<pipeline::IngestOutcome>& result, std::string_view name,
                const UploadDeps& deps) {
  if (!result.ok()) {
    const Status& s = result.status();
    switch (s.code()) {
      case StatusCode::kResourceExhausted:
      case StatusCode::kIoError:
      case StatusCode::kUnavailable: {
        Response r = Response::error(503, "not stored, retry later: " + s.message());
        r.headers.emplace_back("Retry-After", "30");
        return r;
      }
      case StatusCode::kInvalidArgument: return Response::error(400, s.message());
      default: return Response::error(500, "not stored: " + s.message());
    }
  }
  const pipeline::IngestOutcome& o = *result;
  std::string body;
  JsonWriter w(body);
  w.begin_object();
  if (o.kind == pipeline::IngestOutcome::Kind::kQuarantined) {
    w.key("error").value("file quarantined: " + o.reason);
    w.key("file").value(name);
    write_diagnostics(w, o);
    w.end_object();
    return Response::json(422, std::move(body));
  }
  if (deps.on_ingested) deps.on_ingested(o.mine, o);
  w.key("file").value(name);
  w.key("outcome").value(pipeline::ingest_outcome_name(o.kind));
  w.key("records").value(static_cast<std::uint64_t>(o.records));
  w.key("samples").value(static_cast<std::uint64_t>(o.samples));
  write_diagnostics(w, o);
  w.end_object();
  return Response::json(201, std::move(body));
}

Response put_file(const Request& req, const PathParams& params, const UploadDeps& deps) {
  const std::string& mine = params.at("mine");
  const std::string& name = params.at("name");
  if (auto denied = check_key(req, deps, mine)) return *denied;
  if (Status s = check_upload_name(name); !s.ok()) return Response::error(400, s.message());
  const auto parsed = netfile::parse_file_name(name);
  if (!parsed.ok()) {
    return Response::error(400,
                           "not a networking file name (<mine>_<TYPE>_<yyyyMMddHHmmss>.txt): " +
                               parsed.status().message());
  }
  if (parsed->mine_code != mine) {
    return Response::error(400, "the file name names mine " + std::string(parsed->mine_code) +
                                    " but the URL names mine " + mine);
  }
  if (req.body.empty()) return Response::error(400, "empty body: send the file's bytes");
  return answer(deps.ingest(name, req.body), name, deps);
}

Response post_batch(const Request& req, const UploadDeps& deps) {
  if (deps.profile == nullptr) return Response::error(500, "JSON ingest not configured");
  auto batch = encode_json_batch(req.body, *deps.profile);
  if (!batch.ok()) return Response::error(400, batch.status().message());
  if (auto denied = check_key(req, deps, batch->mine)) return *denied;
  return answer(deps.ingest(batch->name, batch->bytes), batch->name, deps);
}

std::string_view trim_token(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t' ||
          s.back() == ',' || s.back() == '}' || s.back() == ']')) {
    s.remove_suffix(1);
  }
  return s;
}

Result<Time> json_time(simdjson::ondemand::value v, std::string_view what) {
  std::string_view text;
  if (v.get_string().get(text))
    return Status::invalid_argument(std::string(what) + " must be a string");
  const auto t = parse_iso8601(text);
  if (!t) {
    return Status::invalid_argument(std::string(what) +
                                    " is not an ISO 8601 time "
                                    "(2026-09-23T10:13:19+08:00): " +
                                    std::string(text));
  }
  return *t;
}

}  // namespace

Status check_upload_name(std::string_view name) {
  if (name.empty()) return Status::invalid_argument("empty file name");
  if (name.size() > kMaxNameBytes) {
    return Status::invalid_argument("file name longer than " + std::to_string(kMaxNameBytes) +
                                    " bytes");
  }
  if (name.front() == '.') return Status::invalid_argument("file name must not start with '.'");
  if (name.find("..") != std::string_view::npos) {
    return Status::invalid_argument("file name must not contain '..'");
  }
  for (const char c : name) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) {
      return Status::invalid_argument(
          "file name may hold only letters, digits, '_', '-' and '.' (no paths)");
    }
  }
  return {};
}

Result<EncodedBatch> encode_json_batch(std::string_view json, const netfile::Profile& profile) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return Status::invalid_argument("body is not JSON");
  simdjson::ondemand::object root;
  if (doc.get_object().get(root)) return Status::invalid_argument("body must be a JSON object");

  EncodedBatch out;
  std::optional<Time> batch_time;
  std::deque<std::string> texts;  // owns what the records' views point at
  std::vector<netfile::CdssRecord> records;
  Time newest{};
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return Status::invalid_argument("malformed JSON");
    simdjson::ondemand::value v;
    if (field.value().get(v)) return Status::invalid_argument("malformed JSON");
    if (key == "mine") {
      std::string_view mine;
      if (v.get_string().get(mine)) return Status::invalid_argument("\"mine\" must be a string");
      out.mine = std::string(mine);
    } else if (key == "time") {
      auto t = json_time(v, "\"time\"");
      if (!t.ok()) return t.status();
      batch_time = *t;
    } else if (key == "points") {
      simdjson::ondemand::array points;
      if (v.get_array().get(points)) return Status::invalid_argument("\"points\" must be an array");
      for (auto pv : points) {
        simdjson::ondemand::object point;
        if (pv.get_object().get(point)) {
          return Status::invalid_argument("each of \"points\" must be an object");
        }
        std::string_view code, type, location, unit;
        std::vector<std::tuple<Time, Decimal, std::int32_t>> samples;
        for (auto pf : point) {
          std::string_view pkey;
          if (pf.unescaped_key().get(pkey)) return Status::invalid_argument("malformed JSON");
          simdjson::ondemand::value pval;
          if (pf.value().get(pval)) return Status::invalid_argument("malformed JSON");
          std::string_view* text = pkey == "code"       ? &code
                                   : pkey == "type"     ? &type
                                   : pkey == "location" ? &location
                                   : pkey == "unit"     ? &unit
                                                        : nullptr;
          if (text != nullptr) {
            std::string_view s;
            if (pval.get_string().get(s)) {
              return Status::invalid_argument("point \"" + std::string(pkey) +
                                              "\" must be a string");
            }
            *text = texts.emplace_back(s);
          } else if (pkey == "samples") {
            simdjson::ondemand::array arr;
            if (pval.get_array().get(arr)) {
              return Status::invalid_argument("\"samples\" must be an array");
            }
            for (auto sv : arr) {
              simdjson::ondemand::object sample;
              if (sv.get_object().get(sample)) {
                return Status::invalid_argument("each sample must be an object");
              }
              std::optional<Time> t;
              std::optional<Decimal> value;
              std::int64_t status = 0;
              for (auto sf : sample) {
                std::string_view skey;
                if (sf.unescaped_key().get(skey)) return Status::invalid_argument("malformed JSON");
                simdjson::ondemand::value sval;
                if (sf.value().get(sval)) return Status::invalid_argument("malformed JSON");
                if (skey == "time") {
                  auto st = json_time(sval, "sample \"time\"");
                  if (!st.ok()) return st.status();
                  t = *st;
                } else if (skey == "value") {
                  simdjson::ondemand::json_type jt;
                  if (sval.type().get(jt) || jt != simdjson::ondemand::json_type::number) {
                    return Status::invalid_argument("sample \"value\" must be a number");
                  }
                  // The number's own text, so 0.10 stays 0.10 (no detour through double).
                  value = parse_decimal(trim_token(sval.raw_json_token()));
                  if (!value) {
                    return Status::invalid_argument(
                        "sample \"value\" is not a decimal this "
                        "platform stores exactly: " +
                        std::string(trim_token(sval.raw_json_token())));
                  }
                } else if (skey == "status") {
                  if (sval.get_int64().get(status) || status < 0 || status > 0xFFFF) {
                    return Status::invalid_argument("sample \"status\" must be an integer 0-65535");
                  }
                } else {
                  return Status::invalid_argument("unknown sample field \"" + std::string(skey) +
                                                  "\" (time, value, status)");
                }
              }
              if (!t || !value) {
                return Status::invalid_argument("each sample needs \"time\" and \"value\"");
              }
              samples.emplace_back(*t, *value, static_cast<std::int32_t>(status));
            }
          } else {
            return Status::invalid_argument("unknown point field \"" + std::string(pkey) +
                                            "\" (code, type, location, unit, samples)");
          }
        }
        if (code.empty()) return Status::invalid_argument("each point needs a \"code\"");
        for (const auto& [t, value, status] : samples) {
          netfile::CdssRecord r;
          r.point_code = code;
          r.sensor_type_name = type;
          r.location = location;
          r.value = value;
          r.unit = unit;
          r.status = status;
          r.time = t;
          records.push_back(r);
          if (t > newest) newest = t;
        }
      }
    } else {
      return Status::invalid_argument("unknown field \"" + std::string(key) +
                                      "\" (mine, time, points)");
    }
  }
  if (out.mine.empty()) return Status::invalid_argument("\"mine\" is required");
  if (check_upload_name(out.mine).ok() == false) {
    return Status::invalid_argument("\"mine\" is not a mine code: " + out.mine);
  }
  if (records.empty()) return Status::invalid_argument("the batch holds no samples");
  out.samples = records.size();
  netfile::Header header;
  header.mine_code = out.mine;
  header.upload_time = batch_time.value_or(newest);
  auto bytes = netfile::encode_file(profile, "CDSS", header,
                                    netfile::RecordList(std::move(records)), netfile::Layout{});
  if (!bytes.ok())
    return Status::invalid_argument("cannot encode the batch: " + bytes.status().message());
  out.name = netfile::make_file_name(out.mine, "CDSS", *header.upload_time);
  if (!check_upload_name(out.name).ok() || !netfile::parse_file_name(out.name).ok()) {
    return Status::invalid_argument("\"mine\" is not a mine code: " + out.mine);
  }
  out.bytes = std::move(bytes).value();
  return out;
}

void add_upload_routes(Router& router, UploadDeps& deps) {
  router.add(Method::kPut, "/api/v1/mines/{mine}/files/{name}",
             [&deps](const Request& req, const PathParams& p) { return put_file(req, p, deps); });
  router.add(Method::kPost, "/api/v1/ingest",
             [&deps](const Request& req, const PathParams&) { return post_batch(req, deps); });
}

}  // namespace mw::server
