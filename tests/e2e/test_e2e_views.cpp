// End-to-end: list, overdue, due and show on fixed data with fixed dates.
#include "process.h"

#include "collab/util/utf8.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fmt/format.h>
#include <thread>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

RunResult view(const fs::path& dir, std::vector<std::string> args,
               const std::map<std::string, std::optional<std::string>>& env = {})
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir, env);
}

/// The refs of a JSON view, in order.
std::vector<std::string> refs(const std::string& json)
{
  collab::yaml::SourceFile src("out.json", json);
  auto p = collab::yaml::parse_yaml(src);
  REQUIRE_MESSAGE(!p.error, json);
  std::vector<std::string> out;
  for (const auto* item : p.doc->root()->items)
    out.emplace_back(item->text_of("ref"));
  return out;
}

/// A small root with text of every width class.
void write_fixture(const fs::path& dir, const std::string& lang = "zh")
{
  write(dir / ".collab.yaml", "lang: " + lang + "\n");
  write(dir / "meetings/M-2024-001.yaml", R"Y(id: M-2024-001
kind: meeting
title: 周会
date: 2024-05-20
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七]
tags: [周会]
actions:
  - action: 完成活动页面前端开发并提交测试环境地址
    owner: 孙七
    dept: 技术部
    deadline: 2024-05-28
    deliverable: 测试环境地址
    status: 进行中
  - action: Ｑ３全角标题ＡＢＣ
    owner: 赵六
    dept: 市场部
    deadline: 2024-06-02
    deliverable: x
  - action: "Café ☕ emoji 😀 mixed 混合"
    owner: Zoë
    deadline: 2024-06-20
    deliverable: x
  - action: 已完成的事项
    owner: 赵六
    deadline: 2024-05-01
    deliverable: x
    status: done
    completed: 2024-05-01
    evidence: y
)Y");
  write(dir / "requests/R-2024-001.yaml", R"Y(id: R-2024-001
kind: request
title: CRM系统客户标签导出
from: 销售部
to: 技术部
owner: 陈明
deadline: 2024-05-25
status: 沟通中
)Y");
}

} // namespace

TEST_CASE("views: overdue and due on the examples, with days late")
{
  auto r = view(k_examples, {"overdue", "--format", "json"});
  REQUIRE(r.status == 0);
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-004", "2024-研发-001#2", "M-2024-011#3"});
  CHECK(r.out.find("\"days_late\": 2") != std::string::npos);
  r = view(k_examples, {"due", "--format", "json"});
  CHECK(refs(r.out) == std::vector<std::string>{"M-2024-011#4", "R-2024-002"});
  r = view(k_examples, {"due", "--within", "1w", "--format", "json"});
  CHECK(refs(r.out) == std::vector<std::string>{"M-2024-011#4", "R-2024-002", "M-2024-007#4"});
  CHECK(view(k_examples, {"overdue", "--fail", "--format", "tsv"}).status == 1);
  CHECK(run_collab({"overdue", "--fail"}, k_examples, {{"COLLAB_TODAY", "2024-05-01"}}).status == 0);
}

