#include "collab/yaml/source_check.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;

TEST_CASE("source_check: encoding, NUL bytes and tabs in indentation")
{
  SourceFile bad("x.yaml", "a: 1\ntitle: ab\xff\n");
  auto d = check_source(bad);
  REQUIRE(d);
  CHECK(d->rule == "encoding");
  CHECK(d->pos == Position{2, 10});

  SourceFile nul("x.yaml", std::string("a: 1\nb: \0x\n", 11));
  d = check_source(nul);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{2, 4});

  SourceFile tab("x.yaml", "a:\n\tb: 1\n");
  d = check_source(tab);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{2, 1});

  SourceFile inner_tab("x.yaml", "a: x\ty\n# \tcomment\n");
  CHECK_FALSE(check_source(inner_tab));
}

TEST_CASE("source_check: a directive must start a document")
{
  SourceFile bare("x.yaml", "%YAML 1.2\n");
  auto d = check_source(bare);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{1, 1});
  CHECK_FALSE(check_source(SourceFile("x.yaml", "%YAML 1.2\n---\na: 1\n")));
  CHECK(check_source(SourceFile("x.yaml", "%YAML 1.2\n...\n")));
}

TEST_CASE("source_check: a raw C0 control character is refused at the character, with the escape to write instead")
{
  // fuzz_parsers found both (regressions/fuzz_parsers/control-*): the fast parser read the
  // control character as text, yaml-cpp rejected the first and built another tree for the second.
  SourceFile in_block("x.yaml", "a: |\n  x\x04\n");
  auto d = check_source(in_block);
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{2, 4});
  CHECK(d->message == "a raw control character (U+0004); YAML allows none in a file: write it as an escape in a "
                      "double-quoted string (\"\\u0004\") or delete it");
  d = check_source(SourceFile("x.yaml", "- -\x04\n"));
  REQUIRE(d);
  CHECK(d->pos == Position{1, 4});
  d = check_source(SourceFile("x.yaml", "标题: 会\x1b[2J\n"));
  REQUIRE(d);
  CHECK(d->pos == Position{1, 6});
  CHECK(d->message.find("U+001B") != std::string::npos);
  CHECK(d->message.find("\"\\u001b\"") != std::string::npos);

  // Escapes in double quotes are text, not raw bytes (the control-char rule's); so are tabs, and
  // DEL and C1 controls, which YAML parsers read alike.
  CHECK_FALSE(check_source(SourceFile("x.yaml", "a: \"\\e]0;x\\a \\x04 \\u001b\"\nb: x\ty\nc: x\x7f\xc2\x9b\n")));
}

TEST_CASE("source_check: a carriage return without a line feed is refused, CRLF line ends are fine")
{
  // yaml-cpp read `i: \r` at the end of a file as a string, and as null once a line followed
  // (found by fuzz_text_edit).
  auto d = check_source(SourceFile("x.yaml", "i: \r"));
  REQUIRE(d);
  CHECK(d->rule == "syntax");
  CHECK(d->pos == Position{1, 4});
  CHECK(d->message == "a carriage return without a line feed; save the file with LF or CRLF line ends");
  d = check_source(SourceFile("x.yaml", "a: 1\rb: 2\n"));
  REQUIRE(d);
  CHECK(d->pos == Position{1, 5});
  d = check_source(SourceFile("x.yaml", "a: 1\r\r\nb: 2\r\n"));
  REQUIRE(d);
  CHECK(d->pos == Position{1, 5});

  CHECK_FALSE(check_source(SourceFile("x.yaml", "a: 1\r\nb: |\r\n  x\r\n\r\n  y\r\n")));
  CHECK_FALSE(check_source(SourceFile("x.yaml", "a: 1\r\nb: 2")));
}

TEST_CASE("source_check: every C0 control character but tab, LF and CR is found, wherever it sits")
{
  // check_source reads eight bytes at a time: try each character at each place in a word and in
  // the tail after the last whole word.
  for (int c = 0; c < 0x80; ++c) {
    for (size_t at = 3; at < 24; ++at) {
      std::string text = "a: " + std::string(30, 'x') + "\n";
      text[at] = static_cast<char>(c);
      const auto d = check_source(SourceFile("x.yaml", text));
      const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
      CAPTURE(c);
      CAPTURE(at);
      if (c == '\r') {
        REQUIRE(d);
        CHECK(d->message.starts_with("a carriage return without a line feed"));
      } else if (control) {
        REQUIRE(d);
        CHECK(d->pos == Position{1, static_cast<int>(at) + 1});
      } else {
        CHECK_FALSE(d);
      }
    }
  }
  const auto tail = check_source(SourceFile("x.yaml", std::string("a: ") + std::string(13, 'x') + "\x1f"));
  REQUIRE(tail);
  CHECK(tail->pos == Position{1, 17});
}
