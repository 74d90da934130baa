#include "collab/model/date.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;

TEST_CASE("date: strict ISO parsing")
{
  CHECK(parse_iso_date("2024-05-12")->str() == "2024-05-12");
  CHECK(parse_iso_date("2024-02-29"));
  CHECK_FALSE(parse_iso_date("2023-02-29"));
  CHECK_FALSE(parse_iso_date("2024/05/12"));
  CHECK_FALSE(parse_iso_date("2024-5-12"));
  CHECK_FALSE(parse_iso_date("2024-13-01"));
  CHECK(parse_time("14:00")->minutes == 14 * 60);
  CHECK_FALSE(parse_time("24:00"));
  CHECK(parse_datetime("2024-05-10 14:00"));
  CHECK_FALSE(parse_datetime("2024-05-10T14:00"));
  auto r = parse_time_range("14:00-16:00");
  REQUIRE(r);
  CHECK(r->first.minutes < r->second.minutes);
  CHECK_FALSE(parse_time_range("14:00~16:00"));
}

TEST_CASE("date: loose dates get an ISO proposal")
{
  CHECK(guess_date("2024/5/12", 2000)->str() == "2024-05-12");
  CHECK(guess_date("2024年5月12日", 2000)->str() == "2024-05-12");
  CHECK(guess_date("2024.05.12", 2000)->str() == "2024-05-12");
  CHECK(guess_date("20240512", 2000)->str() == "2024-05-12");
  CHECK(guess_date("05-12", 2024)->str() == "2024-05-12");
  CHECK(guess_date("5月12日", 2024)->str() == "2024-05-12");
  CHECK(guess_date("25/12/2024", 2000)->str() == "2024-12-25");
  CHECK_FALSE(guess_date("05/06/2024", 2000)); // ambiguous day/month
  CHECK_FALSE(guess_date("next week", 2024));
  CHECK_FALSE(guess_date("2024-02-30", 2024));
  auto dt = guess_datetime("2024/5/10 14:00", 2000);
  REQUIRE(dt);
  CHECK(dt->first.str() == "2024-05-10");
  CHECK(format_time(*dt->second) == "14:00");
}

TEST_CASE("date: arithmetic and weekdays")
{
  const Date d{2024, 5, 10};
  CHECK(d.weekday() == 4); // a Friday
  CHECK(d.plus_days(30).str() == "2024-06-09");
  CHECK(Date::from_days(d.days()) == d);
  CHECK(Date{2024, 3, 1}.days() - Date{2024, 2, 28}.days() == 2);
}

TEST_CASE("date: friendly command-line dates")
{
  const Date today{2024, 5, 10}; // Friday
  CHECK(parse_friendly_date("today", today)->str() == "2024-05-10");
  CHECK(parse_friendly_date("tomorrow", today)->str() == "2024-05-11");
  CHECK(parse_friendly_date("+3d", today)->str() == "2024-05-13");
  CHECK(parse_friendly_date("+2w", today)->str() == "2024-05-24");
  CHECK(parse_friendly_date("fri", today)->str() == "2024-05-17");
  CHECK(parse_friendly_date("mon", today)->str() == "2024-05-13");
  CHECK(parse_friendly_date("eow", today)->str() == "2024-05-12");
  CHECK(parse_friendly_date("eom", today)->str() == "2024-05-31");
  CHECK(parse_friendly_date("2024-06-01", today)->str() == "2024-06-01");
  CHECK_FALSE(parse_friendly_date("someday", today));
}

TEST_CASE("date: durations")
{
  CHECK(*parse_duration_days("2d") == 2);
  CHECK(*parse_duration_days("1w") == 7);
  CHECK(*parse_duration_days("36h") == 2);
  CHECK_FALSE(parse_duration_days("2 days"));
  CHECK_FALSE(parse_duration_days("d"));
}

TEST_CASE("friendly dates: the Chinese forms")
{
  const Date wed{2024, 5, 15}; // a Wednesday
  const auto d = [&](const char* s) {
    const auto r = parse_friendly_date(s, wed);
    return r ? r->str() : std::string("none");
  };
  CHECK(d("今天") == "2024-05-15");
  CHECK(d("明天") == "2024-05-16");
  CHECK(d("后天") == "2024-05-17");
  CHECK(d("昨天") == "2024-05-14");
  CHECK(d("周五") == "2024-05-17");
  CHECK(d("星期五") == "2024-05-17");
  CHECK(d("礼拜三") == "2024-05-22"); // the next one, never today
  CHECK(d("周日") == "2024-05-19");
  CHECK(d("星期天") == "2024-05-19");
  CHECK(d("本周一") == "2024-05-13");
  CHECK(d("下周一") == "2024-05-20");
  CHECK(d("下星期五") == "2024-05-24");
  CHECK(d("月底") == "2024-05-31");
  CHECK(d("5月20日") == "2024-05-20");
  CHECK(d("5月20号") == "2024-05-20");
  CHECK(d("12月1日") == "2024-12-01");
  CHECK(d("5/20") == "2024-05-20");
  CHECK(d("2025年1月3日") == "2025-01-03");
  CHECK(d("2月30日") == "none");
  CHECK(d("周八") == "none");
  CHECK(d("下月底") == "none");
}

TEST_CASE("friendly dates: an error proposes the ISO form of what looks like a date")
{
  const auto r = read_friendly_date("2024/5/12", Date{2024, 5, 1});
  REQUIRE_FALSE(r);
  CHECK(r.reason().find("write `2024-05-12` (YYYY-MM-DD)") != std::string::npos);
}
