#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {
ParsedYaml parse(const SourceFile& src) { return parse_yaml(src); }
} // namespace

TEST_CASE("yaml_io: every key and value has a 1-based line and a code-point column")
{
  SourceFile src("x.yaml", "# comment\ntitle: 会议 x\nowner: 赵六\nlist: [a, 中文, b]\n");
  auto p = parse(src);
  REQUIRE(p.doc);
  const auto* root = p.doc->root();
  REQUIRE(root->is_map());
  CHECK(root->pos == Position{2, 1});
  CHECK(root->key_node("owner")->pos == Position{3, 1});
  CHECK(root->get("owner")->pos == Position{3, 8});
  const auto* list = root->get("list");
  REQUIRE(list->items.size() == 3);
  CHECK(list->items[2]->pos == Position{4, 15}); // columns count characters, not bytes
}

TEST_CASE("yaml_io: quoted and block scalars are marked, plain ones are not")
{
  SourceFile src("x.yaml", "a: \"2024-05-12\"\nb: 2024-05-12\nc: |\n  text\nd:\n");
  auto p = parse(src);
  REQUIRE(p.doc);
  const auto* r = p.doc->root();
  CHECK(r->get("a")->quoted);
  CHECK_FALSE(r->get("b")->quoted);
  CHECK(r->get("c")->quoted);
  CHECK(r->get("d")->is_null());
}

TEST_CASE("yaml_io: duplicate keys are reported at the second key, the first value wins")
{
  SourceFile src("x.yaml", "a: 1\nb: 2\na: 3\n");
  auto p = parse(src);
  REQUIRE(p.doc);
  REQUIRE(p.findings.size() == 1);
  CHECK(p.findings[0].rule == "duplicate-key");
  CHECK(p.findings[0].pos == Position{3, 1});
  CHECK(p.doc->root()->get("a")->value == "1");
}

TEST_CASE("yaml_io: a second document is a syntax finding at its start")
{
  SourceFile src("x.yaml", "a: 1\n---\nb: 2\n");
  auto p = parse(src);
  REQUIRE(p.error);
  CHECK(p.error->rule == "syntax");
  CHECK(p.error->pos.line == 2);
  CHECK(p.error->message.find("second YAML document") != std::string::npos);
}

TEST_CASE("yaml_io: stray content after the top-level mapping is a syntax finding")
{
  SourceFile src("x.yaml", "foo:\n  bar\ninvalid\n");
  auto p = parse(src);
  REQUIRE(p.error);
  CHECK(p.error->rule == "syntax");
  CHECK(p.error->pos.line == 3);
}

TEST_CASE("yaml_io: parser errors carry the parser's position")
{
  SourceFile src("x.yaml", "a: [1, 2\nb: 3\n");
  auto p = parse(src);
  REQUIRE(p.error);
  CHECK(p.error->rule == "syntax");
  CHECK(p.error->pos.line >= 1);
  CHECK(p.error->message.find("invalid YAML") != std::string::npos);
}

TEST_CASE("yaml_io: deep nesting stops at the depth limit")
{
  std::string deep(20000, '[');
  deep += std::string(20000, ']');
  SourceFile src("x.yaml", deep);
  auto p = parse(src);
  REQUIRE(p.error);
  CHECK(p.error->rule == "syntax");
  CHECK(p.error->message.find("nesting deeper") != std::string::npos);
}

TEST_CASE("yaml_io: an alias bomb stops at the expansion budget")
{
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i)
      bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  SourceFile src("x.yaml", bomb);
  auto p = parse(src);
  REQUIRE(p.error);
  CHECK(p.error->message.find("aliases expand") != std::string::npos);
}

TEST_CASE("yaml_io: small aliases are shared, not copied")
{
  SourceFile src("x.yaml", "a: &n {x: 1}\nb: *n\n");
  auto p = parse(src);
  REQUIRE(p.doc);
  CHECK(p.doc->root()->get("a") == p.doc->root()->get("b"));
}

TEST_CASE("yaml_io: an empty file has no document")
{
  SourceFile src("x.yaml", "# only a comment\n");
  auto p = parse(src);
  CHECK_FALSE(p.error);
  CHECK_FALSE(p.doc);
}

TEST_CASE("yaml_io: 50,000 keys in one mapping are checked for duplicates in linear time (yaml-cpp path)")
{
  // Every key twice: each repeat looks up its first occurrence (a search through the
  // entries made this quadratic: 47k keys took 10 s). A flow value sends it to yaml-cpp.
  std::string text = "flow: {a: 1}\n";
  constexpr int k_keys = 25'000;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < k_keys; ++i)
      text += "key_" + std::to_string(i) + ": v\n";
  SourceFile src("big.yaml", text);
  const auto p = parse_yaml_cpp(src);
  REQUIRE_FALSE(p.error);
  REQUIRE(p.findings.size() == k_keys);
  CHECK(p.findings.front().pos == Position{k_keys + 2, 1});
  CHECK(p.findings.front().message.find("line 2") != std::string::npos);
  CHECK(p.doc->root()->entries.size() == 2 * k_keys + 1);
}
