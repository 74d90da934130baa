// End-to-end: trustworthy reads and writes (issue "Trustworthy writes"): symbolic links are
// never followed, control characters never reach the terminal raw, command-line keys and id
// parts cannot inject YAML or break file names.
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

const char* k_task = R"(id: T-2024-001
kind: task
title: 支付接口改造
owner: 赵六
deadline: 2024-06-30
deliverable: 支付接口联调通过
status: doing
)";

/// A records root at the top of a fresh repo with one task committed, and a secret file
/// outside the root that a link could lead to.
fs::path repo_with_task(const TempDir& tmp)
{
  const fs::path dir = tmp / "repo";
  fs::create_directories(dir);
  git_init(dir);
  write(dir / ".collab.yaml", "people:\n  赵六: {dept: 市场部}\n");
  write(dir / "tasks/T-2024-001.yaml", k_task);
  git("add -A", dir);
  git("commit -qm base", dir);
  write(tmp / "outside/secret.yaml", "root:x:0:0:root:/root:/bin/bash\n");
  write(tmp / "outside/T-2024-002.yaml", std::string(k_task).replace(4, 10, "T-2024-002"));
  return dir;
}

RunResult collab_at(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir);
}

} // namespace

TEST_CASE("symlink: a linked record file is reported by lint and never read")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  fs::create_symlink(tmp / "outside/secret.yaml", dir / "tasks/LEAK.yaml");
  auto r = run_collab({"lint"}, dir);
  CHECK(r.status == 1);
  CHECK_FALSE(has(r.out, "root:x:0"));
  CHECK(has(r.out, "tasks/LEAK.yaml:1:1: error: `tasks/LEAK.yaml` is a symbolic link; collab never follows links: "
                   "replace it with the file itself [symlink]"));
  r = run_collab({"lint", "--format", "json"}, dir);
  CHECK_FALSE(has(r.out, "root:x:0"));
  // The views count it as unreadable; show refuses it.
  r = collab_at(dir, {"list", "--format", "tsv"});
  CHECK_FALSE(has(r.out + r.err, "root:x:0"));
  r = collab_at(dir, {"show", "LEAK"});
  CHECK(r.status != 0);
  CHECK_FALSE(has(r.out + r.err, "root:x:0"));
}

TEST_CASE("symlink: a linked kind folder is reported by lint, and writes through it are refused")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  git("rm -rq tasks", dir);
  git("commit -qm no-tasks", dir);
  fs::create_symlink(tmp / "outside", dir / "tasks");
  auto r = run_collab({"lint", "--format", "json"}, dir);
  CHECK(r.status == 1);
  CHECK(has(r.out, R"("path": "tasks", "line": 1, "column": 1, "severity": "error", "rule": "symlink")"));
  CHECK(has(r.out, "replace it with the folder itself"));
  CHECK_FALSE(has(r.out, "T-2024-002"));
  // A record found through the folder link is neither shown nor changed.
  const std::string before = read(tmp / "outside/T-2024-002.yaml");
  r = collab_at(dir, {"show", "T-2024-002"});
  CHECK(r.status == 3);
  CHECK_FALSE(has(r.out, "支付接口改造"));
  r = collab_at(dir, {"set", "T-2024-002", "title=x"});
  CHECK(r.status == 3);
  // A new record would be written through the link: refused, nothing outside the root changes.
  r = collab_at(dir, {"new", "task", "--title", "x", "--owner", "赵六", "--deadline", "+3d", "--deliverable", "y"});
  CHECK(r.status == 3);
  CHECK(has(r.err, "`tasks` is a symbolic link; collab never follows links: replace it with the folder itself"));
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp / "outside"))
    ++files;
  CHECK(files == 2);
  CHECK(read(tmp / "outside/T-2024-002.yaml") == before);
  CHECK(git("rev-list --count HEAD", dir) == "2\n");
}

