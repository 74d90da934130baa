// End-to-end: every command reads a record the same way, and every command accepts only
// its own --format and choices.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

std::string task(const std::string& id, const std::string& title_line)
{
  return fmt::format("id: {}\nkind: task\n{}\nowner: 赵六\ndeadline: 2024-05-01\ndeliverable: 报价单\nstatus: todo\n", id,
                     title_line);
}

/// A repo whose root holds one good overdue task and one whose title is not valid YAML
/// (yaml-cpp accepts `"Ship"#oops`; lint's flow check does not).
fs::path repo_with_bad_record(const TempDir& tmp)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "lang: en\n");
  write(tmp / "tasks/T-2024-001.yaml", task("T-2024-001", "title: Good"));
  write(tmp / "tasks/T-2024-002.yaml", task("T-2024-002", "title: \"Ship\"#oops"));
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult at(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir);
}

} // namespace

TEST_CASE("read path: a record lint rejects gets the same verdict from lint, list, overdue, show and set")
{
  TempDir tmp;
  const fs::path dir = repo_with_bad_record(tmp);
  const std::string before = read(dir / "tasks/T-2024-002.yaml");
  const std::string commits = git("rev-list --count HEAD", dir);

  const RunResult lint = at(dir, {"lint"});
  CHECK(lint.status == 1);
  CHECK(lint.out.find("tasks/T-2024-002.yaml:3:") != std::string::npos);
  CHECK(lint.out.find("[syntax]") != std::string::npos);

  for (const char* view : {"list", "overdue"}) {
    CAPTURE(view);
    const RunResult r = at(dir, {view, "--format", "tsv"});
    CHECK(r.status == 0);
    CHECK(r.out.find("T-2024-001") != std::string::npos);
    CHECK(r.out.find("T-2024-002") == std::string::npos); // never shown as if it were fine
    CHECK(r.err.find("1 record could not be read") != std::string::npos);
  }

  const RunResult show = at(dir, {"show", "T-2024-002"});
  CHECK(show.status == 3);
  CHECK(show.err.find("tasks/T-2024-002.yaml:3:") != std::string::npos); // lint's finding, positioned
  CHECK(show.err.find("[syntax]") != std::string::npos);
  CHECK(show.err.find("cannot be read as a record") != std::string::npos);
  CHECK(at(dir, {"show", "T-2024-001"}).status == 0);

  for (std::vector<std::string> write : {std::vector<std::string>{"set", "T-2024-002", "status=doing"},
                                         {"done", "T-2024-002"},
                                         {"delay", "T-2024-002", "--to", "+3d", "--reason", "late"}}) {
    CAPTURE(write[0]);
    const RunResult r = at(dir, write);
    CHECK(r.status == 3);
    CHECK(r.err.find("[syntax]") != std::string::npos);
  }
  CHECK(read(dir / "tasks/T-2024-002.yaml") == before);
  CHECK(git("rev-list --count HEAD", dir) == commits);
  CHECK(git("status --porcelain", dir).empty());

  // rm still removes a record that cannot be read.
  const RunResult rm = at(dir, {"rm", "T-2024-002"});
  CHECK(rm.status == 0);
  CHECK(!fs::exists(dir / "tasks/T-2024-002.yaml"));
}

TEST_CASE("read path: commit and set refuse a file over the record size cap without loading it")
{
  TempDir tmp;
  const fs::path dir = repo_with_bad_record(tmp);
  std::string big = task("T-2024-001", "title: Good") + "notes: |\n";
  while (big.size() < 1100 * 1024)
    big += "  " + std::string(100, 'x') + "\n";
  write(dir / "tasks/T-2024-001.yaml", big);
  const RunResult commit = at(dir, {"commit", "tasks/T-2024-001.yaml"});
  CHECK(commit.status == 1);
  CHECK(commit.err.find("[not-a-record]") != std::string::npos);
  const RunResult set = at(dir, {"set", "T-2024-001", "status=doing"});
  CHECK(set.status == 3);
  CHECK(set.err.find("at most 1 MiB") != std::string::npos);
  CHECK(git("rev-list --count HEAD", dir) == "1\n");
}

TEST_CASE("cli: each command accepts only its own --format, and choices are checked before running")
{
  TempDir tmp;
  const fs::path dir = repo_with_bad_record(tmp);
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
         {{"diff", "T-2024-001", "--format", "json"}, "no format `json` for diff; use text"},
         {{"show", "T-2024-001", "--format", "tsv"}, "no format `tsv` for show; use text, json, md, html"},
         {{"list", "--format", "sarif"}, "no format `sarif` for list; use table, tsv, json, csv, csv-plain, md"},
         {{"lint", "--format", "table"}, "no format `table` for lint"},
         {{"lint", "--format", "yaml"}, "unknown format `yaml` for lint"},
         {{"init", "--format", "json"}, "`init` takes no --format"},
         {{"done", "T-2024-001", "--format", "json"}, "`done` takes no --format"},
         {{"new", "task", "--title", "x", "--format", "json"}, "`new` takes no --format"},
         {{"list", "--sort", "size"}, "--sort `size`: use deadline, ref, owner, dept, status or late"},
         {{"overdue", "--group-by", "kind"}, "--group-by `kind`: use owner, dept or record"},
         {{"list", "--status", "finished"}, "--status `finished` is not a status"},
         {{"due", "--within", "soon"}, "--within `soon` is not a duration"},
       }) {
    CAPTURE(c.args[0]);
    const RunResult r = at(dir, c.args);
    CHECK(r.status == 2);
    CHECK_MESSAGE(r.err.find(c.message) != std::string::npos, r.err);
  }
  // Nothing was written by any of them.
  CHECK(git("rev-list --count HEAD", dir) == "1\n");
  // The accepted ones work, global options may come before or after the command.
  CHECK(at(dir, {"log", "T-2024-001", "--format", "json"}).status == 0);
  CHECK(at(dir, {"--format", "json", "show", "T-2024-001"}).status == 0);
  CHECK(run_collab({"-C", dir.string(), "--format", "md", "list"}, "/").status == 0);
}
