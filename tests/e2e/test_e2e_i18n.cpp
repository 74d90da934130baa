// End-to-end: the language a person reads. The repo's `lang` decides, else the environment
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); rule ids and JSON keys stay English.
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

namespace {

const std::map<std::string, std::optional<std::string>> k_chinese = {{"LANG", "zh_CN.UTF-8"}};


/// A repo whose config is `config`, with one task missing its owner.
fs::path repo_with(const TempDir& tmp, const std::string& config)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", config);
  write(tmp / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 上线检查\ndeadline: 2024-05-20\n"
                                       "deliverable: 检查清单\nstatus: todo\n");
  return tmp.path();
}

} // namespace

TEST_CASE("i18n: init in a Chinese locale writes lang: zh, with Chinese comments")
{
  TempDir tmp;
  auto r = run_collab({"init", "zh"}, tmp.path(), k_chinese);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string zh = read(tmp / "zh/.collab.yaml");
  CHECK(has(zh, "\nlang: zh\n"));
  CHECK(has(zh, "# 本记录根目录的 collab 设置"));
  r = run_collab({"init", "en"}, tmp.path());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string en = read(tmp / "en/.collab.yaml");
  CHECK(has(en, "\nlang: en\n"));
  CHECK(has(en, "# collab settings for this records root"));
}

TEST_CASE("i18n: lang: zh makes lint speak Chinese, rule ids and JSON stay English")
{
  TempDir tmp;
  const fs::path dir = repo_with(tmp, "lang: zh\n");
  auto r = run_collab({"lint"}, dir);
  CHECK(r.status == 1);
  CHECK_MESSAGE(has(r.out, "tasks/T-2024-001.yaml:1:1: 错误: "), r.out);
  CHECK(has(r.out, "[missing-field]"));
  CHECK_MESSAGE(has(r.out + r.err, "1 个错误，0 个警告，共 1 条记录"), std::string(r.out + r.err));
  r = run_collab({"lint", "--format", "json"}, dir);
  CHECK(has(r.out, "\"severity\": \"error\""));
  CHECK(has(r.out, "\"rule\": \"missing-field\""));
  // Errors of collab itself too.
  r = run_collab({"show", "T-2099-999"}, dir);
  CHECK_MESSAGE(has(r.err, "collab: 错误: "), r.err);
}

TEST_CASE("i18n: the repo's lang wins over the environment, which decides when lang is not set")
{
  TempDir en_tmp, unset_tmp;
  auto r = run_collab({"lint"}, repo_with(en_tmp, "lang: en\n"), k_chinese);
  CHECK_MESSAGE(has(r.out, ": error: "), r.out);
  r = run_collab({"lint"}, repo_with(unset_tmp, ""), k_chinese);
  CHECK_MESSAGE(has(r.out, ": 错误: "), r.out);
  r = run_collab({"lint"}, unset_tmp.path(), {{"LANGUAGE", "en"}, {"LANG", "zh_CN.UTF-8"}});
  CHECK_MESSAGE(has(r.out, ": error: "), r.out);
}

namespace {

/// A committed repo whose config is `lang: LANG`, with one valid task.
fs::path committed_repo(const TempDir& tmp, const std::string& lang)
{
  const fs::path dir = repo_with(tmp, "lang: " + lang + "\n");
  write(tmp / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 上线检查\nowner: 赵六\ndeadline: 2024-05-20\n"
                                       "deliverable: 检查清单\nstatus: todo\n");
  git("add -A", dir);
  git("commit -qm records", dir);
  return dir;
}

/// The same step in both languages: what each must say.
struct Said {
  std::string zh, en;
  const std::string& in(const std::string& lang) const { return lang == "zh" ? zh : en; }
};

} // namespace

