// End-to-end: lint in CI — the GitHub step summary, and PATHs given from the repository's top
// as pre-commit gives them.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

const char* k_task = R"(id: T-2024-001
kind: task
title: 周报
owner: 赵六
deadline: 2024-05-12
deliverable: 周报链接
status: todo
)";

/// A records root in tmp/records with one clean task and, when `bad`, a meeting with `bad` findings
/// (dates written as 2024/05/10, each an error).
fs::path make_root(const TempDir& tmp, size_t bad = 1)
{
  const fs::path root = tmp / "records";
  write(root / ".collab.yaml", "");
  write(root / "tasks/T-2024-001.yaml", k_task);
  for (size_t i = 1; i <= bad; ++i)
    write(root / fmt::format("meetings/M-2024-{:03}.yaml", i),
          fmt::format("id: M-2024-{:03}\nkind: meeting\ntitle: 周会\ndate: 2024/05/10\nhost: 赵六\n"
                      "recorder: 孙七\nattendees: [赵六, 孙七]\n",
                      i));
  return root;
}

RunResult lint_ci(const std::vector<std::string>& args, const fs::path& cwd, std::optional<std::string> summary,
                  std::optional<std::string> actions = "true")
{
  return run_collab(args, cwd, {{"COLLAB_TODAY", "2024-01-01"}, {"GITHUB_ACTIONS", actions}, {"GITHUB_STEP_SUMMARY", summary}});
}

} // namespace

TEST_CASE("lint under GitHub Actions appends a Markdown summary to GITHUB_STEP_SUMMARY, in any format")
{
  TempDir tmp;
  const fs::path root = make_root(tmp);
  const fs::path summary = tmp / "summary.md";
  write(summary, "# an earlier step\n");
  auto r = lint_ci({"lint"}, root, summary.string());
  CHECK(r.status == 1);
  const std::string md = read(summary);
  CHECK(md.starts_with("# an earlier step\n### collab lint\n\n1 error, 0 warnings in 2 records\n"));
  CHECK(md.find("| meetings/M-2024-001.yaml | 4 | error | `bad-date` |") != std::string::npos);
  CHECK(md.find("GitHub shows only") == std::string::npos);
  // A second step appends after the first.
  r = lint_ci({"lint", "--format", "json"}, root, summary.string());
  CHECK(r.status == 1);
  const std::string twice = read(summary);
  CHECK(twice.starts_with(md));
  CHECK(twice.size() == md.size() + (md.size() - std::string("# an earlier step\n").size()));
  // Outside GitHub Actions nothing is written.
  for (auto actions : {std::optional<std::string>{}, std::optional<std::string>{"false"}}) {
    lint_ci({"lint"}, root, summary.string(), actions);
    CHECK(read(summary) == twice);
  }
  // Without GITHUB_STEP_SUMMARY there is nowhere to write: lint works as always.
  r = lint_ci({"lint"}, root, std::nullopt);
  CHECK(r.status == 1);
  CHECK(r.err == "1 error, 0 warnings in 2 records\n");
}

TEST_CASE("lint: a GITHUB_STEP_SUMMARY that cannot be written is a warning, the exit status stays the findings'")
{
  TempDir tmp;
  const fs::path root = make_root(tmp, 0);
  const std::string nowhere = (tmp / "no/such/dir/summary.md").string();
  auto r = lint_ci({"lint"}, root, nowhere);
  CHECK(r.status == 0);
  CHECK(r.err.find(fmt::format("collab: warning: cannot append the lint summary to {} (GITHUB_STEP_SUMMARY): ", nowhere)) !=
        std::string::npos);
  write(root / "meetings/M-2024-009.yaml", "id: M-2024-009\nkind: meeting\n");
  r = lint_ci({"lint", "--format", "github"}, root, nowhere);
  CHECK(r.status == 1);
  CHECK(r.out.starts_with("::error file="));
}

TEST_CASE("lint --format github under GitHub Actions: the summary says when GitHub hides annotations")
{
  TempDir tmp;
  const fs::path root = make_root(tmp, 11);
  const fs::path summary = tmp / "summary.md";
  auto r = lint_ci({"lint", "--format", "github"}, root, summary.string());
  CHECK(r.status == 1);
  const std::string md = read(summary);
  CHECK(md.find("11 errors, 0 warnings in 12 records") != std::string::npos);
  CHECK(md.find("GitHub shows only 10 error and 10 warning annotations per step; this step produced 11") !=
        std::string::npos);
  // One table row per finding.
  size_t rows = 0;
  for (size_t at = md.find("\n| meetings/"); at != std::string::npos; at = md.find("\n| meetings/", at + 1))
    ++rows;
  CHECK(rows == 11);
  // Text output produces no annotations: no such note.
  fs::remove(summary);
  lint_ci({"lint"}, root, summary.string());
  CHECK(read(summary).find("GitHub shows only") == std::string::npos);
}

TEST_CASE("lint PATH from the repository's top finds the records root below it, as pre-commit runs it")
{
  TempDir tmp;
  git_init(tmp.path());
  make_root(tmp);
  auto r = run_collab({"lint", "records/meetings/M-2024-001.yaml", "records/tasks/T-2024-001.yaml"}, tmp.path(),
                      {{"COLLAB_TODAY", "2024-01-01"}});
  CHECK(r.status == 1);
  CHECK(r.out.starts_with("records/meetings/M-2024-001.yaml:4:7: error: "));
  CHECK(r.err == "1 error, 0 warnings in 2 records\n");
  r = run_collab({"lint", "records/tasks"}, tmp.path());
  CHECK(r.status == 0);
  // PATHs in two roots: lint one root at a time.
  write(tmp / "other/.collab.yaml", "");
  write(tmp / "other/tasks/T-2024-001.yaml", k_task);
  r = run_collab({"lint", "records/tasks/T-2024-001.yaml", "other/tasks/T-2024-001.yaml"}, tmp.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("records/tasks/T-2024-001.yaml and other/tasks/T-2024-001.yaml are in different records roots") !=
        std::string::npos);
  // A PATH in no root, from a folder in no root: the usual error.
  write(tmp / "loose/x.yaml", "a: 1\n");
  r = run_collab({"lint", "loose/x.yaml"}, tmp.path());
  CHECK(r.status == 2);
  CHECK(r.err.find("not a collab records root") != std::string::npos);
}
