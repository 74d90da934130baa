// Repo against real temporary git repositories, checked with the git CLI.
#include "collab/store/repo.h"
#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace collab;
using namespace collab::util;
using namespace collab::store;

namespace fs = std::filesystem;

namespace {

const char* k_task_1 = "id: T-2029-001\nkind: task\ntitle: one\n";
const char* k_task_2 = "id: T-2029-002\nkind: task\ntitle: two\n";

/// A fresh repository with two tasks and a README in one commit.
fs::path repo_with_tasks(const test::TempDir& tmp)
{
  test::set_test_environment();
  test::git_init(tmp.path());
  test::write(tmp / "tasks/T-2029-001.yaml", k_task_1);
  test::write(tmp / "tasks/T-2029-002.yaml", k_task_2);
  test::write(tmp / "README.md", "readme\n");
  test::git("add -A", tmp.path());
  test::git("commit -qm base", tmp.path());
  return tmp.path();
}

std::unique_ptr<Repo> open_repo(const fs::path& dir)
{
  auto repo = Repo::discover(dir);
  REQUIRE(repo);
  return repo;
}

Identity tester() { return Identity{"Test Recorder", "recorder@example.com"}; }

/// `git status --porcelain` restricted to some paths.
std::string git_status(const fs::path& dir, const std::string& paths = "")
{
  return test::git("status --porcelain " + (paths.empty() ? "" : "-- " + paths), dir);
}

/// The blob id git computes for a file on disk.
std::string hash_of(const fs::path& dir, const std::string& rel) { return test::git("hash-object " + rel, dir); }

/// The blob id the index holds for a path ("" when it has no entry).
std::string staged_blob(const fs::path& dir, const std::string& rel)
{
  const std::string line = test::git("ls-files -s -- " + rel, dir); // "<mode> <blob> <stage>\t<path>"
  return line.empty() ? "" : line.substr(7, 40) + "\n";
}

} // namespace

TEST_CASE("repo: discover finds the work tree from below, init creates one")
{
  test::set_test_environment();
  test::TempDir tmp;
  CHECK_FALSE(Repo::discover(tmp.path()));

  const auto made = Repo::init(tmp / "made/here");
  REQUIRE(made);
  CHECK(fs::is_directory(tmp / "made/here/.git"));
  fs::create_directories(tmp / "made/here/deep/er");
  const auto found = Repo::discover(tmp / "made/here/deep/er");
  REQUIRE(found);
  CHECK(fs::equivalent(found->workdir(), tmp / "made/here"));
  CHECK(fs::equivalent(found->git_dir(), tmp / "made/here/.git"));
  CHECK(found->workdir().is_absolute());

  // A bare repository has no work tree to keep records in: the error says to clone it.
  test::git("init -q --bare bare.git", tmp.path());
  CHECK_THROWS_WITH(Repo::discover(tmp / "bare.git"), doctest::Contains("bare repository"));
}

TEST_CASE("repo: preload loads libgit2 in the background, and callers that come meanwhile wait for it")
{
  test::set_test_environment();
  test::TempDir tmp;
  test::git_init(tmp.path());
  // Several at once, as a command could race its own preload: one load, and every caller
  // sees a working libgit2.
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      Repo::preload(Repo::Libraries::network);
      if (Repo::discover(tmp.path()))
        ++found;
    });
  for (auto& t : threads)
    t.join();
  CHECK(found == 4);
  Repo::preload(Repo::Libraries::local); // once loaded, again is nothing
  CHECK(Repo::discover(tmp.path()));
}

TEST_CASE("repo: the identity comes from GIT_AUTHOR_*, then git config, then EMAIL")
{
  test::TempDir tmp;
  const fs::path dir = repo_with_tasks(tmp);
  auto repo = open_repo(dir);
  setenv("GIT_AUTHOR_NAME", "Env Name", 1);
  setenv("GIT_AUTHOR_EMAIL", "env@example.com", 1);
  test::git("config user.name 'Config Name'", dir);
  test::git("config user.email config@example.com", dir);
  Identity id = repo->identity();
  CHECK(id.name == "Env Name");
  CHECK(id.email == "env@example.com");

  unsetenv("GIT_AUTHOR_NAME");
  unsetenv("GIT_AUTHOR_EMAIL");
  id = repo->identity();
  CHECK(id.name == "Config Name");
  CHECK(id.email == "config@example.com");

  test::git("config --unset user.email", dir);
  setenv("EMAIL", "mail@example.com", 1);
  CHECK(repo->identity().email == "mail@example.com");

  unsetenv("EMAIL");
  try {
    repo->identity();
    FAIL("no identity should throw");
  } catch (const Error& e) {
    CHECK(e.exit_status() == k_exit_repo);
    CHECK(std::string(e.what()).find("git config --global user.email") != std::string::npos);
  }
  // Without a repository only the environment (and global config) counts.
  setenv("GIT_AUTHOR_NAME", "Env Name", 1);
  setenv("GIT_AUTHOR_EMAIL", "env@example.com", 1);
  CHECK(Repo::default_identity().email == "env@example.com");
  test::set_test_environment();
}

