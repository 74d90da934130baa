#include "collab/model/kinds.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;

TEST_CASE("kinds: the four record kinds each have a schema named after them, others have none")
{
  CHECK(record_kinds() == std::vector<std::string_view>{"meeting", "task", "issue", "request"});
  for (auto kind : record_kinds()) {
    CAPTURE(kind);
    const Schema* s = record_schema(kind);
    REQUIRE(s);
    CHECK(s->name == kind);
  }
  CHECK(record_schema("memo") == nullptr);
  CHECK(record_schema("") == nullptr);
  CHECK(record_schema("Task") == nullptr);
}

TEST_CASE("kinds: every record requires id, kind and title, Schema::find returns the field or nullptr")
{
  for (auto kind : record_kinds()) {
    CAPTURE(kind);
    const Schema* s = record_schema(kind);
    REQUIRE(s);
    for (const char* key : {"id", "kind", "title"}) {
      CAPTURE(key);
      const Field* f = s->find(key);
      REQUIRE(f);
      CHECK(f->name == key);
      CHECK(f->required);
    }
    CHECK(s->find("no_such_key") == nullptr);
    REQUIRE(s->find("tags"));
    CHECK_FALSE(s->find("tags")->required);
  }
}

TEST_CASE("kinds: kind-specific required fields")
{
  const auto required = [](std::string_view kind, std::string_view key) {
    const Field* f = record_schema(kind)->find(key);
    return f && f->required;
  };
  CHECK(required("meeting", "date"));
  CHECK(required("task", "deadline"));
  CHECK_FALSE(required("issue", "deadline"));
  CHECK(required("request", "from"));
  CHECK_FALSE(record_schema("meeting")->find("owner"));
}

TEST_CASE("kinds: the keys of every schema, entries' too")
{
  CHECK(is_field_name("owner"));
  CHECK(is_field_name("next_meeting"));
  CHECK(is_field_name("responsible")); // raci
  CHECK(is_field_name("reason"));      // absent
  CHECK_FALSE(is_field_name("KPI"));
  CHECK_FALSE(is_field_name("Owner"));
}
