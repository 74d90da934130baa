#include "collab/yaml/text_edit.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {

/// Sets key in the mapping found by `locate` and returns the new text.
template <typename F>
std::string set(const std::string& text, F locate, const std::string& key, const std::string& value)
{
  SourceFile src("x", text);
  auto p = parse_yaml(src);
  REQUIRE(p.doc);
  return set_field(text, locate(*p.doc->root()), key, value);
}

const auto root = [](const yaml::Node& r) -> const yaml::Node& { return r; };
const auto action = [](size_t i) {
  return [i](const yaml::Node& r) -> const yaml::Node& { return *r.get("actions")->items[i]; };
};

} // namespace

TEST_CASE("text_edit: replacing a value keeps everything around it")
{
  CHECK(set("a: 1   # c\nb: 2\n", root, "a", "9") == "a: 9   # c\nb: 2\n");
  CHECK(set("a: \"x y\"\nb: 2\n", root, "a", "z") == "a: z\nb: 2\n");
  CHECK(set("a: 'it''s'\nb: 2\n", root, "a", "z") == "a: z\nb: 2\n");
  CHECK(set("a:\nb: 2\n", root, "a", "z") == "a: z\nb: 2\n");
  CHECK(set("a: |\n  x\n  y\nb: 2\n", root, "a", "z") == "a: z\nb: 2\n");
  CHECK(set("a:\n  - x\n  - y\nb: 2\n", root, "a", "[q]") == "a: [q]\nb: 2\n");
  CHECK(set("a: [x, y]\n", root, "a", "[q]") == "a: [q]\n");
}

TEST_CASE("text_edit: a file that starts with a byte order mark is edited at the right bytes")
{
  // yaml-cpp counts offsets after the BOM (found by fuzz_text_edit).
  CHECK(set("\xEF\xBB\xBF# c\na: 1\nb: 2\n", root, "b", "3") == "\xEF\xBB\xBF# c\na: 1\nb: 3\n");
  CHECK(set("\xEF\xBB\xBF" "a: 1\nb: 2\n", root, "a", "9") == "\xEF\xBB\xBF" "a: 9\nb: 2\n");
  CHECK(set("\xEF\xBB\xBF" "a: 1\nb: 2\n", root, "c", "3") == "\xEF\xBB\xBF" "a: 1\nb: 2\nc: 3\n");
  CHECK(set("\xEF\xBB\xBF# c\na: 1\n", root, "c", "3") == "\xEF\xBB\xBF# c\na: 1\nc: 3\n");
}

TEST_CASE("text_edit: a missing key is added after the mapping's last entry")
{
  CHECK(set("a: 1\nb: 2\n\n# tail\n", root, "c", "3") == "a: 1\nb: 2\nc: 3\n\n# tail\n");
  CHECK(set("a: 1\nb: 2", root, "c", "3") == "a: 1\nb: 2\nc: 3\n");
  const std::string doc = "actions:\n  - action: x\n    owner: y\n\n  - action: z # c\n    owner: w\nnext: 1\n";
  CHECK(set(doc, action(0), "status", "done") ==
        "actions:\n  - action: x\n    owner: y\n    status: done\n\n  - action: z # c\n    owner: w\nnext: 1\n");
  CHECK(set(doc, action(1), "status", "done") ==
        "actions:\n  - action: x\n    owner: y\n\n  - action: z # c\n    owner: w\n    status: done\nnext: 1\n");
  CHECK(set("a:\n  b: |\n    t\n\n    u\nc: 1\n", [](const yaml::Node& r) -> const yaml::Node& { return *r.get("a"); },
            "k", "v") == "a:\n  b: |\n    t\n\n    u\n  k: v\nc: 1\n");
}

TEST_CASE("text_edit: flow mappings are edited inside their braces")
{
  CHECK(set("actions:\n  - {action: x, owner: y}\n", action(0), "owner", "z") == "actions:\n  - {action: x, owner: z}\n");
  CHECK(set("actions:\n  - {action: x, owner: y}\n", action(0), "status", "done") ==
        "actions:\n  - {action: x, owner: y, status: done}\n");
  CHECK(set("m: {}\n", [](const yaml::Node& r) -> const yaml::Node& { return *r.get("m"); }, "a", "1") == "m: {a: 1}\n");
  // A single pair inside [...] is a mapping without braces: nothing to add to (found by fuzz_text_edit).
  CHECK_THROWS_AS(set("m: [s: 1]\n", [](const yaml::Node& r) -> const yaml::Node& { return *r.get("m")->items[0]; },
                      "t", "2"),
                  EditError);
  CHECK_THROWS_AS(set("m: {}\n", [](const yaml::Node& r) -> const yaml::Node& { return *r.get("m"); }, "a", "x, y"),
                  EditError);
}

TEST_CASE("text_edit: appending list entries")
{
  SourceFile src("x", "id: M-1\nactions:\n  - action: a\n    owner: b\nnotes: n\n");
  auto p = parse_yaml(src);
  CHECK(append_entry(src.text(), *p.doc->root(), "actions", {{"action", "c"}, {"owner", "d"}}) ==
        "id: M-1\nactions:\n  - action: a\n    owner: b\n  - action: c\n    owner: d\nnotes: n\n");
  SourceFile none("x", "id: M-1\ntitle: t\n");
  auto q = parse_yaml(none);
  CHECK(append_entry(none.text(), *q.doc->root(), "actions", {{"action", "c"}}) ==
        "id: M-1\ntitle: t\nactions:\n  - action: c\n");
  SourceFile flow("x", "actions: [x]\n");
  auto f = parse_yaml(flow);
  CHECK_THROWS_AS(append_entry(flow.text(), *f.doc->root(), "actions", {{"action", "c"}}), EditError);
}
