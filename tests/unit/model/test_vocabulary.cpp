#include "collab/model/vocabulary.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <string>

using namespace collab;
using namespace collab::model;
using namespace collab::yaml;

namespace {

/// The vocabulary of a record text, `fallback` when it has no leaning.
Vocabulary of(const std::string& yaml, Vocabulary fallback = Vocabulary::English)
{
  SourceFile src("x.yaml", yaml);
  ParsedYaml parsed = parse_yaml(src);
  REQUIRE_MESSAGE((!parsed.error && parsed.doc), yaml);
  return vocabulary_of(*parsed.doc->root(), fallback);
}

} // namespace

TEST_CASE("vocabulary: a status reads in its kind's register")
{
  CHECK(status_word(Status::Todo, "request", Vocabulary::Chinese) == "待沟通");
  CHECK(status_word(Status::Doing, "request", Vocabulary::Chinese) == "沟通中");
  CHECK(status_word(Status::Done, "request", Vocabulary::Chinese) == "已完成");
  CHECK(status_word(Status::Cancelled, "request", Vocabulary::Chinese) == "已关闭");
  CHECK(status_word(Status::Done, "issue", Vocabulary::Chinese) == "已闭环");
  CHECK(status_word(Status::Delayed, "issue", Vocabulary::Chinese) == "已延期");
  // Items that are not record kinds (action, subtask, solution) use the actions' words.
  for (const char* kind : {"task", "action", "subtask", "solution", ""}) {
    CAPTURE(kind);
    CHECK(status_word(Status::Todo, kind, Vocabulary::Chinese) == "未开始");
    CHECK(status_word(Status::Cancelled, kind, Vocabulary::Chinese) == "已取消");
  }
  CHECK(status_word(Status::Cancelled, "request", Vocabulary::English) == "cancelled");
  // Every register's words read back as the status they stand for.
  for (const char* kind : {"task", "issue", "request"})
    for (Status s : {Status::Todo, Status::Doing, Status::Delayed, Status::Done, Status::Cancelled})
      CHECK(parse_status(status_word(s, kind, Vocabulary::Chinese)) == s);
}

TEST_CASE("vocabulary: a record's statuses decide, its items' included, and none or a tie gives the fallback")
{
  CHECK(of("status: 进行中\n") == Vocabulary::Chinese);
  CHECK(of("status: doing\n", Vocabulary::Chinese) == Vocabulary::English);
  CHECK(of("title: x\nactions:\n  - action: a\n    status: 已完成\n  - action: b\n") == Vocabulary::Chinese);
  CHECK(of("status: done\nsubtasks:\n  - status: 进行中\n  - status: 未开始\n") == Vocabulary::Chinese);
  CHECK(of("status: done\nsubtasks:\n  - status: 进行中\n") == Vocabulary::English); // a tie
  CHECK(of("status: done\nsubtasks:\n  - status: 进行中\n", Vocabulary::Chinese) == Vocabulary::Chinese);
  CHECK(of("title: x\n", Vocabulary::Chinese) == Vocabulary::Chinese);
  CHECK(of("status: 逾期\n") == Vocabulary::English); // not a status: no leaning
  CHECK(of("- a\n") == Vocabulary::English);
}
