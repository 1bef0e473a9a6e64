#include "rules/rule_pack.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "rules/pack_toml.hpp"

namespace mw {
namespace {

using pack_toml::Where;

// Assigns `out` from a Result or returns its error from the enclosing function.
#define MW_ASSIGN_OR_RETURN(out, expr)      \
  do {                                      \
    auto mw_r_ = (expr);                    \
    if (!mw_r_.ok()) return mw_r_.status(); \
    (out) = std::move(mw_r_).value();       \
  } while (0)

constexpr std::int64_t kSecond = 1;
constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;

// Fills `r` from a class table; with `inherit`, keys left out keep the inherited value.
Status parse_class_rule(const toml::table& t, const Where& w, MethaneClassRule& r, bool inherit) {
  if (!inherit) {  // only a base class table may hold an outburst variant
    MW_RETURN_IF_ERROR(pack_toml::check_keys(
        t, w,
        {"location", "alarm", "cut", "restore", "power_cut_relation", "cut_range", "outburst"}));
  } else {
    MW_RETURN_IF_ERROR(pack_toml::check_keys(
        t, w, {"location", "alarm", "cut", "restore", "power_cut_relation", "cut_range"}));
  }
  if (!inherit || t.contains("alarm")) {
    MW_ASSIGN_OR_RETURN(r.alarm, pack_toml::sourced_decimal(t, "alarm", w));
  }
  if (t.contains("cut")) MW_ASSIGN_OR_RETURN(r.cut, pack_toml::sourced_decimal(t, "cut", w));
  if (t.contains("restore")) {
    MW_ASSIGN_OR_RETURN(r.restore, pack_toml::sourced_decimal(t, "restore", w));
  }
  if (const toml::node* n = t.get("power_cut_relation")) {
    const auto b = n->value_exact<bool>();
    if (!b)
      return w.error(pack_toml::line_of(*n),
                     w.key("power_cut_relation") + " must be true or false");
    r.power_cut_relation = *b;
  } else if (!inherit) {
    return w.error(pack_toml::line_of(t), "missing " + w.key("power_cut_relation"));
  }
  if (t.contains("cut_range")) {
    MW_ASSIGN_OR_RETURN(r.cut_range, pack_toml::string(t, "cut_range", w, true));
  }
  if (t.contains("location")) {
    MW_ASSIGN_OR_RETURN(r.location, pack_toml::string(t, "location", w, true));
  }
  const int line = pack_toml::line_of(t);
  if (r.power_cut_relation && !r.cut) {
    return w.error(line, w.path + ": power_cut_relation = true needs a cut threshold");
  }
  if (r.cut && r.alarm.value.compare(r.cut->value) > 0) {
    return w.error(r.cut->line, w.path + ": cut is below alarm");
  }
  if (r.restore && (!r.cut || r.restore->value.compare(r.cut->value) > 0)) {
    return w.error(r.restore->line, w.path + ": restore needs a cut at or above it");
  }
  return {};
}

Status parse_methane(const toml::table& root, RulePack& p, std::string_view origin) {
  const Where top{origin, ""};
  const toml::table* m = nullptr;
  MW_ASSIGN_OR_RETURN(m, pack_toml::table(root, "methane", top));
  const Where w = top.child("methane");
  for (auto&& [k, v] : *m) {
    const auto cls = parse_location_class(k.str());
    if (!cls || *cls == LocationClass::kUnclassified) {
      return w.error(static_cast<int>(k.source().begin.line),
                     "unknown location class '" + w.key(k.str()) + "'");
    }
  }
  for (LocationClass cls : all_location_classes()) {
    const std::string_view name = location_class_name(cls);
    const toml::table* ct = nullptr;
    MW_ASSIGN_OR_RETURN(ct, pack_toml::table(*m, name, w));
    MethaneClassEntry& e = p.methane[location_class_index(cls)];
    e.base.cls = cls;
    MW_RETURN_IF_ERROR(parse_class_rule(*ct, w.child(name), e.base, false));
    if (ct->contains("outburst")) {
      const toml::table* ot = nullptr;
      MW_ASSIGN_OR_RETURN(ot, pack_toml::table(*ct, "outburst", w.child(name)));
      MethaneClassRule variant = e.base;
      MW_RETURN_IF_ERROR(parse_class_rule(*ot, w.child(name).child("outburst"), variant, true));
      e.outburst = std::move(variant);
    }
  }
  return {};
}

// [section.sub] as a table with exactly `keys`.
Result<const toml::table*> section(const toml::table& root, std::string_view a, std::string_view b,
                                   std::string_view origin,
                                   std::initializer_list<std::string_view> keys) {
  const Where top{origin, ""};
  const toml::table* s = nullptr;
  MW_ASSIGN_OR_RETURN(s, pack_toml::table(root, a, top));
  const toml::table* t = nullptr;
  MW_ASSIGN_OR_RETURN(t, pack_toml::table(*s, b, top.child(a)));
  MW_RETURN_IF_ERROR(pack_toml::check_keys(*t, top.child(a).child(b), keys));
  return t;
}

Status parse_sections(const toml::table& root, RulePack& p, std::string_view origin) {
  const Where top{origin, ""};
  const toml::table* t = nullptr;

  MW_ASSIGN_OR_RETURN(t, section(root, "gas", "co_alarm", origin, {"limit_ppm", "red_factor"}));
  Where w = top.child("gas").child("co_alarm");
  MW_ASSIGN_OR_RETURN(p.co.limit_ppm, pack_toml::sourced_decimal(*t, "limit_ppm", w));
  MW_ASSIGN_OR_RETURN(p.co.red_factor, pack_toml::sourced_decimal(*t, "red_factor", w));

  MW_ASSIGN_OR_RETURN(t, section(root, "gas", "power_cut_failed", origin, {"check_window_s"}));
  w = top.child("gas").child("power_cut_failed");
  MW_ASSIGN_OR_RETURN(p.power_cut.check_window,
                      pack_toml::sourced_duration(*t, "check_window_s", kSecond, w));

  MW_ASSIGN_OR_RETURN(t, section(root, "sensor", "fault", origin, {"duration_min"}));
  w = top.child("sensor").child("fault");
  MW_ASSIGN_OR_RETURN(p.fault.min_duration,
                      pack_toml::sourced_duration(*t, "duration_min", kMinute, w));

  MW_ASSIGN_OR_RETURN(t, section(root, "sensor", "flatline", origin,
                                 {"duration_min", "min_samples", "min_people", "classes"}));
  w = top.child("sensor").child("flatline");
  MW_ASSIGN_OR_RETURN(p.flatline.min_duration,
                      pack_toml::sourced_duration(*t, "duration_min", kMinute, w));
  MW_ASSIGN_OR_RETURN(p.flatline.min_samples, pack_toml::sourced_count(*t, "min_samples", w));
  MW_ASSIGN_OR_RETURN(p.flatline.min_people, pack_toml::sourced_count(*t, "min_people", w));
  std::vector<std::string> names;
  MW_ASSIGN_OR_RETURN(names, pack_toml::string_list(*t, "classes", w, true));
  for (const std::string& n : names) {
    const auto cls = parse_location_class(n);
    if (!cls || *cls == LocationClass::kUnclassified) {
      return w.error(pack_toml::line_of(*t->get("classes")),
                     w.key("classes") + ": unknown location class '" + n + "'");
    }
    p.flatline.classes.push_back(*cls);
  }

  MW_ASSIGN_OR_RETURN(t, section(root, "sensor", "calibration_suspicious", origin,
                                 {"max_time_min", "max_episodes", "window_h"}));
  w = top.child("sensor").child("calibration_suspicious");
  MW_ASSIGN_OR_RETURN(p.calibration.max_time,
                      pack_toml::sourced_duration(*t, "max_time_min", kMinute, w));
  MW_ASSIGN_OR_RETURN(p.calibration.max_episodes, pack_toml::sourced_count(*t, "max_episodes", w));
  MW_ASSIGN_OR_RETURN(p.calibration.window, pack_toml::sourced_duration(*t, "window_h", kHour, w));

  MW_ASSIGN_OR_RETURN(t,
                      section(root, "mine", "upload_gap", origin, {"gap_min", "orange_after_min"}));
  w = top.child("mine").child("upload_gap");
  MW_ASSIGN_OR_RETURN(p.upload_gap.gap, pack_toml::sourced_duration(*t, "gap_min", kMinute, w));
  MW_ASSIGN_OR_RETURN(p.upload_gap.orange_after,
                      pack_toml::sourced_duration(*t, "orange_after_min", kMinute, w));

  MW_ASSIGN_OR_RETURN(
      t, section(root, "mine", "activity_while_closed", origin, {"maintenance_allowance"}));
  w = top.child("mine").child("activity_while_closed");
  MW_ASSIGN_OR_RETURN(p.closed_mine.maintenance_allowance,
                      pack_toml::sourced_count(*t, "maintenance_allowance", w));

  MW_ASSIGN_OR_RETURN(t, section(root, "personnel", "area_over_limit", origin, {"red_factor"}));
  w = top.child("personnel").child("area_over_limit");
  MW_ASSIGN_OR_RETURN(p.area_over_limit.red_factor,
                      pack_toml::sourced_decimal(*t, "red_factor", w));

  MW_ASSIGN_OR_RETURN(t, section(root, "personnel", "overtime", origin, {"default_hours"}));
  w = top.child("personnel").child("overtime");
  MW_ASSIGN_OR_RETURN(p.overtime.default_hours, pack_toml::sourced_decimal(*t, "default_hours", w));

  MW_ASSIGN_OR_RETURN(t, section(root, "personnel", "leader_absent", origin,
                                 {"default_shifts", "min_people", "min_fraction"}));
  w = top.child("personnel").child("leader_absent");
  MW_ASSIGN_OR_RETURN(p.leader_absent.default_shifts,
                      pack_toml::sourced_shifts(*t, "default_shifts", w));
  MW_ASSIGN_OR_RETURN(p.leader_absent.min_people, pack_toml::sourced_count(*t, "min_people", w));
  MW_ASSIGN_OR_RETURN(p.leader_absent.min_fraction,
                      pack_toml::sourced_decimal(*t, "min_fraction", w));
  if (p.leader_absent.min_fraction.value.compare(Decimal{1, 0}) > 0) {
    return w.error(p.leader_absent.min_fraction.line, w.key("min_fraction") + " must be ≤ 1");
  }

  MW_ASSIGN_OR_RETURN(t, section(root, "alarms", "flap", origin, {"merge_min"}));
  w = top.child("alarms").child("flap");
  MW_ASSIGN_OR_RETURN(p.flap.merge_window,
                      pack_toml::sourced_duration(*t, "merge_min", kMinute, w));

  MW_ASSIGN_OR_RETURN(
      t, section(root, "data", "suspected_fabrication", origin,
                 {"min_window_min", "min_fingerprints", "max_abs_autocorrelation", "max_kurtosis",
                  "min_point_samples", "min_distinct_values", "min_points", "min_white_fraction",
                  "min_files", "min_identical_fraction", "min_crew", "min_shift_start_fraction",
                  "min_snapshots", "min_rhythm_hours", "max_rhythm_ratio", "min_track_points",
                  "min_identical_track_fraction"}));
  w = top.child("data").child("suspected_fabrication");
  MW_ASSIGN_OR_RETURN(p.fabrication.min_window,
                      pack_toml::sourced_duration(*t, "min_window_min", kMinute, w));
  FabricationRule& f = p.fabrication;
  for (auto [key, out] : {std::pair{"min_fingerprints", &f.min_fingerprints},
                          {"min_point_samples", &f.min_point_samples},
                          {"min_distinct_values", &f.min_distinct_values},
                          {"min_points", &f.min_points},
                          {"min_files", &f.min_files},
                          {"min_crew", &f.min_crew},
                          {"min_snapshots", &f.min_snapshots},
                          {"min_rhythm_hours", &f.min_rhythm_hours},
                          {"min_track_points", &f.min_track_points}}) {
    MW_ASSIGN_OR_RETURN(*out, pack_toml::sourced_count(*t, key, w));
  }
  MW_ASSIGN_OR_RETURN(f.max_kurtosis, pack_toml::sourced_decimal(*t, "max_kurtosis", w));
  MW_ASSIGN_OR_RETURN(f.max_rhythm_ratio, pack_toml::sourced_decimal(*t, "max_rhythm_ratio", w));
  for (auto [key, out] : {std::pair{"max_abs_autocorrelation", &f.max_abs_autocorrelation},
                          {"min_white_fraction", &f.min_white_fraction},
                          {"min_identical_fraction", &f.min_identical_fraction},
                          {"min_shift_start_fraction", &f.min_shift_start_fraction},
                          {"min_identical_track_fraction", &f.min_identical_track_fraction}}) {
    MW_ASSIGN_OR_RETURN(*out, pack_toml::sourced_decimal(*t, key, w));
    if (out->value.compare(Decimal{1, 0}) > 0) {
      return w.error(out->line, w.key(key) + " must be ≤ 1");
    }
  }
  return {};
}

// `"<point code>" = "<class id>"` entries of `t` into `out`.
Status read_overrides(const toml::table& t, const Where& w,
                      std::map<std::string, LocationClass, std::less<>>& out) {
  for (auto&& [k, v] : t) {
    const auto name = v.value<std::string>();
    const auto cls = name ? parse_location_class(*name) : std::nullopt;
    if (!cls) {
      return w.error(pack_toml::line_of(v), "override for point '" + std::string(k.str()) +
                                                "' must name a location class");
    }
    out.insert_or_assign(std::string(k.str()), *cls);
  }
  return {};
}

Status parse_classifier(const toml::table& root, RulePack& p, std::string_view origin) {
  const Where top{origin, ""};
  const toml::table* c = nullptr;
  MW_ASSIGN_OR_RETURN(c, pack_toml::table(root, "classifier", top));
  const Where w = top.child("classifier");
  MW_RETURN_IF_ERROR(pack_toml::check_keys(*c, w, {"synonyms", "rules", "overrides"}));
  ClassifierConfig cfg;

  const toml::array* syn = (*c)["synonyms"].as_array();
  if (c->contains("synonyms") && syn == nullptr) {
    return w.error(pack_toml::line_of(*c->get("synonyms")),
                   "classifier.synonyms must be [[classifier.synonyms]]");
  }
  const Where ws = w.child("synonyms");
  const toml::array kNoSynonyms;
  for (const toml::node& n : syn != nullptr ? *syn : kNoSynonyms) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return ws.error(pack_toml::line_of(n), "entries must be tables");
    MW_RETURN_IF_ERROR(pack_toml::check_keys(*t, ws, {"from", "to", "note"}));
    LocationSynonym s;
    MW_ASSIGN_OR_RETURN(s.from, pack_toml::string_list(*t, "from", ws, true));
    MW_ASSIGN_OR_RETURN(s.to, pack_toml::string(*t, "to", ws, false));
    if (!t->contains("to"))
      return ws.error(pack_toml::line_of(*t), "missing classifier.synonyms.to");
    for (std::string& f : s.from) {
      f = fold_location_text(f);
      if (f.empty())
        return ws.error(pack_toml::line_of(*t), "a 'from' text is empty after folding");
    }
    s.to = fold_location_text(s.to);
    cfg.synonyms.push_back(std::move(s));
  }
  // Keywords are matched against normalised text, so they are normalised the same way.
  const LocationClassifier normaliser(cfg);

