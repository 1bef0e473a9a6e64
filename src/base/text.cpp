#include "base/text.hpp"

namespace mw {

std::string quoted(std::string_view s, std::size_t max_bytes) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "'" + std::string(s) + "'" at -O3.
  std::string out;
  out.reserve((s.size() < max_bytes ? s.size() : max_bytes) + 5);
  out += '\'';
  if (s.size() <= max_bytes) {
    out += s;
  } else {
    std::size_t cut = max_bytes;  // never split a UTF-8 sequence
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    out += s.substr(0, cut);
    out += "…";
  }
  out += '\'';
  return out;
}

}  // namespace mw
