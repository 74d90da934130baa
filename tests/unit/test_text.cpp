#include "collab/text.h"

#include <doctest/doctest.h>

using namespace collab;

TEST_CASE("text: owners split on the separators of SPEC §4")
{
  CHECK(text::split_names("张三").size() == 1);
  CHECK(text::split_names("张三、李四").size() == 2);
  CHECK(text::split_names("张三,李四").size() == 2);
  CHECK(text::split_names("张三，李四").size() == 2);
  CHECK(text::split_names("张三/李四").size() == 2);
  CHECK(text::split_names("张三 & 李四").size() == 2);
  CHECK(text::split_names("张三和李四").size() == 2);
  CHECK(text::split_names("Alice and Bob").size() == 2);
  CHECK(text::split_names("和珅").size() == 1); // 和 starting a name
  CHECK(text::split_names("Alexander").size() == 1);
}

TEST_CASE("text: word lists match ASCII words whole and CJK words as substrings")
{
  const text::WordMatcher words({"ASAP", "尽快", "all"});
  CHECK(words.find("please finish asap") == "ASAP");
  CHECK(words.find("Please finish ASAP!") == "ASAP");
  CHECK(words.find("请尽快完成") == "尽快");
  CHECK(words.find("install the tools").empty()); // "all" inside a word
  CHECK(words.find("all") == "all");
  CHECK(text::edit_distance("deadlin", "deadline") == 1);
  CHECK(text::edit_distance("负责人", "负责") == 1);
  CHECK(text::nearest("locaton", {"location", "time", "date"}) == "location");
  CHECK(text::nearest("zzzzzz", {"location", "time"}).empty());
}
