// End-to-end: with `lang: zh` everything a person reads is Chinese, with `lang: en` English
// (issue 10, point 12). Every example of a broken record is linted, and the views, `show` of
// each kind, a refused write, usage errors and the help run, in a repo of each language.
#include "process.h"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

using namespace test;

namespace {

const fs::path k_examples = fs::path(COLLAB_SOURCE_DIR) / "examples";

/// Words that may stand in a Chinese text: the program, its commands, kinds, statuses and
/// the placeholders of the help (they are what a person types, not sentences).
const std::set<std::string> k_tokens = {
  "collab", "init",    "lint",    "new",     "set",      "done",    "delay",    "rm",       "edit",
  "commit", "log",     "diff",    "list",    "overdue",  "due",     "show",     "meeting",  "task",
  "issue",  "request", "action",  "subtask", "solution", "todo",    "doing",    "delayed",  "cancelled",
  "KIND",   "TEXT",    "DIR",     "DATE",    "REF",      "ID",      "PATH",     "KEY",      "VALUE",
  // issue 13 (figures)
  "report", "stats", "stale", "site", "dept", "owner", "YYYY-MM", "stale_after",
  "remind", "export",  "ics",     "FILE",    "FORMAT",   "DURATION", "NAME",     "DEPT",
};

/// The word a command-line token is, without the punctuation around it ("" when it is not a
/// plain ASCII word).
std::string plain_word(std::string token)
{
  while (!token.empty() && std::string("(\"'").find(token.front()) != std::string::npos)
    token.erase(0, 1);
  while (!token.empty() && std::string(",.;:)!?\"'").find(token.back()) != std::string::npos)
    token.pop_back();
  if (token.empty())
    return "";
  for (char c : token)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      return "";
  return token;
}

/// The words of text outside backticks that are English and not one of k_tokens.
size_t english_words(const std::string& text)
{
  std::string kept;
  bool code = false;
  for (char c : text) {
    if (c == '`')
      code = !code;
    else if (!code)
      kept += c;
  }
  std::istringstream tokens(kept);
  std::string token;
  size_t n = 0;
  while (tokens >> token)
    if (const std::string w = plain_word(token); w.size() > 1 && !k_tokens.count(w))
      ++n;
  return n;
}

/// The runs of three or more English words in text: what a Chinese text must not hold. Code
/// in backticks, rule ids in brackets and the record's own lines (lint's excerpt) are not ours.
std::vector<std::string> english_runs(const std::string& text)
{
  std::vector<std::string> runs;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t bar = line.find(" | ");
    if (bar != std::string::npos && line.find_first_not_of(" 0123456789") == bar + 1)
      continue; // "   12 | owner: 张三", "      |   ^"
    std::string kept;
    bool code = false;
    for (char c : line) {
      if (c == '`')
        code = !code;
      else if (!code)
        kept += c;
    }
    if (const size_t rule = kept.rfind(" ["); rule != std::string::npos && kept.ends_with("]"))
      kept.erase(rule);
    std::istringstream tokens(kept);
    std::string token, run;
    int words = 0;
    const auto end_run = [&] {
      if (words >= 3)
        runs.push_back(run + "    <- " + line);
      run.clear();
      words = 0;
    };
    while (tokens >> token) {
      const std::string w = plain_word(token);
      if (w.empty() || k_tokens.count(w)) {
        end_run();
        continue;
      }
      run += (words ? " " : "") + w;
      ++words;
      if (token.ends_with(","))
        end_run(); // a list of values ("deadline, ref, owner"), not a sentence
    }
    end_run();
  }
  return runs;
}

