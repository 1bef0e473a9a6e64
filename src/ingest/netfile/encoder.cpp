#include "ingest/netfile/encoder.hpp"

#include <array>
#include <charconv>

#include "ingest/netfile/codec.hpp"

namespace mw::netfile {
namespace {

constexpr int kReservedSlot = -1;
constexpr int kExtraSlot = -2;

// The bytes that may begin something a text field must not hold: ';', each terminator and,
// when the profile strips them, CR and LF. One table per file, so a field is one pass.
class Forbidden {
 public:
  explicit Forbidden(const Envelope& env)
      : tokens_{std::string_view(env.record_end), std::string_view(env.header_end),
                std::string_view(env.file_end)},
        line_breaks_(env.strip_line_breaks) {
    starts_[static_cast<unsigned char>(';')] = true;
    if (env.strip_line_breaks) starts_['\r'] = starts_['\n'] = true;
    for (std::string_view t : tokens_) {
      if (t.empty())
        empty_token_ = true;  // find("") matches everywhere, as before
      else
        starts_[static_cast<unsigned char>(t.front())] = true;
    }
  }

  bool found_in(std::string_view s) const noexcept {
    if (empty_token_) return true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (!starts_[c]) continue;
      if (c == ';' || ((c == '\r' || c == '\n') && line_breaks_)) return true;
      const std::string_view rest = s.substr(i);
      for (std::string_view t : tokens_) {
        if (rest.starts_with(t)) return true;
      }
    }
    return false;
  }

 private:
  std::array<std::string_view, 3> tokens_;
  bool line_breaks_;
  std::array<bool, 256> starts_{};
  bool empty_token_ = false;
};

struct Writer {
  const Profile& profile;
  const TypeSpec& spec;
  std::string& out;
  Status status;
  Forbidden forbidden{profile.envelope};

  // Text written into a field must not end it early.
  void check_text(std::string_view what, std::string_view s) {
    if (!status.ok() || !forbidden.found_in(s)) return;
    status = Status::invalid_argument(std::string(what) + " " + detail::shown(s) +
                                      " holds a separator, terminator or line break");
  }

  void put_time(const std::optional<Time>& t, std::string& to) {
    if (t) {
      append_china_time(to, *t);
    } else {
      to += profile.quirks.empty_time_text;
    }
  }

  template <class M>
  void put(std::string_view name, const M& m, std::string& to) {
    if constexpr (std::is_same_v<M, std::string_view>) {
      check_text(name, m);
      to += m;
    } else if constexpr (std::is_same_v<M, Decimal>) {
      append_decimal(to, m);
    } else if constexpr (std::is_same_v<M, OptDecimal>) {
      if (m) append_decimal(to, *m);
    } else if constexpr (std::is_same_v<M, Time>) {
      append_china_time(to, m);
    } else if constexpr (std::is_same_v<M, OptTime>) {
      put_time(m, to);
    } else if constexpr (std::is_same_v<M, Int>) {
      to += std::to_string(m);
    } else if constexpr (std::is_same_v<M, OptInt>) {
      if (m) to += std::to_string(*m);
    }
  }

  void line_break(const Layout& layout) {
    if (layout.line_break == LineBreak::kLf) out += '\n';
    if (layout.line_break == LineBreak::kCrLf) out += "\r\n";
  }

  void header(const Header& h, const Layout& layout) {
    std::size_t reserved = 0;
    for (std::size_t i = 0; i < spec.header.size(); ++i) {
      if (i > 0) out += ';';
      const std::string& n = spec.header[i];
      const std::string* v = nullptr;
      if (n == "upload_time") {
        put_time(h.upload_time, out);
        continue;
      }
      if (n == "mine_code") v = &h.mine_code;
      if (n == "mine_name") v = &h.mine_name;
      if (n == "system_model") v = &h.system_model;
      if (n == "system_name") v = &h.system_name;
      if (n == "vendor") v = &h.vendor;
      if (n == "cert_expiry") v = &h.cert_expiry;
      if (n == "approved_total") v = &h.approved_total;
      if (n == "person_count") v = &h.person_count;
      if (n == "switch_count") v = &h.switch_count;
      if (n == "analog_count") v = &h.analog_count;
      if (v == nullptr && reserved < h.reserved.size()) v = &h.reserved[reserved++];
      if (v != nullptr) {
        check_text("header field " + n, *v);
        out += *v;
      }
    }
    out += profile.envelope.header_end;
    line_break(layout);
  }

  template <class R>
  void records(const std::vector<R>& list, const Layout& layout) {
    // File position → member index (or reserved / extra), resolved once.
    std::vector<std::string_view> names;
    R probe{};
    R::fields(probe, [&](std::string_view n, const auto&) { names.push_back(n); });
    std::vector<int> slots;
    for (const std::string& f : spec.fields) {
      if (f == kExtraFields) {
        slots.push_back(kExtraSlot);
        continue;
      }
      const auto it = std::find(names.begin(), names.end(), f);
      slots.push_back(it == names.end() ? kReservedSlot : static_cast<int>(it - names.begin()));
    }
    std::array<std::string, detail::kMaxMembers> cols;
    for (const R& r : list) {
      std::size_t k = 0;
      R::fields(r, [&](std::string_view n, const auto& m) {
        std::string& c = cols[k++];
        c.clear();
        put(n, m, c);
      });
      bool first = true;
      for (const int slot : slots) {
        if (slot == kExtraSlot) {
          out += r.extra;  // each extra field carries its leading ';'
          continue;
        }
        if (!first) out += ';';
        first = false;
        if (slot >= 0) out += cols[static_cast<std::size_t>(slot)];
      }
      out += profile.envelope.record_end;
      line_break(layout);
    }
  }
};

}  // namespace

Result<std::string> encode_file(const Profile& profile, std::string_view type_name,
                                const Header& header, const RecordList& records,
                                const Layout& layout) {
  const TypeSpec* spec = profile.find_type(type_name);
  if (spec == nullptr) {
    return Status::invalid_argument("profile " + profile.name + " has no type '" +
                                    std::string(type_name) + "'");
  }
  if (records.index() != static_cast<std::size_t>(spec->kind)) {
    return Status::invalid_argument("records are not of kind " +
                                    std::string(file_type_key(spec->kind)) + " as type " +
                                    spec->name + " needs");
  }
  std::string body;
  if (layout.bom && layout.encoding == Encoding::kUtf8) body += "\xEF\xBB\xBF";
  Writer w{profile, *spec, body, {}};
  w.header(header, layout);
  std::visit([&](const auto& list) { w.records(list, layout); }, records);
  if (!w.status.ok()) return w.status;
  body += profile.envelope.file_end;
  if (layout.final_line_break) {
    body += layout.line_break == LineBreak::kCrLf ? "\r\n" : "\n";
  }
  if (layout.encoding == Encoding::kGb18030) return utf8_to_gb18030(body);
  return body;
}

std::string encode(const DecodedFile& file) {
  if (file.profile == nullptr || file.profile->find_type(file.type_name) == nullptr) return {};
  Result<std::string> r =
      encode_file(*file.profile, file.type_name, file.header, file.records, file.layout);
  return r.ok() ? std::move(r.value()) : std::string{};
}

}  // namespace mw::netfile