TEST_CASE("i18n: the write commands' errors and notes follow the repo's lang")
{
  for (const std::string lang : {"zh", "en"}) {
    CAPTURE(lang);
    TempDir tmp;
    const fs::path dir = committed_repo(tmp, lang);
    const auto says = [&](const RunResult& r, const Said& s) {
      CHECK_MESSAGE(has(r.err, s.in(lang)), r.err);
    };

    auto r = run_collab({"set", "T-2099-001", "owner=李雷"}, dir);
    CHECK(r.status == 2);
    says(r, {"collab: 错误: 找不到记录 `T-2099-001`（已在 ", "collab: error: no record `T-2099-001` below "});

    r = run_collab({"set", "T-2024-001", "owner=赵六"}, dir);
    CHECK(r.status == 0);
    says(r, {"collab: T-2024-001 已经是这样了；没有可提交的内容\n", "collab: T-2024-001 is already like that; nothing to commit\n"});

    r = run_collab({"--as-of", "someday", "list"}, dir);
    CHECK(r.status == 2);
    says(r, {"collab: 错误: --as-of `someday` 不是日期；请使用 YYYY-MM-DD、today、+3d、fri 等\n",
             "collab: error: --as-of `someday` is not a date; use YYYY-MM-DD, today, +3d, fri...\n"});

    r = run_collab({"delay", "T-2024-001", "--to", "someday", "--reason", "供应商延迟"}, dir);
    CHECK(r.status == 2);
    says(r, {"--to `someday` 不是日期；请使用 YYYY-MM-DD、今天、明天",
             "--to `someday` is not a date; use YYYY-MM-DD, today, tomorrow, +3d"});

    r = run_collab({"list", "--sort", "owners"}, dir);
    CHECK(r.status == 2);
    says(r, {"--sort `owners`：请使用 deadline, ref, owner, dept, status 或 late",
             "--sort `owners`: use deadline, ref, owner, dept, status or late"});

    r = run_collab({"set", "T-2024-001", "deadline=2024-06-01"}, dir);
    CHECK(r.status == 2);
    says(r, {"T-2024-001 的截止日期是 2024-05-20；截止日期只能连同原因一起调整：`collab delay T-2024-001 --to DATE",
             "T-2024-001 has deadline 2024-05-20; a deadline moves only with its reason: `collab delay T-2024-001 --to"});

    // rm refuses to lose what was never committed.
    write(tmp / "tasks/T-2024-001.yaml", read(tmp / "tasks/T-2024-001.yaml") + "notes: 未提交的备注\n");
    r = run_collab({"rm", "T-2024-001"}, dir);
    CHECK(r.status == 3);
    says(r, {"tasks/T-2024-001.yaml 有尚未提交的改动；请先提交（`collab commit`）或使用 `collab rm --force`",
             "tasks/T-2024-001.yaml has changes not committed; commit them (`collab commit`) or use `collab rm --force`"});
    git("checkout -q -- tasks", dir);

    // A write while a merge is in progress; the state names git's own commands.
    write(dir / ".git/MERGE_HEAD", git("rev-parse HEAD", dir));
    r = run_collab({"set", "T-2024-001", "owner=李雷"}, dir);
    CHECK(r.status == 3);
    says(r, {"正在进行合并；请用 `git merge --continue` 完成（先解决冲突），或用 `git merge --abort` 撤销，然后重新运行命令；"
             "未写入任何内容\n",
             "a merge is in progress; finish it with `git merge --continue` (after resolving conflicts) or undo it with "
             "`git merge --abort`, then run the command again; nothing was written\n"});
    CHECK(has(read(tmp / "tasks/T-2024-001.yaml"), "owner: 赵六"));
  }
}

