#include "collab/util/json.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::util;

TEST_CASE("json: a plain string is quoted and otherwise unchanged")
{
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("M-2024-007#2") == "\"M-2024-007#2\"");
  CHECK(json_quote("a / b ' c") == "\"a / b ' c\"");
}

TEST_CASE("json: quotes and backslashes are escaped")
{
  CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
  CHECK(json_quote("C:\\dir\\") == R"("C:\\dir\\")");
  CHECK(json_quote("\\\"") == R"("\\\"")");
}

TEST_CASE("json: control characters use short escapes or \\u00XX")
{
  CHECK(json_quote("a\nb") == R"("a\nb")");
  CHECK(json_quote("a\rb") == R"("a\rb")");
  CHECK(json_quote("a\tb") == R"("a\tb")");
  CHECK(json_quote(std::string("\0", 1)) == R"("\u0000")");
  CHECK(json_quote("\x01\x08\x0c\x1f") == R"("\u0001\u0008\u000c\u001f")");
  // DEL and space are not control characters for JSON.
  CHECK(json_quote("\x7f ") == "\"\x7f \"");
}

TEST_CASE("json: non-ASCII UTF-8 passes through unescaped, byte for byte")
{
  CHECK(json_quote("周会 Zoë ☕ 😀") == "\"周会 Zoë ☕ 😀\"");
  // Bytes >= 0x80 are never mistaken for control characters, even when not valid UTF-8.
  CHECK(json_quote("\x80\xff") == "\"\x80\xff\"");
}

TEST_CASE("xml: the five markup characters become entities")
{
  CHECK(xml_escape("a & b < c > d \"e\" 'f'") == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  CHECK(xml_escape("&amp;") == "&amp;amp;");
  CHECK(xml_escape("") == "");
}

TEST_CASE("xml: control characters XML forbids become spaces, tab, newline, CR and UTF-8 stay")
{
  CHECK(xml_escape(std::string("a\0b", 3)) == "a b");
  CHECK(xml_escape("a\x01\x1b\x1f" "b") == "a   b");
  CHECK(xml_escape("a\tb\nc\rd") == "a\tb\nc\rd");
  CHECK(xml_escape("周会 ☕ <x>") == "周会 ☕ &lt;x&gt;");
}