TEST_CASE("repo: commit_paths commits a new file on an unborn branch, then a change, then a removal")
{
  test::set_test_environment();
  test::TempDir tmp;
  test::git_init(tmp.path());
  auto repo = open_repo(tmp.path());
  test::write(tmp / "tasks/T-2029-001.yaml", k_task_1);
  test::write(tmp / "run.sh", "#!/bin/sh\n");
  fs::permissions(tmp / "run.sh", fs::perms::owner_all);

  const std::string first = repo->commit_paths({tmp / "tasks/T-2029-001.yaml", tmp / "run.sh"}, "first\n", tester());
  CHECK(first.size() == 40);
  CHECK(test::git("rev-parse HEAD", tmp.path()) == first + "\n");
  CHECK(test::git("log -1 --format=%an%n%ae%n%s", tmp.path()) == "Test Recorder\nrecorder@example.com\nfirst\n");
  CHECK(test::git("show HEAD:tasks/T-2029-001.yaml", tmp.path()) == k_task_1);
  CHECK(test::git("ls-files -s run.sh", tmp.path()).starts_with("100755 "));
  CHECK(git_status(tmp.path()).empty());

  test::write(tmp / "tasks/T-2029-001.yaml", "id: T-2029-001\nkind: task\ntitle: changed\n");
  const std::string second = repo->commit_paths({tmp / "tasks/T-2029-001.yaml"}, "second\n", tester());
  CHECK(test::git("rev-parse HEAD~1", tmp.path()) == first + "\n");
  CHECK(test::git("rev-parse HEAD", tmp.path()) == second + "\n");
  CHECK(test::git("show HEAD:tasks/T-2029-001.yaml", tmp.path()) == test::read(tmp / "tasks/T-2029-001.yaml"));
  CHECK(staged_blob(tmp.path(), "tasks/T-2029-001.yaml") == hash_of(tmp.path(), "tasks/T-2029-001.yaml"));
  CHECK(git_status(tmp.path()).empty());

  fs::remove(tmp / "tasks/T-2029-001.yaml");
  CHECK_FALSE(repo->commit_paths({tmp / "tasks/T-2029-001.yaml"}, "third\n", tester()).empty());
  CHECK(test::git("show --name-status --format= HEAD", tmp.path()) == "D\ttasks/T-2029-001.yaml\n");
  CHECK(staged_blob(tmp.path(), "tasks/T-2029-001.yaml").empty());
  CHECK(git_status(tmp.path()).empty());

  // Removing a file git never had is no change: no commit.
  CHECK(repo->commit_paths({tmp / "tasks/T-2029-999.yaml"}, "nothing\n", tester()).empty());
  CHECK(test::git("log -1 --format=%s", tmp.path()) == "third\n");
  CHECK_THROWS_AS(repo->commit_paths({tmp / "../elsewhere.yaml"}, "outside\n", tester()), Error);
}

TEST_CASE("repo: commit_paths with a missing untracked file first pairs every other path with its own blob")
{
  test::TempDir tmp;
  const fs::path dir = repo_with_tasks(tmp);
  auto repo = open_repo(dir);
  // The user's other work: a staged change and an unstaged one on top of it.
  test::write(tmp / "README.md", "staged\n");
  test::git("add README.md", dir);
  test::write(tmp / "README.md", "staged then edited\n");
  const std::string readme_staged = staged_blob(dir, "README.md");
  test::write(tmp / "tasks/T-2029-001.yaml", "id: T-2029-001\nkind: task\ntitle: one, edited\n");
  test::write(tmp / "tasks/T-2029-002.yaml", "id: T-2029-002\nkind: task\ntitle: two, edited at more length\n");

  // T-2029-999 never existed: it is dropped from the tree, but must not shift the others.
  const std::string commit = repo->commit_paths(
    {tmp / "tasks/T-2029-999.yaml", tmp / "tasks/T-2029-001.yaml", tmp / "tasks/T-2029-002.yaml"}, "edit\n", tester());
  REQUIRE(commit.size() == 40);
  CHECK(git_status(dir, "tasks").empty());
  CHECK(test::git("diff --cached --name-only", dir) == "README.md\n");
  for (const std::string rel : {"tasks/T-2029-001.yaml", "tasks/T-2029-002.yaml"}) {
    CAPTURE(rel);
    CHECK(test::git("show HEAD:" + rel, dir) == test::read(tmp / rel));
    CHECK(staged_blob(dir, rel) == hash_of(dir, rel));
  }
  CHECK(test::git("show --name-status --format= HEAD", dir) == "M\ttasks/T-2029-001.yaml\nM\ttasks/T-2029-002.yaml\n");
  CHECK(staged_blob(dir, "tasks/T-2029-999.yaml").empty());
  // The other staged and unstaged changes are as they were.
  CHECK(staged_blob(dir, "README.md") == readme_staged);
  CHECK(git_status(dir) == "MM README.md\n");
}

