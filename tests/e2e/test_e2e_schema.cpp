// End-to-end: `collab schema`, the schema files `init` writes under .collab/schema, and the
// `# yaml-language-server: $schema=` line `new` puts first in a record (issue 15, point 1).
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {


const std::string k_task_line = "# yaml-language-server: $schema=../.collab/schema/task.json\n";

RunResult collab(const fs::path& dir, std::vector<std::string> args,
                 std::map<std::string, std::optional<std::string>> env = {})
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  env.emplace("VISUAL", std::nullopt);
  return run_collab(args, dir, env);
}

/// A root made by `collab init` (with its schema files).
fs::path init_root(const TempDir& tmp)
{
  REQUIRE(run_collab({"init", "records"}, tmp.path()).status == 0);
  return tmp / "records";
}

std::vector<std::string> new_task() { return {"new", "task", "--title", "上线检查", "--owner", "赵六", "--deadline", "2024-06-30", "--deliverable", "检查报告"}; }

} // namespace

TEST_CASE("schema: prints one kind's schema or the combined one, anywhere")
{
  TempDir tmp; // no records root: the defaults
  auto r = run_collab({"schema", "meeting"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(r.out.starts_with("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
  CHECK(has(r.out, "\"const\": \"meeting\""));
  CHECK(has(r.out, "\"required\": [\"id\", \"kind\", \"title\", \"date\", \"host\", \"recorder\", \"attendees\"]"));
  r = run_collab({"schema"}, tmp.path());
  CHECK(r.status == 0);
  for (const char* k : {"meeting", "task", "issue", "request"})
    CHECK(has(r.out, fmt::format("\"$ref\": \"#/$defs/{}\"", k)));
}

TEST_CASE("schema: an unknown kind is a usage error naming the kinds")
{
  TempDir tmp;
  const auto r = run_collab({"schema", "meting"}, tmp.path());
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(has(r.err, "unknown kind `meting`; use meeting, task, issue, request"));
}

TEST_CASE("schema: in a records root it follows the configuration as lint does")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "required:\n  task: [tags]\nlint:\n  unknown-field: error\n");
  const auto r = run_collab({"schema", "task"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(has(r.out, "\"deliverable\", \"status\", \"tags\"]"));
  CHECK(has(r.out, "\"additionalProperties\": false"));
}

TEST_CASE("schema: init writes the schema files in a hidden folder, committed, which lint never reads")
{
  TempDir tmp;
  const fs::path root = init_root(tmp);
  for (const char* k : {"meeting", "task", "issue", "request", "record"})
    CHECK(fs::is_regular_file(root / fmt::format(".collab/schema/{}.json", k)));
  CHECK(read(root / ".collab/schema/task.json") == run_collab({"schema", "task"}, root).out);
  CHECK(read(root / ".collab/schema/record.json") == run_collab({"schema"}, root).out);
  CHECK(has(git("show --name-only --format= HEAD", root), ".collab/schema/meeting.json\n"));
  CHECK(git("status --porcelain", root).empty());
  // Not records, even a YAML file put there.
  write(root / ".collab/schema/notes.yaml", "not: a record\n");
  const auto lint = run_collab({"lint"}, root);
  CHECK(lint.status == 0);
  CHECK(has(lint.err, "in 0 records"));
}

TEST_CASE("schema: new starts a record with the modeline, and the writes keep it")
{
  TempDir tmp;
  const fs::path root = init_root(tmp);
  auto r = collab(root, new_task());
  REQUIRE(r.status == 0);
  const fs::path file = root / "tasks/T-2024-001.yaml";
  CHECK(read(file).starts_with(k_task_line + "id: T-2024-001\nkind: task\n"));
  CHECK(collab(root, {"lint", "--strict"}).status == 0);
  REQUIRE(collab(root, {"set", "T-2024-001", "progress=50"}).status == 0);
  REQUIRE(collab(root, {"delay", "T-2024-001", "--to", "2024-07-15", "--reason", "等待供应商"}).status == 0);
  REQUIRE(collab(root, {"done", "T-2024-001", "--evidence", "报告链接"}).status == 0);
  CHECK(read(file).starts_with(k_task_line + "id: T-2024-001\n"));
  CHECK(has(read(file), "status: done"));
  CHECK(collab(root, {"lint"}).status == 0);
  // A meeting in a folder of its own kind points at its own schema.
  r = collab(root, {"new", "meeting", "--title", "周会", "--host", "赵六", "--recorder", "孙七", "--attendees", "赵六,孙七"});
  REQUIRE(r.status == 0);
  CHECK(read(root / "meetings/M-2024-001.yaml").starts_with("# yaml-language-server: $schema=../.collab/schema/meeting.json\n"));
}

TEST_CASE("schema: the editor sees the schema from the draft's folder, and the record keeps its own path")
{
  TempDir tmp;
  const fs::path root = init_root(tmp);
  TempDir scripts;
  const fs::path editor = scripts / "ed.sh";
  // Keeps a copy of what it was shown, then fills in the deliverable.
  write(editor, fmt::format("#!/bin/sh\ncp \"$1\" '{}'\nsed -i 's/^deliverable:.*/deliverable: 报告/' \"$1\"\n",
                            (scripts / "seen.yaml").string()));
  fs::permissions(editor, fs::perms::owner_all);
  auto args = new_task();
  args.resize(8); // no --deliverable: the editor fills it in
  args.push_back("-e");
  const auto r = collab(root, args, {{"EDITOR", editor.string()}});
  REQUIRE(r.status == 0);
  CHECK(has(read(scripts / "seen.yaml"), "\n# yaml-language-server: $schema=../../.collab/schema/task.json\nid: "));
  CHECK(read(root / "tasks/T-2024-001.yaml").starts_with(k_task_line));
  CHECK(has(read(root / "tasks/T-2024-001.yaml"), "deliverable: 报告"));
}

TEST_CASE("schema: a root without schema files gets no modeline until schema --write adds them")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "");
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  REQUIRE(collab(tmp.path(), new_task()).status == 0);
  CHECK(read(tmp / "tasks/T-2024-001.yaml").starts_with("id: T-2024-001\n"));

  auto r = collab(tmp.path(), {"schema", "--write"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "Wrote 5 schema files to .collab/schema"));
  CHECK(git("status --porcelain", tmp.path()).empty());
  CHECK(has(git("log -1 --format=%s", tmp.path()), "schema: editor schemas"));
  r = collab(tmp.path(), {"schema", "--write"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "up to date"));
  CHECK(git("rev-list --count HEAD", tmp.path()) == "3\n");
  REQUIRE(collab(tmp.path(), new_task()).status == 0);
  CHECK(read(tmp / "tasks/T-2024-002.yaml").starts_with(k_task_line));
  CHECK(collab(tmp.path(), {"schema", "--write", "task"}).status == 2);
}
