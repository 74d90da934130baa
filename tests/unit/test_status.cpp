#include "collab/status.h"
#include "collab/text.h"

#include <doctest/doctest.h>

using namespace collab;

TEST_CASE("status: every alias of SPEC §2 resolves to its canonical status")
{
  const std::pair<const char*, Status> cases[] = {
    {"todo", Status::Todo},       {"open", Status::Todo},         {"not-started", Status::Todo},
    {"未开始", Status::Todo},     {"待沟通", Status::Todo},       {"doing", Status::Doing},
    {"in-progress", Status::Doing}, {"进行中", Status::Doing},    {"沟通中", Status::Doing},
    {"delayed", Status::Delayed}, {"延期", Status::Delayed},      {"已延期", Status::Delayed},
    {"done", Status::Done},       {"completed", Status::Done},    {"resolved", Status::Done},
    {"已完成", Status::Done},     {"已闭环", Status::Done},       {"cancelled", Status::Cancelled},
    {"canceled", Status::Cancelled}, {"dropped", Status::Cancelled}, {"已取消", Status::Cancelled},
    {"已关闭", Status::Cancelled},
  };
  for (const auto& [word, st] : cases) {
    CAPTURE(word);
    REQUIRE(parse_status(word));
    CHECK(*parse_status(word) == st);
  }
  CHECK(*parse_status("Done") == Status::Done);
  CHECK(*parse_status("in progress") == Status::Doing);
  CHECK_FALSE(parse_status("finished"));
  CHECK(status_name(Status::Doing) == "doing");
  CHECK(status_name_zh(Status::Doing) == "进行中");
}

TEST_CASE("status: overdue is recognised as a computed word, and typos get the nearest status")
{
  CHECK(is_overdue_word("逾期"));
  CHECK(is_overdue_word("Overdue"));
  CHECK_FALSE(is_overdue_word("delayed"));
  CHECK(nearest_status("dnoe") == "done");
  CHECK(nearest_status("in-progres") == "in-progress");
  CHECK(nearest_status("进行") == "进行中");
  CHECK(nearest_status("xyzzy-plugh") == "");
}

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
