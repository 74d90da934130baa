#include "commands/values.h"

#include "collab/util/error.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;
using namespace collab::commands;

namespace {
const Date k_today{2024, 6, 1}; // a Saturday
}

TEST_CASE("values: split_assignment splits at the first =, and needs a key")
{
  CHECK(split_assignment("owner=张三") == std::pair<std::string, std::string>{"owner", "张三"});
  CHECK(split_assignment("notes=a=b") == std::pair<std::string, std::string>{"notes", "a=b"});
  CHECK(split_assignment("notes=") == std::pair<std::string, std::string>{"notes", ""});
  for (const char* bad : {"owner", "=x", ""}) {
    CAPTURE(bad);
    try {
      split_assignment(bad);
      FAIL("no error");
    } catch (const util::Error& e) {
      CHECK(e.exit_status() == 2);
    }
  }
}

TEST_CASE("values: dates of the schema are made ISO, a bad one is a usage error")
{
  CHECK(value_for(model::find_kind("task"), false, "deadline", "tomorrow", k_today) == "2024-06-02");
  CHECK(value_for(model::find_kind("task"), false, "deadline", "+1w", k_today) == "2024-06-08");
  CHECK(value_for(model::find_kind("meeting"), true, "deadline", "2024-07-01", k_today) == "2024-07-01"); // an action's deadline
  // A meeting itself has no deadline field: the value is plain text.
  CHECK(value_for(model::find_kind("meeting"), false, "deadline", "tomorrow", k_today) == "tomorrow");
  CHECK_THROWS_AS(value_for(model::find_kind("task"), false, "deadline", "someday", k_today), util::Error);
}

TEST_CASE("values: lists come from commas, and text is quoted only when YAML needs it")
{
  CHECK(value_for(model::find_kind("task"), false, "tags", " web, q2 ,,周会 ", k_today) == "[web, q2, 周会]");
  CHECK(value_for(model::find_kind("task"), false, "tags", "a[1], yes", k_today) == "[\"a[1]\", \"yes\"]");
  CHECK(value_for(model::find_kind("task"), false, "title", "Launch the site", k_today) == "Launch the site");
  CHECK(value_for(model::find_kind("task"), false, "title", "note: see #3", k_today) == "\"note: see #3\"");
  CHECK(value_for(model::find_kind("task"), false, "owner", "yes", k_today) == "\"yes\"");
  CHECK(value_for(model::find_kind("task"), false, "progress", "50", k_today) == "50");
}

TEST_CASE("values: a key given on the command line must be a field name")
{
  CHECK(split_assignment("delay_reason=x").first == "delay_reason");
  CHECK(split_assignment("due-date=x").first == "due-date");
  for (const char* bad : {"#=1", "a b=1", "x:y=1", "a\nb=1", "-x=1", "1a=1", "中文=1"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(split_assignment(bad), doctest::Contains("is not a field name"), collab::util::Error);
  }
}
