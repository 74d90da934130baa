// End-to-end: `collab init`, checked with the real git CLI.
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

TEST_CASE("init: a new folder becomes a git repo with a records root and one commit")
{
  TempDir tmp;
  const auto r = run_collab({"init", "records"}, tmp.path());
  CHECK(r.status == 0);
  const fs::path root = tmp / "records";
  CHECK(fs::is_directory(root / ".git"));
  CHECK(fs::is_regular_file(root / ".collab.yaml"));
  for (const char* d : {"meetings", "tasks", "issues", "requests"})
    CHECK(fs::is_directory(root / d));
  CHECK(git("log --oneline", root) .find("init: collab records root") != std::string::npos);
  CHECK(git("rev-list --count HEAD", root) == "1\n");
  CHECK(git("status --porcelain", root).empty());
  CHECK(sh("git fsck --strict", root).status == 0);
  CHECK(git("log -1 --format=%an%n%ae", root) == "Test Recorder\nrecorder@example.com\n");
  // The written config is valid and the empty root lints clean.
  const auto lint = run_collab({"lint"}, root);
  CHECK(lint.status == 0);
  CHECK(lint.err.find("in 0 records") != std::string::npos);
}

TEST_CASE("init: inside an existing repo it commits only its files and keeps the user's changes")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / "README.md", "v1\n");
  write(tmp / "src/a.c", "int a;\n");
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  write(tmp / "README.md", "v2 staged\n");
  git("add README.md", tmp.path());
  write(tmp / "README.md", "v3 unstaged\n");
  write(tmp / "src/a.c", "int a = 1;\n");
  write(tmp / "notes.txt", "untracked\n");
  const std::string status_before = git("status --porcelain", tmp.path());

  const auto r = run_collab({"init", "docs/records"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(git("rev-list --count HEAD", tmp.path()) == "2\n");
  CHECK(git("show --name-only --format= HEAD", tmp.path()) ==
        "docs/records/.collab.yaml\ndocs/records/.collab/schema/issue.json\n"
        "docs/records/.collab/schema/meeting.json\ndocs/records/.collab/schema/record.json\n"
        "docs/records/.collab/schema/request.json\ndocs/records/.collab/schema/task.json\n"
        "docs/records/.gitattributes\ndocs/records/issues/.gitkeep\n"
        "docs/records/meetings/.gitkeep\n"
        "docs/records/requests/.gitkeep\ndocs/records/tasks/.gitkeep\n");
  // Staged, unstaged and untracked changes are exactly as they were.
  CHECK(git("status --porcelain", tmp.path()) == status_before);
  CHECK(git("diff --cached --name-only", tmp.path()) == "README.md\n");
  CHECK(git("show :README.md", tmp.path()) == "v2 staged\n");
  CHECK(read(tmp / "README.md") == "v3 unstaged\n");
  CHECK(sh("git fsck --strict", tmp.path()).status == 0);
}

TEST_CASE("init: an unborn branch gets its first commit")
{
  TempDir tmp;
  git_init(tmp.path());
  CHECK(run_collab({"init"}, tmp.path()).status == 0);
  CHECK(git("rev-list --count HEAD", tmp.path()) == "1\n");
  CHECK(git("symbolic-ref HEAD", tmp.path()) == "refs/heads/main\n");
  CHECK(git("status --porcelain", tmp.path()).empty());
}

TEST_CASE("init: without a git identity it refuses before writing anything")
{
  TempDir tmp;
  const auto r = run_collab({"init", "records"}, tmp.path(),
                        {{"GIT_AUTHOR_NAME", std::nullopt}, {"GIT_AUTHOR_EMAIL", std::nullopt}, {"EMAIL", std::nullopt}});
  CHECK(r.status == 3);
  CHECK(r.err.find("git config --global user.name") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / "records"));
}

TEST_CASE("init: a held index.lock fails cleanly and leaves the repo as it was")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".git/index.lock", "");
  const auto r = run_collab({"init"}, tmp.path());
  CHECK(r.status == 3);
  CHECK(r.err.find("index.lock") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp / ".collab.yaml"));
  CHECK_FALSE(fs::exists(tmp / "meetings"));
  CHECK(fs::exists(tmp / ".git/index.lock")); // not ours to remove
  CHECK(sh("git rev-parse --verify -q HEAD", tmp.path()).status != 0);
}

TEST_CASE("init: an existing root is left alone")
{
  TempDir tmp;
  REQUIRE(run_collab({"init"}, tmp.path()).status == 0);
  write(tmp / ".collab.yaml", "lang: zh\n");
  const auto r = run_collab({"init"}, tmp.path());
  CHECK(r.status == 0);
  CHECK(r.err.find("already a records root") != std::string::npos);
  CHECK(read(tmp / ".collab.yaml") == "lang: zh\n");
  CHECK(git("rev-list --count HEAD", tmp.path()) == "1\n");
}