TEST_CASE("views: golden tables with Chinese text at 40, 80 and 120 columns")
{
  TempDir tmp;
  write_fixture(tmp.path());
  CHECK(view(tmp.path(), {"list", "--format", "table", "--width", "40"}).out ==
        "编号          状态    负责人  事项\n"
        "R-2024-001    沟通中  陈明    CRM系统客…\n"
        "M-2024-001#1  进行中  孙七    完成活动…\n"
        "M-2024-001#2  未开始  赵六    Ｑ３全角…\n"
        "M-2024-001#3  未开始  Zoë     Café ☕ e…\n");
  CHECK(view(tmp.path(), {"list", "--format", "table", "--width", "80"}).out ==
        "编号          截止日期    到期     状态    负责人  部门    事项\n"
        "R-2024-001    2024-05-25  逾期7天  沟通中  陈明    销售部  CRM系统客户标签导出\n"
        "M-2024-001#1  2024-05-28  逾期4天  进行中  孙七    技术部  完成活动页面前端开发…\n"
        "M-2024-001#2  2024-06-02  1天后    未开始  赵六    市场部  Ｑ３全角标题ＡＢＣ\n"
        "M-2024-001#3  2024-06-20  19天后   未开始  Zoë             Café ☕ emoji 😀 mix…\n");
  // At 120 the deliverable fits too (at 80 it is the first column to go).
  CHECK(view(tmp.path(), {"list", "--format", "table", "--width", "120"}).out ==
        "编号          截止日期    到期     状态    负责人  部门    事项                                    交付成果\n"
        "R-2024-001    2024-05-25  逾期7天  沟通中  陈明    销售部  CRM系统客户标签导出\n"
        "M-2024-001#1  2024-05-28  逾期4天  进行中  孙七    技术部  完成活动页面前端开发并提交测试环境地址  测试环境地址\n"
        "M-2024-001#2  2024-06-02  1天后    未开始  赵六    市场部  Ｑ３全角标题ＡＢＣ                      x\n"
        "M-2024-001#3  2024-06-20  19天后   未开始  Zoë             Café ☕ emoji 😀 mixed 混合             x\n");
  // COLUMNS is the width when no --width is given; English headers with lang en.
  TempDir en;
  write_fixture(en.path(), "en");
  const auto r = view(en.path(), {"overdue", "--format", "table"}, {{"COLUMNS", "60"}});
  // At 60 columns DEPT is the first column to go, and the title is cut.
  CHECK(r.out == "REF           DEADLINE    LATE  STATUS  OWNER  TITLE\n"
                 "R-2024-001    2024-05-25     7  doing   陈明   CRM系统客户…\n"
                 "M-2024-001#1  2024-05-28     4  doing   孙七   完成活动页面…\n");
}

TEST_CASE("views: filters, sorting, grouping and --all")
{
  TempDir tmp;
  write_fixture(tmp.path());
  const auto q = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "list");
    args.push_back("--format=json");
    return refs(view(tmp.path(), args).out);
  };
  using V = std::vector<std::string>;
  CHECK(q({}) == V{"R-2024-001", "M-2024-001#1", "M-2024-001#2", "M-2024-001#3"});
  CHECK(q({"--all"}).front() == "M-2024-001#4");
  CHECK(q({"--owner", "赵六"}) == V{"M-2024-001#2"});
  CHECK(q({"--dept", "技术部"}) == V{"M-2024-001#1"});
  CHECK(q({"--status", "进行中"}) == V{"R-2024-001", "M-2024-001#1"});
  CHECK(q({"--status", "done"}) == V{"M-2024-001#4"});
  CHECK(q({"--kind", "request"}) == V{"R-2024-001"});
  CHECK(q({"--kind", "meeting"}).size() == 3);
  CHECK(q({"--before", "2024-06-01"}) == V{"R-2024-001", "M-2024-001#1"});
  CHECK(q({"--after", "2024-06-01"}) == V{"M-2024-001#2", "M-2024-001#3"});
  CHECK(q({"--tag", "周会"}).size() == 3);
  CHECK(q({"--grep", "crm"}) == V{"R-2024-001"});
  CHECK(q({"--sort", "ref"}) == V{"M-2024-001#1", "M-2024-001#2", "M-2024-001#3", "R-2024-001"});
  CHECK(q({"--group-by", "owner"}) == V{"M-2024-001#3", "M-2024-001#1", "M-2024-001#2", "R-2024-001"});
  const auto grouped = view(tmp.path(), {"list", "--group-by", "dept", "--format", "table"}).out;
  CHECK(grouped.find("技术部 (1)\n") != std::string::npos);
  CHECK(view(tmp.path(), {"list", "--status", "finished"}).status == 2);
  CHECK(view(tmp.path(), {"list", "--before", "someday"}).status == 2);
  CHECK(view(tmp.path(), {"list", "--format", "xml"}).status == 2);
  CHECK(view(tmp.path(), {"list", "--group-by", "color"}).status == 2);
}

