// End-to-end: collab processes writing at the same time as each other and as git. Every
// write that exits 0 must be in HEAD at the end; none may undo another's.
#include "process.h"
#include "strace.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

const char* k_config = R"(people:
  赵六: {dept: 市场部, email: zhaoliu@example.com}
  孙七: {dept: 技术部, email: recorder@example.com}
)";

/// A meeting with `actions` numbered actions, each with its own deliverable.
std::string meeting(int actions)
{
  std::string text = "id: M-2024-007\nkind: meeting\ntitle: 并发测试\ndate: 2024-05-10\nhost: 赵六\nrecorder: 孙七\n"
                     "attendees: [赵六, 孙七]\nactions:\n";
  for (int i = 1; i <= actions; ++i)
    text += fmt::format("  - action: 任务{}\n    owner: 赵六\n    deadline: 2024-06-10\n    deliverable: 初稿{}\n", i, i);
  return text;
}

std::string task_id(int i) { return fmt::format("T-2029-{:03}", i); }

std::string task(int i)
{
  return fmt::format("id: {}\nkind: task\ntitle: 任务{}\nowner: 赵六\ndeadline: 2029-06-30\ndeliverable: x\n"
                     "status: todo\n",
                     task_id(i), i);
}

/// A repo with the meeting (and `tasks` tasks) committed.
fs::path repo_with(const TempDir& tmp, int actions, int tasks = 0)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", k_config);
  write(tmp / "meetings/M-2024-007.yaml", meeting(actions));
  for (int i = 1; i <= tasks; ++i)
    write(tmp / ("tasks/" + task_id(i) + ".yaml"), task(i));
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

/// A shell line running collab in the background that prints "OK tag" or "FAIL tag" when done.
std::string background(const std::string& args, const std::string& tag)
{
  return fmt::format("( '{}' --as-of 2024-06-01 {} >/dev/null 2>&1 && echo 'OK {}' || echo 'FAIL {}' ) &\n", COLLAB_BIN,
                     args, tag, tag);
}


/// The file in HEAD, or "" when HEAD has no such file.
std::string at_head(const fs::path& dir, const std::string& path)
{
  const auto r = sh(fmt::format("git show 'HEAD:{}' 2>/dev/null", path), dir);
  return r.status == 0 ? r.out : "";
}

} // namespace

TEST_CASE("concurrency: two sets of one record waiting for the lock both land in HEAD")
{
  TempDir tmp;
  const fs::path dir = repo_with(tmp, 2);
  // Both start while the lock is held, so both are waiting when it is released: a write that
  // read the record before taking the lock would commit it without the other's change.
  const auto r = sh("flock .git/collab.lock sleep 1.5 & sleep .3\n" + background("set M-2024-007#1 deliverable=A", "1") +
                      background("set M-2024-007#2 deliverable=B", "2") + "wait\n",
                    dir);
  CHECK(r.out.find("FAIL") == std::string::npos);
  const std::string head = at_head(dir, "meetings/M-2024-007.yaml");
  CHECK_MESSAGE(has(head, "deliverable: A\n"), head);
  CHECK_MESSAGE(has(head, "deliverable: B\n"), head);
  CHECK(git("status --porcelain", dir).empty());
}

