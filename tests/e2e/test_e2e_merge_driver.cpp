// End-to-end: collab's git merge driver (`init`, `setup-merge`, the hidden `merge-driver`) under
// the real git CLI: two clones of a bare remote in a temp dir, `git pull` (merge), `git pull
// --rebase` and `git merge` of a record changed on both sides.
#include "process.h"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace test;

namespace {

const char* k_meeting = R"(id: M-2024-001
kind: meeting
title: Weekly sync # the Monday one
date: 2024-05-10
host: 张三
recorder: 李四
# who came
attendees: [张三, 李四]
actions:
  - action: Draft the plan
    owner: 王五
    deadline: 2024-05-20
    deliverable: plan.docx
    status: todo
)";

const char* k_path = "meetings/M-2024-001.yaml";

/// A bare remote and two clones `a` and `b` of it: `a` ran `collab init`, committed the meeting
/// and pushed; `b` cloned afterwards and ran `collab setup-merge` (git config is not cloned).
struct Clones {
  TempDir tmp;
  fs::path a = tmp / "a", b = tmp / "b";

  Clones()
  {
    git("init -q --bare remote.git", tmp.path());
    git("clone -q remote.git a", tmp.path());
    REQUIRE(run_collab({"init"}, a).status == 0);
    write(a / k_path, k_meeting);
    REQUIRE(run_collab({"commit", "-q"}, a).status == 0);
    git("push -q origin HEAD", a);
    git("clone -q remote.git b", tmp.path());
    const auto setup = run_collab({"setup-merge"}, b);
    REQUIRE(setup.status == 0);
    for (const fs::path& clone : {a, b})
      git("config pull.rebase false", clone);
  }

