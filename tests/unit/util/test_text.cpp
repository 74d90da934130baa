#include "collab/util/text.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::util;

TEST_CASE("text: word lists match ASCII words whole and CJK words as substrings")
{
  const util::WordMatcher words({"ASAP", "尽快", "all"});
  CHECK(words.find("please finish asap") == "ASAP");
  CHECK(words.find("Please finish ASAP!") == "ASAP");
  CHECK(words.find("请尽快完成") == "尽快");
  CHECK(words.find("install the tools").empty()); // "all" inside a word
  CHECK(words.find("all") == "all");
  CHECK(util::edit_distance("deadlin", "deadline") == 1);
  CHECK(util::edit_distance("负责人", "负责") == 1);
  CHECK(util::nearest("locaton", {"location", "time", "date"}) == "location");
  CHECK(util::nearest("zzzzzz", {"location", "time"}).empty());
}

TEST_CASE("text: control characters are found and escaped the way YAML double quotes write them")
{
  CHECK(find_control("plain 中文", false) == std::string_view::npos);
  CHECK(find_control("a\nb\tc", true) == std::string_view::npos);
  CHECK(find_control("a\nb", false) == 1);
  CHECK(find_control("ab\x7f", true) == 2);
  CHECK(find_control("a\xc2\x9b", true) == 1);  // C1 CSI
  CHECK(find_control("a\xc2\xa0", true) == std::string_view::npos); // NBSP is not a control
  CHECK(escape_controls("\x1b]0;PWNED\a\x1b[2J", false) == "\\e]0;PWNED\\a\\e[2J");
  CHECK(escape_controls("a\nb\tc", true) == "a\nb\tc");
  CHECK(escape_controls("a\nb\tc", false) == "a\\nb\\tc");
  CHECK(escape_controls(std::string("\0\x01\x7f\xc2\x85x", 6), false) == "\\0\\x01\\x7f\\x85x");
  CHECK(escape_controls("中文 \\ ok", false) == "中文 \\ ok");
}

TEST_CASE("text: the last line of a program's output that says something")
{
  CHECK(util::last_line("") == "");
  CHECK(util::last_line("\n \n\t\n") == "");
  CHECK(util::last_line("first\nsecond  \n\n") == "second");
  CHECK(util::last_line("progress 10%\rprogress 100%\r\n") == "progress 100%");
  CHECK(util::last_line("gpg: no key\r\n[GNUPG:] FAILURE sign 17\n", "[GNUPG:]") == "gpg: no key");
  CHECK(util::last_line("[GNUPG:] only status\n", "[GNUPG:]") == "");
}
