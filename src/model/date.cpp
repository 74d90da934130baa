#include "collab/model/date.h"

#include "collab/util/text.h"
#include "collab/util/i18n.h"

#include <charconv>
#include <limits>
#include <cctype>
#include <ctime>
#include <fmt/format.h>
#include <vector>

namespace collab::model {

using namespace collab::util;
using util::i18n::trf;

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m)
{
  static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : k_days[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
long days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool all_digits(std::string_view s)
{
  if (s.empty())
    return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

/// The digits s as a number; INT_MAX when too large for an int (never an overflow), so a
/// range check after it fails.
int to_int(std::string_view s)
{
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc::result_out_of_range ? std::numeric_limits<int>::max() : v;
}

/// Splits s into runs of ASCII digits; everything else separates.
std::vector<std::string_view> digit_runs(std::string_view s)
{
  std::vector<std::string_view> runs;
  size_t i = 0;
  while (i < s.size()) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))
        ++j;
      runs.push_back(s.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return runs;
}

} // namespace

long Date::days() const { return days_from_civil(year, month, day); }

Date Date::from_days(long z)
{
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2));
  return Date{y, m, d};
}

Date Date::plus_days(long n) const { return from_days(days() + n); }

int Date::weekday() const
{
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  const long w = (days() + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

std::string Date::str() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

bool is_valid_date(int year, int month, int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::optional<Date> parse_iso_date(std::string_view s)
{
  if (s.size() != 10 || s[4] != '-' || s[7] != '-')
    return std::nullopt;
  const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d))
    return std::nullopt;
  Date date{to_int(y), to_int(m), to_int(d)};
  if (!is_valid_date(date.year, date.month, date.day))
    return std::nullopt;
  return date;
}

std::optional<TimeOfDay> parse_time(std::string_view s)
{
  if (s.size() != 5 || s[2] != ':' || !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3, 2)))
    return std::nullopt;
  const int h = to_int(s.substr(0, 2)), m = to_int(s.substr(3, 2));
  if (h > 23 || m > 59)
    return std::nullopt;
  return TimeOfDay{h * 60 + m};
}

std::optional<std::pair<Date, TimeOfDay>> parse_datetime(std::string_view s)
{
  if (s.size() != 16 || s[10] != ' ')
    return std::nullopt;
  auto d = parse_iso_date(s.substr(0, 10));
  auto t = parse_time(s.substr(11));
  if (!d || !t)
    return std::nullopt;
  return std::pair{*d, *t};
}

std::optional<std::pair<TimeOfDay, TimeOfDay>> parse_time_range(std::string_view s)
{
  if (s.size() != 11 || s[5] != '-')
    return std::nullopt;
  auto a = parse_time(s.substr(0, 5));
  auto b = parse_time(s.substr(6));
  if (!a || !b)
    return std::nullopt;
  return std::pair{*a, *b};
}

std::optional<Date> guess_date(std::string_view s, int default_year)
{
  auto runs = digit_runs(s);
  if (runs.size() == 1 && runs[0].size() == 8) {
    // 20240512
    const auto r = runs[0];
    Date d{to_int(r.substr(0, 4)), to_int(r.substr(4, 2)), to_int(r.substr(6, 2))};
    if (is_valid_date(d.year, d.month, d.day))
      return d;
    return std::nullopt;
  }
  if (runs.size() == 3 && runs[0].size() == 4 && runs[1].size() <= 2 && runs[2].size() <= 2) {
    Date d{to_int(runs[0]), to_int(runs[1]), to_int(runs[2])};
    if (is_valid_date(d.year, d.month, d.day))
      return d;
    return std::nullopt;
  }
  if (runs.size() == 3 && runs[2].size() == 4 && runs[0].size() <= 2 && runs[1].size() <= 2) {
    // 12/05/2024 is ambiguous; only accept it when the day cannot be a month.
    const int a = to_int(runs[0]), b = to_int(runs[1]);
    if (a > 12 && is_valid_date(to_int(runs[2]), b, a))
      return Date{to_int(runs[2]), b, a};
    if (b > 12 && is_valid_date(to_int(runs[2]), a, b))
      return Date{to_int(runs[2]), a, b};
    return std::nullopt;
  }
  if (runs.size() == 2 && runs[0].size() <= 2 && runs[1].size() <= 2) {
    Date d{default_year, to_int(runs[0]), to_int(runs[1])};
    if (is_valid_date(d.year, d.month, d.day))
      return d;
  }
  return std::nullopt;
}