  const toml::array* rules = (*c)["rules"].as_array();
  if (rules == nullptr || rules->empty()) {
    return w.error(pack_toml::line_of(*c), "classifier needs [[classifier.rules]]");
  }
  const Where wr = w.child("rules");
  std::set<std::string, std::less<>> ids;
  for (const toml::node& n : *rules) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wr.error(pack_toml::line_of(n), "entries must be tables");
    MW_RETURN_IF_ERROR(
        pack_toml::check_keys(*t, wr, {"id", "class", "any", "all", "none", "note"}));
    const int line = pack_toml::line_of(*t);
    LocationRule r;
    MW_ASSIGN_OR_RETURN(r.id, pack_toml::string(*t, "id", wr, true));
    if (!ids.insert(r.id).second) return wr.error(line, "rule id '" + r.id + "' used twice");
    std::string cls;
    MW_ASSIGN_OR_RETURN(cls, pack_toml::string(*t, "class", wr, true));
    const auto parsed = parse_location_class(cls);
    if (!parsed) return wr.error(line, "rule " + r.id + ": unknown class '" + cls + "'");
    r.cls = *parsed;
    for (auto [key, list] :
         {std::pair{"any", &r.any}, std::pair{"all", &r.all}, std::pair{"none", &r.none}}) {
      MW_ASSIGN_OR_RETURN(*list, pack_toml::string_list(*t, key, wr, false));
      for (std::string& k : *list) {
        k = normaliser.normalize(k);
        if (k.empty())
          return wr.error(line, "rule " + r.id + ": a keyword is empty after normalising");
      }
    }
    if (r.any.empty() && r.all.empty()) {
      return wr.error(line, "rule " + r.id + " needs 'any' or 'all' keywords");
    }
    cfg.rules.push_back(std::move(r));
  }

