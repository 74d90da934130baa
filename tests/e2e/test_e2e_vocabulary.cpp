// End-to-end: statuses read in the kind's register (a request's 待沟通/沟通中/已关闭) and every
// write keeps the record's vocabulary: Chinese statuses stay Chinese, English stay English
// (SPEC §2; issue 10, point 13).
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

namespace {


std::string request(const std::string& id, const std::string& status)
{
  return "id: " + id + "\nkind: request\ntitle: 需求" + id.substr(7) +
         "\nfrom: 市场部\nto: 技术部\nowner: 赵六\ndeadline: 2024-06-20\nstatus: " + status + "\n";
}

const char* k_task_zh = "id: T-2024-001\nkind: task\ntitle: 上线检查\nowner: 赵六\ndeadline: 2024-06-20\n"
                        "deliverable: 检查清单\nstatus: 进行中\nsubtasks:\n  - title: 清单初稿\n    owner: 孙七\n"
                        "    deadline: 2024-06-10\n    deliverable: 初稿\n";
const char* k_task_en = "id: T-2024-002\nkind: task\ntitle: Launch check\nowner: 赵六\ndeadline: 2024-06-20\n"
                        "deliverable: checklist\nstatus: doing\n";
const char* k_issue = "id: I-2024-001\nkind: issue\ntitle: 物流延迟\noccurred: 2024-05-20\nowner: 赵六\n"
                      "description: 发货延迟两天\nstatus: 进行中\nverification: 延迟≤1.5小时\nsolutions:\n"
                      "  - action: 增加临时仓\n    owner: 周八\n    deadline: 2024-06-10\n    deliverable: 仓库合同\n"
                      "    status: 进行中\n";
const char* k_meeting = "id: M-2024-001\nkind: meeting\ntitle: 周例会\ndate: 2024-05-30\nhost: 赵六\n"
                        "recorder: 孙七\nattendees: [赵六, 孙七]\nactions:\n  - action: 提交方案\n    owner: 赵六\n"
                        "    deadline: 2024-06-10\n    deliverable: 方案\n";

fs::path repo(const TempDir& tmp, const std::string& lang)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "lang: " + lang + "\n");
  write(tmp / "requests/R-2024-001.yaml", request("R-2024-001", "待沟通"));
  write(tmp / "requests/R-2024-002.yaml", request("R-2024-002", "沟通中"));
  write(tmp / "requests/R-2024-003.yaml", request("R-2024-003", "已关闭"));
  write(tmp / "requests/R-2024-004.yaml", request("R-2024-004", "todo"));
  write(tmp / "tasks/T-2024-001.yaml", k_task_zh);
  write(tmp / "tasks/T-2024-002.yaml", k_task_en);
  write(tmp / "issues/I-2024-001.yaml", k_issue);
  write(tmp / "meetings/M-2024-001.yaml", k_meeting);
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult collab(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir);
}

/// The line of `out` that starts with `ref` and a tab (TSV), or "".
std::string row(const std::string& out, const std::string& ref)
{
  const size_t at = out.find(ref + "\t");
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

} // namespace