std::optional<std::pair<Date, std::optional<TimeOfDay>>> guess_datetime(std::string_view s, int default_year)
{
  // Split off a trailing "HH:MM" (after a space, 'T' or a CJK date).
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon < 1) {
    if (auto d = guess_date(s, default_year))
      return std::pair{*d, std::optional<TimeOfDay>{}};
    return std::nullopt;
  }
  size_t start = colon;
  while (start > 0 && std::isdigit(static_cast<unsigned char>(s[start - 1])))
    --start;
  size_t end = colon + 1;
  while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end])))
    ++end;
  const auto hh = s.substr(start, colon - start), mm = s.substr(colon + 1, end - colon - 1);
  if (hh.empty() || hh.size() > 2 || mm.size() != 2)
    return std::nullopt;
  const int h = to_int(hh), m = to_int(mm);
  if (h > 23 || m > 59)
    return std::nullopt;
  auto d = guess_date(s.substr(0, start), default_year);
  if (!d)
    return std::nullopt;
  return std::pair{*d, std::optional{TimeOfDay{h * 60 + m}}};
}

namespace {

/// 一 … 六 and 日/天 as a weekday (0 = Monday), or -1.
int chinese_weekday(std::string_view s)
{
  static const char* const k_names[] = {"一", "二", "三", "四", "五", "六", "日", "天"};
  for (int i = 0; i < 8; ++i)
    if (s == k_names[i])
      return i == 7 ? 6 : i;
  return -1;
}

/// The digits of s as a number when s is 1-2 digits, else -1.
int small_number(std::string_view s)
{
  if (s.empty() || s.size() > 2 || !all_digits(s))
    return -1;
  return to_int(s);
}

/// The Chinese forms the guides' teams write: 今天 明天 后天 昨天, 周五/星期五/礼拜五 (the
/// next one, never today), 本周五/这周五 (this week's), 下周一 (next week's), 月底, M月D日
/// (or 号), M/D, YYYY年M月D日.
std::optional<Date> parse_chinese_date(std::string_view w, Date today)
{
  if (w == "今天")
    return today;
  if (w == "明天")
    return today.plus_days(1);
  if (w == "后天")
    return today.plus_days(2);
  if (w == "昨天")
    return today.plus_days(-1);
  if (w == "月底")
    return Date{today.year, today.month, days_in_month(today.year, today.month)};
  const auto strip = [&](std::string_view prefix) {
    if (!w.starts_with(prefix))
      return false;
    w.remove_prefix(prefix.size());
    return true;
  };
  enum { Next, This, NextWeek } when = Next;
  if (strip("下"))
    when = NextWeek;
  else if (strip("本") || strip("这"))
    when = This;
  if (strip("周") || strip("星期") || strip("礼拜")) {
    const int day = chinese_weekday(w);
    if (day < 0)
      return std::nullopt;
    const int monday = -today.weekday();
    if (when == NextWeek)
      return today.plus_days(monday + 7 + day);
    if (when == This)
      return today.plus_days(monday + day);
    const int ahead = (day - today.weekday() + 7) % 7;
    return today.plus_days(ahead == 0 ? 7 : ahead);
  }
  if (when != Next)
    return std::nullopt;
  int year = today.year;
  if (const size_t y = w.find("年"); y != std::string_view::npos) {
    const auto digits = w.substr(0, y);
    if (digits.size() != 4 || !all_digits(digits))
      return std::nullopt;
    year = to_int(digits);
    w.remove_prefix(y + std::string_view("年").size());
  }
  int month = -1, day = -1;
  if (const size_t m = w.find("月"); m != std::string_view::npos) {
    month = small_number(w.substr(0, m));
    auto rest = w.substr(m + std::string_view("月").size());
    if (rest.ends_with("日") || rest.ends_with("号"))
      rest.remove_suffix(std::string_view("日").size());
    day = small_number(rest);
  } else if (const size_t slash = w.find('/'); slash != std::string_view::npos && year == today.year) {
    month = small_number(w.substr(0, slash));
    day = small_number(w.substr(slash + 1));
  }
  if (month < 1 || day < 1 || !is_valid_date(year, month, day))
    return std::nullopt;
  return Date{year, month, day};
}

} // namespace

