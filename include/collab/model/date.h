#pragma once

#include "collab/util/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace collab::model {

/// A calendar date without a time zone.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  /// Days since 1970-01-01 (negative before).
  long days() const;
  /// The date `n` days after this one.
  Date plus_days(long n) const;
  /// Monday = 0 ... Sunday = 6.
  int weekday() const;
  /// YYYY-MM-DD.
  std::string str() const;

  static Date from_days(long days);
  friend auto operator<=>(const Date&, const Date&) = default;
};

/// Minutes since midnight, 0..1439.
struct TimeOfDay {
  int minutes = 0;
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

/// True when year-month-day is a day of the Gregorian calendar.
bool is_valid_date(int year, int month, int day);

/// Strict `YYYY-MM-DD`.
std::optional<Date> parse_iso_date(std::string_view s);

/// Strict `HH:MM`.
std::optional<TimeOfDay> parse_time(std::string_view s);

/// Strict `YYYY-MM-DD HH:MM`.
std::optional<std::pair<Date, TimeOfDay>> parse_datetime(std::string_view s);

/// Strict `HH:MM-HH:MM` (a meeting's time span).
std::optional<std::pair<TimeOfDay, TimeOfDay>> parse_time_range(std::string_view s);

/// The ISO form of a loosely written date (`2024/5/12`, `2024年5月12日`, `05-12`, `20240512`),
/// using `default_year` when the text has none; nullopt when it cannot be read as a date.
std::optional<Date> guess_date(std::string_view s, int default_year);

/// Like guess_date for a date-time (`2024/5/10 14:00`, `2024-05-10T14:00`); the time may be absent.
std::optional<std::pair<Date, std::optional<TimeOfDay>>> guess_datetime(std::string_view s, int default_year);

/// Friendly command-line dates: today, tomorrow, yesterday, +3d, -1w, +2w, mon..sun (next), eow, eom, ISO,
/// and the Chinese forms: 今天 明天 后天 昨天, 周五/星期五, 本周五, 下周一, 月底, 5月20日, 5/20, 2024年5月20日.
std::optional<Date> parse_friendly_date(std::string_view s, Date today);

/// A duration like `2d`, `1w`, `36h` (rounded up to days); nullopt when malformed.
std::optional<int> parse_duration_days(std::string_view s);

/// parse_friendly_date, or why `s` is not a date (with the forms it takes).
util::Result<Date> read_friendly_date(std::string_view s, Date today);

/// parse_duration_days, or why `s` is not a duration.
util::Result<int> read_duration_days(std::string_view s);

/// The local date now.
Date local_today();

/// `HH:MM`.
std::string format_time(TimeOfDay t);

} // namespace collab::model
