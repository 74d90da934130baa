// End-to-end: `show ID --format md|html|text`, the records as documents to send (issue 12 point
// 1 and the rendering of point 6): every kind of examples/, the minutes' version from the git
// history, the previous meeting's actions with their current status, follow-ups, escaping.
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

/// A records repository with `lang` and the given files, committed.
struct Repo {
  TempDir tmp;
  fs::path dir;

  explicit Repo(const std::string& lang, const std::map<std::string, std::string>& files = {}) : dir(tmp.path())
  {
    set_test_environment();
    git_init(dir);
    write(dir / ".collab.yaml", lang.empty() ? "" : "lang: " + lang + "\n");
    for (const auto& [path, text] : files)
      write(dir / path, text);
    commit("records");
  }
  void commit(const std::string& message)
  {
    git("add -A", dir);
    git("commit -q --allow-empty -m '" + message + "'", dir);
  }
  /// `show ID --format F` (at --as-of 2024-05-20); fails the test unless it succeeds.
  std::string show(const std::string& id, const std::string& format)
  {
    const auto r = run_collab({"show", id, "--format", format, "--as-of", "2024-05-20"}, dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
    return r.out;
  }
};


const char* k_m1 = R"(id: M-2024-001
kind: meeting
title: 周会
date: 2024-05-06
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, 周八]
actions:
  - action: 提交设计稿
    owner: 赵六
    deadline: 2024-05-08
    deliverable: 设计稿链接
    status: 进行中
  - action: 准备测试环境
    owner: 孙七
    deadline: 2024-05-30
    deliverable: 测试环境地址
)";

const char* k_m2 = R"(id: M-2024-002
kind: meeting
title: 周会（第二次）
date: 2024-05-13
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, 周八]
follow_up: M-2024-001
previous_actions: [M-2024-001#1, M-2024-001#2]
actions:
  - action: 上线
    owner: 孙七
    deadline: 2024-05-31
    deliverable: 正式环境地址
)";

} // namespace

TEST_CASE("document: every kind of examples/ renders as md, html and text, in English and Chinese")
{
  for (const std::string lang : {"en", "zh"}) {
    Repo repo(lang);
    for (const char* folder : {"meetings", "tasks", "issues", "requests"})
      fs::copy(k_examples / folder, repo.dir / folder, fs::copy_options::recursive);
    repo.commit("examples");
    for (const auto& entry : fs::recursive_directory_iterator(repo.dir)) {
      if (entry.path().extension() != ".yaml" || entry.path().filename() == ".collab.yaml")
        continue;
      const std::string id = entry.path().stem().string();
      CAPTURE(id);
      CAPTURE(lang);
      const std::string md = repo.show(id, "md");
      const std::string html = repo.show(id, "html");
      const std::string text = repo.show(id, "text");
      CHECK(md.starts_with("# "));
      CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "zh" ? "zh-CN" : "en") + "\">"));
      CHECK(html.ends_with("</html>\n"));
      CHECK(has(text, "\n===")); // the underlined title
      CHECK(has(md, id));
      const std::string folder = entry.path().parent_path().filename().string();
      const std::map<std::string, std::pair<std::string, std::string>> heads = {
        {"meetings", {"# Minutes: ", "# 会议纪要："}},
        {"tasks", {"# Task allocation: ", "# 任务分配表："}},
        {"issues", {"# Problem record: ", "# 问题记录："}},
        {"requests", {"# Request: ", "# 需求登记："}}};
      const auto& head = heads.at(folder);
      CHECK(md.starts_with(lang == "zh" ? head.second : head.first));
    }
  }
}

TEST_CASE("document: the minutes of the guides' meeting, with every section of the template")
{
  Repo repo("zh", {{"meetings/M-2024-007.yaml", read(k_examples / "meetings/M-2024-007.yaml")}});
  const std::string md = repo.show("M-2024-007", "md");
  for (const char* label : {"会议主题", "时间", "方式/地点", "主持人", "记录人", "参会人员", "缺席人员", "版本",
                            "沟通目标", "议程", "分歧点", "一致共识", "决议", "行动项", "交付成果", "待办问题",
                            "下次会议", "抄送", "确认情况"})
    CHECK_MESSAGE(has(md, label), label);
  CHECK(has(md, "* **版本**: V1.0\n"));
  CHECK(has(md, "| 1 | 提交最终版设计稿 | 赵六 | 市场部 | 2024-05-12 | 最终版设计稿(含移动端适配) | 已完成 |"));
}