  /// Replaces `from` by `to` in the meeting of `clone` and commits with collab.
  void edit(const fs::path& clone, const std::string& from, const std::string& to)
  {
    std::string text = read(clone / k_path);
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    write(clone / k_path, text.replace(at, from.size(), to));
    const auto r = run_collab({"commit", "-q"}, clone);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
};

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("merge driver: init writes .gitattributes and git config, setup-merge is idempotent")
{
  Clones c;
  CHECK(read(c.a / ".gitattributes") == "*.yaml merge=collab\n*.yml merge=collab\n");
  CHECK(git("ls-files .gitattributes", c.a) == ".gitattributes\n");
  for (const fs::path& clone : {c.a, c.b}) {
    const std::string driver = git("config --get merge.collab.driver", clone);
    CHECK(driver.find(" merge-driver %O %A %B %P\n") != std::string::npos);
    CHECK(git("config --get merge.collab.name", clone).size() > 1);
  }
  CHECK(git("check-attr merge -- meetings/M-2024-001.yaml", c.b) == "meetings/M-2024-001.yaml: merge: collab\n");

  const std::string head = git("rev-parse HEAD", c.b);
  const auto again = run_collab({"setup-merge"}, c.b);
  CHECK(again.status == 0);
  CHECK(again.out.find("already set up") != std::string::npos);
  CHECK(git("rev-parse HEAD", c.b) == head);

  SUBCASE("the driver is `collab` when the running binary is the one on PATH, else its absolute path")
  {
    const std::string driver = git("config --get merge.collab.driver", c.b);
    CHECK(driver == fs::canonical(COLLAB_BIN).string() + " merge-driver %O %A %B %P\n");
    const std::string path = fs::path(COLLAB_BIN).parent_path().string() + ":" + std::getenv("PATH");
    const auto r = run_collab({"setup-merge"}, c.b, {{"PATH", path}});
    CHECK(r.status == 0);
    CHECK(r.out.find("already set up") == std::string::npos);
    CHECK(git("config --get merge.collab.driver", c.b) == "collab merge-driver %O %A %B %P\n");
    CHECK(git("rev-parse HEAD", c.b) == head); // .gitattributes had the lines: no commit
  }
  SUBCASE("existing lines are kept, missing ones added once and committed")
  {
    write(c.b / ".gitattributes", "*.png binary\n*.yml merge=collab");
    git("commit -qam attrs", c.b);
    const auto r = run_collab({"setup-merge"}, c.b);
    CHECK(r.status == 0);
    CHECK(read(c.b / ".gitattributes") == "*.png binary\n*.yml merge=collab\n*.yaml merge=collab\n");
    CHECK(git("status --porcelain", c.b).empty());
    CHECK(git("log -1 --format=%s", c.b).find("setup-merge") == 0);
    CHECK(run_collab({"setup-merge"}, c.b).out.find("already set up") != std::string::npos);
    CHECK(read(c.b / ".gitattributes") == "*.png binary\n*.yml merge=collab\n*.yaml merge=collab\n");
  }
}

TEST_CASE("merge driver: git pull merges different fields of one record, comments kept")
{
  Clones c;
  c.edit(c.a, "date: 2024-05-10", "date: 2024-05-11 # moved");
  git("push -q", c.a);
  c.edit(c.b, "    status: todo", "    status: doing");
  const auto pull = sh("git pull -q 2>&1", c.b);
  INFO(pull.out);
  REQUIRE(pull.status == 0);
  const std::string merged = read(c.b / k_path);
  CHECK(merged == replaced(replaced(k_meeting, "date: 2024-05-10", "date: 2024-05-11 # moved"), "    status: todo",
                           "    status: doing"));
  CHECK(git("status --porcelain", c.b).empty());
  CHECK(git("log -1 --format=%P", c.b).size() == 2 * 41); // a merge commit
  CHECK(run_collab({"lint"}, c.b).status == 0);
  CHECK(sh("git fsck --strict", c.b).status == 0);
}

TEST_CASE("merge driver: git pull --rebase merges different fields, appended items keep the pushed ones first")
{
  Clones c;
  const std::string pushed_item = "  - action: Send the minutes # from a\n    owner: 李四\n    deadline: 2024-05-12\n"
                                  "    deliverable: mail\n    status: todo\n";
  const std::string local_item = "  - action: Order lunch # from b\n    owner: 张三\n    deadline: 2024-05-13\n"
                                 "    deliverable: lunch\n    status: todo\n";
  c.edit(c.a, "title: Weekly sync", "title: Weekly");
  c.edit(c.a, "    status: todo\n", "    status: todo\n" + pushed_item);
  git("push -q", c.a);
  c.edit(c.b, "attendees: [张三, 李四]", "attendees: [张三, 李四, 王五]");
  c.edit(c.b, "    status: todo\n", "    status: todo\n" + local_item);
  const auto pull = sh("git pull -q --rebase 2>&1", c.b);
  INFO(pull.out);
  REQUIRE(pull.status == 0);
  std::string expected = replaced(k_meeting, "title: Weekly sync", "title: Weekly");
  expected = replaced(expected, "attendees: [张三, 李四]", "attendees: [张三, 李四, 王五]");
  expected += pushed_item + local_item;
  CHECK(read(c.b / k_path) == expected);
  // The driver says which local item moved: b's #2 is now #3.
  CHECK(pull.out.find("#2") != std::string::npos);
  CHECK(pull.out.find("#3") != std::string::npos);
  CHECK(git("status --porcelain", c.b).empty());
  CHECK(git("log -1 --format=%P", c.b).size() == 41); // linear: rebased, no merge commit
  CHECK(git("rev-list --count HEAD", c.b) == "6\n");
}

TEST_CASE("merge driver: git merge of two branches in one clone")
{
  Clones c;
  git("checkout -q -b feature", c.a);
  c.edit(c.a, "host: 张三", "host: 王五");
  git("checkout -q -", c.a);
  c.edit(c.a, "    deadline: 2024-05-20", "    deadline: 2024-05-20 # firm");
  const auto merge = sh("git merge -q --no-edit feature 2>&1", c.a);
  INFO(merge.out);
  REQUIRE(merge.status == 0);
  CHECK(read(c.a / k_path) ==
        replaced(replaced(k_meeting, "host: 张三", "host: 王五"), "    deadline: 2024-05-20", "    deadline: 2024-05-20 # firm"));
  CHECK(git("status --porcelain", c.a).empty());
}

TEST_CASE("merge driver: the same field changed on both sides: git reports the conflict, no markers in the file")
{
  Clones c;
  c.edit(c.a, "deadline: 2024-05-20", "deadline: 2024-05-21");
  git("push -q", c.a);
  c.edit(c.b, "deadline: 2024-05-20", "deadline: 2024-05-22");
  const std::string ours = read(c.b / k_path);

  SUBCASE("git pull")
  {
    const auto pull = sh("git pull 2>&1", c.b);
    INFO(pull.out);
    CHECK(pull.status != 0);
    CHECK(pull.out.find("CONFLICT") != std::string::npos);
    CHECK(pull.out.find("actions#1.deadline") != std::string::npos);
    CHECK(pull.out.find("2024-05-21") != std::string::npos);
    CHECK(pull.out.find("2024-05-22") != std::string::npos);
    CHECK(read(c.b / k_path) == ours);
    CHECK(git("status --porcelain", c.b) == "UU meetings/M-2024-001.yaml\n");
  }
  SUBCASE("git pull --rebase")
  {
    const auto pull = sh("git pull --rebase 2>&1", c.b);
    INFO(pull.out);
    CHECK(pull.status != 0);
    CHECK(pull.out.find("actions#1.deadline") != std::string::npos);
    CHECK(read(c.b / k_path).find("<<<<<<<") == std::string::npos);
    CHECK(git("status --porcelain", c.b) == "UU meetings/M-2024-001.yaml\n");
    sh("git rebase --abort", c.b);
    CHECK(read(c.b / k_path) == ours);
  }
  CHECK(read(c.b / k_path).find("<<<<<<<") == std::string::npos);
}

TEST_CASE("merge driver: a file that is not a record gets git's own line merge")
{
  Clones c;
  write(c.a / "notes/.hidden/x.yaml", "a: 1\nb: 2\nc: 3\nd: 4\n");
  git("add -A", c.a);
  git("commit -qm notes", c.a);
  git("push -q", c.a);
  git("pull -q", c.b);
  write(c.a / "notes/.hidden/x.yaml", "a: 10\nb: 2\nc: 3\nd: 4\n");
  git("commit -qam a", c.a);
  git("push -q", c.a);
  write(c.b / "notes/.hidden/x.yaml", "a: 1\nb: 2\nc: 3\nd: 40\n");
  git("commit -qam b", c.b);
  const auto pull = sh("git pull -q 2>&1", c.b);
  INFO(pull.out);
  CHECK(pull.status == 0);
  CHECK(read(c.b / "notes/.hidden/x.yaml") == "a: 10\nb: 2\nc: 3\nd: 40\n");
}

TEST_CASE("merge driver: a record one side cannot parse gets git's line merge, and never markers")
{
  Clones c;
  // a breaks the record's YAML by hand (committed with git, as collab would refuse it).
  write(c.a / k_path, replaced(k_meeting, "host: 张三", "host: [张三"));
  git("commit -qam broken", c.a);
  git("push -q", c.a);

  SUBCASE("other lines: merged as git would")
  {
    c.edit(c.b, "deliverable: plan.docx", "deliverable: plan.pdf");
    const auto pull = sh("git pull -q 2>&1", c.b);
    INFO(pull.out);
    CHECK(pull.status == 0);
    CHECK(read(c.b / k_path) == replaced(replaced(k_meeting, "host: 张三", "host: [张三"), "plan.docx", "plan.pdf"));
  }
  SUBCASE("the same line: conflicted, the file as this side wrote it")
  {
    c.edit(c.b, "host: 张三", "host: 王五");
    const std::string ours = read(c.b / k_path);
    const auto pull = sh("git pull 2>&1", c.b);
    INFO(pull.out);
    CHECK(pull.status != 0);
    CHECK(pull.out.find("cannot merge field by field") != std::string::npos);
    CHECK(read(c.b / k_path) == ours);
    CHECK(git("status --porcelain", c.b) == "UU meetings/M-2024-001.yaml\n");
  }
}