TEST_CASE("i18n: an invalid config is reported in the lang it asks for")
{
  TempDir zh_tmp, en_tmp;
  auto r = run_collab({"list"}, repo_with(zh_tmp, "lang: zh\nlangg: 1\ndue_soon: 3x\n"));
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, ".collab.yaml:2:1: 错误: 配置文件中有未知的键 `langg`；是否想写 `lang`？\n"), r.err);
  CHECK_MESSAGE(has(r.err, ".collab.yaml:3:11: 错误: `due_soon: 3x` 不是时长；请写天数或周数，如 `2d` 或 `1w`\n"), r.err);
  CHECK_MESSAGE(has(r.err, "collab: 错误: 配置无效；请修正 .collab.yaml 后重新运行\n"), r.err);
  r = run_collab({"list"}, repo_with(en_tmp, "lang: en\nlangg: 1\n"), k_chinese);
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, ".collab.yaml:2:1: error: unknown key `langg` in the config; did you mean `lang`?\n"), r.err);
  CHECK_MESSAGE(has(r.err, "collab: error: invalid configuration; fix .collab.yaml and run again\n"), r.err);
}

TEST_CASE("i18n: the help speaks the environment's language (option and command names stay English)")
{
  TempDir tmp;
  auto r = run_collab({"new", "--help"}, tmp.path(), k_chinese);
  CHECK(r.status == 0);
  CHECK_MESSAGE(has(r.out, "创建一条记录（meeting、task、issue、request）并提交"), r.out);
  CHECK(has(r.out, "用法: collab new [选项] KIND"));
  CHECK(has(r.out, "--owner TEXT                唯一的负责人"));
  CHECK(has(r.out, "示例：\n  collab new meeting --title '上线协调会'"));
  r = run_collab({"--help"}, tmp.path(), k_chinese);
  CHECK(has(r.out, "子命令:\n  init "));
  CHECK(has(r.out, "退出状态：0 成功，1 有检查错误"));
  r = run_collab({"new", "--help"}, tmp.path());
  CHECK(has(r.out, "Create a record (meeting, task, issue, request) and commit it"));
  CHECK(has(r.out, "--owner TEXT                The one person responsible"));
  r = run_collab({"lisst"}, tmp.path(), k_chinese);
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "collab: 错误: 未知的命令 `lisst`；是否想用 `list`？\n可用命令："), r.err);
}

