// RFC 5545 content lines: TEXT escaping and folding at 75 octets on UTF-8 character boundaries.
#include "collab/util/ics.h"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace collab::util;

namespace {

/// The physical lines of folded output (CRLF removed); fails when a line lacks its CRLF.
std::vector<std::string> physical_lines(const std::string& folded)
{
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < folded.size()) {
    const size_t crlf = folded.find("\r\n", start);
    REQUIRE(crlf != std::string::npos);
    lines.push_back(folded.substr(start, crlf - start));
    start = crlf + 2;
  }
  return lines;
}

/// Unfolds as a parser does (RFC 5545 §3.1: CRLF followed by one space is removed).
std::string unfold(const std::string& folded)
{
  std::string out;
  const auto lines = physical_lines(folded);
  for (size_t i = 0; i < lines.size(); ++i)
    out += i == 0 ? lines[i] : lines[i].substr(1);
  return out;
}

/// True when `s` is valid UTF-8 (each line of the fold must be: no character split).
bool valid_utf8(const std::string& s)
{
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size())
      return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        return false;
    i += n;
  }
  return true;
}

} // namespace

TEST_CASE("ics_escape: backslash, semicolon, comma and line breaks, controls dropped")
{
  CHECK(ics_escape("a\\b;c,d") == "a\\\\b\\;c\\,d");
  CHECK(ics_escape("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour");
  CHECK(ics_escape("tab\there") == "tab\there");
  CHECK(ics_escape(std::string("bell\x07 esc\x1b[31m del\x7f", 19)) == "bell esc[31m del");
  CHECK(ics_escape("腾讯会议 (会议号 123-456-789)：交付, 清单") == "腾讯会议 (会议号 123-456-789)：交付\\, 清单");
  CHECK(ics_escape("") == "");
}

TEST_CASE("ics_fold: a short line stays whole, with CRLF")
{
  CHECK(ics_fold("BEGIN:VCALENDAR") == "BEGIN:VCALENDAR\r\n");
  const std::string exact(75, 'x');
  CHECK(ics_fold(exact) == exact + "\r\n");
}

TEST_CASE("ics_fold: ASCII is cut at 75 octets, continuations are a space and 74 octets")
{
  const std::string line(75 + 74 + 10, 'a');
  const auto lines = physical_lines(ics_fold(line));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].size() == 75);
  CHECK(lines[1].size() == 75);
  CHECK(lines[1][0] == ' ');
  CHECK(lines[2] == " " + std::string(10, 'a'));
  CHECK(unfold(ics_fold(line)) == line);
}

TEST_CASE("ics_fold: a CJK character at the 75-octet boundary moves whole to the next line")
{
  // "SUMMARY:" is 8 octets; 22 CJK characters of 3 octets make 8 + 66 = 74, the 23rd would
  // end at octet 77: it must not be split, so the first line holds 74 octets.
  std::string line = "SUMMARY:";
  for (int i = 0; i < 40; ++i)
    line += "会";
  const std::string folded = ics_fold(line);
  const auto lines = physical_lines(folded);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() == 74);
  CHECK(lines[0] == "SUMMARY:" + [] { std::string s; for (int i = 0; i < 22; ++i) s += "会"; return s; }());
  // 18 characters remain: 54 octets after the space.
  CHECK(lines[1].size() == 1 + 18 * 3);
  for (const auto& l : lines) {
    CHECK(l.size() <= 75);
    CHECK(valid_utf8(l.substr(l[0] == ' ' ? 1 : 0)));
  }
  CHECK(unfold(folded) == line);
}

TEST_CASE("ics_fold: a 4-octet emoji across the boundary is never split, on every offset")
{
  // Shift the emoji over the boundary one octet at a time: whatever the offset, every physical
  // line is valid UTF-8, at most 75 octets, and unfolding gives the line back.
  const std::string emoji = "\xF0\x9F\x98\x80"; // U+1F600
  for (size_t pad = 60; pad < 80; ++pad) {
    CAPTURE(pad);
    const std::string line = "DESCRIPTION:" + std::string(pad, 'x') + emoji + "会议" + emoji + std::string(90, 'y') + emoji;
    const std::string folded = ics_fold(line);
    const auto lines = physical_lines(folded);
    for (size_t i = 0; i < lines.size(); ++i) {
      CHECK(lines[i].size() <= 75);
      CHECK(valid_utf8(i == 0 ? lines[i] : lines[i].substr(1)));
      if (i > 0)
        CHECK(lines[i][0] == ' ');
    }
    CHECK(unfold(folded) == line);
  }
  // The exact case: 12 + 61 = 73 octets, the emoji would take octets 74..77: the first line ends at 73.
  const std::string at = "DESCRIPTION:" + std::string(61, 'x') + emoji + "z";
  const auto lines = physical_lines(ics_fold(at));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() == 73);
  CHECK(lines[1] == " " + emoji + "z");
}

TEST_CASE("ics_fold: bytes that are not UTF-8 still end in bounded lines")
{
  const std::string junk(200, '\x80');
  const auto lines = physical_lines(ics_fold(junk));
  for (const auto& l : lines)
    CHECK(l.size() <= 75);
}
