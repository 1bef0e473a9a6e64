#include "alarms/episode.hpp"

namespace mw::alarms {

std::string episode_id(const Alarm& alarm) {
  std::string id;
  id.reserve(alarm.mine.size() + alarm.subject.size() + 48);
  id.append(alarm.mine).push_back('/');
  id.append(alarm_kind_name(alarm.kind)).push_back('/');
  id.append(alarm.subject).push_back('/');
  id.append(format_china_compact_time(alarm.start));
  return id;
}

bool alarm_order_less(const Alarm& x, const Alarm& y) noexcept {
  if (x.start != y.start) return x.start < y.start;
  if (x.mine != y.mine) return x.mine < y.mine;
  if (x.kind != y.kind) return alarm_kind_name(x.kind) < alarm_kind_name(y.kind);
  if (x.subject != y.subject) return x.subject < y.subject;
  return x.end < y.end;  // same key and start cannot happen twice; keeps the order total
}

}  // namespace mw::alarms