/// A copy of examples/ (its records, or examples/bad with `bad`) speaking `lang`, committed.
fs::path example_repo(const TempDir& tmp, const std::string& lang, bool bad)
{
  const fs::path from = bad ? k_examples / "bad" : k_examples;
  const fs::path dir = tmp / "repo";
  git_init(dir);
  for (const auto& e : fs::directory_iterator(from))
    if (e.path().filename() != "bad")
      fs::copy(e.path(), dir / e.path().filename(),
               fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  std::istringstream config(read(from / ".collab.yaml"));
  std::string text, line;
  while (std::getline(config, line))
    if (!line.starts_with("lang:"))
      text += line + "\n";
  write(dir / ".collab.yaml", text + "lang: " + lang + "\n");
  git("add -A", dir);
  git("commit -qm records", dir);
  return dir;
}

const std::map<std::string, std::optional<std::string>> k_env = {{"COLLAB_TODAY", "2024-05-20"},
                                                                   {"EDITOR", "false"},
                                                                   {"VISUAL", std::nullopt}};

/// What a person reads of each run: the arguments, then stdout and stderr.
std::vector<std::pair<std::string, std::string>> outputs(const fs::path& dir,
                                                         const std::vector<std::vector<std::string>>& runs)
{
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& args : runs) {
    std::string shown;
    for (const auto& a : args)
      shown += a + " ";
    const RunResult r = run_collab(args, dir, k_env);
    out.emplace_back(shown, r.out + r.err);
  }
  return out;
}

/// lint of each broken example, one file at a time, and of them all in each text format.
std::vector<std::vector<std::string>> lint_runs(const fs::path& dir)
{
  std::vector<std::vector<std::string>> runs = {{"lint"}, {"lint", "--format", "junit"}};
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".yaml" && e.path().filename() != ".collab.yaml" &&
        e.path().string().find("/.git/") == std::string::npos)
      runs.push_back({"lint", fs::relative(e.path(), dir).string()});
  return runs;
}

/// The views, `show` of each kind and item kind, a refused write and usage errors.
const std::vector<std::vector<std::string>> k_command_runs = {
  {"list"},
  {"list", "--all", "--format", "table", "--width", "120"},
  {"list", "--format", "md"},
  {"list", "--format", "csv"},
  {"overdue", "--as-of", "2024-06-30", "--format", "table"},
  {"overdue", "--as-of", "2024-06-30", "--group-by", "owner"},
  {"due", "--within", "30d", "--format", "table"},
  {"show", "M-2024-007"},
  {"show", "M-2024-007#2"},
  {"show", "2024-市场-001"},
  {"show", "2024-市场-001#1"},
  {"show", "I-2024-003"},
  {"show", "I-2024-003#1"},
  {"show", "R-2024-002"},
  {"show", "R-2024-004"},
  {"show", "M-2099-001"},
  {"set", "M-2024-007#4", "owner=行政部"},
  {"set", "M-2024-007#4", "deadlne=2024-06-10"},
  {"set", "M-2024-007#4", "deadline=2024-06-10"},
  {"delay", "M-2024-007#4", "--to", "2024-01-01", "--reason", "供应商延迟"},
  {"new", "task", "--title", "价格表"},
  {"list", "--status", "逾期"},
  {"list", "--sort", "owners"},
  {"list", "--bogus"},
  {"list", "extra", "words"},
  {"list", "--owner"},
  {"list", "--width", "3"},
  {"list", "--color", "pink"},
  {"list", "--kind", "memo"},
  {"delay", "M-2024-007#1", "--to", "2099-12-01", "--reason", "供应商延迟"},
  {"new"},
  {"new", "meting"},
  {"lisst"},
  {"--help"},
  {"new", "--help"},
  {"lint", "--help"},
  {"list", "--help"},
  {"show", "--help"},
  // issue 12: the documents, the confirmation step and the mail
  {"show", "M-2024-007", "--format", "md"},
  {"show", "M-2024-007", "--format", "text"},
  {"show", "2024-市场-001", "--format", "md"},
  {"show", "I-2024-003", "--format", "text"},
  {"show", "R-2024-002", "--format", "md"},
  {"unconfirmed", "--as-of", "2024-06-30", "--format", "table"},
  {"unconfirmed", "--as-of", "2024-06-30", "--format", "md"},
  {"confirm", "M-2024-007", "--as", "路人"},
  {"confirm", "--help"},
  {"unconfirmed", "--help"},
  {"mail", "--help"},
  {"mail", "M-2024-007", "-o", "/dev/null"},
  // issue 13 (figures): report, stats, stale
  {"report", "--as-of", "2024-05-29", "--width", "120"},
  {"report", "--as-of", "2024-06-04", "--week", "2024-05-14", "--by", "owner", "--format", "md"},
  {"report", "--week", "someday"},
  {"stats", "--month", "2024-05", "--as-of", "2024-06-05", "--width", "120"},
  {"stats", "--month", "2024-03", "--as-of", "2024-06-05", "--format", "md"},
  {"stats", "--month", "May"},
  {"stale", "--as-of", "2024-09-01", "--format", "table", "--width", "160"},
  {"report", "--help"},
  {"stats", "--help"},
  {"stale", "--help"},
  // issue 13: the site (its summary line, a folder refused, the help)
  {"site", "_site"},
  {"site", "_site"},
  {"site", "meetings"},
  {"site", "--help"},
  // issue 13, chase: remind and export ics
  {"remind", "--as-of", "2024-06-01"},
  {"remind", "--as-of", "2024-06-01", "--eml", "outbox", "--owner", "赵六"},
  {"remind", "--within", "soon"},
  {"remind", "--help"},
  {"export", "ics", "--as-of", "2024-06-01"},
  {"export", "csv"},
  {"export", "--help"},
};

} // namespace

