// The documents' escaping: nothing from a record may change a Markdown table's shape or run as
// HTML.
#include "collab/views/document.h"

#include <doctest/doctest.h>

using namespace collab::views;

TEST_CASE("markdown_escape: table pipes, emphasis, code, links and HTML are literal text")
{
  CHECK(markdown_escape("a|b") == "a\\|b");
  CHECK(markdown_escape("*bold* _it_ `code`") == "\\*bold\\* \\_it\\_ \\`code\\`");
  CHECK(markdown_escape("C:\\path") == "C:\\\\path");
  CHECK(markdown_escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>");
  CHECK(markdown_escape("[x](http://e) ~~s~~ &amp; $x$ a#b") == "\\[x\\](http://e) \\~\\~s\\~\\~ \\&amp; \\$x\\$ a#b");
  CHECK(markdown_escape("最终版设计稿(含移动端适配)") == "最终版设计稿(含移动端适配)"); // CJK untouched
}

TEST_CASE("markdown_escape: line breaks become <br>, line starts cannot open a list or heading")
{
  CHECK(markdown_escape("one\ntwo") == "one<br>two");
  CHECK(markdown_escape("text\n\n") == "text"); // a trailing break would end the row
  CHECK(markdown_escape("1. first\n2) second") == "1\\. first<br>2\\) second");
  CHECK(markdown_escape("- item\n+ more\n= h\n# title") == "\\- item<br>\\+ more<br>\\= h<br>\\# title");
  CHECK(markdown_escape("    code") == "code"); // no indented code block
  CHECK(markdown_escape("2024-05-12") == "2024-05-12"); // dates stay readable
  CHECK(markdown_escape("a\tb") == "a b");
}

TEST_CASE("markdown_escape: control characters are shown, not sent")
{
  const std::string out = markdown_escape("a\x1b[31mb");
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("html_escape and html_text: markup, quotes and control characters")
{
  CHECK(html_escape("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(html_escape("a\x1b" "b").find('\x1b') == std::string::npos);
  CHECK(html_text("one\ntwo\n") == "one<br>two");
  CHECK(html_text("a<br>b") == "a&lt;br&gt;b");
}
