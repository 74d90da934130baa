// The fast parser must build exactly yaml-cpp's tree wherever it accepts a text.
#include "collab/yaml/fast_parser.h"
#include "collab/yaml/parse.h"

#include "process.h"
#include "tree_diff.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fmt/format.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace fs = std::filesystem;

namespace {

using test::tree_diff;

/// Compares both parsers on text; returns whether the fast parser accepted it.
bool same_as_yaml_cpp(const std::string& name, const std::string& text)
{
  SourceFile src(name, text);
  auto fast = parse_simple_yaml(src, {});
  if (!fast)
    return false;
  auto ref = parse_yaml_cpp(src, {});
  CAPTURE(name);
  REQUIRE_MESSAGE(!ref.error, "fast parser accepted what yaml-cpp rejects: " << (ref.error ? ref.error->message : ""));
  CHECK(tree_diff(fast->doc ? fast->doc->root() : nullptr, ref.doc ? ref.doc->root() : nullptr) == "");
  REQUIRE(fast->findings.size() == ref.findings.size());
  for (size_t i = 0; i < ref.findings.size(); ++i) {
    CHECK(fast->findings[i].pos == ref.findings[i].pos);
    CHECK(fast->findings[i].message == ref.findings[i].message);
  }
  return true;
}

std::vector<fs::path> yaml_files(const fs::path& dir)
{
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("fast_yaml: snippets parse exactly like yaml-cpp")
{
  const char* accepted[] = {
    "a: 1\n",
    "a: 1\nb: two words\nc: \"quoted: yes\"\nd: 'it''s'\n",
    "# lead\nkey: value # trailing\n\n# mid\nother: x\n",
    "list:\n  - a\n  - b\nsame:\n- c\n- d\n",
    "- a\n- b: 1\n  c: 2\n- [x, y]\n",
    "flow: [a, \"b, c\", {k: v, k2: [1, 2]}, ]\nmap: {a: 1, b: }\nempty: []\nnone: {}\n",
    "n1:\nn2: ~\nn3: null\nlast:\n",
    "deep:\n  a:\n    b:\n      c: d\n",
    "text: |\n  line 1\n\n  line 3\nnext: x\n",
    "strip: |-\n  a\n  b\n\nkeep: |+\n  a\n\n\nend: 1\n",
    "esc: \"tab\\tnew\\nq\\\" \\u4e2d\\\\\"\n",
    "dup: 1\nx: 2\ndup: 3\n",
    "cjk: 会议 纪要\n负责人: 赵六\nattendees: [赵六, {name: 周八, dept: 仓储部}]\n",
    "url: http://example.com/a#b\ntime: \"14:00-16:00\"\ndate: 2024-05-10\n",
  };
  for (const char* s : accepted)
    CHECK_MESSAGE(same_as_yaml_cpp("snippet", s), "declined: " << s);

  // Texts outside the subset are declined (yaml-cpp parses or rejects them).
  const char* declined[] = {
    "a: &x 1\nb: *x\n",        "--- \na: 1\n",          "a: >\n  folded\n",   "a: b: c\n",
    "a: \"multi\n  line\"\n",  "a: plain\n  continued\n", "%YAML 1.2\n---\na: 1\n", "a:\tb\n",
    "a: [1,\n  2]\n",          "? complex\n: key\n",     "a: !tag x\n",        "foo:\n  bar\ninvalid\n",
    "a: 1\n---\nb: 2\n",       "key : v\n",              "a: [1, , 2]\n",      "just a scalar\n",
    "n: -\n",                 "n: -",                   "n: -  # c\n",
  };
  for (const char* s : declined) {
    CAPTURE(s);
    CHECK_FALSE(parse_simple_yaml(SourceFile("x", s), {}));
  }
}

TEST_CASE("fast_yaml: every example record parses fast, and exactly like yaml-cpp")
{
  const fs::path examples = fs::path(COLLAB_SOURCE_DIR) / "examples";
  size_t fast = 0, total = 0;
  for (const auto& p : yaml_files(examples)) {
    ++total;
    const bool bad = p.string().find("/bad/") != std::string::npos;
    const bool accepted = same_as_yaml_cpp(p.string(), test::read(p));
    fast += accepted;
    if (!bad)
      CHECK_MESSAGE(accepted, "the fast parser declined a good example: " << p.string());
  }
  CHECK(total > 20);
  MESSAGE(fast << " of " << total << " example files took the fast path");
}

TEST_CASE("fast_yaml: generated records all take the fast path")
{
  test::TempDir tmp;
  const auto r = test::run({COLLAB_GEN_BIN, (tmp / "r").string(), "400", "--seed", "7"}, tmp.path());
  REQUIRE(r.status == 0);
  size_t n = 0;
  for (const auto& p : yaml_files(tmp / "r")) {
    if (p.filename() == ".collab.yaml")
      continue;
    ++n;
    CHECK_MESSAGE(same_as_yaml_cpp(p.string(), test::read(p)), "declined: " << p.string());
  }
  CHECK(n == 400);
}

TEST_CASE("fast_yaml: on the YAML test suite it never disagrees with yaml-cpp")
{
  const fs::path corpus = fs::path(COLLAB_SHARED_DIR) / "corpora" / "yaml-test-suite";
  if (!fs::is_directory(corpus)) {
    MESSAGE("corpus absent: nothing to compare");
    return;
  }
  size_t accepted = 0, total = 0, better = 0;
  for (const auto& e : fs::recursive_directory_iterator(corpus)) {
    if (e.path().filename() != "in.yaml")
      continue;
    ++total;
    const std::string text = test::read(e.path());
    SourceFile src(e.path().string(), text);
    auto fast = parse_simple_yaml(src, {});
    if (!fast)
      continue;
    ++accepted;
    CAPTURE(e.path().string());
    CHECK_MESSAGE(!fs::exists(e.path().parent_path() / "error"), "fast parser accepted an invalid case");
    // Valid YAML that yaml-cpp wrongly rejects (JR7V: `?` inside scalars) is fine to accept.
    if (parse_yaml_cpp(src, {}).error) {
      ++better;
      continue;
    }
    same_as_yaml_cpp(e.path().string(), text);
  }
  MESSAGE(accepted << " of " << total << " corpus cases took the fast path; " << better
                   << " of them are valid YAML that yaml-cpp rejects");
}

TEST_CASE("fast_yaml: a last block scalar without a line break, and keys over 1024 characters, as yaml-cpp reads them")
{
  // Clip and keep chomping add the final line break only when the file has one.
  for (const char* s : {"text: |\n  last line", "text: |\n  a\n\n  b", "keep: |+\n  a", "strip: |-\n  a",
                        "a: 1\ntext: |\n  x\n  y", "text: |\n  last line\n",
                        // A last line of spaces without a line break is no line of the block
                        // (found by fuzz_parsers: `|+` kept a line break for it).
                        "- |+\n :+\n ", "keep: |+\n  a\n\n  ", "keep: |+\n  a\n ", "text: |\n  a\n "}) {
    CAPTURE(s);
    CHECK_MESSAGE(same_as_yaml_cpp("snippet", s), "declined: " << s);
  }
  const auto fast = parse_simple_yaml(SourceFile("x", "text: |\n  last line"), {});
  REQUIRE(fast);
  CHECK(fast->doc->root()->text_of("text") == "last line");
  const auto kept = parse_simple_yaml(SourceFile("x", "keep: |+\n  a\n\n  "), {});
  REQUIRE(kept);
  CHECK(kept->doc->root()->text_of("keep") == "a\n\n");

  // 1024 characters is a key; 1025 is not (YAML's limit for an implicit key): both parsers
  // give the same positioned syntax error, whatever follows.
  CHECK(same_as_yaml_cpp("1024", std::string(1024, 'k') + ": v\n"));
  CHECK(same_as_yaml_cpp("1024 chinese", std::string(1024 * 3 / 3, 'k').replace(0, 3, "中") + ": v\n"));
  for (const std::string& tail : {std::string("other: 1\n"), std::string("other: &a 1\n")}) {
    const std::string text = "a: 1\n" + std::string(1025, 'k') + ": v\n" + tail;
    CAPTURE(tail);
    SourceFile src("long.yaml", text);
    CHECK_FALSE(parse_simple_yaml(src, {}));
    const auto p = parse_yaml(src);
    REQUIRE(p.error);
    CHECK(p.error->pos == Position{2, 1});
    CHECK(p.error->message == "a key is longer than 1024 characters, YAML's limit for a key; shorten it");
  }
  // yaml-cpp counts the limit in bytes: 341 Chinese characters (1023 bytes) are a key, 500 are
  // not (found by fuzz_parsers: the fast parser counted characters and read them as a key).
  std::string zh;
  for (int i = 0; i < 341; ++i)
    zh += "中";
  CHECK(same_as_yaml_cpp("1023 bytes", "a: 1\n" + zh + ": v\n"));
  CHECK(same_as_yaml_cpp("1023 bytes in a flow", "m: {" + zh + ": v}\n"));
  for (int i = 341; i < 500; ++i)
    zh += "中";
  for (const std::string& text : {"a: 1\n" + zh + ": v\n", "- " + zh + ": v\n", "m: {" + zh + ": v}\n"}) {
    SourceFile src("long.yaml", text);
    CHECK_FALSE(parse_simple_yaml(src, {}));
    CHECK(parse_yaml(src).error);
  }
  const auto p = parse_yaml(SourceFile("long.yaml", "a: 1\n" + zh + ": v\n"));
  REQUIRE(p.error);
  CHECK(p.error->pos == Position{2, 1});
  CHECK(p.error->message ==
        "a key is longer than 1024 bytes (500 characters in UTF-8), the limit of collab's YAML reader; shorten it");
}

TEST_CASE("fast_yaml: content after a `...` or `---` line is a syntax finding whichever parser reads the text")
{
  // Found by fuzz_parsers: the fast parser read `... mapping` as a key.
  for (const char* text : {"blocpping:\n... mapping: #\nkey: value", "a: 1\n... b: 2\n", "- a\n... b\n"}) {
    CAPTURE(text);
    SourceFile src("x.yaml", text);
    CHECK_FALSE(parse_simple_yaml(src, {}));
    const auto p = parse_yaml(src);
    REQUIRE(p.error);
    CHECK(p.error->pos == Position{2, 5});
    CHECK(p.error->message.starts_with("unexpected content after the end of the record"));
  }
  SourceFile second("x.yaml", "a: 1\n--- b: 2\n");
  CHECK_FALSE(parse_simple_yaml(second, {}));
  REQUIRE(parse_yaml(second).error);
  // Not markers: `...` glued to more text is a key like any other.
  CHECK(parse_simple_yaml(SourceFile("x.yaml", "a: 1\n...: x\n....b: y\n"), {}));
}
