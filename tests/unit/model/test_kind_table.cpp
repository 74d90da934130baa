// The kind table is the one description of record kinds: everything else derives from it.
#include "collab/model/config.h"
#include "collab/model/kinds.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace collab;
using namespace collab::model;

TEST_CASE("kinds: every kind has a folder, a prefix, a schema, and its items' schema")
{
  REQUIRE(kinds().size() == 4);
  std::set<std::string_view> folders;
  std::set<char> prefixes;
  for (const Kind& k : kinds()) {
    CAPTURE(k.name);
    CHECK(k.schema);
    CHECK(k.schema->find("id"));
    CHECK(k.schema->find("kind"));
    CHECK(folders.insert(k.folder).second);
    CHECK(prefixes.insert(k.id_prefix).second);
    CHECK(find_kind(k.name) == &k);
    CHECK(record_schema(k.name) == k.schema);
    if (!k.item_list.empty()) {
      REQUIRE(k.item_schema());
      CHECK(k.item_schema()->is_item);
      CHECK(kind_of_item(k.item_kind) == &k);
      CHECK(k.item_schema()->find(k.item_schema()->text_field));
    }
    // Every key `new` writes is a key of the schema, and every required key is written.
    for (auto key : k.new_keys)
      CHECK_MESSAGE(k.schema->find(key), key);
    for (const Field& f : k.schema->fields)
      if (f.required && f.name != "id" && f.name != "kind" && f.name != "deliverable" && f.name != "description")
        CHECK_MESSAGE(std::find(k.new_keys.begin(), k.new_keys.end(), f.name) != k.new_keys.end(), f.name);
  }
  CHECK(!find_kind("minutes"));
  CHECK(!kind_of_item("task"));
}

TEST_CASE("kinds: what is tracked, and what --kind accepts")
{
  CHECK(!find_kind("meeting")->tracked);
  CHECK(!find_kind("meeting")->has_status());
  CHECK(find_kind("task")->tracked);
  CHECK(find_kind("request")->tracked);
  CHECK(find_kind("request")->item_list.empty());
  CHECK(find_kind("issue")->has_status());
  const auto& names = item_kinds();
  for (const char* n : {"task", "subtask", "action", "solution", "request", "meeting", "issue"})
    CHECK_MESSAGE(std::find(names.begin(), names.end(), std::string_view(n)) != names.end(), n);
  CHECK(names.size() == 7);
}

TEST_CASE("kinds: no field is listed twice in any schema")
{
  std::set<const Schema*> seen;
  std::vector<const Schema*> todo;
  for (const Kind& k : kinds())
    todo.push_back(k.schema);
  while (!todo.empty()) {
    const Schema* s = todo.back();
    todo.pop_back();
    if (!seen.insert(s).second)
      continue;
    std::set<std::string_view> names;
    for (const Field& f : s->fields) {
      CHECK_MESSAGE(names.insert(f.name).second, s->name, ".", f.name);
      if (f.sub)
        todo.push_back(f.sub);
    }
  }
}

TEST_CASE("kinds: the config's default id formats and required scopes come from the table")
{
  Config cfg;
  for (const Kind& k : kinds())
    CHECK(cfg.id_format_for(k.name) == std::string(1, k.id_prefix) + "-{year}-{seq}");
  const auto& scopes = required_scopes();
  for (const Kind& k : kinds()) {
    CHECK(std::find(scopes.begin(), scopes.end(), k.name) != scopes.end());
    if (!k.item_kind.empty())
      CHECK(std::find(scopes.begin(), scopes.end(), k.item_kind) != scopes.end());
  }
}
