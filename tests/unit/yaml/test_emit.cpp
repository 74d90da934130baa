#include "collab/yaml/emit.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {
/// What YAML reads back from `key: <emitted>`.
std::string round_trip(const std::string& value)
{
  SourceFile src("x", "key: " + emit_scalar(value) + "\n");
  auto p = parse_yaml_cpp(src);
  REQUIRE(p.doc);
  const auto* v = p.doc->root()->get("key");
  return v->is_null() ? "<null>" : v->value + (v->quoted ? "" : "");
}
} // namespace

TEST_CASE("emit: values are quoted exactly when YAML needs it")
{
  CHECK(emit_scalar("赵六") == "赵六");
  CHECK(emit_scalar("2024-05-12") == "2024-05-12"); // dates stay plain
  CHECK(emit_scalar("完成活动页面(测试环境地址)") == "完成活动页面(测试环境地址)");
  CHECK(emit_scalar("Meeting: x") == "\"Meeting: x\"");
  CHECK(emit_scalar("yes") == "\"yes\"");
  CHECK(emit_scalar("No") == "\"No\"");
  CHECK(emit_scalar("0755") == "\"0755\"");
  CHECK(emit_scalar("1e3") == "\"1e3\"");
  CHECK(emit_scalar("14:00") == "\"14:00\"");
  CHECK(emit_scalar("14:00-16:00") == "\"14:00-16:00\"");
  CHECK(emit_scalar("") == "\"\"");
  CHECK(emit_scalar("- item") == "\"- item\"");
  CHECK(emit_scalar("a #b") == "\"a #b\"");
  CHECK(emit_scalar("line\nbreak \"q\"") == "\"line\\nbreak \\\"q\\\"\"");
  CHECK(emit_scalar("null") == "\"null\"");
  CHECK(emit_scalar("http://x.y/a#b") == "http://x.y/a#b");
  for (const char* v : {"Meeting: x", "yes", "0755", "14:00", "", "- item", "a #b", "line\nbreak \"q\"", "null",
                        "[a]", "{b}", "'q'", "&anchor", "*alias", "!tag", "%x", "@x", "`x`", "x:", " lead", "trail ",
                        "完成 #1", "#hash", "a\tb"})
    CHECK_MESSAGE(round_trip(v) == v, "value: " << v);
}

TEST_CASE("emit: flow lists")
{
  CHECK(emit_flow_list({"赵六", "孙七"}) == "[赵六, 孙七]");
  CHECK(emit_flow_list({"a, b", "c]"}) == "[\"a, b\", \"c]\"]");
  CHECK(emit_flow_list({}) == "[]");
}
