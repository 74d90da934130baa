// End-to-end: the guides' rules (DOMAIN.md, "The rules the guides set") hold on every path,
// in lint and in the write commands alike (issue 10).
#include "process.h"

#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <set>

using namespace test;

namespace {

/// collab as of 2024-05-11 (the day after the meetings here): unconfirmed-minutes, which counts from
/// today, has tests of its own (test_e2e_confirm.cpp) and stays out of these findings.
RunResult lint_run(const std::vector<std::string>& args, const fs::path& cwd,
                   std::map<std::string, std::optional<std::string>> env = {})
{
  env.emplace("COLLAB_TODAY", "2024-05-11");
  return run_collab(args, cwd, env);
}

const char* k_config = R"(people:
  王和平: {dept: 行政部}
  钱九: {dept: 行政部}
  赵六: {dept: 市场部}
  孙七: {dept: 技术部}
  欧阳娜娜: {dept: 技术部, aliases: [欧阳 娜娜]}
departments: [行政部, 市场部, 技术部]
)";

/// A meeting whose one action's owner line is `owner_line`, with `extra` lines appended.
std::string meeting(const std::string& owner_line, const std::string& extra = "")
{
  return R"(id: M-2024-001
kind: meeting
title: 周会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, 王和平]
actions:
  - action: 提交设计稿
)" + owner_line + R"(
    deadline: 2024-05-12
    deliverable: 设计稿链接
)" + extra;
}

struct Finding {
  std::string rule;
  std::string severity;
  std::string message;
};

/// The findings of `collab lint --format json` on the root, as "rule line:col", and each one's details.
std::map<std::string, Finding> lint_findings(const fs::path& root)
{
  const auto r = lint_run({"lint", "--format", "json"}, root);
  REQUIRE_MESSAGE((r.status == 0 || r.status == 1), r.err);
  collab::yaml::SourceFile src("out.json", r.out);
  auto parsed = collab::yaml::parse_yaml(src);
  REQUIRE(!parsed.error);
  std::map<std::string, Finding> out;
  for (const auto* f : parsed.doc->root()->items)
    out[fmt::format("{} {}:{}", f->text_of("rule"), f->text_of("line"), f->text_of("column"))] =
      Finding{std::string(f->text_of("rule")), std::string(f->text_of("severity")),
              std::string(f->text_of("message"))};
  return out;
}

std::set<std::string> keys(const std::map<std::string, Finding>& m)
{
  std::set<std::string> out;
  for (const auto& [k, v] : m)
    out.insert(k);
  return out;
}

/// A records root in a fresh git repository with the people registry above.
fs::path root_with(const TempDir& tmp, const std::string& record)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", k_config);
  write(tmp / "meetings/M-2024-001.yaml", record);
  return tmp.path();
}

using S = std::set<std::string>;

} // namespace

TEST_CASE("guides: a registered name with 和 is one owner, in lint and in new")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner: 王和平"));
  CHECK(keys(lint_findings(dir)) == S{});

  // An alias is never split either.
  write(tmp / "meetings/M-2024-001.yaml", meeting("    owner: 欧阳 娜娜"));
  CHECK(keys(lint_findings(dir)) == S{});

  const auto r = lint_run({"--as-of", "2024-06-01", "new", "task", "--title", "行政采购", "--owner", "王和平",
                             "--deadline", "2024-06-10", "--deliverable", "采购单"},
                            dir);
  CHECK_MESSAGE(r.status == 0, r.err);
}

TEST_CASE("guides: two names joined by a space, 及, 与 or & are multiple owners")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner: 赵六"));
  for (const char* owners : {"赵六 孙七", "赵六及孙七", "赵六与孙七", "赵六 & 孙七", "赵六和孙七", "赵六、孙七"}) {
    CAPTURE(owners);
    write(tmp / "meetings/M-2024-001.yaml", meeting(std::string("    owner: ") + owners));
    const auto found = lint_findings(dir);
    CHECK(keys(found) == S{"multiple-owners 10:12"});
    if (found.count("multiple-owners 10:12"))
      CHECK(found.at("multiple-owners 10:12").message.find("(赵六, 孙七)") != std::string::npos);
  }
}

TEST_CASE("guides: a department as owner is an error that names the department's people")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner: 行政部"));
  auto found = lint_findings(dir);
  REQUIRE(keys(found) == S{"department-owner 10:12"});
  const Finding& f = found.at("department-owner 10:12");
  CHECK(f.severity == "error");
  CHECK(f.message.find("add them to `people`") == std::string::npos);
  CHECK(f.message.find("王和平") != std::string::npos);
  CHECK(f.message.find("钱九") != std::string::npos);
  CHECK(lint_run({"lint"}, dir).status == 1);

  // Not listed in `departments`, not a registered person, and named like a department.
  write(tmp / "meetings/M-2024-001.yaml", meeting("    owner: 采购中心"));
  found = lint_findings(dir);
  REQUIRE(keys(found) == S{"department-owner 10:12"});
  CHECK(found.at("department-owner 10:12").message.find("中心") != std::string::npos);

  // The write commands refuse it too.
  const auto r = lint_run({"--as-of", "2024-06-01", "new", "task", "--title", "行政采购", "--owner", "行政部",
                             "--deadline", "2024-06-10", "--deliverable", "采购单"},
                            dir);
  CHECK(r.status == 1);
  CHECK(r.err.find("[department-owner]") != std::string::npos);
}