TEST_CASE("document: text from the record cannot inject markup into HTML or break a Markdown table")
{
  Repo repo("en", {{"meetings/M-2024-001.yaml", R"(id: M-2024-001
kind: meeting
title: "<script>alert('x')</script>"
date: 2024-05-06
host: "<b>赵六</b>"
recorder: 孙七
attendees: [赵六, 孙七]
actions:
  - action: "a | b *c* <img src=x onerror=alert(1)>"
    owner: 赵六
    deadline: 2024-05-30
    deliverable: "line one\nline two | `code`"
)"}});
  const std::string html = repo.show("M-2024-001", "html");
  CHECK(!has(html, "<script"));
  CHECK(!has(html, "<img"));
  CHECK(!has(html, "<b>"));
  CHECK(has(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  CHECK(has(html, "<td class=\"deliverable\" data-label=\"Deliverable\">line one<br>line two | `code`</td>"));
  const std::string md = repo.show("M-2024-001", "md");
  CHECK(has(md, "| 1 | a \\| b \\*c\\* \\<img src=x onerror=alert(1)\\> | 赵六 |  | 2024-05-30 | "
                "line one<br>line two \\| \\`code\\` | todo |"));
  CHECK(has(md, "# Minutes: \\<script\\>alert('x')\\</script\\>\n"));
}

TEST_CASE("document: the version is V1.0, V1.1 after a change of the minutes, not after a confirmation")
{
  Repo repo("en", {{"meetings/M-2024-001.yaml", k_m1}});
  CHECK(has(repo.show("M-2024-001", "text"), "Version: V1.0\n"));
  // An uncommitted change of the minutes is the next version, marked as such.
  const fs::path file = repo.dir / "meetings/M-2024-001.yaml";
  write(file, std::string(k_m1) + "goals: [定排期]\n");
  CHECK(has(repo.show("M-2024-001", "text"), "Version: V1.1 (not yet committed)\n"));
  repo.commit("goals");
  CHECK(has(repo.show("M-2024-001", "md"), "* **Version**: V1.1\n"));
  // A confirmation and an action's status are no new version; the confirmation of the
  // older version is marked as such, and the attendee not yet confirmed is named.
  write(file, read(file) + "confirmed:\n  - {name: 赵六, date: 2024-05-06, version: V1.0}\n"
                           "  - {name: 孙七, date: 2024-05-07, version: V1.1}\n");
  repo.commit("confirmed");
  const auto done = run_collab({"done", "M-2024-001#2", "--evidence", "地址已发群"}, repo.dir);
  REQUIRE_MESSAGE(done.status == 0, done.err);
  const std::string md = repo.show("M-2024-001", "md");
  CHECK(has(md, "* **Version**: V1.1\n"));
  CHECK(has(md, "| 赵六 | 2024-05-06 | **V1.0 (older than the current V1.1)** |"));
  CHECK(has(md, "| 孙七 | 2024-05-07 | V1.1 |"));
  CHECK(has(md, "Not yet confirmed: 周八"));
}

TEST_CASE("document: a follow-up meeting shows the previous actions with their current status")
{
  Repo repo("zh", {{"meetings/M-2024-001.yaml", k_m1}, {"meetings/M-2024-002.yaml", k_m2}});
  std::string md = repo.show("M-2024-002", "md");
  CHECK(has(md, "## 上次行动项跟进"));
  // Overdue on 05-20, in the Chinese words of the record; the second one not yet due.
  CHECK(has(md, "| M-2024-001#1 | 提交设计稿 | 赵六 | **2024-05-08** | **进行中（逾期 12 天）** |"));
  CHECK(has(md, "| M-2024-001#2 | 准备测试环境 | 孙七 | 2024-05-30 | 未开始 |"));
  const auto done = run_collab({"done", "M-2024-001#1", "--evidence", "链接已发群"}, repo.dir);
  REQUIRE_MESSAGE(done.status == 0, done.err);
  md = repo.show("M-2024-002", "md");
  CHECK(has(md, "| M-2024-001#1 | 提交设计稿 | 赵六 | 2024-05-08 | 已完成 |"));
  CHECK(has(md, "* **上次会议**: M-2024-001"));
  // The earlier meeting lists its follow-ups.
  CHECK(has(repo.show("M-2024-001", "md"), "## 后续会议\n\n- M-2024-002 周会（第二次） (2024-05-13)\n"));
  CHECK(has(repo.show("M-2024-001", "html"), "<li>M-2024-002 周会（第二次） (2024-05-13)</li>"));
}

TEST_CASE("document: a previous action that no longer exists is shown, not fatal")
{
  std::string m2 = k_m2;
  m2.replace(m2.find("M-2024-001#2"), 12, "M-2024-001#9");
  Repo repo("en", {{"meetings/M-2024-001.yaml", k_m1}, {"meetings/M-2024-002.yaml", m2}});
  CHECK(has(repo.show("M-2024-002", "md"), "| M-2024-001#9 | **(no such action)** |"));
}

TEST_CASE("document: md, html and text render whole records, an item ref is a usage error")
{
  Repo repo("en", {{"meetings/M-2024-001.yaml", k_m1}});
  const auto r = run_collab({"show", "M-2024-001#1", "--format", "md"}, repo.dir);
  CHECK(r.status == 2);
  CHECK(has(r.err, "--format md, html and text render whole records"));
  const auto json = run_collab({"show", "M-2024-001#1", "--format", "json"}, repo.dir);
  CHECK(json.status == 0);
  CHECK(has(json.out, "\"action\": \"提交设计稿\""));
}

TEST_CASE("document: aliases are the registered person, a request's mode speaks the language, a heading keeps its #")
{
  Repo repo("zh", {{".collab.yaml", "lang: zh\npeople:\n  林芳: {dept: 项目管理办公室}\n"
                                    "  宋佳: {dept: 项目管理办公室, aliases: [佳佳]}\n"},
                   {"meetings/M-2026-004.yaml", "id: M-2026-004\nkind: meeting\ntitle: \"周会 #\"\ndate: 2026-11-27\n"
                                                "host: 林芳\nrecorder: 宋佳\nattendees: [林芳, 宋佳]\nconfirmed:\n"
                                                "  - {name: 佳佳, date: 2026-11-28, version: V1.0}\n"},
                   {"meetings/M-2026-005.yaml", "id: M-2026-005\nkind: meeting\ntitle: t\ndate: 2026-11-27\n"
                                                "host: 林芳\nrecorder: 宋佳\nattendees: [林芳, 佳佳]\n"},
                   {"requests/R-2024-001.yaml", "id: R-2024-001\nkind: request\ntitle: 报价\nfrom: 市场部\nto: 财务部\n"
                                                "owner: 林芳\ndeadline: 2024-06-01\nstatus: 待沟通\nmode: offline\n"}});
  // 佳佳 is 宋佳: 宋佳 has confirmed, and 佳佳 attends for 宋佳's department (not under 其他).
  CHECK(has(repo.show("M-2026-004", "text"), "尚未确认：林芳\n"));
  const std::string text = repo.show("M-2026-005", "text");
  CHECK(has(text, "项目管理办公室：林芳、佳佳"));
  CHECK_FALSE(has(text, "其他："));
  // `# 周会 #` would show 周会: the closing # is escaped.
  const std::string md = repo.show("M-2026-004", "md");
  CHECK(md.rfind("# 会议纪要：周会 \\#\n", 0) == 0);
  CHECK(has(repo.show("R-2024-001", "md"), "线下"));
  CHECK_FALSE(has(repo.show("R-2024-001", "md"), "offline"));
}

TEST_CASE("document: an `email:` that is no address is a configuration error, so no mail header can be forged")
{
  Repo repo("", {{".collab.yaml", "lang: en\npeople:\n  林芳: {email: \"linfang@example.com>\\r\\nBcc: evil@attacker.com\"}\n"},
                 {"meetings/M-2026-001.yaml", "id: M-2026-001\nkind: meeting\ntitle: t\ndate: 2026-11-27\nhost: 林芳\n"
                                              "recorder: 林芳\nattendees: [林芳]\n"}});
  for (const std::vector<std::string>& args : {std::vector<std::string>{"lint"}, {"mail", "M-2026-001"}}) {
    const auto r = run_collab(args, repo.dir);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(has(r.err, "is no mail address"));
    CHECK_FALSE(has(r.out, "Bcc:"));
  }
}
