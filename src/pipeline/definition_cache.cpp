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

std::shared_ptr<const PointDef> share_definition(PointDef def) {
  return std::shared_ptr<const PointDef>(std::make_unique<const PointDef>(std::move(def)));
}

DefinitionCache::Lookup DefinitionCache::for_mine(std::string_view mine, GasGrade grade) {
  std::unique_lock lock(mu_);
  auto it = mines_.find(mine);
  if (it == mines_.end()) it = mines_.emplace(std::string(mine), Lookup::Points{}).first;
  ++it->second.pages;
  return Lookup(std::move(lock), it->second, grade, pack_);
}

std::size_t DefinitionCache::size(std::string_view mine) const {
  const std::lock_guard lock(mu_);
  const auto it = mines_.find(mine);
  return it == mines_.end() ? 0 : it->second.slots.size();
}

namespace {

// Owner identity: a weak reference keeps the control block, so no other definition can have
// the address of the one a slot refers to.
bool same_object(const std::weak_ptr<const PointDef>& a, const std::shared_ptr<const PointDef>& b) {
  return !a.owner_before(b) && !b.owner_before(a);
}

}  // namespace

DefinitionCache::Entry DefinitionCache::Lookup::operator()(
    const std::shared_ptr<const PointDef>& def) {
  std::vector<Slot*>& order = points_.order;
  const std::size_t i = position_++;
  Slot* slot = i < order.size() && same_object(order[i]->def, def) ? order[i] : nullptr;
  if (slot == nullptr) {
    slot = &points_.slots[def->code];
    if (i < order.size()) {
      order[i] = slot;
    } else {
      order.push_back(slot);
    }
  }
  if (slot->page != points_.pages) {
    slot->page = points_.pages;
    ++looked_up_;
  }
  const bool same = same_object(slot->def, def);
  if (same && slot->grade == grade_) return {def, slot->effective};
  auto eff = point_effective_thresholds(*def, grade_, pack_);
  auto effective = eff ? std::make_shared<const EffectiveThresholds>(std::move(*eff)) : nullptr;
  // Rare (an import's moment between the new grade and the rebuilt definitions): the
  // definition under another grade than the one its address was first shown with.
  if (same) return {std::make_shared<const PointDef>(*def), std::move(effective)};
  slot->def = def;
  slot->effective = effective;
  slot->grade = grade_;
  return {def, std::move(effective)};
}

DefinitionCache::Lookup::~Lookup() {
  points_.order.resize(position_);  // all of them slots of this page: none is erased below
  // Points that left the page (a re-import's smaller list): their entries go with them.
  if (looked_up_ < points_.slots.size()) {
    std::erase_if(points_.slots,
                  [page = points_.pages](const auto& kv) { return kv.second.page != page; });
  }
}

}  // namespace mw::pipeline
