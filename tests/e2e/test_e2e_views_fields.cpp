// End-to-end: what the tracker views say about an item beyond ref, owner and deadline
// (issue 10): the department it belongs to.
#include "process.h"

#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <set>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

RunResult view(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir);
}

/// The items of a JSON view, parsed (the document keeps the nodes alive).
struct JsonItems {
  collab::yaml::SourceFile src;
  collab::yaml::ParsedYaml parsed;
  explicit JsonItems(const std::string& json) : src("out.json", json), parsed(collab::yaml::parse_yaml(src))
  {
    REQUIRE_MESSAGE(!parsed.error, json);
  }
  const std::vector<const collab::yaml::Node*>& items() const { return parsed.doc->root()->items; }
  const collab::yaml::Node* find(std::string_view ref) const
  {
    for (const auto* i : items())
      if (i->text_of("ref") == ref)
        return i;
    return nullptr;
  }
};

/// A root whose items get their department every way: their own `dept`, the owner's in
/// `people` (by name or alias), the record's `dept`, the department in the task id.
void write_dept_fixture(const fs::path& dir)
{
  write(dir / ".collab.yaml", R"Y(lang: zh
id_format:
  task: "{year}-{dept}-{seq}"
people:
  赵六: {dept: 市场部, aliases: [老赵]}
  孙七: {dept: 技术部}
  吴九: {}
departments: [市场部, 技术部, 研发部, 法务部]
)Y");
  write(dir / "tasks/2024-市场-001.yaml", R"Y(id: 2024-市场-001
kind: task
title: Q4新品上市推广项目
owner: 吴九
deadline: 2024-05-20
deliverable: 推广结案报告
status: doing
subtasks:
  - title: 推广物料设计
    owner: 老赵
    deadline: 2024-05-25
    deliverable: 海报终稿
  - title: 活动页面开发
    owner: 孙七
    deadline: 2024-05-26
    deliverable: 测试环境地址
  - title: 产品培训
    owner: 赵六
    dept: 研发部
    deadline: 2024-05-27
    deliverable: 培训课件
)Y");
  write(dir / "tasks/2024-法务-001.yaml", R"Y(id: 2024-法务-001
kind: task
title: 合同模板更新
owner: 外部顾问
deadline: 2024-05-21
deliverable: 新版合同模板
status: todo
)Y");
  write(dir / "meetings/M-2024-001.yaml", R"Y(id: M-2024-001
kind: meeting
title: 周会
date: 2024-05-20
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: 提交设计稿
    owner: 赵六
    deadline: 2024-05-28
    deliverable: 设计稿
  - action: 外部评审
    owner: 外部专家
    deadline: 2024-05-29
    deliverable: 评审意见
)Y");
  write(dir / "issues/I-2024-001.yaml", R"Y(id: I-2024-001
kind: issue
title: 接口超时
occurred: 2024-05-01
owner: 孙七
dept: 研发部
description: 订单接口超时
status: doing
solutions:
  - action: 扩容
    owner: 外部厂商
    deadline: 2024-05-30
    deliverable: 扩容报告
)Y");
}

} // namespace

TEST_CASE("views: an item's department is its own, else its owner's in people, else its record's, else its id's")
{
  TempDir tmp;
  write_dept_fixture(tmp.path());
  const JsonItems all(view(tmp.path(), {"list", "--all", "--format", "json"}).out);
  const std::map<std::string, std::string> expected = {
    {"2024-市场-001", "市场部"},   // owner 吴九 has no dept: the id's 市场 is 市场部 of `departments`
    {"2024-市场-001#1", "市场部"}, // owner 老赵 is 赵六's alias
    {"2024-市场-001#2", "技术部"}, // the owner's department comes before the id's
    {"2024-市场-001#3", "研发部"}, // its own dept comes first
    {"2024-法务-001", "法务部"},
    {"M-2024-001#1", "市场部"},
    {"M-2024-001#2", ""}, // nobody knows: empty, as before
    {"I-2024-001#1", "研发部"}, // the issue's dept
  };
  for (const auto& [ref, dept] : expected) {
    const auto* it = all.find(ref);
    REQUIRE_MESSAGE(it, ref);
    CHECK_MESSAGE(it->text_of("dept") == dept, ref);
  }
  const JsonItems market(view(tmp.path(), {"list", "--dept", "市场部", "--format", "json"}).out);
  std::set<std::string> refs;
  for (const auto* i : market.items())
    refs.emplace(i->text_of("ref"));
  CHECK(refs == std::set<std::string>{"2024-市场-001", "2024-市场-001#1", "M-2024-001#1"});

  // Grouped by department, only the item nobody can place is under "-".
  const auto grouped = view(tmp.path(), {"overdue", "--group-by", "dept", "--format", "table", "--width", "100"}).out;
  CHECK_MESSAGE(grouped.find("市场部 (3)\n") != std::string::npos, grouped);
  CHECK_MESSAGE(grouped.find("技术部 (1)\n") != std::string::npos, grouped);
  CHECK_MESSAGE(grouped.find("研发部 (2)\n") != std::string::npos, grouped);
  CHECK_MESSAGE(grouped.find("法务部 (1)\n") != std::string::npos, grouped);
  CHECK_MESSAGE(grouped.find("- (1)\n") != std::string::npos, grouped);
  // The same department in the tables, TSV and the grep haystack.
  CHECK(view(tmp.path(), {"list", "--format", "tsv"}).out.find("2024-市场-001#1\t2024-05-25\t逾期7天\t未开始\t老赵\t市场部\t") !=
        std::string::npos);
  const JsonItems grep(view(tmp.path(), {"list", "--grep", "法务部", "--format", "json"}).out);
  REQUIRE(grep.items().size() == 1);
  CHECK(grep.items()[0]->text_of("ref") == "2024-法务-001");
}

TEST_CASE("views: the examples' departments come from the people registry, overdue has no \"-\" group")
{
  const auto r = view(k_examples, {"overdue", "--group-by", "dept", "--format", "table", "--width", "120"});
  REQUIRE(r.status == 0);
  CHECK_MESSAGE(r.out.find("- (") == std::string::npos, r.out);
  const JsonItems market(view(k_examples, {"list", "--all", "--dept", "市场部", "--format", "json"}).out);
  std::set<std::string> refs;
  for (const auto* i : market.items())
    refs.emplace(i->text_of("ref"));
  CHECK(refs.count("2024-市场-001") == 1);
  CHECK(refs.count("2024-市场-001#4") == 1); // 赵六's subtask
}