TEST_CASE("vocabulary: with lang: zh a request reads 待沟通/沟通中/已关闭, other items 未开始/进行中/已取消")
{
  TempDir tmp;
  const fs::path dir = repo(tmp, "zh");
  auto r = collab(dir, {"list", "--all"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(has(row(r.out, "R-2024-001"), "\t待沟通\t"), r.out);
  CHECK(has(row(r.out, "R-2024-002"), "\t沟通中\t"));
  CHECK(has(row(r.out, "R-2024-003"), "\t已关闭\t"));
  CHECK(has(row(r.out, "R-2024-004"), "\t待沟通\t")); // written `todo`, read in the register
  CHECK(has(row(r.out, "T-2024-001"), "\t进行中\t"));
  CHECK(has(row(r.out, "T-2024-001#1"), "\t未开始\t"));
  CHECK(has(row(r.out, "M-2024-001#1"), "\t未开始\t"));
  // JSON keeps the canonical name.
  r = collab(dir, {"list", "--all", "--format", "json", "--kind", "request"});
  CHECK(has(r.out, "\"status\": \"todo\""));
  CHECK(has(r.out, "\"status\": \"cancelled\""));
  // show of a request written in English reads in the register too.
  r = collab(dir, {"show", "R-2024-004"});
  CHECK_MESSAGE(has(r.out, "待沟通"), r.out);
  CHECK_FALSE(has(r.out, "todo"));
  // English: canonical names.
  TempDir en_tmp;
  const fs::path en = repo(en_tmp, "en");
  r = collab(en, {"list", "--all"});
  CHECK(has(row(r.out, "R-2024-001"), "\ttodo\t"));
  CHECK(has(row(r.out, "R-2024-003"), "\tcancelled\t"));
}

TEST_CASE("vocabulary: done, delay and set status= keep each record vocabulary, for every kind")
{
  TempDir tmp;
  const fs::path dir = repo(tmp, "en"); // the records decide, not the repo's lang
  const auto text = [&](const std::string& path) { return read(tmp / path); };
  // request, Chinese: done → 已完成; set status → 沟通中 (the register's word for doing).
  REQUIRE(collab(dir, {"done", "R-2024-001"}).status == 0);
  CHECK_MESSAGE(has(text("requests/R-2024-001.yaml"), "\nstatus: 已完成\n"), text("requests/R-2024-001.yaml"));
  REQUIRE(collab(dir, {"set", "R-2024-002", "status=进行中"}).status == 0);
  CHECK(has(text("requests/R-2024-002.yaml"), "\nstatus: 沟通中\n"));
  REQUIRE(collab(dir, {"set", "R-2024-002", "status=cancelled"}).status == 0);
  CHECK(has(text("requests/R-2024-002.yaml"), "\nstatus: 已关闭\n"));
  REQUIRE(collab(dir, {"delay", "R-2024-003", "--to", "2024-06-30", "--reason", "等预算"}).status == 2); // closed
  // request, English: delay → delayed; set status=沟通中 → doing.
  REQUIRE(collab(dir, {"set", "R-2024-004", "status=沟通中"}).status == 0);
  CHECK(has(text("requests/R-2024-004.yaml"), "\nstatus: doing\n"));
  REQUIRE(collab(dir, {"delay", "R-2024-004", "--to", "2024-06-30", "--reason", "等预算"}).status == 0);
  CHECK(has(text("requests/R-2024-004.yaml"), "\nstatus: delayed\n"));
  // task, Chinese: a subtask without a status of its own follows its record.
  REQUIRE(collab(dir, {"delay", "T-2024-001#1", "--to", "2024-06-15", "--reason", "等设计"}).status == 0);
  CHECK(has(text("tasks/T-2024-001.yaml"), "\n    status: 延期\n"));
  REQUIRE(collab(dir, {"done", "T-2024-001"}).status == 0);
  CHECK(has(text("tasks/T-2024-001.yaml"), "\nstatus: 已完成\n"));
  // task, English.
  REQUIRE(collab(dir, {"done", "T-2024-002"}).status == 0);
  CHECK(has(text("tasks/T-2024-002.yaml"), "\nstatus: done\n"));
  // issue, Chinese: its solution is 已完成, the issue itself 已闭环 (its register).
  REQUIRE(collab(dir, {"done", "I-2024-001#1"}).status == 0);
  CHECK(has(text("issues/I-2024-001.yaml"), "\n    status: 已完成\n"));
  REQUIRE(collab(dir, {"set", "I-2024-001", "status=delayed"}).status == 1); // needs its reason: lint says so
  REQUIRE(collab(dir, {"set", "I-2024-001", "status=cancelled"}).status == 0);
  CHECK(has(text("issues/I-2024-001.yaml"), "\nstatus: 已取消\n"));
  REQUIRE(collab(dir, {"set", "I-2024-001", "status=doing"}).status == 0);
  REQUIRE(collab(dir, {"done", "I-2024-001"}).status == 0);
  CHECK(has(text("issues/I-2024-001.yaml"), "\nstatus: 已闭环\n"));
  // meeting: no status written yet, so the repo's lang decides (en here; zh below).
  REQUIRE(collab(dir, {"done", "M-2024-001#1"}).status == 0);
  CHECK(has(text("meetings/M-2024-001.yaml"), "\n    status: done\n"));
  CHECK(run_collab({"lint"}, dir).status == 0);

  TempDir zh_tmp;
  const fs::path zh = repo(zh_tmp, "zh");
  REQUIRE(collab(zh, {"done", "M-2024-001#1"}).status == 0);
  CHECK(has(read(zh_tmp / "meetings/M-2024-001.yaml"), "\n    status: 已完成\n"));
  // new in a Chinese repo writes the register's first word; in an English one, todo.
  REQUIRE(collab(zh, {"-q", "new", "request", "--title", "新需求", "--owner", "赵六", "--deadline", "2024-06-30",
                      "--set", "from=市场部", "--set", "to=技术部"})
            .status == 0);
  CHECK(has(read(zh_tmp / "requests/R-2024-005.yaml"), "\nstatus: 待沟通\n"));
  REQUIRE(collab(dir, {"-q", "new", "request", "--title", "新需求", "--owner", "赵六", "--deadline", "2024-06-30",
                       "--set", "from=市场部", "--set", "to=技术部"})
            .status == 0);
  CHECK(has(read(tmp / "requests/R-2024-005.yaml"), "\nstatus: todo\n"));
}
