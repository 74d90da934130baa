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
}

namespace {

const auto m = [](const yaml::Node& r) -> const yaml::Node& { return *r.get("m"); };

} // namespace

TEST_CASE("text_edit: a plain value that would end early inside {...} is written double-quoted")
{
  // `{a: x, y}` would read a = "x" and a key y; `{a: wh?t}` does not parse.
  CHECK(set("m: {}\n", m, "a", "x, y") == "m: {a: \"x, y\"}\n");
  CHECK(set("m: {a: 1}\n", m, "a", "wh?t") == "m: {a: \"wh?t\"}\n");
  CHECK(set("m: {a: 1}\n", m, "b", "x [y] \\ \"z\"") == "m: {a: 1, b: \"x [y] \\\\ \\\"z\\\"\"}\n");
  CHECK(set("m: {a: 1}\n", m, "b", "\"x, y\"") == "m: {a: 1, b: \"x, y\"}\n");
}

TEST_CASE("text_edit: an empty value written on the line after its key ends there (found by fuzz_text_edit)")
{
  // `a:\n null` + b used to put `b: x` between `a:` and ` null`, which then continued b.
  CHECK(set("a:\n null\n", root, "b", "x") == "a:\n null\nb: x\n");
  CHECK(set("a:\n  # c\n  ~\nb: 1\n", root, "a", "x") == "a: x\nb: 1\n");
  // On the key's line too: `a: null` set to x read "x null".
  CHECK(set("a: null\nb: 1\n", root, "a", "x") == "a: x\nb: 1\n");
  CHECK(set("a: ~ # c\n", root, "a", "x") == "a: x # c\n");
  CHECK(set("a:   # c\n", root, "a", "x") == "a: x   # c\n");
  CHECK(set("m: {a: null, b: 1}\n", m, "a", "x") == "m: {a: x, b: 1}\n");
  CHECK(set("m: {a: , b: 1}\n", m, "a", "x") == "m: {a: x, b: 1}\n");
  CHECK(set("m: {a, b: 1}\n", m, "a", "x") == "m: {a: x, b: 1}\n");
  CHECK(set("m: {b: 1, a}\n", m, "c", "x") == "m: {b: 1, a, c: x}\n");
}

TEST_CASE("text_edit: a plain value over several lines is replaced whole, and a key goes after it (found by fuzz_text_edit)")
{
  // `s:\n +\n ;` is s = "+ ;": the new key used to land between its lines (s = "+", status = "done ;").
  CHECK(set("s:\n +\n ;", root, "status", "done") == "s:\n +\n ;\nstatus: done\n");
  CHECK(set("s:\n +\n ;\n", root, "s", "x") == "s:\n x\n");
  CHECK(set("a: one\n  two\n\n  three # c\nb: 1\n", root, "a", "x") == "a: x # c\nb: 1\n");
  CHECK(set("actions:\n  - action: one\n     two\n", action(0), "status", "done") ==
        "actions:\n  - action: one\n     two\n    status: done\n");
  CHECK(set("m: {a: x\n  y, b: 1}\n", m, "a", "z") == "m: {a: z, b: 1}\n");
}

TEST_CASE("text_edit: a quote inside a plain value in {...} opens no string (found by fuzz_text_edit)")
{
  CHECK(set("m: {a: it's, b: 1}\n", m, "c", "x") == "m: {a: it's, b: 1, c: x}\n");
  CHECK(set("m: {a: it's, b: 'c}'}\n", m, "d", "x") == "m: {a: it's, b: 'c}', d: x}\n");
  CHECK(set("m: {a: 1 # c\n}\n", m, "b", "2") == "m: {a: 1, b: 2 # c\n}\n");
}

TEST_CASE("text_edit: anchors and aliases are never edited through (found by fuzz_text_edit)")
{
  // `status: &a` set to done read "done &a"; dropping the anchor would break `*a` elsewhere.
  CHECK_THROWS_AS(set("status: &a\n", root, "status", "done"), EditError);
  CHECK_THROWS_AS(set("a: &x 1\nb: *x\n", root, "a", "2"), EditError);
  // An alias is replaced, not the value it names.
  CHECK(set("a: &x 1\nb: *x\n", root, "b", "2") == "a: &x 1\nb: 2\n");
  // A tag goes with the old value.
  CHECK(set("a: !!str 5\n", root, "a", "x") == "a: x\n");
}

TEST_CASE("text_edit: new keys line up with the mapping's keys, not with its tag (found by fuzz_text_edit)")
{
  CHECK(set("!t\n  a: 1", root, "status", "done") == "!t\n  a: 1\n  status: done\n");
  CHECK(set("m: &x\n  a: 1\n", m, "b", "2") == "m: &x\n  a: 1\n  b: 2\n");
}

TEST_CASE("text_edit: what set_field cannot read exactly it refuses")
{
  // A value on its own line, not indented past its key: yaml-cpp reads i = ";", but a line
  // after it would continue it (found by fuzz_text_edit).
  CHECK_THROWS_AS(set("i:\n;\n#", root, "status", "done"), EditError);
  CHECK_THROWS_AS(set("i:\n;\n#", root, "i", "x"), EditError);
  // A CR without LF is a line break to yaml-cpp (found by fuzz_text_edit).
  CHECK_THROWS_AS(set("i: \r", root, "status", "done"), EditError);
  // `? ` keys, and a `|` block ending the file without a line break (adding one changes it).
  CHECK_THROWS_AS(set("? a\n: 1\n", root, "b", "2"), EditError);
  CHECK_THROWS_AS(set("a: |\n  x", root, "b", "2"), EditError);
  CHECK(set("a: |-\n  x", root, "b", "2") == "a: |-\n  x\nb: 2\n");
  // yaml-cpp reads a bare `!` ending the file as another tag than `!` and a line break (found
  // by fuzz_text_edit).
  CHECK_THROWS_AS(set("a: !", root, "b", "2"), EditError);
  CHECK(set("a: !\n", root, "b", "2") == "a: !\nb: 2\n");
  // `|#` is a header and a comment: the comment goes with the old value.
  CHECK(set("s: |#\n", root, "s", "done") == "s: done\n");
}

