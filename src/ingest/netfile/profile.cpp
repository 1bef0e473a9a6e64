#include "ingest/netfile/profile.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <memory>

#include "ingest/netfile/builtin_profiles.hpp"
#include "ingest/netfile/records.hpp"

namespace mw::netfile {

const TypeSpec* Profile::find_type(std::string_view name_in_file) const noexcept {
  for (const TypeSpec& t : types) {
    if (t.name == name_in_file) return &t;
  }
  return nullptr;
}

const TypeSpec* Profile::find_kind(FileType kind) const noexcept {
  for (const TypeSpec& t : types) {
    if (t.kind == kind) return &t;
  }
  return nullptr;
}

namespace {

Status bad(std::string_view origin, std::string_view what) {
  return Status::invalid_argument("profile " + std::string(origin) + ": " + std::string(what));
}

Result<std::vector<std::string>> string_list(const toml::node_view<const toml::node>& node,
                                             std::string_view origin, std::string_view key) {
  std::vector<std::string> out;
  const toml::array* arr = node.as_array();
  if (arr == nullptr) return bad(origin, std::string(key) + " must be an array of strings");
  for (const toml::node& el : *arr) {
    const auto s = el.value<std::string>();
    if (!s) return bad(origin, std::string(key) + " must hold only strings");
    out.push_back(*s);
  }
  return out;
}

Status check_header(const TypeSpec& t, std::string_view origin) {
  for (const std::string& h : t.header) {
    if (!is_header_field_name(h)) {
      return bad(origin, "type " + t.name + ": unknown header field '" + h + "'");
    }
  }
  return {};
}

Status check_fields(TypeSpec& t, std::string_view origin) {
  const std::vector<std::string_view> known = record_field_names(t.kind);
  int extras = 0;
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    const std::string& f = t.fields[i];
    if (f == kExtraFields) {
      ++extras;
      continue;
    }
    if (f == kReservedField) continue;
    if (std::find(known.begin(), known.end(), f) == known.end()) {
      return bad(origin, "type " + t.name + ": unknown field '" + f + "' for kind " +
                             std::string(file_type_key(t.kind)));
    }
    if (std::find(t.fields.begin() + static_cast<std::ptrdiff_t>(i) + 1, t.fields.end(), f) !=
        t.fields.end()) {
      return bad(origin, "type " + t.name + ": field '" + f + "' appears twice");
    }
  }
  if (extras > 1) return bad(origin, "type " + t.name + ": at most one \"...\" in fields");
  if (!t.fields.empty() && t.fields.front() == kExtraFields) {
    return bad(origin, "type " + t.name + ": \"...\" cannot be the first field");
  }
  const int named = static_cast<int>(t.fields.size()) - extras;
  if (t.min_fields == 0) t.min_fields = named;
  if (t.max_fields == 0 && extras == 0) t.max_fields = named;
  if (t.min_fields < 1 || (t.max_fields != 0 && t.max_fields < t.min_fields)) {
    return bad(origin, "type " + t.name + ": bad min_fields/max_fields");
  }
  if (t.max_fields != 0 && extras == 0 && t.max_fields > named) {
    return bad(origin, "type " + t.name + ": max_fields above the named fields needs \"...\"");
  }
  if (t.max_fields > 1000) return bad(origin, "type " + t.name + ": max_fields above 1000");
  return {};
}

Result<Profile> parse_table(const toml::table& tbl, std::string_view origin) {
  Profile p;
  const auto name = tbl["name"].value<std::string>();
  if (!name || name->empty()) return bad(origin, "missing name");
  p.name = *name;
  p.description = tbl["description"].value_or(std::string{});

  if (const toml::table* env = tbl["envelope"].as_table()) {
    p.envelope.header_end = (*env)["header_end"].value_or(p.envelope.header_end);
    p.envelope.record_end = (*env)["record_end"].value_or(p.envelope.record_end);
    p.envelope.file_end = (*env)["file_end"].value_or(p.envelope.file_end);
    p.envelope.strip_line_breaks =
        (*env)["strip_line_breaks"].value_or(p.envelope.strip_line_breaks);
  }
  for (const std::string* s :
       {&p.envelope.header_end, &p.envelope.record_end, &p.envelope.file_end}) {
    if (s->empty() || s->find(';') != std::string::npos) {
      return bad(origin, "envelope terminators must be non-empty and must not contain ';'");
    }
  }

  if (const toml::table* lim = tbl["limits"].as_table()) {
    Limits& l = p.limits;
    const auto bytes = (*lim)["max_file_bytes"].value<std::int64_t>();
    if (bytes) {
      if (*bytes <= 0) return bad(origin, "limits.max_file_bytes must be positive");
      l.max_file_bytes = static_cast<std::uint64_t>(*bytes);
    }
    const auto field = (*lim)["max_field_bytes"].value<std::int64_t>();
    if (field) {
      if (*field <= 0 || *field > (1 << 30))
        return bad(origin, "limits.max_field_bytes out of range");
      l.max_field_bytes = static_cast<std::uint32_t>(*field);
    }
    l.future_tolerance_seconds =
        (*lim)["future_tolerance_seconds"].value_or(l.future_tolerance_seconds);
    l.unterminated_grace_seconds =
        (*lim)["unterminated_grace_seconds"].value_or(l.unterminated_grace_seconds);
    if (l.future_tolerance_seconds < 0 || l.unterminated_grace_seconds < 0) {
      return bad(origin, "limits: seconds must not be negative");
    }
    l.max_bad_ratio = (*lim)["max_bad_ratio"].value_or(l.max_bad_ratio);
    if (!(l.max_bad_ratio >= 0.0 && l.max_bad_ratio <= 1.0)) {
      return bad(origin, "limits.max_bad_ratio must be within 0..1");
    }
    const auto diags = (*lim)["max_record_diagnostics"].value<std::int64_t>();
    if (diags) {
      if (*diags < 0 || *diags > 100000)
        return bad(origin, "limits.max_record_diagnostics out of range");
      l.max_record_diagnostics = static_cast<int>(*diags);
    }
  }

  if (const toml::table* q = tbl["quirks"].as_table()) {
    p.quirks.empty_time_text = (*q)["empty_time_text"].value_or(std::string{});
    p.quirks.ryss_area_may_be_type = (*q)["ryss_area_may_be_type"].value_or(false);
    const std::string form = (*q)["relation_form"].value_or(std::string{"full"});
    if (form == "full") {
      p.quirks.relation_form = RelationForm::kFull;
    } else if (form == "id-only") {
      p.quirks.relation_form = RelationForm::kIdOnly;
    } else {
      return bad(origin, "quirks.relation_form must be \"full\" or \"id-only\"");
    }
  }

  const toml::array* types = tbl["types"].as_array();
  if (types == nullptr || types->empty()) return bad(origin, "no [[types]]");
  for (const toml::node& node : *types) {
    const toml::table* t = node.as_table();
    if (t == nullptr) return bad(origin, "[[types]] entries must be tables");
    TypeSpec spec;
    spec.name = (*t)["name"].value_or(std::string{});
    if (spec.name.empty() || spec.name.find('_') != std::string::npos) {
      return bad(origin, "a type needs a name without '_'");
    }
    const std::string kind = (*t)["kind"].value_or(spec.name);
    const auto k = file_type_from_key(kind);
    if (!k) return bad(origin, "type " + spec.name + ": unknown kind '" + kind + "'");
    spec.kind = *k;
    auto header = string_list((*t)["header"], origin, "type " + spec.name + " header");
    if (!header.ok()) return header.status();
    spec.header = std::move(header.value());
    auto fields = string_list((*t)["fields"], origin, "type " + spec.name + " fields");
    if (!fields.ok()) return fields.status();
    spec.fields = std::move(fields.value());
    spec.min_fields = static_cast<int>((*t)["min_fields"].value_or(std::int64_t{0}));
    spec.max_fields = static_cast<int>((*t)["max_fields"].value_or(std::int64_t{0}));
    if (spec.header.empty()) return bad(origin, "type " + spec.name + ": empty header");
    MW_RETURN_IF_ERROR(check_header(spec, origin));
    MW_RETURN_IF_ERROR(check_fields(spec, origin));
    if (p.find_type(spec.name) != nullptr) {
      return bad(origin, "type " + spec.name + " defined twice");
    }
    p.types.push_back(std::move(spec));
  }
  return p;
}

}  // namespace

Result<Profile> parse_profile(std::string_view toml_text, std::string_view origin) {
  try {
    const toml::table tbl = toml::parse(toml_text, origin);
    return parse_table(tbl, origin);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    return bad(origin,
               "line " + std::to_string(src.begin.line) + ": " + std::string(e.description()));
  }
}

namespace {
const std::vector<Profile>& builtins() {
  static const std::vector<Profile> kProfiles = [] {
    std::vector<Profile> out;
    for (const BuiltinProfileText& b : builtin_profile_texts()) {
      Result<Profile> p = parse_profile(b.toml, b.file);
      if (p.ok()) out.push_back(std::move(p.value()));  // builtin_profile_test checks all parse
    }
    return out;
  }();
  return kProfiles;
}
}  // namespace

const Profile* builtin_profile(std::string_view name) {
  for (const Profile& p : builtins()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string_view> builtin_profile_names() {
  std::vector<std::string_view> out;
  for (const Profile& p : builtins()) out.emplace_back(p.name);
  return out;
}

}  // namespace mw::netfile