namespace {

/// 16 `set` on one meeting's 16 actions and 16 `done` on 16 tasks at once, optionally with the
/// git CLI committing another file in a loop; checks every acknowledged write is in HEAD.
void many_writers(bool with_git)
{
  constexpr int n = 16;
  TempDir tmp;
  const fs::path dir = repo_with(tmp, n, n);
  std::string script;
  // git gives up at once when collab holds index.lock, so each commit is retried (bounded).
  // `git commit -- PATH` holds index.lock from reading the index until HEAD has moved; a plain
  // `git commit` does not (see the test below), and is not what this test is about.
  if (with_git)
    script += "( for i in $(seq 1 20); do echo $i >> NOTES; for t in $(seq 1 40); do "
              "{ git add NOTES && git commit -qm \"notes $i\" -- NOTES; } >/dev/null 2>&1 && break; sleep .05; "
              "done; done ) &\n";
  for (int i = 1; i <= n; ++i) {
    script += background(fmt::format("set M-2024-007#{} deliverable=交付{}", i, i), fmt::format("M{}", i));
    script += background(fmt::format("done {} --evidence 证据{}", task_id(i), i), fmt::format("T{}", i));
  }
  script += "wait\n";
  const auto r = sh(script, dir);

  const std::string meeting_head = at_head(dir, "meetings/M-2024-007.yaml");
  for (int i = 1; i <= n; ++i) {
    // Every acknowledged write is in HEAD; with a 30 s lock timeout every one is acknowledged.
    CHECK_MESSAGE(has(r.out, fmt::format("OK M{}\n", i)), r.out);
    CHECK_MESSAGE(has(r.out, fmt::format("OK T{}\n", i)), r.out);
    if (has(r.out, fmt::format("OK M{}\n", i)))
      CHECK_MESSAGE(has(meeting_head, fmt::format("deliverable: 交付{}\n", i)), i);
    if (has(r.out, fmt::format("OK T{}\n", i)))
      CHECK_MESSAGE(has(at_head(dir, "tasks/" + task_id(i) + ".yaml"), fmt::format("evidence: 证据{}\n", i)), i);
  }
  CHECK(git("status --porcelain -- meetings tasks", dir).empty());
  CHECK(sh("git fsck --strict", dir).status == 0);
  if (with_git)
    CHECK(git("log -1 --format=%s -- NOTES", dir).starts_with("notes "));
}

} // namespace

TEST_CASE("concurrency: 32 writers on one record and on many lose nothing")
{
  many_writers(false);
}

TEST_CASE("concurrency: 32 writers with git committing beside them lose nothing")
{
  many_writers(true);
}

namespace {

/// Runs `git ARGS` in the background, paused for a second just before it creates index.lock
/// (after it has read the index and HEAD), then a collab write in that gap; returns git's
/// output and exit status.
RunResult git_paused_around_collab(const fs::path& dir, const std::string& git_args)
{
  const std::string lock = (dir / ".git/index.lock").string();
  return sh(fmt::format("strace -f -o /dev/null -P '{}' -e trace=openat -e inject=openat:delay_enter=1000000 "
                        "git {} 2>&1 & sleep .4\n"
                        "'{}' --as-of 2024-06-01 set M-2024-007#1 deliverable=空档 >/dev/null 2>&1 || echo 'collab failed'\n"
                        "wait $! && echo 'git committed'\n",
                        lock, git_args, COLLAB_BIN),
            dir);
}

} // namespace

// Why the test above runs `git commit -- PATH`: git 2.39's plain `git commit` reads the index,
// then takes index.lock, writes back what it read and releases the lock before it moves HEAD.
// Any index write in between (another git's, or collab's) is undone in the index; git's own
// commit then fails ("cannot lock ref 'HEAD'") and the index it left would revert that write at
// the next commit. That is git against git as much as git against collab; collab cannot prevent
// it and the manual says so. `git commit -a` and `git commit -- PATH` hold the lock throughout
// and roll back: this test pauses them exactly in that gap.
TEST_CASE("concurrency: a collab write while git commit -a or -- PATH is between reading and locking survives")
{
  if (!strace_usable())
    return;
  for (const std::string args : {"commit -qam notes", "commit -qm notes -- NOTES"}) {
    CAPTURE(args);
    TempDir tmp;
    const fs::path dir = repo_with(tmp, 2);
    write(tmp / "NOTES", "1\n");
    git("add NOTES", dir);
    git("commit -qm notes", dir);
    write(tmp / "NOTES", "2\n");
    const auto r = git_paused_around_collab(dir, args);
    CHECK_FALSE(has(r.out, "collab failed"));
    // git read HEAD before collab moved it, so its compare-and-swap fails and it rolls back.
    CHECK_MESSAGE(has(r.out, "cannot lock ref 'HEAD'"), r.out);
    CHECK(has(at_head(dir, "meetings/M-2024-007.yaml"), "deliverable: 空档\n"));
    CHECK_MESSAGE(git("status --porcelain", dir) == " M NOTES\n", std::string(r.out + git("log --stat", dir)));
    CHECK(sh("git fsck --strict", dir).status == 0);
  }
}