TEST_CASE("repo: changed_paths lists staged, unstaged, untracked and deleted files below a folder")
{
  test::TempDir tmp;
  const fs::path dir = repo_with_tasks(tmp);
  auto repo = open_repo(dir);
  CHECK(repo->changed_paths(tmp / "tasks").empty());
  test::write(tmp / "tasks/T-2029-001.yaml", "changed\n");
  fs::remove(tmp / "tasks/T-2029-002.yaml");
  test::write(tmp / "tasks/new/T-2029-003.yaml", "new\n");
  test::write(tmp / "tasks/T-2029-004.yaml", "staged\n");
  test::git("add tasks/T-2029-004.yaml", dir);
  test::write(tmp / "README.md", "outside the folder\n");
  const auto top = repo->workdir();
  CHECK(repo->changed_paths(tmp / "tasks") ==
        std::vector<fs::path>{top / "tasks/T-2029-001.yaml", top / "tasks/T-2029-002.yaml",
                              top / "tasks/T-2029-004.yaml", top / "tasks/new/T-2029-003.yaml"});
  CHECK(repo->changed_paths(tmp.path()).size() == 5);
}

TEST_CASE("repo: walk_history gives each commit's changed files with blob ids, and read_at reads them")
{
  test::TempDir tmp;
  const fs::path dir = repo_with_tasks(tmp);
  auto repo = open_repo(dir);
  const fs::path task = tmp / "tasks/T-2029-001.yaml";
  test::write(task, "id: T-2029-001\nkind: task\ntitle: second\n");
  test::git("commit -qam 'second version' -m 'with a body'", dir);
  test::write(tmp / "README.md", "not the task\n");
  test::git("commit -qam unrelated", dir);
  test::git("rm -q tasks/T-2029-001.yaml", dir);
  test::git("commit -qm removed", dir);

  std::vector<WalkedCommit> all;
  repo->walk_history(*repo->head_id(), [](const ObjectId&) { return false; }, "tasks", {}, [&](const WalkedCommit& c) { all.push_back(c); });
  REQUIRE(all.size() == 4);
  CHECK(all[0].subject == "removed");
  CHECK(all[0].id.hex() + "\n" == test::git("rev-parse HEAD", dir));
  REQUIRE(all[0].changes.size() == 1);
  REQUIRE(all[0].changes[0].size() == 1);
  CHECK(all[0].changes[0][0].path == "tasks/T-2029-001.yaml");
  CHECK(all[0].changes[0][0].blob.null());
  CHECK(all[1].subject == "unrelated");
  CHECK(all[1].changes[0].empty()); // README.md is outside the prefix
  CHECK(all[2].subject == "second version");
  REQUIRE(all[2].changes[0].size() == 1);
  CHECK(all[2].changes[0][0].blob.hex() + "\n" == test::git("rev-parse HEAD~2:tasks/T-2029-001.yaml", dir));
  CHECK(all[2].changes[0][0].old_blob.hex() + "\n" == test::git("rev-parse HEAD~3:tasks/T-2029-001.yaml", dir));
  CHECK(all[3].subject == "base");
  CHECK(all[3].parents.empty());
  CHECK(all[3].changes[0].size() == 2); // a root commit: against the empty tree
  CHECK(all[3].author == "Test Recorder");
  CHECK(all[3].email == "recorder@example.com");
  CHECK(all[3].author_time > 0);
  // Stopping at commits the caller has.
  std::vector<WalkedCommit> newer;
  repo->walk_history(*repo->head_id(), [&](const ObjectId& id) { return id == all[2].id; }, "tasks", {},
                     [&](const WalkedCommit& c) { newer.push_back(c); });
  CHECK(newer.size() == 2);
  CHECK(repo->read_blob(all[2].changes[0][0].blob) == "id: T-2029-001\nkind: task\ntitle: second\n");

  CHECK_FALSE(repo->read_at("HEAD", task));
  CHECK(repo->read_at(all[2].id.hex(), task) == "id: T-2029-001\nkind: task\ntitle: second\n");
  CHECK(repo->read_at("HEAD~3", task) == k_task_1);
  CHECK(repo->read_at("main~3", tmp / "tasks/T-2029-002.yaml") == k_task_2);
  try {
    repo->read_at("no-such-rev", task);
    FAIL("an unknown revision should throw");
  } catch (const Error& e) {
    CHECK(e.exit_status() == k_exit_usage);
  }
}

