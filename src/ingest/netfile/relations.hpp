#pragma once
// CDDY 传感器关联关系 (netfile.md §2) and the RYSS track (轨迹, netfile.md §3).
//   Relations: groups separated by "◇"; each `<code>-<point>-<name>:<code>-<point>`
//   (crlf-counts profile: `<code>-<id>`). Codes: B 闭锁 interlock, G 关联风门 linked door,
//   K 控制 control, H 保护 protect, Z 主备 main/backup, D 断电 power-cut, T 调节 regulate.
//   Track: comma-separated `station&time` pairs, time "yyyy-MM-dd HH:mm:ss" China time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "ingest/netfile/profile.hpp"

namespace mw::netfile {

enum class RelationKind : std::uint8_t {
  kInterlock,   // B 闭锁
  kLinkedDoor,  // G 关联风门
  kControl,     // K 控制
  kProtect,     // H 保护
  kMainBackup,  // Z 主备
  kPowerCut,    // D 断电
  kRegulate,    // T 调节
};
std::optional<RelationKind> relation_kind_from_code(char code) noexcept;
char relation_code(RelationKind k) noexcept;
std::string_view relation_kind_name(RelationKind k) noexcept;  // "interlock", "power_cut", …

struct Relation {
  RelationKind kind = RelationKind::kInterlock;
  std::string_view point;   // first `<point>` (kIdOnly: the id)
  std::string_view name;    // `<name>`, empty for kIdOnly
  std::string_view target;  // the `<point>` after ':' (empty for kIdOnly)
  char target_code = 0;     // the code after ':' (0 for kIdOnly)
};

struct ParsedRelations {
  std::vector<Relation> relations;    // the well-formed groups, in order
  std::vector<std::string> problems;  // one message per malformed group
};

// Never fails: malformed groups are reported in `problems` and left out.
ParsedRelations parse_relations(std::string_view text, RelationForm form);

struct TrackPoint {
  std::string_view station;
  Time time;
};

// Calls f(TrackPoint) for each well-formed pair without allocating. Returns the number of
// malformed pairs (0 = the whole track is well formed). An empty track has no pairs.
template <class F>
int for_each_track_point(std::string_view track, F&& f) {
  // Hand-rolled scans: pairs are ~40 bytes, too short for memchr calls to pay off.
  constexpr std::size_t kTimeLength = 19;  // "yyyy-MM-dd HH:mm:ss"
  int bad = 0;
  std::size_t i = 0;
  const std::size_t n = track.size();
  while (i < n) {
    std::size_t amp = i;
    while (amp < n && track[amp] != '&' && track[amp] != ',') ++amp;
    std::size_t end = amp;
    if (amp < n && track[amp] == '&') {
      // Usual case: exactly one time, then ',' or the end.
      end = amp + 1 + kTimeLength;
      if (end > n || (end < n && track[end] != ',')) {
        end = amp + 1;
        while (end < n && track[end] != ',') ++end;
      }
    }
    if (amp == i || amp >= end) {
      ++bad;
    } else if (const std::optional<Time> t =
                   parse_china_time(track.substr(amp + 1, end - amp - 1))) {
      f(TrackPoint{track.substr(i, amp - i), *t});
    } else {
      ++bad;
    }
    i = end + 1;
    if (end + 1 == n) ++bad;  // a trailing ',' leaves an empty pair
  }
  return bad;
}

}  // namespace mw::netfile