TEST_CASE("i18n: english_runs finds English sentences, not commands, code or record lines")
{
  CHECK(english_runs("collab: 错误: 找不到记录 `M-1`（已在 /tmp 下查找）").empty());
  CHECK(english_runs("  collab new task --title x").empty());
  CHECK(english_runs("   12 | title: the quick brown fox").empty());
  CHECK(english_runs("a.yaml:1:1: 错误: `the quick brown fox` [not-a-record]").empty());
  CHECK(english_runs("collab: 错误: The following argument was not expected: x").size() == 1);
  CHECK(english_runs("x: 错误: status `done` without `evidence`; add `evidence:` (a test report)").size() == 1);
  CHECK(english_runs("请使用 deadline, ref, owner, dept, status 或 late").empty());
  CHECK(english_words("no `kind`; add `kind: meeting` (or task, issue, request) [not-a-record]") == 3); // no, add, or
}

TEST_CASE("i18n: with lang: zh, lint of every broken example and every command speak Chinese")
{
  TempDir bad_tmp, good_tmp;
  const fs::path bad = example_repo(bad_tmp, "zh", true);
  size_t findings = 0;
  for (const auto& [args, text] : outputs(bad, lint_runs(bad))) {
    CAPTURE(args);
    CAPTURE(text);
    CHECK(english_runs(text).empty());
    for (const auto& run : english_runs(text))
      MESSAGE(run);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
      if (line.find(".yaml:") != std::string::npos && line.ends_with("]") && !line.starts_with("  ")) {
        CHECK_MESSAGE((line.find(": 错误: ") != std::string::npos || line.find(": 警告: ") != std::string::npos), line);
        ++findings;
      }
  }
  CHECK(findings > 70); // every example twice at least (alone and in the whole root)
  const fs::path good = example_repo(good_tmp, "zh", false);
  for (const auto& [args, text] : outputs(good, k_command_runs)) {
    CAPTURE(args);
    CAPTURE(text);
    CHECK_FALSE(text.empty());
    for (const auto& run : english_runs(text))
      FAIL_CHECK(run);
  }
  // The help, CLI11's own errors and the views in a zh repo, even from an English environment.
  const auto said = [&](std::vector<std::string> args) {
    const RunResult r = run_collab(args, good, {{"LANG", "C.UTF-8"}, {"LANGUAGE", "en"}, {"COLLAB_TODAY", "2024-05-20"}});
    return r.out + r.err;
  };
  CHECK_MESSAGE(said({"--help"}).find("用法: collab [选项] 子命令") != std::string::npos, said({"--help"}));
  CHECK(said({"list", "--bogus"}).find("collab: 错误: 多余的参数 --bogus") != std::string::npos);
  CHECK(said({"list", "extra", "words"}).find("多余的参数 extra words") != std::string::npos);
  // JUnit's failure text is what a CI page shows people: severities and counts in Chinese too.
  const std::string junit = run_collab({"lint", "--format", "junit"}, bad, {{"COLLAB_TODAY", "2024-05-20"}}).out;
  CHECK(junit.find(": 错误: ") != std::string::npos);
  CHECK(junit.find(": 警告: ") != std::string::npos);
  CHECK(junit.find("条问题: ") != std::string::npos);
  CHECK(junit.find(": warning: ") == std::string::npos);
  CHECK(junit.find(": error: ") == std::string::npos);
  CHECK(junit.find(" findings: ") == std::string::npos);
  CHECK(said({"new"}).find("缺少必填参数 KIND") != std::string::npos);
  CHECK(said({"list", "--width", "3"}).find("--width：`3` 不是 10 到 10000 之间的整数") != std::string::npos);
  CHECK(said({"lisst"}).find("未知的命令 `lisst`") != std::string::npos);
  CHECK(said({"show", "R-2024-002"}).find("  需求方       ") != std::string::npos);
  CHECK(said({"show", "2024-市场-001"}).find("  负责人       赵六") != std::string::npos);
  CHECK(said({"list", "--format", "table"}).find("编号") != std::string::npos);
  CHECK(said({"list", "--kind", "memo"}).find("--kind `memo`：请用 action") != std::string::npos);
  // A closed item's status as the record writes it, not the English canonical name.
  CHECK_MESSAGE(said({"delay", "2024-研发-001#1", "--to", "2099-12-01", "--reason", "x"}).find("已是 已完成 状态") !=
                  std::string::npos,
                said({"delay", "2024-研发-001#1", "--to", "2099-12-01", "--reason", "x"}));
  // From outside any records root, -C names the root whose language is spoken.
  TempDir elsewhere;
  const RunResult r = run_collab({"-C", good.string(), "list", "--bogus"}, elsewhere.path(), {{"LANGUAGE", "en"}});
  CHECK_MESSAGE(r.err.find("多余的参数 --bogus") != std::string::npos, r.err);
}