TEST_CASE("symlink: set refuses a record file that is a link, and leaves its target alone")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  fs::create_symlink(tmp / "outside/T-2024-002.yaml", dir / "tasks/T-2024-002.yaml");
  const std::string before = read(tmp / "outside/T-2024-002.yaml");
  const auto r = collab_at(dir, {"set", "T-2024-002", "title=changed"});
  CHECK(r.status == 3);
  CHECK(has(r.err, "symbolic link"));
  CHECK(read(tmp / "outside/T-2024-002.yaml") == before);
}

TEST_CASE("control characters: views and lint print them escaped, lint warns")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  write(dir / "tasks/T-2024-003.yaml",
        "id: T-2024-003\nkind: task\ntitle: \"a\\e]0;PWNED\\a\\e[2Jb\\x9b\"\nowner: 赵六\ndeadline: 2024-06-30\n"
        "deliverable: x\nstatus: doing\n");
  auto r = run_collab({"lint"}, dir);
  CHECK(r.status == 0); // a warning
  CHECK_FALSE(has(r.out, "\x1b"));
  CHECK_FALSE(has(r.out, "\a"));
  CHECK(has(r.out, "tasks/T-2024-003.yaml:3:8: warning: the value holds the control character U+001B (`\\e`) at "
                   "character 2"));
  CHECK(has(r.out, "[control-char]"));
  for (const auto& args : std::vector<std::vector<std::string>>{{"list", "--format", "table"},
                                                                {"show", "T-2024-003"},
                                                                {"list", "--format", "md"}}) {
    r = collab_at(dir, args);
    CAPTURE(args[0]);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK_FALSE(has(r.out, "\x1b"));
    CHECK_FALSE(has(r.out, "\a"));
    CHECK_FALSE(has(r.out, "\xc2\x9b"));
    CHECK(has(r.out, "a\\e]0;PWNED\\a\\e[2Jb\\x9b"));
  }
  // JSON keeps the value exact (escaped the JSON way).
  r = collab_at(dir, {"show", "T-2024-003", "--format", "json"});
  CHECK(has(r.out, "\\u001b]0;PWNED"));
}

TEST_CASE("set: a key that is not a field name is refused before anything is written")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  for (const char* a : {"#=1", "a b=1", "x:y=1", "a\nb=1", "1a=1"}) {
    CAPTURE(a);
    const auto r = collab_at(dir, {"set", "T-2024-001", a});
    CHECK(r.status == 2);
    CHECK(has(r.err, "is not a field name"));
  }
  CHECK(read(dir / "tasks/T-2024-001.yaml") == k_task);
  CHECK(collab_at(dir, {"set", "T-2024-001", "deliverable=x", "status=doing"}).status == 0);
}

TEST_CASE("new: a department with a line break, tab or slash cannot become part of an id")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  write(dir / ".collab.yaml", "people:\n  赵六: {dept: 市场部}\nid_format:\n  task: \"{year}-{dept}-{seq}\"\n");
  git("commit -qam config", dir);
  for (const char* dept : {"a\nb", "a\tb", "a/b", "a\x1b[2Jb"}) {
    CAPTURE(dept);
    const auto r = collab_at(dir, {"new", "task", "--title", "x", "--owner", "赵六", "--deadline", "+3d",
                                   "--deliverable", "y", "--dept", dept});
    CHECK(r.status == 2);
    CHECK(has(r.err, "cannot be part of an id"));
  }
  CHECK(git("rev-list --count HEAD", dir) == "2\n");
  CHECK_FALSE(fs::exists(dir / "tasks/2024-a"));
}

TEST_CASE("lint: an id with a line break or slash is reported")
{
  TempDir tmp;
  const fs::path dir = repo_with_task(tmp);
  write(dir / "tasks/x\ty.yaml", std::string(k_task).replace(4, 10, "\"x\\ty\""));
  const auto r = run_collab({"lint"}, dir);
  CHECK(r.status == 1);
  CHECK(has(r.out, "1:5: error: id `x\\ty` holds `\\t`"));
  CHECK(has(r.out, "[id-mismatch]"));
}
