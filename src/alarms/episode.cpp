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

}  // namespace mw::alarms