TEST_CASE("text_edit: a new key that reads as null is quoted (found by fuzz_text_edit)")
{
  CHECK(set("a: 1\n", root, "null", "x") == "a: 1\n\"null\": x\n");
  CHECK(set("m: {a: 1}\n", m, "~", "x") == "m: {a: 1, \"~\": x}\n");
  CHECK(set("a: 1\n\"null\": x\n", root, "null", "y") == "a: 1\n\"null\": y\n");
}

TEST_CASE("text_edit: a plain value is not written before a blank line holding a tab (found by fuzz_text_edit)")
{
  // yaml-cpp reads on over blank lines for more of a plain value, and fails at the tab.
  CHECK_THROWS_AS(set("a:\n\t\n", root, "b", "x"), EditError);
  CHECK_THROWS_AS(set("a: \"q\"\n\t\nb: 1\n", root, "a", "x"), EditError);
  CHECK(set("a: \"q\"\n\t\nb: 1\n", root, "a", "\"x\"") == "a: \"x\"\n\t\nb: 1\n");
  CHECK(set("a: \"q\" # c\n\t\nb: 1\n", root, "a", "x") == "a: x # c\n\t\nb: 1\n");
  CHECK(set("a: 1\n \t\n", root, "a", "x") == "a: x\n \t\n"); // right of column 0: allowed
}

TEST_CASE("text_edit: a block scalar owns its comment-like lines, and with `+` its empty lines")
{
  CHECK(set("a: |\n  x\n  # y\n", root, "b", "2") == "a: |\n  x\n  # y\nb: 2\n");
  CHECK(set("m:\n  a: |+\n    x\n\nz: 1\n", m, "c", "v") == "m:\n  a: |+\n    x\n\n  c: v\nz: 1\n");
  CHECK(set("a: |+\n  x\n\n", root, "b", "2") == "a: |+\n  x\n\nb: 2\n");
  CHECK(set("a: >\n  x\n\n  y\n# c\nb: 1\n", root, "a", "z") == "a: z\n# c\nb: 1\n");
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

TEST_CASE("text_edit: appending to an empty list replaces its `~`")
{
  SourceFile src("x", "id: M-1\nactions: ~ # none yet\nnotes: n\n");
  auto p = parse_yaml(src);
  CHECK(append_entry(src.text(), *p.doc->root(), "actions", {{"action", "c"}}) ==
        "id: M-1\nactions: # none yet\n  - action: c\nnotes: n\n");
  SourceFile multi("x", "id: M-1\nactions:\n  - action: a\n     more\nnotes: n\n");
  auto q = parse_yaml(multi);
  REQUIRE(q.doc);
  CHECK(append_entry(multi.text(), *q.doc->root(), "actions", {{"action", "c"}}) ==
        "id: M-1\nactions:\n  - action: a\n     more\n  - action: c\nnotes: n\n");
}

TEST_CASE("text_edit: append_styled_entry keeps the list's style")
{
  const auto append = [](const std::string& text) {
    SourceFile src("x", text);
    auto p = parse_yaml(src);
    REQUIRE(p.doc);
    return append_styled_entry(text, *p.doc->root(), "confirmed", {{"name", "孙七"}, {"date", "2024-05-11"}});
  };
  CHECK(append("id: x\nconfirmed: [{name: a, date: 2024-05-10}]  # kept\n") ==
        "id: x\nconfirmed: [{name: a, date: 2024-05-10}, {name: 孙七, date: 2024-05-11}]  # kept\n");
  CHECK(append("id: x\nconfirmed: []\nnotes: y\n") == "id: x\nconfirmed: [{name: 孙七, date: 2024-05-11}]\nnotes: y\n");
  CHECK(append("id: x\nconfirmed: [\n  {name: a},\n]\n") == "id: x\nconfirmed: [\n  {name: a}, {name: 孙七, date: 2024-05-11},\n]\n");
  CHECK(append("confirmed:\n  - {name: a}\n# end\n") ==
        "confirmed:\n  - {name: a}\n  - {name: 孙七, date: 2024-05-11}\n# end\n");
  CHECK(append("confirmed:\n- name: a\n") == "confirmed:\n- name: a\n- name: 孙七\n  date: 2024-05-11\n");
  CHECK(append("id: x\n") == "id: x\nconfirmed:\n  - name: 孙七\n    date: 2024-05-11\n");
  // A value that would end a plain scalar inside {...} is quoted.
  SourceFile src("x", "confirmed: [{name: a}]\n");
  auto p = parse_yaml(src);
  CHECK(append_styled_entry("confirmed: [{name: a}]\n", *p.doc->root(), "confirmed", {{"name", "Lee, Ann"}}) ==
        "confirmed: [{name: a}, {name: \"Lee, Ann\"}]\n");
  CHECK_THROWS_AS(append("confirmed: [a, b]\n"), EditError);
}
