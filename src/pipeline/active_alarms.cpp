#include "pipeline/active_alarms.hpp"

namespace mw::pipeline {

void ActiveAlarms::add(const std::string& mine, Severity s, int delta) {
  SeverityCounts& c = by_mine_[mine];
  std::uint32_t& n = c[static_cast<std::size_t>(s)];
  n = delta > 0 ? n + 1 : n - 1;
  if (c == SeverityCounts{}) by_mine_.erase(mine);
}

void ActiveAlarms::reset(std::span<const Alarm> active) {
  const std::lock_guard lock(mu_);
  episodes_.clear();
  by_mine_.clear();
  seeded_ = true;
  for (const Alarm& a : active) {
    if (a.end) continue;
    const auto [it, inserted] =
        episodes_.try_emplace(Key{a.mine, a.kind, a.subject, a.start}, a.severity);
    if (inserted) add(a.mine, a.severity, +1);
  }
}

void ActiveAlarms::invalidate() {
  const std::lock_guard lock(mu_);
  seeded_ = false;
  episodes_.clear();
  by_mine_.clear();
}

void ActiveAlarms::note(const Alarm& stored) {
  const std::lock_guard lock(mu_);
  if (!seeded_) return;
  Key key{stored.mine, stored.kind, stored.subject, stored.start};
  const auto it = episodes_.find(key);
  if (it != episodes_.end()) {
    add(stored.mine, it->second, -1);
    episodes_.erase(it);
  }
  if (stored.end) return;  // ended: no longer active
  episodes_.emplace(std::move(key), stored.severity);
  add(stored.mine, stored.severity, +1);
}

std::optional<SeverityCounts> ActiveAlarms::of_mine(std::string_view mine) const {
  const std::lock_guard lock(mu_);
  if (!seeded_) return std::nullopt;
  const auto it = by_mine_.find(mine);
  return it == by_mine_.end() ? SeverityCounts{} : it->second;
}

std::optional<std::map<std::string, SeverityCounts, std::less<>>> ActiveAlarms::under(
    std::string_view prefix) const {
  const std::lock_guard lock(mu_);
  if (!seeded_) return std::nullopt;
  std::map<std::string, SeverityCounts, std::less<>> out;
  for (auto it = by_mine_.lower_bound(prefix);
       it != by_mine_.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix;
       ++it) {
    out.emplace_hint(out.end(), it->first, it->second);
  }
  return out;
}

}  // namespace mw::pipeline
