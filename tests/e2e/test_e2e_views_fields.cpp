// End-to-end: what the tracker views say about an item beyond ref, owner and deadline
// (issue 10): the department it belongs to, its deliverable and closing fields, narrow tables,
// CSV that Excel and WPS open as UTF-8.
#include "process.h"

#include "collab/util/utf8.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>

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

std::vector<std::string> lines_of(const std::string& s)
{
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

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

/// Items with every closing field, and without any.
void write_fields_fixture(const fs::path& dir)
{
  write(dir / ".collab.yaml", "lang: en\n");
  write(dir / "tasks/T-2024-001.yaml", R"Y(id: T-2024-001
kind: task
title: Launch the campaign
owner: Ann
deadline: 2024-06-20
deliverable: "Campaign report, with sales figures"
status: doing
progress: 45
subtasks:
  - title: Market research
    owner: Bob
    deadline: 2024-05-10
    deliverable: Research report (500 samples)
    status: done
    completed: 2024-05-12
    evidence: report.pdf on the share
  - title: Print material
    owner: Cid
    deadline: 2024-05-30
    original_deadline: 2024-05-25
    deliverable: Posters delivered
    status: delayed
    delay_reason: Printer proof off colour
    progress: 80
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

TEST_CASE("views: JSON, CSV and TSV carry the deliverable and the closing fields, null or empty when absent")
{
  TempDir tmp;
  write_fields_fixture(tmp.path());
  const JsonItems items(view(tmp.path(), {"list", "--all", "--format", "json"}).out);
  const auto* task = items.find("T-2024-001");
  const auto* done = items.find("T-2024-001#1");
  const auto* delayed = items.find("T-2024-001#2");
  REQUIRE(task);
  REQUIRE(done);
  REQUIRE(delayed);
  CHECK(task->text_of("deliverable") == "Campaign report, with sales figures");
  CHECK(task->text_of("progress") == "45");
  REQUIRE(task->get("progress"));
  CHECK(!task->get("progress")->quoted); // a number
  for (const char* key : {"completed", "original_deadline", "evidence", "delay_reason"}) {
    REQUIRE_MESSAGE(task->get(key), key);
    CHECK_MESSAGE(task->get(key)->is_null(), key);
  }
  CHECK(done->text_of("completed") == "2024-05-12");
  CHECK(done->text_of("evidence") == "report.pdf on the share");
  REQUIRE(done->get("progress"));
  CHECK(done->get("progress")->is_null());
  CHECK(delayed->text_of("original_deadline") == "2024-05-25");
  CHECK(delayed->text_of("delay_reason") == "Printer proof off colour");
  CHECK(delayed->text_of("progress") == "80");

  const auto tsv = lines_of(view(tmp.path(), {"list", "--all", "--format", "tsv"}).out);
  REQUIRE(tsv.size() == 4);
  CHECK(tsv[0] == "REF\tDEADLINE\tDUE\tSTATUS\tOWNER\tDEPT\tTITLE\tDELIVERABLE\tPROGRESS\tCOMPLETED\t"
                  "ORIGINAL_DEADLINE\tDELAY_REASON\tEVIDENCE");
  CHECK(std::find(tsv.begin(), tsv.end(),
                  "T-2024-001#1\t2024-05-10\t\tdone\tBob\t\tMarket research\tResearch report (500 samples)\t\t"
                  "2024-05-12\t\t\treport.pdf on the share") != tsv.end());
  const auto csv = view(tmp.path(), {"list", "--all", "--format", "csv"}).out;
  CHECK(csv.find("\r\nT-2024-001,2024-06-20,in 19d,doing,Ann,,Launch the campaign,"
                 "\"Campaign report, with sales figures\",45,,,,\r\n") != std::string::npos);
}

TEST_CASE("views: show of a meeting has the deliverable in its action table")
{
  for (const char* width : {"80", "100"}) {
    const auto r = view(k_examples, {"show", "M-2024-007", "--width", width});
    REQUIRE(r.status == 0);
    CHECK_MESSAGE(r.out.find("交付成果") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("备货清单") != std::string::npos, r.out);
  }
}

TEST_CASE("views: narrow tables keep what the view is about and shrink the text")
{
  TempDir tmp;
  write_dept_fixture(tmp.path());
  for (const char* width : {"40", "50", "60"}) {
    const auto over = lines_of(view(tmp.path(), {"overdue", "--format", "table", "--width", width}).out);
    REQUIRE(over.size() > 1);
    CHECK_MESSAGE(over[0].starts_with("编号"), over[0]);
    CHECK_MESSAGE(over[0].find("逾期天数") != std::string::npos, over[0]);
    CHECK_MESSAGE(over[0].find("负责人") != std::string::npos, over[0]);
    CHECK_MESSAGE(over[0].find("事项") != std::string::npos, over[0]);
    for (const auto& l : over)
      CHECK_MESSAGE(collab::util::utf8::display_width(l) <= static_cast<size_t>(std::stoi(width)), l);
  }
  // The most late first; the text gives up its width first (down to its header's), then the
  // owner; the ref and days late stay whole. Cut by display width with an ellipsis.
  CHECK(view(tmp.path(), {"overdue", "--format", "table", "--width", "40"}).out ==
        "编号             逾期天数  负责人   事项\n"
        "2024-市场-001          12  吴九     Q4…\n"
        "2024-法务-001          11  外部顾…  合…\n"
        "2024-市场-001#1         7  老赵     推…\n"
        "2024-市场-001#2         6  孙七     活…\n"
        "2024-市场-001#3         5  赵六     产…\n"
        "M-2024-001#1            4  赵六     提…\n"
        "M-2024-001#2            3  外部专…  外…\n"
        "I-2024-001#1            2  外部厂…  扩容\n");
  // With room, the owner stays whole and the text is cut.
  CHECK(view(tmp.path(), {"overdue", "--format", "table", "--width", "50"}).out.find(
          "2024-市场-001          12  吴九      Q4新品上市推…\n") != std::string::npos);

  const auto due = lines_of(run_collab({"--as-of", "2024-05-28", "due", "--format", "table", "--width", "40"},
                                       tmp.path()).out);
  REQUIRE(due.size() > 1);
  CHECK_MESSAGE(due[0].find("截止日期") != std::string::npos, due[0]);
  CHECK_MESSAGE(due[0].find("负责人") != std::string::npos, due[0]);
  CHECK_MESSAGE(due[0].find("事项") != std::string::npos, due[0]);
  for (const auto& l : due)
    CHECK_MESSAGE(collab::util::utf8::display_width(l) <= 40, l);
  CHECK(due == std::vector<std::string>{"编号          截止日期    负责人    事项", "M-2024-001#1  2024-05-28  赵六      提…",
                                        "M-2024-001#2  2024-05-29  外部专家  外…", "I-2024-001#1  2024-05-30  外部厂商  扩容"});
}

TEST_CASE("views: CSV opens in Excel and WPS (BOM, CRLF), csv-plain is plain UTF-8 for scripts")
{
  TempDir tmp;
  write_dept_fixture(tmp.path());
  const auto csv = view(tmp.path(), {"list", "--format", "csv"});
  REQUIRE(csv.status == 0);
  CHECK(csv.out.starts_with("\xEF\xBB\xBF编号,截止日期,"));
  CHECK(csv.out.find("\r\n") != std::string::npos);
  for (size_t at = csv.out.find('\n'); at != std::string::npos; at = csv.out.find('\n', at + 1))
    CHECK(csv.out[at - 1] == '\r');
  const auto plain = view(tmp.path(), {"list", "--format", "csv-plain"});
  REQUIRE(plain.status == 0);
  CHECK(plain.out.starts_with("编号,截止日期,"));
  CHECK(plain.out.find('\r') == std::string::npos);
  // The same cells either way.
  std::string crlf = csv.out.substr(3);
  std::string lf;
  for (char c : crlf)
    if (c != '\r')
      lf += c;
  CHECK(lf == plain.out);
  CHECK(view(tmp.path(), {"lint", "--format", "csv-plain"}).status == 2);
}