TEST_CASE("i18n: new's draft in the editor: its comments and findings header in the repo's lang")
{
  for (const std::string lang : {"zh", "en"}) {
    CAPTURE(lang);
    TempDir tmp, scripts;
    const fs::path dir = committed_repo(tmp, lang);
    // The first save adds a line but leaves the required fields empty; the second keeps it as it is.
    write(scripts / "ed.sh", R"SH(#!/bin/sh
n=$(cat "$0.count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.count"
cp "$1" "$0.seen$n"
[ $n -eq 1 ] && echo "notes: 草稿" >> "$1"
exit 0
)SH");
    fs::permissions(scripts / "ed.sh", fs::perms::owner_all);
    const auto r = run_collab({"new", "meeting", "--title", "周例会", "--edit"}, dir,
                              {{"EDITOR", (scripts / "ed.sh").string()}, {"VISUAL", std::nullopt}});
    CHECK(r.status == 1);
    const std::string first = read(scripts / "ed.sh.seen1"), second = read(scripts / "ed.sh.seen2");
    const bool zh = lang == "zh";
    CHECK_MESSAGE(has(first, zh ? "# collab: 新建 meeting M-" : "# collab: new meeting M-"), first);
    CHECK(has(first, zh ? "：填写各字段，保存并退出；文件未改动或为空则取消。\n" : ": fill in the fields, save and quit;"));
    // The recorder's template (test_e2e_followup.cpp has the whole of it).
    CHECK(has(first, "\nhost:\n"));
    CHECK(has(first, zh ? "# 参会人员：每行一人" : "# Attendees: one a line"));
    CHECK(has(first, zh ? "  # - {name: 姓名, dept: 部门}\n" : "  # - {name: NAME, dept: DEPT}\n"));
    CHECK(has(first, zh ? "  # - action: 要做的事，具体且可验证\n" : "  # - action: what to do, specific and verifiable\n"));
    CHECK(has(first, zh ? "  #   owner: 一个人\n" : "  #   owner: one person\n"));
    CHECK_MESSAGE(has(second, zh ? "# collab: 请修正这些错误，然后保存并退出；不作修改再次保存则放弃。\n# collab: 第 "
                                 : "# collab: fix these errors, then save and quit; save it unchanged again to give up.\n"
                                   "# collab: line "),
                  second);
    CHECK_FALSE(has(second, zh ? "（行号从这些注释之后的第一行算起）" : "(line numbers count from")); // they count as shown
    CHECK_MESSAGE(has(r.err, zh ? "collab: 错误: 记录仍然无效；你的草稿保存在 " : "collab: error: the record is still invalid; "),
                  r.err);
  }
}

TEST_CASE("i18n: syntax and encoding errors of a record file follow the repo's lang")
{
  for (const std::string lang : {"zh", "en"}) {
    CAPTURE(lang);
    TempDir tmp;
    const fs::path dir = repo_with(tmp, "lang: " + lang + "\n");
    const bool zh = lang == "zh";
    // A tab in the indentation, an unclosed quote, and a file saved as GBK ("上线" in GBK).
    write(tmp / "tasks/T-2024-002.yaml", "id: T-2024-002\nkind: task\ntitle: 检查\nnotes:\n\t- 第一条\n");
    write(tmp / "tasks/T-2024-003.yaml", "id: T-2024-003\nkind: task\ntitle: \"没有结尾的引号\n");
    write(tmp / "tasks/T-2024-004.yaml", "id: T-2024-004\nkind: task\ntitle: \xC9\xCF\xCF\xDF\n");
    auto r = run_collab({"lint"}, dir);
    CHECK(r.status == 1);
    CHECK_MESSAGE(has(r.out, zh ? "T-2024-002.yaml:5:1: 错误: 缩进中有制表符；YAML 只能用空格缩进，请把制表符换成空格 [syntax]"
                                : "T-2024-002.yaml:5:1: error: tab in indentation; YAML indents with spaces only, "
                                  "replace the tab with spaces [syntax]"),
                  r.out);
    CHECK_MESSAGE(has(r.out, zh ? "T-2024-003.yaml:3:8: 错误: YAML 无效：这个双引号字符串缺少结尾的 \"；请补上 [syntax]"
                                : "T-2024-003.yaml:3:8: error: invalid YAML: this double-quoted string has no closing "
                                  "\"; add it [syntax]"),
                  r.out);
    CHECK_MESSAGE(has(r.out, zh ? "T-2024-004.yaml:3:8: 错误: 无效的 UTF-8 字节 0xC9；请把文件保存为 UTF-8（例如 `iconv -f GBK -t "
                                  "UTF-8`） [encoding]"
                                : "T-2024-004.yaml:3:8: error: invalid UTF-8 byte 0xC9; save the file as UTF-8 (e.g. "
                                  "`iconv -f GBK -t UTF-8`) [encoding]"),
                  r.out);
    // A path lint cannot read.
    r = run_collab({"lint", "nowhere.yaml"}, dir);
    CHECK_MESSAGE(has(r.err, zh ? "nowhere.yaml：没有这个文件或目录" : "nowhere.yaml: no such file or directory"), r.err);
  }
}

TEST_CASE("i18n: the system's reason for a failure is readable under lang: zh (no '?' for each character)")
{
  // strerror's text comes from glibc's catalogue; without its codeset set to UTF-8 the "C"
  // character set printed "没有那个文件或目录" as "?????????". With libc-l10n missing it is English.
  TempDir tmp;
  const fs::path dir = repo_with(tmp, "lang: zh\n");
  const auto r = run_collab({"export", "ics", "-o", "/nonexistent-dir/x.ics"}, dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "/nonexistent"), r.err);
  CHECK_MESSAGE(!has(r.err, "??"), r.err);
  if (fs::exists("/usr/share/locale/zh_CN/LC_MESSAGES/libc.mo"))
    CHECK_MESSAGE(has(r.err, "没有那个文件或目录"), r.err);
}