TEST_CASE("repo: walk_history reads commits raw as git does: signatures, summaries, extra headers, a scope")
{
  test::TempDir tmp;
  const fs::path dir = repo_with_tasks(tmp);
  auto repo = open_repo(dir);
  // A commit written by hand: a multi-line gpgsig header, an encoding header, odd spacing in the
  // signatures, a negative time zone, and a message whose first paragraph spans two lines after
  // leading blank lines.
  const std::string tree = test::git("rev-parse HEAD^{tree}", dir).substr(0, 40);
  const std::string parent = test::git("rev-parse HEAD", dir).substr(0, 40);
  test::TempDir outside;
  test::write(outside / "raw-commit", "tree " + tree + "\nparent " + parent +
                                      "\nauthor  Ann  Example   <ann@example.com>  1700000000 -0130\n"
                                      "committer Bob <bob@example.com> 1700003600 +0545\n"
                                      "encoding UTF-8\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n abc<def>\n -----END PGP SIGNATURE-----\n"
                                      "\n\n\nFirst line\nsecond  line\n\nbody\n");
  const std::string id = test::git("hash-object -t commit -w " + (outside / "raw-commit").string(), dir).substr(0, 40);
  test::git("update-ref refs/heads/main " + id, dir);
  std::vector<WalkedCommit> all;
  repo->walk_history(*repo->head_id(), [](const ObjectId&) { return false; }, "", {}, [&](const WalkedCommit& c) { all.push_back(c); });
  REQUIRE(all.size() == 2);
  CHECK(all[0].id.hex() == id);
  CHECK(all[0].author == "Ann  Example"); // trimmed, as libgit2 reads it (git log keeps a space)
  CHECK(all[0].email == "ann@example.com");
  CHECK(all[0].author_time == 1700000000);
  CHECK(all[0].author_offset == -90);
  CHECK(all[0].commit_time == 1700003600);
  CHECK(all[0].subject + "\n" == test::git("log -1 --format=%s " + id, dir));
  CHECK(all[0].subject == "First line second  line");
  REQUIRE(all[0].parents.size() == 1);
  CHECK(all[0].parents[0].hex() == parent);
  CHECK(all[0].changes[0].empty()); // the same tree as its parent

  // What libgit2 makes of odd signatures: an offset beyond 14 hours or 59 minutes is none, the
  // first author counts, and the message ends at a NUL byte.
  for (const auto& [tz, offset] : std::vector<std::pair<std::string, int>>{{"+9999", 0}, {"+05300", 0}, {"-1400", -840}}) {
    CAPTURE(tz);
    std::string raw = "tree " + tree + "\nparent " + id + "\nauthor A <a@x> 1700000000 " + tz +
                      "\nauthor B <b@x> 1 +0100\ncommitter C <c@x> 1700000001 +0000\n\nsubject";
    raw += '\0';
    raw += " after a NUL\n";
    test::write(outside / "odd", raw);
    const std::string odd = test::git("hash-object -t commit -w " + (outside / "odd").string(), dir).substr(0, 40);
    std::vector<WalkedCommit> one;
    const auto start = ObjectId::from_hex(odd);
    REQUIRE(start);
    repo->walk_history(*start, [&](const ObjectId& c) { return c.hex() == id; }, "", {},
                       [&](const WalkedCommit& c) { one.push_back(c); });
    REQUIRE(one.size() == 1);
    CHECK(one[0].author == "A");
    CHECK(one[0].author_time == 1700000000);
    CHECK(one[0].author_offset == offset);
    CHECK(one[0].subject == "subject");
  }

  // A scope: the files at the top and the listed folders only; `except` turns the list around.
  test::write(tmp / "top.yaml", "x\n");
  test::write(tmp / "other/O-1.yaml", "x\n");
  test::write(tmp / "tasks/T-2029-009.yaml", "x\n");
  test::git("add -A", dir);
  test::git("commit -qm three", dir);
  const auto changed = [&](const WalkScope& scope) {
    std::vector<std::string> paths;
    repo->walk_history(*repo->head_id(), [&](const ObjectId& c) { return c.hex() == id; }, "", scope, [&](const WalkedCommit& c) {
      for (const auto& ch : c.changes[0])
        paths.push_back(ch.path);
    });
    return paths;
  };
  CHECK(changed({}) == std::vector<std::string>{"other/O-1.yaml", "tasks/T-2029-009.yaml", "top.yaml"});
  CHECK(changed({true, {"tasks"}, false}) == std::vector<std::string>{"tasks/T-2029-009.yaml", "top.yaml"});
  CHECK(changed({false, {"tasks"}, true}) == std::vector<std::string>{"other/O-1.yaml"});
  CHECK(changed({false, {}, false}).empty());
}
