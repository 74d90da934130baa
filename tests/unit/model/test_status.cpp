#include "collab/model/status.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;

TEST_CASE("status: every alias resolves to its canonical status")
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