TEST_CASE("i18n: with lang: en, the same runs speak English")
{
  TempDir bad_tmp, good_tmp;
  const fs::path bad = example_repo(bad_tmp, "en", true);
  size_t findings = 0;
  for (const auto& [args, text] : outputs(bad, lint_runs(bad))) {
    CAPTURE(args);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
      if (line.find(".yaml:") != std::string::npos && line.ends_with("]") && !line.starts_with("  ")) {
        const bool english = line.find(": error: ") != std::string::npos || line.find(": warning: ") != std::string::npos;
        const std::string message = line.substr(line.find(": ", line.find(".yaml:")) + 2);
        CHECK_MESSAGE((english && english_words(message.substr(message.find(": ") + 2)) > 0), line);
        ++findings;
      }
  }
  CHECK(findings > 70);
  const fs::path good = example_repo(good_tmp, "en", false);
  const auto said = [&](std::vector<std::string> args) {
    const RunResult r = run_collab(args, good, {{"LANG", "zh_CN.UTF-8"}, {"COLLAB_TODAY", "2024-05-20"}});
    return r.out + r.err;
  };
  CHECK(said({"--help"}).find("Usage: collab [OPTIONS] SUBCOMMAND") != std::string::npos);
  CHECK(said({"list", "--bogus"}).find("collab: error: unexpected argument --bogus") != std::string::npos);
  CHECK(said({"new"}).find("KIND is required") != std::string::npos);
  CHECK(said({"list", "--width", "3"}).find("--width: `3` is not a whole number from 10 to 10000") != std::string::npos);
  CHECK(said({"show", "R-2024-002"}).find("  From         ") != std::string::npos);
  CHECK(said({"show", "M-2024-007"}).find("  Host         赵六") != std::string::npos);
  CHECK(said({"list", "--format", "table"}).find("REF") != std::string::npos);
  CHECK(said({"set", "M-2024-007#4", "owner=行政部"}).find("reads as a department") != std::string::npos);
}
