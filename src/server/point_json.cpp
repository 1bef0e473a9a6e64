#include "server/point_json.hpp"

#include <algorithm>
#include <vector>

#include "model/sample.hpp"
#include "model/sensor_type.hpp"

namespace mw::server {

namespace {

// The status badge the UI shows: the worst of what the sample's own bits say and what the
// platform's effective thresholds say of its value.
std::string_view badge(const Sample& s, const EffectiveThresholds* eff) {
  if (is_faulty(s.status)) return "fault";
  if (is_calibrating(s.status)) return "calibrating";
  bool cut = (s.status & kStatusPowerCut) != 0;
  bool alarm = (s.status & kStatusAlarm) != 0;
  if (eff != nullptr) {
    if (eff->cut && s.value.compare(*eff->cut) >= 0) cut = true;
    if (eff->alarm && s.value.compare(*eff->alarm) >= 0) alarm = true;
  }
  if (cut) return "cut";
  if (alarm) return "alarm";
  return "normal";
}

// "{" through "effective" of a defined point (the object left open).
void write_definition(JsonWriter& w, const PointDef& d, const EffectiveThresholds* eff) {
  w.begin_object();
  w.key("code").value(d.code);
  w.key("sensor_type").value(format_sensor_type_code(d.sensor_type));
  if (const SensorType* t = find_sensor_type(d.sensor_type)) {
    w.key("sensor_name").value(t->name_zh);
  }
  w.key("value_kind").value(value_kind_code(d.value_kind));
  w.key("unit").value(d.unit);
  w.key("location").value(d.location);
  if (d.value_kind == ValueKind::kSwitch) {  // the mine's own words for 1 and 0 (CDDY 17/18)
    w.key("text_on").value(d.text_on);
    w.key("text_off").value(d.text_off);
  }
  w.key("thresholds").begin_object();
  write_opt_decimal(w, "high_alarm", d.thresholds.high_alarm);
  write_opt_decimal(w, "high_alarm_release", d.thresholds.high_alarm_release);
  write_opt_decimal(w, "high_cut", d.thresholds.high_cut);
  write_opt_decimal(w, "high_restore", d.thresholds.high_restore);
  write_opt_decimal(w, "low_alarm", d.thresholds.low_alarm);
  write_opt_decimal(w, "low_cut", d.thresholds.low_cut);
  w.end_object();
  w.key("effective");
  if (eff != nullptr) {
    w.begin_object();
    w.key("class").value(location_class_name(eff->cls));
    w.key("rule").value(eff->rule);
    write_opt_decimal(w, "alarm", eff->alarm);
    write_opt_decimal(w, "cut", eff->cut);
    write_opt_decimal(w, "restore", eff->restore);
    w.key("misconfigured").value(eff->misconfigured());
    w.end_object();
  } else {
    w.null();
  }
}

// "latest" to the end of the point's object.
void write_latest(JsonWriter& w, const pipeline::PointView& p, const EffectiveThresholds* eff) {
  w.key("latest");
  if (p.latest) {
    w.begin_object();
    w.key("time").time_value(p.latest->time);
    w.key("value").value(p.latest->value);
    w.key("status").value(describe_status(p.latest->status));
    w.key("badge").value(badge(*p.latest, eff));
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

}  // namespace

void write_opt_decimal(JsonWriter& w, std::string_view key, const std::optional<Decimal>& d) {
  w.key(key);
  if (d)
    w.value(*d);
  else
    w.null();
}

void write_point(JsonWriter& w, const pipeline::PointView& p) {
  const EffectiveThresholds* eff = p.def ? p.effective.get() : nullptr;
  if (p.def) {
    write_definition(w, *p.def, eff);
  } else {
    w.begin_object();
    w.key("code").value(p.code);
    w.key("defined").value(false);
  }
  write_latest(w, p, eff);
}

void PointJsonCache::write_points(JsonWriter& w, std::span<const pipeline::PointView> points) {
  std::vector<std::shared_ptr<const std::string>> json(points.size());
  {
    const std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const pipeline::PointView& p = points[i];
      if (!p.def) continue;
      Entry& e = entries_[p.def.get()];
      if (!e.json) {
        std::string text;
        JsonWriter one(text);
        write_definition(one, *p.def, p.effective.get());
        e.def = p.def;
        e.json = std::make_shared<const std::string>(std::move(text));
      }
      json[i] = e.json;
    }
    if (entries_.size() >= sweep_at_) sweep();
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    const pipeline::PointView& p = points[i];
    const EffectiveThresholds* eff = p.def ? p.effective.get() : nullptr;
    if (json[i]) {
      w.raw(*json[i]);  // the object left open after "effective", as write_definition leaves it
    } else {
      w.begin_object();
      w.key("code").value(p.code);
      w.key("defined").value(false);
    }
    write_latest(w, p, eff);
  }
}

void PointJsonCache::sweep() {
  // Only this cache holds it: the pipeline has a newer definition (or none) for the point.
  std::erase_if(entries_, [](const auto& kv) { return kv.second.def.use_count() == 1; });
  if (entries_.size() > kMaxEntries) entries_.clear();  // every entry in use: start again
  sweep_at_ = std::max<std::size_t>(1024, 2 * entries_.size());
}

std::size_t PointJsonCache::size() const {
  const std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace mw::server