  if (c->contains("overrides")) {
    const toml::table* o = nullptr;
    MW_ASSIGN_OR_RETURN(o, pack_toml::table(*c, "overrides", w));
    MW_RETURN_IF_ERROR(read_overrides(*o, w, cfg.overrides));
  }
  p.classifier = LocationClassifier(std::move(cfg));
  return {};
}

Result<RulePack> parse_root(const toml::table& root, std::string_view origin) {
  const Where top{origin, ""};
  MW_RETURN_IF_ERROR(pack_toml::check_numbers_sourced(root, origin));
  MW_RETURN_IF_ERROR(
      pack_toml::check_keys(root, top,
                            {"name", "edition", "description", "methane", "gas", "sensor", "mine",
                             "personnel", "alarms", "data", "classifier"}));
  const auto group_keys = [&](std::string_view group,
                              std::initializer_list<std::string_view> keys) -> Status {
    const toml::table* g = root[group].as_table();
    return g == nullptr ? Status{} : pack_toml::check_keys(*g, top.child(group), keys);
  };
  MW_RETURN_IF_ERROR(group_keys("gas", {"co_alarm", "power_cut_failed"}));
  MW_RETURN_IF_ERROR(group_keys("sensor", {"fault", "flatline", "calibration_suspicious"}));
  MW_RETURN_IF_ERROR(group_keys("mine", {"upload_gap", "activity_while_closed"}));
  MW_RETURN_IF_ERROR(group_keys("personnel", {"area_over_limit", "overtime", "leader_absent"}));
  MW_RETURN_IF_ERROR(group_keys("alarms", {"flap"}));
  MW_RETURN_IF_ERROR(group_keys("data", {"suspected_fabrication"}));
  RulePack p;
  p.origin = std::string(origin);
  MW_ASSIGN_OR_RETURN(p.name, pack_toml::string(root, "name", top, true));
  MW_ASSIGN_OR_RETURN(p.edition, pack_toml::string(root, "edition", top, true));
  MW_ASSIGN_OR_RETURN(p.description, pack_toml::string(root, "description", top, false));
  MW_RETURN_IF_ERROR(parse_methane(root, p, origin));
  MW_RETURN_IF_ERROR(parse_sections(root, p, origin));
  MW_RETURN_IF_ERROR(parse_classifier(root, p, origin));
  return p;
}

}  // namespace

