// End-to-end: `collab sync` between clones of a bare remote in a temp folder (SPEC §7c):
// field-level merges, conflicts that write nothing, id clashes renumbered, edits against
// deletes, writes racing a sync. Checked with the real git CLI.
#include "process.h"
#include "remote.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fmt/format.h>

using namespace test;

namespace {

const char* k_config = "people:\n  赵六: {dept: 市场部}\n  孙七: {dept: 技术部}\n";

/// A meeting with `actions` actions; a comment on the title line that merges must keep.
std::string meeting(const std::string& id, int actions, const std::string& title = "协同推进会")
{
  std::string text = fmt::format("id: {}\nkind: meeting\ntitle: {}  # 会议名称\ndate: 2024-05-10\nhost: 赵六\n"
                                 "recorder: 孙七\nattendees: [赵六, 孙七]\nactions:\n",
                                 id, title);
  for (int i = 1; i <= actions; ++i)
    text += fmt::format("  - action: 任务{}\n    owner: 赵六\n    deadline: 2024-06-{:02}\n    deliverable: 初稿{}\n", i,
                        10 + i, i);
  return text;
}


/// How the clones reach their remote.
enum class Transport { Path, GitDaemon };

/// A bare remote with one commit and two clones of it (a, b), each tracking origin/main.
struct Team {
  TempDir tmp;
  fs::path remote = tmp / "remote.git", a = tmp / "a", b = tmp / "b";
  std::unique_ptr<GitDaemon> daemon;

  explicit Team(const std::map<std::string, std::string>& files = {}, Transport transport = Transport::Path)
  {
    run({"git", "init", "-q", "--bare", "-b", "main", remote.string()}, tmp.path());
    std::string url = remote.string();
    if (transport == Transport::GitDaemon) {
      daemon = std::make_unique<GitDaemon>(tmp.path());
      url = daemon->url("remote.git");
    }
    git_init(a);
    write(a / ".collab.yaml", k_config);
    write(a / "meetings/M-2024-001.yaml", meeting("M-2024-001", 2));
    for (const auto& [path, text] : files)
      write(a / path, text);
    git("add -A && git commit -qm base && git remote add origin " + url + " && git push -qu origin main", a);
    REQUIRE(run({"git", "clone", "-q", url, b.string()}, tmp.path()).status == 0);
  }

  /// collab in clone `dir` as `who` (the author sync names in conflicts).
  RunResult collab(const fs::path& dir, const std::vector<std::string>& args, const std::string& who = "")
  {
    std::vector<std::string> full = {"--as-of", "2024-06-01"};
    full.insert(full.end(), args.begin(), args.end());
    std::map<std::string, std::optional<std::string>> env;
    if (!who.empty())
      env = {{"GIT_AUTHOR_NAME", who}, {"GIT_COMMITTER_NAME", who}};
    return run_collab(full, dir, env);
  }

  /// Both clones and the remote at one commit, with clean work trees and a sound repository.
  void require_identical()
  {
    const std::string head = git("rev-parse HEAD", a);
    CHECK(git("rev-parse HEAD", b) == head);
    CHECK(git("rev-parse main", remote) == head);
    CHECK(git("status --porcelain", a) == "");
    CHECK(git("status --porcelain", b) == "");
    CHECK(run({"git", "fsck", "--no-progress"}, a).status == 0);
    CHECK_FALSE(has(git("log -p --all", a), "<<<<<<<"));
  }
};

} // namespace

TEST_CASE("sync: in sync, fast-forward, push")
{
  Team t;
  auto r = t.collab(t.b, {"sync"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "in sync with origin/main"));
  REQUIRE(t.collab(t.a, {"set", "M-2024-001#1", "owner=孙七"}).status == 0);
  r = t.collab(t.a, {"sync"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "pushed"));
  r = t.collab(t.b, {"sync"});
  CHECK(r.status == 0);
  CHECK_MESSAGE(has(r.out, "fast-forwarded to origin/main"), r.out);
  CHECK(has(read(t.b / "meetings/M-2024-001.yaml"), "owner: 孙七"));
  t.require_identical();
  // A fast-forward makes no commit of its own.
  CHECK(git("log --format=%s -1", t.b) == "set M-2024-001#1: 任务1\n");
}

