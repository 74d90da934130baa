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

TEST_CASE("utf8: widths follow Unicode 15, emoji presentation 2, combining marks and jamo vowels and finals 0")
{
  using util::utf8::display_width;
  using util::utf8::width;
  // Emoji drawn in two columns by terminals (Emoji_Presentation), which the old table counted as 1.
  for (char32_t c : {U'\u2B50', U'\u2728', U'\u274C', U'\u26A1', U'\u23F0', U'\u26D4', U'\U0001F9D1', U'\U0001FAF8'}) {
    CAPTURE(static_cast<unsigned>(c));
    CHECK(width(c) == 2);
  }
  CHECK(display_width("⭐✨❌⚡⏰⛔") == 12);
  // Text-presentation symbols stay 1 (a terminal draws ★ and ❤ in one column).
  CHECK(width(U'\u2605') == 1);
  CHECK(width(U'\u2764') == 1);
  // Thai vowel and tone marks above and below (Mn).
  CHECK(display_width("กั้น") == 2);             // ก + ั + ้ + น
  CHECK(display_width("ที่นี่") == 2);             // ท + ี + ่, twice
  // Devanagari and Tamil vowel signs and virama.
  CHECK(display_width("कि") == 1);               // क + ि (vowel sign I)
  CHECK(display_width("क्ष") == 2);              // क + ् + ष
  CHECK(width(U'\u0BCD') == 0);                  // Tamil virama
  // Hangul: precomposed syllables 2; conjoining jamo: a leading consonant 2, vowels and finals 0.
  CHECK(display_width("\u1100\u1161\u11A8") == 2); // ᄀ + ᅡ + ᆨ = 각
  CHECK(width(U'\u1160') == 0);
  CHECK(width(U'\uD7B0') == 0);
  CHECK(display_width("각") == 2);
  // CJK, fullwidth and the planes of ideographs.
  CHECK(width(U'\u4E00') == 2);
  CHECK(width(U'\u3000') == 2);
  CHECK(width(U'\U00020000') == 2);
  CHECK(width(U'\U00030000') == 2);
  // Zero-width: joiners, variation selectors, the BOM; controls as before.
  for (char32_t c : {U'\u200B', U'\u200D', U'\uFE0F', U'\uFEFF', U'\u0301', U'\U000E0100'})
    CHECK(width(c) == 0);
  for (char32_t c : {U'\u0001', U'\u001B', U'\u007F', U'\u0085', U'\u009F'})
    CHECK(width(c) == 0);
  CHECK(width(U'\u00A0') == 1);
  CHECK(width(U'\u00E9') == 1);
  CHECK(width(U'\uFFFD') == 1);
  // An emoji cut keeps whole characters.
  CHECK(util::utf8::truncate("⭐⭐⭐", 4) == "⭐…");
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
