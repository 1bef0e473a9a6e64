#include "ingest/netfile/inspect.hpp"

#include <type_traits>

#include "base/json.hpp"
#include "ingest/netfile/relations.hpp"

namespace mw::netfile {
namespace {

template <class M>
void put(JsonWriter& w, const M& m) {
  if constexpr (std::is_same_v<M, std::string_view>) {
    w.value(m);
  } else if constexpr (std::is_same_v<M, Decimal>) {
    w.value(m);
  } else if constexpr (std::is_same_v<M, Time>) {
    w.time_value(m);
  } else if constexpr (std::is_same_v<M, Int>) {
    w.value(static_cast<std::int64_t>(m));
  } else {  // std::optional<...>
    if (m) {
      put(w, *m);
    } else {
      w.null();
    }
  }
}

void put_relations(JsonWriter& w, std::string_view text, RelationForm form) {
  const ParsedRelations rel = parse_relations(text, form);
  w.key("relation_list").begin_array();
  for (const Relation& r : rel.relations) {
    w.begin_object();
    w.key("kind").value(relation_kind_name(r.kind));
    w.key("point").value(r.point);
    if (form == RelationForm::kFull) {
      w.key("name").value(r.name);
      w.key("target").value(r.target);
    }
    w.end_object();
  }
  w.end_array();
}

template <class R>
void put_records(const DecodedFile& f, std::span<const R> list, std::string& out) {
  for (const R& r : list) {
    JsonWriter w(out);
    w.begin_object();
    w.key("file").value(f.path);
    w.key("type").value(file_type_key(f.type));
    w.key("record").begin_object();
    R::fields(r, [&](std::string_view name, const auto& m) {
      w.key(name);
      put(w, m);
    });
    if (!r.extra.empty()) w.key("extra").value(r.extra);
    if constexpr (std::is_same_v<R, CddyRecord>) {
      put_relations(w, r.relations,
                    f.profile ? f.profile->quirks.relation_form : RelationForm::kFull);
    }
    w.end_object();
    w.end_object();
    out += '\n';
  }
}

}  // namespace

void append_inspect_json(const DecodedFile& f, std::string& out) {
  if (f.accepted) {
    std::visit(
        [&](const auto& list) {
          using R = typename std::remove_cvref_t<decltype(list)>::value_type;
          put_records<R>(f, std::span<const R>(list.data(), list.size()), out);
        },
        f.records);
  }
  JsonWriter w(out);
  w.begin_object();
  w.key("file").value(f.path);
  w.key("summary").begin_object();
  w.key("status").value(f.accepted ? "ok" : "rejected");
  const bool typed = f.profile != nullptr && f.profile->find_type(f.type_name) != nullptr;
  w.key("type");
  if (typed) {
    w.value(file_type_key(f.type));
  } else {
    w.null();
  }
  w.key("type_name").value(f.type_name);
  w.key("mine").value(f.mine_code);
  w.key("records").value(static_cast<std::uint64_t>(f.record_count()));
  w.key("skipped").value(f.skipped);
  w.key("encoding").value(encoding_name(f.layout.encoding));
  w.key("reason");
  if (f.accepted) {
    w.null();
  } else {
    w.value(f.reason);
  }
  w.key("diagnostics").begin_array();
  for (const Diagnostic& d : f.diagnostics) {
    w.begin_object();
    w.key("code").value(diag_name(d.code));
    w.key("severity").value(severity_name(d.severity));
    w.key("record").value(d.record);
    w.key("message").value(d.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  out += '\n';
}

int run_inspect(const InspectArgs& args, Env& env, Time now,
                const std::function<void(std::string_view)>& out,
                const std::function<void(std::string_view)>& err) {
  Profile loaded;
  const Profile* profile = nullptr;
  if (!args.profile_file.empty()) {
    Result<std::string> text = env.read_file(args.profile_file);
    if (!text.ok()) {
      err("cannot read profile file " + args.profile_file + ": " + text.status().message() + "\n");
      return 2;
    }
    Result<Profile> p = parse_profile(*text, args.profile_file);
    if (!p.ok()) {
      err(p.status().message() + "\n");
      return 2;
    }
    loaded = std::move(p.value());
    profile = &loaded;
  } else {
    profile = builtin_profile(args.profile);
    if (profile == nullptr) {
      std::string known;
      for (std::string_view n : builtin_profile_names()) known += " " + std::string(n);
      err("unknown profile '" + args.profile + "'; built-in profiles:" + known + "\n");
      return 2;
    }
  }
  int status = 0;
  std::string buf;
  for (const std::string& path : args.files) {
    Result<std::string> bytes = env.read_file(path);
    if (!bytes.ok()) {
      err("cannot read " + path + ": " + bytes.status().message() + "\n");
      status = 2;
      continue;
    }
    const DecodedFile f = decode(path, *bytes, *profile, DecodeOptions{now});
    buf.clear();
    append_inspect_json(f, buf);
    out(buf);
    if (!f.accepted && status == 0) status = 1;
  }
  return status;
}

}  // namespace mw::netfile
