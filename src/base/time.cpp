#include "base/time.hpp"

namespace mw {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Reads `n` ASCII digits at `p`; -1 if any is not a digit.
constexpr int read_digits(const char* p, int n) noexcept {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const auto d = static_cast<unsigned>(p[i] - '0');
    if (d > 9) return -1;
    v = v * 10 + static_cast<int>(d);
  }
  return v;
}

void put2(std::string& out, unsigned v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
};

Civil to_china_civil(Time t) {
  const Time local = t + kChinaOffset;
  const sys_days d = std::chrono::floor<days>(local);
  const year_month_day ymd{d};
  const auto secs = static_cast<unsigned>((local - d).count());
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          secs / 3600,
          secs / 60 % 60,
          secs % 60};
}

void put_year(std::string& out, int year) {
  if (year < 0 || year > 9999) year = 0;  // out of the files' range; keeps width fixed
  const auto y = static_cast<unsigned>(year);
  put2(out, y / 100);
  put2(out, y % 100);
}

}  // namespace

std::optional<Time> china_civil_time(int year, int month, int day, int hour, int minute,
                                     int second) noexcept {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  const year_month_day ymd{std::chrono::year{year},
                           std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const Time local = sys_days{ymd} + Seconds{hour * 3600 + minute * 60 + second};
  return local - kChinaOffset;
}

std::optional<Time> parse_china_time(std::string_view s) noexcept {
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  const char* p = s.data();
  const int y = read_digits(p, 4), mo = read_digits(p + 5, 2), d = read_digits(p + 8, 2);
  const int h = read_digits(p + 11, 2), mi = read_digits(p + 14, 2), se = read_digits(p + 17, 2);
  if ((y | mo | d | h | mi | se) < 0) return std::nullopt;
  return china_civil_time(y, mo, d, h, mi, se);
}

std::optional<Time> parse_china_compact_time(std::string_view s) noexcept {
  if (s.size() != 14) return std::nullopt;
  const char* p = s.data();
  const int y = read_digits(p, 4), mo = read_digits(p + 4, 2), d = read_digits(p + 6, 2);
  const int h = read_digits(p + 8, 2), mi = read_digits(p + 10, 2), se = read_digits(p + 12, 2);
  if ((y | mo | d | h | mi | se) < 0) return std::nullopt;
  return china_civil_time(y, mo, d, h, mi, se);
}

namespace {

// "YYYY-MM-DD hh:mm:ss" and its variants; a '\0' separator is left out.
void put_civil(std::string& out, const Civil& c, char date_sep, char middle, char time_sep) {
  const auto sep = [&out](char ch) {
    if (ch != '\0') out.push_back(ch);
  };
  put_year(out, c.year);
  sep(date_sep);
  put2(out, c.month);
  sep(date_sep);
  put2(out, c.day);
  sep(middle);
  put2(out, c.hour);
  sep(time_sep);
  put2(out, c.minute);
  sep(time_sep);
  put2(out, c.second);
}

}  // namespace

void append_china_time(std::string& out, Time t) {
  put_civil(out, to_china_civil(t), '-', ' ', ':');
}

std::string format_china_time(Time t) {
  std::string out;
  out.reserve(19);
  append_china_time(out, t);
  return out;
}

std::string format_china_compact_time(Time t) {
  std::string out;
  out.reserve(14);
  put_civil(out, to_china_civil(t), '\0', '\0', '\0');
  return out;
}

void append_iso8601_china(std::string& out, Time t) {
  put_civil(out, to_china_civil(t), '-', 'T', ':');
  out += "+08:00";
}

std::string format_iso8601_china(Time t) {
  std::string out;
  out.reserve(25);
  append_iso8601_china(out, t);
  return out;
}

std::optional<Time> parse_iso8601(std::string_view s) noexcept {
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':')
    return std::nullopt;
  const char* p = s.data();
  const int y = read_digits(p, 4), mo = read_digits(p + 5, 2), d = read_digits(p + 8, 2);
  const int h = read_digits(p + 11, 2), mi = read_digits(p + 14, 2), se = read_digits(p + 17, 2);
  if ((y | mo | d | h | mi | se) < 0) return std::nullopt;
  int offset_seconds = 0;
  const std::string_view zone = s.substr(19);
  if (zone == "Z") {
    offset_seconds = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int oh = read_digits(zone.data() + 1, 2), om = read_digits(zone.data() + 4, 2);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return std::nullopt;
    offset_seconds = (oh * 3600 + om * 60) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  // china_civil_time subtracts +8 h; re-add it and subtract the real offset instead.
  const auto as_china = china_civil_time(y, mo, d, h, mi, se);
  if (!as_china) return std::nullopt;
  return *as_china + kChinaOffset - Seconds{offset_seconds};
}

}  // namespace mw