const MethaneClassRule& RulePack::methane_rule(LocationClass cls, GasGrade grade) const {
  if (cls == LocationClass::kUnclassified) {
    throw std::logic_error("RulePack::methane_rule called for an unclassified point");
  }
  const MethaneClassEntry& e = methane[location_class_index(cls)];
  if (grade == GasGrade::kOutburst && e.outburst) return *e.outburst;
  return e.base;
}

std::string RulePack::methane_rule_id(LocationClass cls) const {
  return name + ".ch4." + std::string(location_class_name(cls));
}

Result<RulePack> parse_rule_pack(std::string_view toml_text, std::string_view origin) {
  const pack_toml::RawText raw(toml_text);
  try {
    const toml::table root = toml::parse(toml_text, origin);
    return parse_root(root, origin);
  } catch (const toml::parse_error& e) {
    return Where{origin, ""}.error(static_cast<int>(e.source().begin.line),
                                   std::string(e.description()));
  }
}

Result<std::map<std::string, LocationClass, std::less<>>> parse_location_overrides(
    std::string_view toml_text, std::string_view origin) {
  std::map<std::string, LocationClass, std::less<>> out;
  try {
    const toml::table root = toml::parse(toml_text, origin);
    MW_RETURN_IF_ERROR(read_overrides(root, Where{origin, ""}, out));
  } catch (const toml::parse_error& e) {
    return Where{origin, ""}.error(static_cast<int>(e.source().begin.line),
                                   std::string(e.description()));
  }
  return out;
}

Result<RulePack> load_rule_pack(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error("rule pack " + path + ": cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::io_error("rule pack " + path + ": read failed");
  return parse_rule_pack(buf.str(), path);
}

MineDefaults mine_defaults(const RulePack& pack) {
  MineDefaults d;
  d.shifts = pack.leader_absent.default_shifts.value;
  d.overtime_hours = pack.overtime.default_hours.value;
  d.maintenance_allowance = static_cast<std::uint32_t>(
      std::min<std::int64_t>(pack.closed_mine.maintenance_allowance.value, UINT32_MAX));
  return d;
}

const RulePack& default_rule_pack() {
  static const RulePack kPack = [] {
    Result<RulePack> p = parse_rule_pack(default_rule_pack_text(), "builtin:rules/coal.toml");
    if (!p.ok())
      throw std::logic_error("the built-in rule pack is broken: " + p.status().message());
    return std::move(p).value();
  }();
  return kPack;
}

}  // namespace mw
