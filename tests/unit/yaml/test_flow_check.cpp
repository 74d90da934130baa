#include "collab/yaml/flow_check.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {
/// The flow_check finding for text that yaml-cpp accepts, as "line:col message".
std::string check(const std::string& text)
{
  SourceFile src("x.yaml", text);
  auto p = parse_yaml_cpp(src);
  REQUIRE_MESSAGE(!p.error, text);
  auto d = check_flow_and_quotes(src, p.doc ? p.doc->root() : nullptr);
  return d ? std::to_string(d->pos.line) + ":" + std::to_string(d->pos.column) + " " + d->message : "";
}
} // namespace

TEST_CASE("flow_check: what yaml-cpp lets through in quotes")
{
  CHECK(check("key: \"missing closing quote\n").starts_with("1:6 invalid YAML: this double-quoted string has no closing"));
  CHECK(check("key: \"bad \\' escape\"\n").starts_with("1:11 invalid YAML: `\\'` is not an escape"));
  CHECK(check("key: \"value\"# comment\n").starts_with("1:13 invalid YAML: a comment needs a space"));
  CHECK(check("key: \"ok \\\" \\u4e2d\" # fine\nb: 'it''s'\n").empty());
}

TEST_CASE("flow_check: what yaml-cpp lets through in flow collections")
{
  CHECK(check("a: [x, , y]\n").starts_with("1:8 invalid YAML: an empty entry"));
  CHECK(check("a: [ , x]\n").starts_with("1:6 invalid YAML: an empty entry"));
  CHECK(check("a: [-]\n").starts_with("1:5 invalid YAML: a plain `-`"));
  CHECK(check("a: [x, y]#c\n").starts_with("1:10 invalid YAML: a comment needs a space"));
  CHECK(check("a: [x,\ny]\n").starts_with("2:1 invalid YAML: this line continues"));
  CHECK(check("a: [x, y, ]\nb: {k: v, n: [1, -2]}\nc: [x,\n  y]\n").empty());
  // Quoted values in a flow mapping hold `#`, commas and brackets as text (found by fuzz_text_edit).
  CHECK(check("m: {a: \"x, , y\"}\n").empty());
  CHECK(check("m: {a: 'p #'}\nn: 1\n").empty());
  CHECK(check("- {a: \" #\", b: \"[x]\"}\n- b: 1\n").empty());
  CHECK(check("m: {a: \"x\", , b: 1}\n").starts_with("1:13 invalid YAML: an empty entry"));
}