TEST_CASE("guides: a full-width colon after a key is reported at its own line and column")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner：赵六"));
  auto found = lint_findings(dir);
  REQUIRE(keys(found) == S{"fullwidth-syntax 10:10"});
  const Finding& f = found.at("fullwidth-syntax 10:10");
  CHECK(f.severity == "error");
  CHECK(f.message.find("U+FF1A") != std::string::npos);
  CHECK(f.message.find("use an ASCII colon `:` followed by a space") != std::string::npos);

  // The text output quotes that line, with the caret under the colon.
  const auto text = lint_run({"lint"}, dir);
  CHECK(text.out.find("meetings/M-2024-001.yaml:10:10: error: ") != std::string::npos);
  CHECK(text.out.find("   10 |     owner：赵六\n      |          ^\n") != std::string::npos);

  // Inside a value a full-width colon is text, and so in a list entry that starts with a word.
  write(tmp / "meetings/M-2024-001.yaml",
        meeting("    owner: 赵六", "notes: 会议：总结\ngoals:\n  - KPI：完成率95%\n  - 目标：统一口径\n"));
  CHECK(keys(lint_findings(dir)) == S{});
}

TEST_CASE("guides: indentation with an ideographic space is reported at its own line")
{
  TempDir tmp;
  // The parser reported the line after it ("illegal map value" at the deliverable).
  const fs::path dir = root_with(tmp, meeting("\u3000\u3000owner: 赵六"));
  auto found = lint_findings(dir);
  REQUIRE(keys(found) == S{"fullwidth-syntax 10:1"});
  CHECK(found.at("fullwidth-syntax 10:1").message.find("U+3000") != std::string::npos);
  CHECK(found.at("fullwidth-syntax 10:1").message.find("indent with ASCII spaces") != std::string::npos);

  // Mixed with ASCII spaces, at the first ideographic space.
  write(tmp / "meetings/M-2024-001.yaml", meeting("  \u3000owner: 赵六"));
  CHECK(keys(lint_findings(dir)) == S{"fullwidth-syntax 10:3"});

  // A paragraph indent inside block text is text.
  write(tmp / "meetings/M-2024-001.yaml", meeting("    owner: 赵六", "notes: |\n  \u3000\u3000会后24小时内发布\n"));
  CHECK(keys(lint_findings(dir)) == S{});
}

TEST_CASE("guides: an action is not due before its meeting, nor the next meeting before it")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner: 赵六", "next_meeting: \"2024-05-17 14:00\"\n"));
  CHECK(keys(lint_findings(dir)) == S{});

  std::string early = meeting("    owner: 赵六", "next_meeting: \"2024-05-03 14:00\"\n");
  early.replace(early.find("2024-05-12"), 10, "2024-05-08");
  write(tmp / "meetings/M-2024-001.yaml", early);
  const auto found = lint_findings(dir);
  CHECK(keys(found) == S{"date-order 11:15", "date-order 13:15"});
  if (found.count("date-order 11:15"))
    CHECK(found.at("date-order 11:15").message.find("before the meeting's `date: 2024-05-10`") != std::string::npos);
  CHECK(lint_run({"lint"}, dir).status == 1);
}

TEST_CASE("guides: only attendees confirm the minutes")
{
  TempDir tmp;
  const fs::path dir =
    root_with(tmp, meeting("    owner: 赵六", "confirmed:\n  - {name: 赵六, date: 2024-05-10}\n  - {name: 王和平, date: 2024-05-11}\n"));
  CHECK(keys(lint_findings(dir)) == S{});

  write(tmp / "meetings/M-2024-001.yaml",
        meeting("    owner: 赵六", "confirmed:\n  - {name: 赵六, date: 2024-05-10}\n  - {name: 钱九, date: 2024-05-11}\n"));
  const auto found = lint_findings(dir);
  REQUIRE(keys(found) == S{"non-attendee-confirmation 15:12"});
  CHECK(found.at("non-attendee-confirmation 15:12").severity == "error");
  CHECK(found.at("non-attendee-confirmation 15:12").message.find("`钱九`") != std::string::npos);
}

TEST_CASE("guides: minutes written up more than a day after the meeting are late (a warning)")
{
  TempDir tmp;
  const fs::path dir = root_with(tmp, meeting("    owner: 赵六", "created: 2024-05-11\n"));
  CHECK(keys(lint_findings(dir)) == S{});

  write(tmp / "meetings/M-2024-001.yaml", meeting("    owner: 赵六", "created: 2024-05-14\n"));
  const auto found = lint_findings(dir);
  REQUIRE(keys(found) == S{"minutes-late 13:10"});
  CHECK(found.at("minutes-late 13:10").severity == "warning");
  CHECK(found.at("minutes-late 13:10").message.find("4 days after the meeting") != std::string::npos);
  CHECK(lint_run({"lint"}, dir).status == 0);
}