std::optional<Date> parse_friendly_date(std::string_view s, Date today)
{
  const std::string w = util::ascii_lower(s);
  if (auto d = parse_chinese_date(w, today))
    return d;
  if (auto d = parse_iso_date(w))
    return d;
  if (w == "today")
    return today;
  if (w == "tomorrow")
    return today.plus_days(1);
  if (w == "yesterday")
    return today.plus_days(-1);
  if (w == "eow") // the coming Sunday (today when it is Sunday)
    return today.plus_days(6 - today.weekday());
  if (w == "eom") {
    return Date{today.year, today.month, days_in_month(today.year, today.month)};
  }
  if (w.size() >= 3 && (w[0] == '+' || w[0] == '-')) {
    const char unit = w.back();
    const auto num = std::string_view(w).substr(1, w.size() - 2);
    if (all_digits(num) && num.size() <= 5 && (unit == 'd' || unit == 'w')) {
      long n = to_int(num) * (unit == 'w' ? 7 : 1);
      return today.plus_days(w[0] == '-' ? -n : n);
    }
    return std::nullopt;
  }
  static const char* const k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static const char* const k_long[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; ++i) {
    if (w == k_days[i] || w == k_long[i]) {
      // The next such day, never today.
      int ahead = (i - today.weekday() + 7) % 7;
      return today.plus_days(ahead == 0 ? 7 : ahead);
    }
  }
  return std::nullopt;
}

std::optional<int> parse_duration_days(std::string_view s)
{
  if (s.size() < 2)
    return std::nullopt;
  const char unit = s.back();
  const auto num = s.substr(0, s.size() - 1);
  if (!all_digits(num) || num.size() > 6)
    return std::nullopt;
  const int n = to_int(num);
  switch (unit) {
  case 'd': return n;
  case 'w': return n * 7;
  case 'h': return (n + 23) / 24;
  default: return std::nullopt;
  }
}

Date local_today()
{
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string format_time(TimeOfDay t) { return fmt::format("{:02}:{:02}", t.minutes / 60, t.minutes % 60); }

util::Result<Date> read_friendly_date(std::string_view s, Date today)
{
  if (auto d = parse_friendly_date(s, today))
    return *d;
  // As lint does: propose the ISO form of what looks like a date (2024/5/12, 2024.5.12).
  if (const auto guess = guess_date(s, today.year))
    return util::Failure{trf("`{}` is not a date; write `{}` (YYYY-MM-DD)", s, guess->str())};
  return util::Failure{trf("`{}` is not a date; use YYYY-MM-DD, today, tomorrow, +3d, +2w, fri, eow, eom, 明天, "
                           "周五, 下周一, 月底, 5月20日, 5/20",
                           s)};
}

util::Result<int> read_duration_days(std::string_view s)
{
  if (auto d = parse_duration_days(s))
    return *d;
  return util::Failure{trf("`{}` is not a duration; use 2d, 1w, 36h", s)};
}

} // namespace collab::model
