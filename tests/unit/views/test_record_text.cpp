// `show`'s rendering: a meeting reads like minutes, an item as its fields, any node as JSON.
#include "collab/views/record_text.h"

#include "collab/util/i18n.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;
using namespace collab::views;
using namespace collab::yaml;

namespace {

const std::string k_meeting = "id: M-1\nkind: meeting\ntitle: 周会\ndate: 2024-05-10\ntime: 14:00-15:00\nhost: 赵六\n"
                              "recorder: 孙七\nattendees: [赵六, {name: 周八, dept: 仓储部}]\nactions:\n"
                              "  - action: 提交设计稿\n    owner: 赵六\n    deadline: 2024-05-12\n"
                              "    deliverable: 设计稿\n    status: doing\n";

struct Parsed {
  SourceFile src{"M-1.yaml", k_meeting};
  ParsedYaml p = parse_yaml(src);
  const Node& root() const { return *p.doc->root(); }
};

} // namespace

TEST_CASE("record_text: a meeting in the order of minutes, in English or Chinese")
{
  const Parsed m;
  ShowStyle style;
  style.today = Date{2024, 5, 20};
  const std::string en = record_text(m.root(), find_kind("meeting"), m.root(), "M-1", 0, "周会", style);
  CHECK(en.starts_with("M-1  周会  (meeting)\n"));
  CHECK(en.find("2024-05-10 14:00-15:00") != std::string::npos);
  CHECK(en.find("赵六, 周八 (仓储部)") != std::string::npos); // a person mapping reads as prose
  CHECK(en.find("Actions") < en.find("提交设计稿"));
  CHECK(en.find("\x1b[") == std::string::npos); // no colour unless asked
  // Labels and headers come from the catalogue, in the language in use.
  util::i18n::set_language("zh");
  style.zh = true;
  const std::string zh = record_text(m.root(), find_kind("meeting"), m.root(), "M-1", 0, "周会", style);
  util::i18n::set_language("en");
  CHECK(zh.starts_with("M-1  周会  (会议)\n"));
  CHECK(zh.find("主持人") != std::string::npos);
  CHECK(zh.find("行动项") != std::string::npos);
  CHECK(zh.find("编号") != std::string::npos);
  CHECK(en.find("Host") != std::string::npos);
  CHECK(en.find("REF") != std::string::npos);
}

TEST_CASE("record_text: a task's, an issue's and a request's fields are labelled in the language in use")
{
  const std::string text = "id: R-1\nkind: request\ntitle: 导出接口\nfrom: 市场部\nto: 技术部\nowner: 赵六\n"
                           "deadline: 2024-05-20\nstatus: todo\ndelay_reason: 等待排期\nx_custom: 1\n";
  SourceFile src{"R-1.yaml", text};
  const ParsedYaml p = parse_yaml(src);
  REQUIRE(p.doc);
  ShowStyle style;
  const std::string en = record_text(*p.doc->root(), find_kind("request"), *p.doc->root(), "R-1", 0, "导出接口", style);
  CHECK(en.starts_with("R-1  导出接口  (request)\n"));
  CHECK(en.find("  Owner        赵六\n") != std::string::npos);
  CHECK_MESSAGE(en.find("  Delay reason  等待排期\n") != std::string::npos, en);
  CHECK(en.find("  x_custom     1\n") != std::string::npos); // a key no schema has keeps its name
  util::i18n::set_language("zh");
  const std::string zh = record_text(*p.doc->root(), find_kind("request"), *p.doc->root(), "R-1", 0, "导出接口", style);
  util::i18n::set_language("en");
  CHECK(zh.starts_with("R-1  导出接口  (需求)\n"));
  CHECK(zh.find("  需求方       市场部\n") != std::string::npos);
  CHECK(zh.find("  负责人       赵六\n") != std::string::npos);
  CHECK(zh.find("  延期原因     等待排期\n") != std::string::npos);
}

TEST_CASE("record_text: one item shows its fields, statuses named in the record's language")
{
  const Parsed m;
  const Node& action = *m.root().get("actions")->items[0];
  ShowStyle style;
  style.zh = true;
  const std::string out = record_text(m.root(), find_kind("meeting"), action, "M-1#1", 1, "提交设计稿", style);
  CHECK(out.starts_with("M-1#1  提交设计稿  (action)\n"));
  CHECK(out.find("进行中") != std::string::npos);
}

TEST_CASE("record_text: node_json writes every scalar as a string")
{
  const Parsed m;
  const std::string json = node_json(*m.root().get("attendees"));
  CHECK(json == "[\"赵六\", {\"name\": \"周八\", \"dept\": \"仓储部\"}]\n");
}