TEST_CASE("views: every format parses back, tsv is the default when piped")
{
  TempDir tmp;
  write_fixture(tmp.path());
  const auto tsv = view(tmp.path(), {"list", "--width", "20"}).out; // piped: tsv, never cut
  CHECK(tsv.starts_with("编号\t截止日期\t到期\t状态\t负责人\t部门\t事项\t交付成果\t进度\t完成日期\t原截止日期\t延期原因\t完成证明\n"));
  CHECK(tsv.find("完成活动页面前端开发并提交测试环境地址") != std::string::npos);
  CHECK(tsv.find('\x1b') == std::string::npos);
  size_t lines = 0;
  for (char c : tsv)
    lines += c == '\n';
  CHECK(lines == 5);
  const auto json = view(tmp.path(), {"overdue", "--format", "json"}).out;
  collab::yaml::SourceFile src("j", json);
  auto p = collab::yaml::parse_yaml(src);
  REQUIRE(p.doc);
  const auto* first = p.doc->root()->items.at(0);
  for (const char* key : {"ref", "record", "kind", "title", "owner", "dept", "deadline", "status", "overdue", "days_late"})
    CHECK_MESSAGE(first->get(key) != nullptr, key);
  CHECK(first->text_of("status") == "doing"); // canonical, whatever the file says
  CHECK(first->text_of("overdue") == "true");
  CHECK(first->text_of("days_late") == "7");
  CHECK(first->text_of("kind") == "request");
  const auto csv = view(tmp.path(), {"list", "--format", "csv"}).out;
  CHECK(csv.find("\r\nM-2024-001#3,2024-06-20,19天后,未开始,Zoë,,Café ☕ emoji 😀 mixed 混合,x,,,,,\r\n") != std::string::npos);
  const auto md = view(tmp.path(), {"due", "--format", "md"}).out;
  CHECK(md == "| 编号 | 截止日期 | 到期 | 状态 | 负责人 | 部门 | 事项 | 交付成果 |\n"
              "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
              "| M-2024-001#2 | 2024-06-02 | 1天后 | 未开始 | 赵六 | 市场部 | Ｑ３全角标题ＡＢＣ | x |\n");
}

TEST_CASE("views: colour only on request or a terminal, NO_COLOR and CLICOLOR_FORCE")
{
  TempDir tmp;
  write_fixture(tmp.path());
  const auto always = view(tmp.path(), {"list", "--all", "--format", "table", "--color=always"}).out;
  CHECK(always.find("\x1b[31mR-2024-001") != std::string::npos);   // overdue red
  CHECK(always.find("\x1b[33mM-2024-001#2") != std::string::npos); // due soon yellow
  CHECK(always.find("\x1b[2mM-2024-001#4") != std::string::npos);  // done dim
  CHECK(view(tmp.path(), {"list", "--format", "table"}).out.find('\x1b') == std::string::npos);
  CHECK(view(tmp.path(), {"list", "--format", "table"}, {{"CLICOLOR_FORCE", "1"}}).out.find('\x1b') !=
        std::string::npos);
  CHECK(view(tmp.path(), {"list", "--format", "table"}, {{"CLICOLOR_FORCE", "1"}, {"NO_COLOR", "1"}})
          .out.find('\x1b') == std::string::npos);
}