TEST_CASE("concurrency: rm racing set never brings a removed record back")
{
  TempDir tmp;
  const fs::path dir = repo_with(tmp, 1, 1);
  const std::string path = "tasks/" + task_id(1) + ".yaml";
  for (int round = 0; round < 5; ++round) {
    CAPTURE(round);
    if (round > 0) { // the record again, for the next round
      write(tmp / path, task(1));
      git("add -A", dir);
      git("commit -qm again", dir);
    }
    // All start while the lock is held, so the order in which they get it varies.
    std::string script = "flock .git/collab.lock sleep .6 & sleep .2\n";
    for (int i = 0; i < 3; ++i)
      script += background(fmt::format("set {} deliverable=第{}版", task_id(1), i), fmt::format("set{}", i));
    script += background("rm " + task_id(1), "rm");
    script += "wait\n";
    const auto r = sh(script, dir);
    REQUIRE_MESSAGE(has(r.out, "OK rm\n"), r.out);
    // A set after the rm finds no record; none before it survives the rm.
    CHECK_MESSAGE(at_head(dir, path).empty(), r.out);
    CHECK_FALSE(fs::exists(tmp / path));
    CHECK(git("status --porcelain", dir).empty());
  }
}

TEST_CASE("concurrency: edit refuses to overwrite a change committed while the editor was open")
{
  TempDir tmp, scripts;
  const fs::path dir = repo_with(tmp, 2);
  // The "editor" commits another change to the same record before saving its own.
  write(scripts / "ed.sh", fmt::format("#!/bin/sh\n'{}' --as-of 2024-06-01 set M-2024-007#1 deliverable=别人的 >/dev/null "
                                       "&& sed -i 's/^host:.*/host: 孙七/' \"$1\"\n",
                                       COLLAB_BIN));
  fs::permissions(scripts / "ed.sh", fs::perms::owner_all);
  auto r = run_collab({"--as-of", "2024-06-01", "edit", "M-2024-007"}, dir, {{"EDITOR", (scripts / "ed.sh").string()}});
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "changed while"), r.err);
  const std::string head = at_head(dir, "meetings/M-2024-007.yaml");
  CHECK(has(head, "deliverable: 别人的\n"));
  CHECK(has(head, "host: 赵六\n"));
  // The draft is kept, with what was typed.
  CHECK(has(read(tmp / ".git/collab-drafts/M-2024-007.yaml"), "host: 孙七\n"));
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("rm: uncommitted changes are refused unless --force")
{
  TempDir tmp;
  const fs::path dir = repo_with(tmp, 1);
  const fs::path file = tmp / "meetings/M-2024-007.yaml";
  const std::string edited = meeting(2); // a hand-added action
  write(file, edited);
  auto r = run_collab({"rm", "M-2024-007"}, dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "meetings/M-2024-007.yaml has changes not committed; commit them (`collab commit`) or use "
                           "`collab rm --force`"),
                r.err);
  CHECK(read(file) == edited);
  CHECK(git("rev-list --count HEAD", dir) == "1\n");
  // Staged changes count too.
  git("add meetings", dir);
  CHECK(run_collab({"rm", "M-2024-007"}, dir).status == 3);
  CHECK(read(file) == edited);
  r = run_collab({"rm", "--force", "M-2024-007"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_FALSE(fs::exists(file));
  CHECK(at_head(dir, "meetings/M-2024-007.yaml").empty());
  CHECK(git("status --porcelain", dir).empty());
}
