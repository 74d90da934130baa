#include "collab/util/utf8.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;

TEST_CASE("utf8: find_invalid accepts valid text and points at the first bad byte")
{
  CHECK(util::utf8::find_invalid("plain ascii") == std::string::npos);
  CHECK(util::utf8::find_invalid("会议纪要 ✓ 😀") == std::string::npos);
  CHECK(util::utf8::find_invalid("ab\xff" "cd") == 2);
  CHECK(util::utf8::find_invalid("中\xe6\x96") == 3);          // truncated sequence
  CHECK(util::utf8::find_invalid("\xc0\xaf") == 0);             // overlong '/'
  CHECK(util::utf8::find_invalid("\xed\xa0\x80") == 0);         // surrogate
  CHECK(util::utf8::find_invalid("\xf4\x90\x80\x80") == 0);     // past U+10FFFF
}

TEST_CASE("utf8: display width counts CJK, fullwidth and emoji as 2, combining marks as 0")
{
  CHECK(util::utf8::display_width("abc") == 3);
  CHECK(util::utf8::display_width("负责人") == 6);
  CHECK(util::utf8::display_width("ＡＢ") == 4);               // fullwidth forms
  CHECK(util::utf8::display_width("e\xcc\x81") == 1);          // e + combining acute
  CHECK(util::utf8::display_width("😀") == 2);
  CHECK(util::utf8::display_width("，") == 2);                 // fullwidth comma
  CHECK(util::utf8::display_width("한국") == 4);
}

TEST_CASE("utf8: truncate cuts on character boundaries and ends with an ellipsis")
{
  CHECK(util::utf8::truncate("short", 10) == "short");
  CHECK(util::utf8::truncate("abcdefgh", 5) == "abcd…");
  CHECK(util::utf8::truncate("完成活动页面前端开发", 7) == "完成活…");
  CHECK(util::utf8::display_width(util::utf8::truncate("完成活动页面前端开发", 7)) <= 7);
  // A wide character that would cross the limit is dropped, not split.
  CHECK(util::utf8::truncate("a完成", 3) == "a…");
  CHECK(util::utf8::find_invalid(util::utf8::truncate("😀😀😀", 4)) == std::string::npos);
  CHECK(util::utf8::truncate("x", 0).empty());
}

TEST_CASE("utf8: length counts code points")
{
  CHECK(util::utf8::length("会议 x") == 4);
  CHECK(util::utf8::length("") == 0);
}
