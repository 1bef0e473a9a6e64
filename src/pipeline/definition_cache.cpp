#include "pipeline/definition_cache.hpp"

#include "model/sensor_type.hpp"

namespace mw::pipeline {

std::optional<EffectiveThresholds> point_effective_thresholds(const PointDef& def, GasGrade grade,
                                                              const RulePack& pack) {
  if (!is_methane(def.sensor_type)) return std::nullopt;
  const Classification c = pack.classifier.classify(def.code, def.location);
  auto r = effective_thresholds(def, c.cls, grade, pack);
  if (!r.ok()) return std::nullopt;
  return std::move(*r);
}

DefinitionCache::Lookup DefinitionCache::for_mine(std::string_view mine, GasGrade grade) {
  std::unique_lock lock(mu_);
  auto it = mines_.find(std::string(mine));
  if (it == mines_.end()) it = mines_.emplace(std::string(mine), Lookup::Points{}).first;
  return Lookup(std::move(lock), it->second, grade, pack_);
}

const DefinitionCache::Entry& DefinitionCache::Lookup::operator()(const PointDef& def) {
  Slot& slot = points_[def.code];
  if (slot.entry.def && slot.grade == grade_ && *slot.entry.def == def) return slot.entry;
  slot.entry.def = std::make_shared<const PointDef>(def);
  auto eff = point_effective_thresholds(def, grade_, pack_);
  slot.entry.effective =
      eff ? std::make_shared<const EffectiveThresholds>(std::move(*eff)) : nullptr;
  slot.grade = grade_;
  return slot.entry;
}

}  // namespace mw::pipeline
