#include "collab/yaml/block_check.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

namespace {
/// The block_check finding for text that yaml-cpp accepts, as "line:col message".
std::string check(const std::string& text)
{
  SourceFile src("x.yaml", text);
  auto p = parse_yaml_cpp(src);
  REQUIRE_MESSAGE(!p.error, text);
  auto d = check_properties_and_blocks(src, p.doc ? p.doc->root() : nullptr);
  return d ? std::to_string(d->pos.line) + ":" + std::to_string(d->pos.column) + " " + d->message : "";
}
} // namespace

TEST_CASE("block_check: an anchor or tag on a line of its own must be indented past its key or `-`")
{
  // The YAML test suite's G9HC and H7J7, which yaml-cpp reads.
  CHECK(check("---\nseq:\n&anchor\n- a\n- b\n") ==
        "3:1 invalid YAML: the anchor `&anchor` on a line of its own must be indented past its key; indent it, or "
        "move it up to the line of its key");
  CHECK(check("key: &x\n!!map\n  a: b\n") ==
        "2:1 invalid YAML: the tag `!!map` on a line of its own must be indented past its key; indent it, or move "
        "it up to the line of its key");
  // Their valid twins (SKE5, BU8L, U3XV, PW8X of the suite).
  CHECK(check("---\nseq:\n &anchor\n- a\n- b\n").empty());
  CHECK(check("key: &anchor\n !!map\n  a: b\n").empty());
  CHECK(check("top1: &node1\n  &k1 key1: one\ntop3:\n  &k3 key3: three\ntop4:\n  &node4\n  &k4 key4: four\n"
              "top5:\n  &node5\n  key5: five\ntop7:\n  &val7 seven\n")
            .empty());
  CHECK(check("- &a\n- a\n-\n  &a : a\n  b: &b\n").empty());
  // An empty value followed by an anchored key: the anchor is the key's.
  CHECK(check("a: &x\n&y b: c\n").empty());
  CHECK(check("a:\n&y b: c\n").empty());
  // An alias to a key (2SXE, E76Z, HMQ5) is checked where the key is written, not as a value.
  CHECK(check("&a a: &b b\n*b : *a\n").empty());
  CHECK(check("&a: key: &a value\nfoo:\n  *a:\n").empty());
  CHECK(check("!!str &a1 \"foo\":\n  !!str bar\n&a2 baz : *a1\n").empty());
}

TEST_CASE("block_check: a `|` or `>` header and the blank lines that open the block")
{
  // X4QW: a comment glued to the header.
  CHECK(check("block: ># comment\n  scalar\n") ==
        "1:9 invalid YAML: a comment needs a space before `#`; write `> #`");
  CHECK(check("block: |-# comment\n  scalar\n").starts_with("1:10 invalid YAML: a comment needs a space before `#`; "
                                                            "write `|- #`"));
  CHECK(check("block: > # comment\n  scalar\n").empty());
  // S98Z: a blank line longer than the block's first line.
  CHECK(check("empty block scalar: >\n \n  \n   \n # comment\n") ==
        "3:2 invalid YAML: this blank line at the start of a `>` block has 2 spaces, more than the 1 of the block's "
        "first line; remove the extra spaces");
  // (yaml-cpp itself rejects such a block when its first line is not `#`-like.)
  CHECK(check("a: |\n    \n  # note\n").starts_with("2:3 invalid YAML: this blank line at the start of a `|` block has 4"));
  CHECK(check("- >\n   \n  # x\n").starts_with("2:3 invalid YAML: this blank line"));
  // Valid: blank lines no longer than the first line, an explicit indentation, or a block with
  // no line at all (the next key ends it).
  CHECK(check("a: |\n  \n\n  text\n   more\n").empty());
  CHECK(check("a: |2\n    \n  text\n").empty());
  CHECK(check("a: |\n    \nb: c\n").empty());
  CHECK(check("a: >\n   \n").empty());
  CHECK(check("a: |\r\n  \r\n  text\r\n").empty());
}