TEST_CASE("views: show renders a meeting like minutes, and one item")
{
  auto r = view(k_examples, {"show", "M-2024-007", "--width", "100"});
  REQUIRE(r.status == 0);
  for (const char* part : {"M-2024-007  618活动协同推进会", "主持人       赵六", "沟通目标", "议程", "决议:", "行动项",
                           "M-2024-007#4  2024-06-05  4天后", "待办问题", "抄送"})
    CHECK_MESSAGE(r.out.find(part) != std::string::npos, part);
  r = view(k_examples, {"show", "M-2024-007#2"});
  CHECK_MESSAGE(r.out.find("截止日期     2024-05-15") != std::string::npos, r.out);
  r = view(k_examples, {"show", "R-2024-002", "--format", "json"});
  collab::yaml::SourceFile src("j", r.out);
  auto p = collab::yaml::parse_yaml(src);
  REQUIRE(p.doc);
  CHECK(p.doc->root()->text_of("id") == "R-2024-002");
  CHECK(view(k_examples, {"show", "M-2024-007#99"}).status == 2);
}

TEST_CASE("views are read-only, and their cache under .git is never stale")
{
  TempDir tmp;
  git_init(tmp.path());
  write_fixture(tmp.path());
  REQUIRE(sh("git add -A && git commit -qm base && git checkout -qb other && git checkout -q main", tmp.path()).status ==
          0);
  // Entries younger than 2 s when the cache is written are re-read (racily clean): wait them out.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  const std::map<std::string, std::optional<std::string>> stats = {{"COLLAB_CACHE_STATS", "1"}};
  const auto head = sh("git rev-parse HEAD && git status --porcelain", tmp.path()).out;
  auto r = view(tmp.path(), {"overdue", "--format", "json"}, stats);
  CHECK(r.err == "collab: 2 records, 2 parsed, 0 from the cache; 3 of 3 folders listed\n");
  r = view(tmp.path(), {"overdue", "--format", "json"}, stats);
  CHECK(r.err == "collab: 2 records, 0 parsed, 2 from the cache; 0 of 3 folders listed\n");
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1"});
  CHECK(sh("git rev-parse HEAD && git status --porcelain", tmp.path()).out == head); // nothing written
  // Views never load libgit2 (it is opened on first use, by commands that commit or read history).
  const std::map<std::string, std::optional<std::string>> ld_debug = {{"LD_DEBUG", "libs"}};
  CHECK(view(tmp.path(), {"overdue"}, ld_debug).err.find("libgit2") == std::string::npos);
  CHECK(view(tmp.path(), {"log", "R-2024-001"}, ld_debug).err.find("libgit2") != std::string::npos);
  bool cache_exists = false;
  for (const auto& e : fs::directory_iterator(tmp / ".git/collab"))
    cache_exists = cache_exists || e.path().extension() == ".cache";
  CHECK(cache_exists);

  // 1. An edit keeping the size, with the mtime put back: ctime still tells.
  const fs::path req = tmp / "requests/R-2024-001.yaml";
  const auto mtime = fs::last_write_time(req);
  std::string text = read(req);
  text.replace(text.find("2024-05-25"), 10, "2024-06-25");
  write(req, text);
  fs::last_write_time(req, mtime);
  r = view(tmp.path(), {"overdue", "--format", "json"}, stats);
  CHECK(r.err == "collab: 2 records, 1 parsed, 1 from the cache; 0 of 3 folders listed\n");
  CHECK(refs(r.out) == std::vector<std::string>{"M-2024-001#1"});

  // 2. A checkout that swaps files.
  REQUIRE(sh("git checkout -q other -- requests/R-2024-001.yaml", tmp.path()).status == 0);
  r = view(tmp.path(), {"overdue", "--format", "json"});
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1"});

  // 3. A deleted file.
  fs::remove(tmp / "meetings/M-2024-001.yaml");
  r = view(tmp.path(), {"overdue", "--format", "json"}, stats);
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001"});
  // The file checked out a moment ago is still racily clean, so it is read again.
  CHECK(r.err.starts_with("collab: 1 records, "));
}

