#include "ingest/netfile/relations.hpp"

#include <array>

namespace mw::netfile {
namespace {

struct KindEntry {
  char code;
  RelationKind kind;
  std::string_view name;
};
constexpr std::array<KindEntry, 7> kKinds = {{
    {'B', RelationKind::kInterlock, "interlock"},
    {'G', RelationKind::kLinkedDoor, "linked_door"},
    {'K', RelationKind::kControl, "control"},
    {'H', RelationKind::kProtect, "protect"},
    {'Z', RelationKind::kMainBackup, "main_backup"},
    {'D', RelationKind::kPowerCut, "power_cut"},
    {'T', RelationKind::kRegulate, "regulate"},
}};

// U+25C7 WHITE DIAMOND in UTF-8: the group separator.
constexpr std::string_view kDiamond = "\xE2\x97\x87";

std::string quote(std::string_view s) {
  constexpr std::size_t kShown = 60;  // keeps messages readable on a garbage field
  std::string out = "'";
  out.append(s.substr(0, kShown));
  if (s.size() > kShown) out += "…";
  out += "'";
  return out;
}

}  // namespace

std::optional<RelationKind> relation_kind_from_code(char code) noexcept {
  for (const KindEntry& e : kKinds) {
    if (e.code == code) return e.kind;
  }
  return std::nullopt;
}

char relation_code(RelationKind k) noexcept {
  for (const KindEntry& e : kKinds) {
    if (e.kind == k) return e.code;
  }
  return '?';
}

std::string_view relation_kind_name(RelationKind k) noexcept {
  for (const KindEntry& e : kKinds) {
    if (e.kind == k) return e.name;
  }
  return "unknown";
}

ParsedRelations parse_relations(std::string_view text, RelationForm form) {
  ParsedRelations out;
  while (!text.empty()) {
    const std::size_t sep = text.find(kDiamond);
    const std::string_view group = text.substr(0, sep);
    text = sep == std::string_view::npos ? std::string_view{} : text.substr(sep + kDiamond.size());
    if (sep != std::string_view::npos && text.empty()) {
      out.problems.push_back("a trailing '◇' ends the relations with an empty group");
    }
    if (group.empty()) {
      out.problems.push_back("empty relation group (two '◇' in a row or a trailing '◇')");
      continue;
    }
    // `<code>-...`: one code letter, then '-'.
    std::optional<RelationKind> kind =
        group.size() >= 3 && group[1] == '-' ? relation_kind_from_code(group[0]) : std::nullopt;
    if (!kind) {
      out.problems.push_back("relation group " + quote(group) +
                             " does not start with a code B, G, K, H, Z, D or T and '-'");
      continue;
    }
    const std::string_view rest = group.substr(2);
    if (form == RelationForm::kIdOnly) {
      if (rest.find_first_of("-:") != std::string_view::npos) {
        out.problems.push_back("relation group " + quote(group) + " is not <code>-<id>");
        continue;
      }
      out.relations.push_back(Relation{*kind, rest, {}, {}, 0});
      continue;
    }
    // `<point>-<name>:<code>-<point>`; the name may itself hold '-', so cut at the last ':'.
    const std::size_t colon = rest.rfind(':');
    const std::size_t dash = rest.find('-');
    if (colon == std::string_view::npos || dash == std::string_view::npos || dash > colon ||
        dash == 0) {
      out.problems.push_back("relation group " + quote(group) +
                             " is not <code>-<point>-<name>:<code>-<point>");
      continue;
    }
    const std::string_view target = rest.substr(colon + 1);
    if (target.size() < 3 || target[1] != '-' || !relation_kind_from_code(target[0])) {
      out.problems.push_back("relation group " + quote(group) +
                             ": the part after ':' is not <code>-<point>");
      continue;
    }
    out.relations.push_back(Relation{*kind, rest.substr(0, dash),
                                     rest.substr(dash + 1, colon - dash - 1), target.substr(2),
                                     target[0]});
  }
  return out;
}

}  // namespace mw::netfile