TEST_CASE("sync: different fields of one record merge, comments kept, one merge commit")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "title=协同推进会（改）"}, "甲").status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "location=3楼会议室"}, "乙").status == 0);
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  const std::string text = read(t.b / "meetings/M-2024-001.yaml");
  CHECK(has(text, "title: 协同推进会（改）  # 会议名称"));
  CHECK(has(text, "location: 3楼会议室"));
  // A merge commit with both sides as parents, then pushed.
  CHECK(git("log -1 --format=%P", t.b).find(' ') != std::string::npos);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
  CHECK(t.collab(t.a, {"lint"}).status == 0);
}

TEST_CASE("sync: different items of one record merge")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001#1", "owner=孙七"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"done", "M-2024-001#2", "--evidence", "初稿已提交"}).status == 0);
  CHECK(t.collab(t.b, {"sync"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  const std::string text = read(t.a / "meetings/M-2024-001.yaml");
  CHECK(has(text, "owner: 孙七"));
  CHECK(has(text, "evidence: 初稿已提交"));
  t.require_identical();
}

TEST_CASE("sync: actions appended on both sides: theirs first, ours renumbered with its refs")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001#3", "action=甲的新任务", "owner=赵六", "deadline=2024-07-01", "deliverable=方案"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001#3", "action=乙的新任务", "owner=孙七", "deadline=2024-07-02", "deliverable=清单"}).status == 0);
  // A task promoted from our new action refers to it as #3: it must follow it to #4.
  REQUIRE(t.collab(t.b, {"new", "task", "--from", "M-2024-001#3", "--deliverable", "报告"}).status == 0);
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "M-2024-001#3 -> M-2024-001#4"));
  const std::string text = read(t.b / "meetings/M-2024-001.yaml");
  CHECK(text.find("甲的新任务") < text.find("乙的新任务"));
  CHECK(text.find("乙的新任务") != std::string::npos);
  const auto task = git("ls-files tasks", t.b);
  REQUIRE_FALSE(task.empty());
  CHECK(has(read(t.b / task.substr(0, task.size() - 1)), "M-2024-001#4"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
  CHECK(t.collab(t.a, {"lint"}).status == 0);
}

TEST_CASE("sync: the same field on both sides is a conflict: nothing written, settled by set")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001#1", "owner=孙七"}, "甲").status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001#1", "owner=周八"}, "乙").status == 0);
  const std::string head = git("rev-parse HEAD", t.b);
  const std::string before = read(t.b / "meetings/M-2024-001.yaml");
  auto r = t.collab(t.b, {"sync"});
  CHECK(r.status == 1);
  CHECK(has(r.out, "conflict: M-2024-001 actions#1.owner: ours \"周八\" (乙), theirs \"孙七\" (甲)"));
  CHECK(has(r.err, "nothing was written"));
  // Nothing written: the same commit, the same file, no markers, nothing pushed.
  CHECK(git("rev-parse HEAD", t.b) == head);
  CHECK(read(t.b / "meetings/M-2024-001.yaml") == before);
  CHECK(git("status --porcelain", t.b) == "");
  CHECK_FALSE(has(git("log -1 --format=%s main", t.remote), "周八"));
  // Again without a decision: the same conflict.
  CHECK(t.collab(t.b, {"sync"}).status == 1);
  // The user keeps their value: `set` of the field (the same value: nothing to commit) settles it.
  REQUIRE(t.collab(t.b, {"set", "M-2024-001#1", "owner=周八"}, "乙").status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, (r.out + r.err));
  CHECK(has(read(t.b / "meetings/M-2024-001.yaml"), "owner: 周八"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  CHECK(has(read(t.a / "meetings/M-2024-001.yaml"), "owner: 周八"));
  t.require_identical();
}

TEST_CASE("sync: a conflict settled by taking their value")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "title=甲的标题"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "title=乙的标题"}).status == 0);
  CHECK(t.collab(t.b, {"sync"}).status == 1);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "title=甲的标题"}).status == 0);
  CHECK(t.collab(t.b, {"sync"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  CHECK(has(read(t.a / "meetings/M-2024-001.yaml"), "title: 甲的标题"));
  t.require_identical();
}

TEST_CASE("sync: both sides create the next meeting: ours is renumbered, references rewritten")
{
  Team t;
  REQUIRE(t.collab(t.a, {"new", "meeting", "--title", "甲的会", "--date", "2024-05-20", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七"})
            .status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"new", "meeting", "--title", "乙的会", "--date", "2024-05-21", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七"})
            .status == 0);
  REQUIRE(fs::exists(t.b / "meetings/M-2024-002.yaml"));
  // Our next meeting follows our new one up, and a task refers to it.
  REQUIRE(t.collab(t.b, {"new", "meeting", "--title", "乙的跟进会", "--date", "2024-05-28", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七", "--follow-up", "M-2024-002"})
            .status == 0);
  REQUIRE(fs::exists(t.b / "meetings/M-2024-003.yaml"));
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "renumbered M-2024-002 -> M-2024-004"));
  // Our second meeting's id was free there: it keeps it, and follows our first to its new id.
  CHECK_FALSE(has(r.out, "renumbered M-2024-003"));
  CHECK(has(read(t.b / "meetings/M-2024-002.yaml"), "甲的会"));
  CHECK(has(read(t.b / "meetings/M-2024-004.yaml"), "id: M-2024-004"));
  CHECK(has(read(t.b / "meetings/M-2024-004.yaml"), "乙的会"));
  CHECK(has(read(t.b / "meetings/M-2024-003.yaml"), "follow_up: M-2024-004"));
  CHECK(has(git("log -1 --format=%B", t.b), "renumbered M-2024-002 -> M-2024-004"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
  const auto lint = t.collab(t.a, {"lint"});
  CHECK_MESSAGE(lint.status == 0, lint.out);
}

TEST_CASE("sync: a delete against an edit keeps the edited record")
{
  Team t(std::map<std::string, std::string>{{"tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 任务\nowner: 赵六\ndeadline: 2024-06-30\n"
                                    "deliverable: x\nstatus: todo\n"}});
  REQUIRE(t.collab(t.a, {"rm", "T-2024-001"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "T-2024-001", "status=doing"}).status == 0);
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "kept T-2024-001"));
  CHECK(has(read(t.b / "tasks/T-2024-001.yaml"), "status: doing"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  CHECK(fs::exists(t.a / "tasks/T-2024-001.yaml"));
  t.require_identical();
}

TEST_CASE("sync: no upstream, an unreachable remote and changes in the way exit 3")
{
  TempDir tmp;
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "");
  git("add -A && git commit -qm base", tmp.path());
  auto r = run_collab({"sync"}, tmp.path());
  CHECK(r.status == 3);
  CHECK(has(r.err, "collab: error:"));

  Team t;
  git("remote set-url origin " + (t.tmp / "gone.git").string(), t.b);
  r = t.collab(t.b, {"sync"});
  CHECK(r.status == 3);
  CHECK(has(r.err, "collab: error:"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  git("remote set-url origin " + t.remote.string(), t.b);
  REQUIRE(t.collab(t.a, {"set", "M-2024-001#1", "owner=孙七"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  // A hand edit not committed in the file the sync must change: refused, the edit kept.
  const std::string edited = read(t.b / "meetings/M-2024-001.yaml") + "# 手改\n";
  write(t.b / "meetings/M-2024-001.yaml", edited);
  r = t.collab(t.b, {"sync"});
  CHECK(r.status == 3);
  CHECK(has(r.err, "collab commit"));
  CHECK(read(t.b / "meetings/M-2024-001.yaml") == edited);
}

TEST_CASE("sync: writes racing a sync in the same clone are all kept")
{
  Team t;
  for (int i = 1; i <= 6; ++i)
    REQUIRE(t.collab(t.a, {"set", "M-2024-001#1", fmt::format("deliverable=甲{}", i)}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  std::string script;
  for (int i = 1; i <= 6; ++i)
    script += fmt::format("'{}' --as-of 2024-06-01 set M-2024-001 'location=会议室{}' >/dev/null 2>&1 && echo OK{} &\n",
                          COLLAB_BIN, i, i);
  script += fmt::format("'{}' sync >/dev/null 2>&1; echo SYNC$?\nwait\n", COLLAB_BIN);
  const auto r = sh(script, t.b);
  CHECK(has(r.out, "SYNC0"));
  // Every set that said OK is in history; the sync's merge is too; nothing was undone.
  const std::string log = git("log --format=%s", t.b);
  for (int i = 1; i <= 6; ++i)
    if (has(r.out, fmt::format("OK{}", i)))
      CHECK(has(git("log -p", t.b), fmt::format("会议室{}", i)));
  CHECK(has(read(t.b / "meetings/M-2024-001.yaml"), "deliverable: 甲6"));
  CHECK(git("status --porcelain", t.b) == "");
  REQUIRE(t.collab(t.b, {"sync"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
}

TEST_CASE("sync --fix-ids: a clash a plain git pull brought is renumbered")
{
  Team t;
  // Two folders, one id: git merges them without complaint.
  REQUIRE(t.collab(t.a, {"new", "meeting", "--title", "甲的会", "--date", "2024-05-20", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七"})
            .status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  write(t.b / "archive/M-2024-002.yaml", meeting("M-2024-002", 1, "乙的会"));
  write(t.b / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 跟进\nowner: 赵六\ndeadline: 2024-06-30\n"
                                       "deliverable: x\nstatus: todo\nsource: M-2024-002#1\n");
  git("add -A && git commit -qm 'hand written'", t.b);
  git("pull -q --no-rebase --no-edit", t.b);
  CHECK(t.collab(t.b, {"lint"}).status == 1); // duplicate-id
  const auto r = t.collab(t.b, {"sync", "--fix-ids"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "renumbered M-2024-002 -> M-2024-003"));
  CHECK(fs::exists(t.b / "meetings/M-2024-002.yaml"));
  CHECK(has(read(t.b / "archive/M-2024-003.yaml"), "id: M-2024-003"));
  CHECK(has(read(t.b / "tasks/T-2024-001.yaml"), "source: M-2024-003#1"));
  CHECK(t.collab(t.b, {"lint"}).status == 0);
  CHECK(git("status --porcelain", t.b) == "");
}

TEST_CASE("sync: over the git protocol (git daemon on 127.0.0.1)")
{
  if (!GitDaemon::available()) {
    MESSAGE("git daemon is not installed: skipped");
    return;
  }
  Team t({}, Transport::GitDaemon);
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "title=甲改的标题"}).status == 0);
  REQUIRE(t.collab(t.a, {"new", "meeting", "--title", "甲的会", "--date", "2024-05-20", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七"})
            .status == 0);
  auto r = t.collab(t.a, {"sync"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001#2", "owner=孙七"}).status == 0);
  REQUIRE(t.collab(t.b, {"new", "meeting", "--title", "乙的会", "--date", "2024-05-21", "--host", "赵六",
                         "--recorder", "孙七", "--attendees", "赵六,孙七"})
            .status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "renumbered M-2024-002 -> M-2024-003"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  const std::string text = read(t.a / "meetings/M-2024-001.yaml");
  CHECK(has(text, "title: 甲改的标题"));
  CHECK(has(text, "owner: 孙七"));
  CHECK(has(read(t.a / "meetings/M-2024-003.yaml"), "乙的会"));
  t.require_identical();
}

TEST_CASE("sync: conflicts settled one at a time converge, and a deadline is kept with set of the same date")
{
  Team t;
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "title=甲的标题"}).status == 0);
  REQUIRE(t.collab(t.a, {"delay", "M-2024-001#1", "--to", "2024-07-01", "--reason", "甲"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "title=乙的标题"}).status == 0);
  REQUIRE(t.collab(t.b, {"delay", "M-2024-001#1", "--to", "2024-07-15", "--reason", "乙"}).status == 0);
  auto r = t.collab(t.b, {"sync"});
  REQUIRE(r.status == 1);
  CHECK(has(r.out, "M-2024-001 title"));
  CHECK(has(r.out, "M-2024-001 actions#1.deadline"));
  // Settle the title, sync (the deadline still conflicts), then the deadline: the title stays settled.
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "title=乙的标题"}).status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK(r.status == 1);
  CHECK_FALSE(has(r.out, "M-2024-001 title"));
  CHECK(has(r.out, "actions#1.deadline"));
  // The deadline, its reason and status came from one `delay` on each side: the same delay again keeps ours
  // (a delay to the current date is refused otherwise).
  REQUIRE(t.collab(t.b, {"delay", "M-2024-001#1", "--to", "2024-07-15", "--reason", "乙"}).status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.out);
  const std::string text = read(t.b / "meetings/M-2024-001.yaml");
  CHECK(has(text, "title: 乙的标题"));
  CHECK(has(text, "deadline: 2024-07-15"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
}

TEST_CASE("sync: comments theirs wrote in a record both sides changed are kept")
{
  Team t;
  std::string text = read(t.a / "meetings/M-2024-001.yaml");
  text.replace(text.find("host: 赵六"), std::string("host: 赵六").size(), "host: 赵六  # 主持人已确认");
  write(t.a / "meetings/M-2024-001.yaml", text + "# 备注：会后补充\n");
  git("commit -qam comments", t.a);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "location=3楼会议室"}).status == 0);
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  const std::string merged = read(t.b / "meetings/M-2024-001.yaml");
  CHECK(has(merged, "host: 赵六  # 主持人已确认"));
  CHECK(has(merged, "# 备注：会后补充"));
  CHECK(has(merged, "location: 3楼会议室"));
  CHECK(has(merged, "title: 协同推进会  # 会议名称"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
}

TEST_CASE("sync: actions reordered on one side and changed on the other are a conflict, not a change on another action")
{
  Team t;
  const std::string one = "  - action: 任务1\n    owner: 赵六\n    deadline: 2024-06-11\n    deliverable: 初稿1\n";
  const std::string two = "  - action: 任务2\n    owner: 赵六\n    deadline: 2024-06-12\n    deliverable: 初稿2\n";
  std::string text = read(t.a / "meetings/M-2024-001.yaml");
  REQUIRE(text.find(one + two) != std::string::npos);
  text.replace(text.find(one + two), (one + two).size(), two + one);
  write(t.a / "meetings/M-2024-001.yaml", text);
  git("commit -qam reorder", t.a);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  // b gives 任务1 to 孙七: merged by place it would land on 任务2.
  REQUIRE(t.collab(t.b, {"set", "M-2024-001#1", "owner=孙七"}).status == 0);
  const std::string head = git("rev-parse HEAD", t.b);
  const auto r = t.collab(t.b, {"sync"});
  CHECK(r.status == 1);
  CHECK_MESSAGE(has(r.out, "conflict: M-2024-001 actions:"), r.out);
  CHECK(git("rev-parse HEAD", t.b) == head);
  CHECK_FALSE(has(read(t.b / "meetings/M-2024-001.yaml"), "任务2\n    owner: 孙七"));
}

TEST_CASE("sync: two valid sides that merge into a record lint refuses are a conflict, nothing written")
{
  Team t;
  // a moves the meeting to June 5th; b adds an action due June 3rd: each valid, together not.
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "date=2024-06-05"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  write(t.b / "meetings/M-2024-001.yaml",
        read(t.b / "meetings/M-2024-001.yaml") +
            "  - action: 新任务\n    owner: 孙七\n    deadline: 2024-06-03\n    deliverable: 稿\n");
  REQUIRE(t.collab(t.b, {"commit"}).status == 0);
  const std::string head = git("rev-parse HEAD", t.b);
  auto r = t.collab(t.b, {"sync"});
  CHECK(r.status == 1);
  CHECK_MESSAGE(has(r.out, "the merged record would not pass lint"), r.out);
  CHECK(has(r.out, "date-order"));
  CHECK(git("rev-parse HEAD", t.b) == head);
  CHECK(git("status --porcelain", t.b) == "");
  // This side moves its action after the new date: the two fit, the sync goes through.
  REQUIRE(t.collab(t.b, {"delay", "M-2024-001#3", "--to", "2024-06-08", "--reason", "会议改期"}).status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(t.collab(t.b, {"lint"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
}

TEST_CASE("sync: done on both sides with different dates: done again keeps ours")
{
  Team t;
  REQUIRE(t.collab(t.a, {"done", "M-2024-001#2", "--date", "2024-05-30", "--evidence", "甲的证据"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"done", "M-2024-001#2", "--date", "2024-05-31", "--evidence", "乙的证据"}).status == 0);
  // Without a conflict pending, a second done is refused as before.
  CHECK(t.collab(t.b, {"done", "M-2024-001#2"}).status == 2);
  auto r = t.collab(t.b, {"sync"});
  REQUIRE(r.status == 1);
  CHECK(has(r.out, "actions#2.completed"));
  REQUIRE(t.collab(t.b, {"done", "M-2024-001#2", "--date", "2024-05-31", "--evidence", "乙的证据"}).status == 0);
  r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.out);
  CHECK(has(read(t.b / "meetings/M-2024-001.yaml"), "completed: 2024-05-31"));
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  t.require_identical();
}

TEST_CASE("sync: a local branch tracking a remote branch of another name: messages name the remote's branch")
{
  Team t;
  git("checkout -qb 乙的分支 --track origin/main", t.b);
  REQUIRE(t.collab(t.a, {"set", "M-2024-001", "title=甲的标题"}).status == 0);
  REQUIRE(t.collab(t.a, {"sync"}).status == 0);
  REQUIRE(t.collab(t.b, {"set", "M-2024-001", "location=3楼会议室"}).status == 0);
  const auto r = t.collab(t.b, {"sync"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(has(r.out, "merged origin/main"), r.out);
  CHECK(has(r.out, "to origin/main"));
  CHECK_FALSE(has(r.out, "origin/乙的分支"));
  CHECK(git("log -1 --format=%s", t.b) == "sync: merge origin/main\n");
  CHECK(git("rev-parse main", t.remote) == git("rev-parse HEAD", t.b));
}

TEST_CASE("sync: a record moved by hand on one side and changed on the other: the change follows it, one id once")
{
  for (const bool theirs_moved : {true, false}) {
    CAPTURE(theirs_moved);
    Team t;
    const fs::path& mover = theirs_moved ? t.a : t.b;
    const fs::path& editor = theirs_moved ? t.b : t.a;
    fs::create_directories(mover / "meetings/2024");
    git("mv meetings/M-2024-001.yaml meetings/2024/M-2024-001.yaml && git commit -qm move", mover);
    REQUIRE(t.collab(editor, {"set", "M-2024-001", "location=3楼会议室"}).status == 0);
    const fs::path& first = theirs_moved ? mover : editor;
    const fs::path& second = theirs_moved ? editor : mover;
    REQUIRE(t.collab(first, {"sync"}).status == 0);
    const auto r = t.collab(second, {"sync"});
    CHECK_MESSAGE(r.status == 0, r.err);
    REQUIRE(t.collab(first, {"sync"}).status == 0);
    for (const fs::path& dir : {t.a, t.b}) {
      CHECK_FALSE(fs::exists(dir / "meetings/M-2024-001.yaml"));
      CHECK(has(read(dir / "meetings/2024/M-2024-001.yaml"), "location: 3楼会议室"));
      CHECK(t.collab(dir, {"lint"}).status == 0);
    }
    t.require_identical();
  }
}
