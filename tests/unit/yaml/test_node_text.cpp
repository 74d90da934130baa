#include "collab/yaml/node_text.h"
#include "collab/yaml/parse.h"
#include "collab/yaml/text_edit.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::yaml;

namespace {

/// The text of the value of `key` in the root mapping of `text`.
std::string value_of(const std::string& text, const std::string& key)
{
  SourceFile src("x", text);
  auto p = parse_yaml(src);
  REQUIRE(p.doc);
  const NodeText n = value_text(text, *p.doc->root(), key);
  return text.substr(n.begin, n.end - n.begin);
}

/// The text from the value of `key` to the end of its last line.
std::string lines_of(const std::string& text, const std::string& key)
{
  SourceFile src("x", text);
  auto p = parse_yaml(src);
  REQUIRE(p.doc);
  const NodeText n = value_text(text, *p.doc->root(), key);
  return text.substr(n.begin, n.next_line - n.begin);
}

} // namespace

TEST_CASE("node_text: a plain value runs over the lines indented past its mapping")
{
  CHECK(value_of("a: one\n  two # c\nb: 1\n", "a") == "one\n  two");
  CHECK(value_of("a:\n  one\n\n  two\nb: 1\n", "a") == "one\n\n  two");
}

TEST_CASE("node_text: an empty value's text is its `null`, `~` or properties, wherever they stand")
{
  CHECK(value_of("a:\n  null\nb: 1\n", "a") == "\n  null");
  CHECK(value_of("a: # c\nb: 1\n", "a") == "");
  CHECK(value_of("a: !!null\nb: 1\n", "a") == "!!null");
  CHECK(value_text("a: &x\n", *parse_yaml(SourceFile("x", "a: &x\n")).doc->root(), "a").anchored);
}

TEST_CASE("node_text: a `|+` block owns the empty lines after it")
{
  CHECK(lines_of("a: |+\n  x\n\n\nb: 1\n", "a") == "|+\n  x\n\n\n");
  CHECK(lines_of("a: |\n  x\n\n\nb: 1\n", "a") == "|\n  x\n");
  CHECK(lines_of("a: |\n  x\n  # y\n", "a") == "|\n  x\n  # y\n");
}

TEST_CASE("node_text: inside {...} only a quote where a token starts opens a string")
{
  CHECK(value_of("m: {a: it's, b: '}'}\nn: 1\n", "m") == "{a: it's, b: '}'}");
  CHECK(value_of("m: [\"]\", x'y, [z]] # c\n", "m") == "[\"]\", x'y, [z]]");
}

TEST_CASE("node_text: what does not read as the tree says is refused")
{
  // A value on its own line, not indented past its key (yaml-cpp reads i = ";").
  const std::string unindented = "i:\n;\n#";
  CHECK_THROWS_AS(value_of(unindented, "i"), EditError);
  // A CR alone: yaml-cpp breaks the line there, these offsets do not.
  CHECK_THROWS_AS(value_of("i: \r", "i"), EditError);
}