TEST_CASE("views: a folder's listing comes from the cache only while the folder is unchanged")
{
  TempDir tmp;
  git_init(tmp.path());
  write_fixture(tmp.path());
  write(tmp / "tasks/sub/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 子任务目录\nowner: 赵六\n"
                                           "deadline: 2024-05-30\ndeliverable: x\n");
  REQUIRE(sh("git add -A && git commit -qm base", tmp.path()).status == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200)); // past the racily-clean window
  const std::map<std::string, std::optional<std::string>> stats = {{"COLLAB_CACHE_STATS", "1"}};
  const auto overdue = [&] { return view(tmp.path(), {"overdue", "--format", "json"}, stats); };
  auto r = overdue();
  CHECK(r.err == "collab: 3 records, 3 parsed, 0 from the cache; 5 of 5 folders listed\n");
  r = overdue();
  CHECK(r.err == "collab: 3 records, 0 parsed, 3 from the cache; 0 of 5 folders listed\n");
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1", "T-2024-001"});

  // A file added to a folder, with the folder's mtime put back: its ctime still tells.
  const fs::path sub = tmp / "tasks/sub";
  const auto mtime = fs::last_write_time(sub);
  write(sub / "T-2024-002.yaml", "id: T-2024-002\nkind: task\ntitle: 新增\nowner: 赵六\ndeadline: 2024-05-31\n"
                                 "deliverable: x\n");
  fs::last_write_time(sub, mtime);
  r = overdue();
  CHECK(r.err == "collab: 4 records, 1 parsed, 3 from the cache; 1 of 5 folders listed\n");
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1", "T-2024-001", "T-2024-002"});

  // A renamed file and a new sub-folder.
  fs::rename(sub / "T-2024-002.yaml", sub / "T-2024-003.yaml");
  write(tmp / "tasks/sub/deeper/T-2024-004.yaml", "id: T-2024-004\nkind: task\ntitle: 更深\nowner: 赵六\n"
                                                  "deadline: 2024-05-29\ndeliverable: x\n");
  r = overdue();
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1", "T-2024-004", "T-2024-001",
                                                "T-2024-002"});
  r = view(tmp.path(), {"list", "--format", "json"});
  CHECK(r.out.find("tasks/sub/T-2024-003.yaml") != std::string::npos);
  CHECK(r.out.find("tasks/sub/T-2024-002.yaml") == std::string::npos);

  // A folder that becomes a nested records root leaves the view, also once its listing is
  // cached; when it stops being one, it comes back.
  write(sub / ".collab.yaml", "lang: zh\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  r = overdue();
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1"});
  r = overdue();
  CHECK(r.err == "collab: 2 records, 0 parsed, 2 from the cache; 0 of 5 folders listed\n");
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1"});
  fs::remove(sub / ".collab.yaml");
  r = overdue();
  CHECK(refs(r.out) == std::vector<std::string>{"R-2024-001", "M-2024-001#1", "T-2024-004", "T-2024-001",
                                                "T-2024-002"});
}

TEST_CASE("views: unknown --kind, unreadable records are reported, show fits the width")
{
  TempDir tmp;
  write_fixture(tmp.path());
  CHECK(view(tmp.path(), {"list", "--kind", "foo"}).status == 2);
  write(tmp / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: [broken\n");
  for (int run = 0; run < 2; ++run) { // cold, then from the cache
    const auto r = view(tmp.path(), {"overdue", "--format", "tsv"});
    CHECK_MESSAGE(r.err.find("警告: 1 条记录无法读取，已略去；请运行 `collab lint`") != std::string::npos, r.err);
  }
  CHECK(view(tmp.path(), {"-q", "overdue"}).err.empty());
  const auto r = view(k_examples, {"show", "M-2024-007", "--width", "60"});
  size_t start = 0;
  while (start < r.out.size()) {
    const size_t nl = r.out.find('\n', start);
    const std::string line = r.out.substr(start, nl - start);
    if (line.find("M-2024-007#") == 2) // the action table rows
      CHECK_MESSAGE(collab::util::utf8::display_width(line) <= 60, line);
    start = nl + 1;
  }
}
