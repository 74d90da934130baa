// End-to-end: follow-up meetings (new meeting --follow-up, log, lint broken-ref), actions
// promoted to tasks (new task --from) and the recorder's template in the editor (issue 12).
#include "process.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

using namespace test;

namespace {

const char* k_config = R"(lang: en
people:
  赵六: {dept: 市场部, email: zhaoliu@example.com}
  孙七: {dept: 技术部, email: recorder@example.com, aliases: [Sun Qi]}
  周八: {dept: 仓储部}
)";

/// The earlier meeting: #1 done on 05-11, #2 open, #3 cancelled, #4 done on 05-20.
const char* k_meeting = R"(id: M-2024-007
kind: meeting
title: 618活动协同推进会
date: 2024-05-10
host: 赵六
recorder: 孙七
attendees: [赵六, 孙七, 周八]
actions:
  - action: 提交最终版设计稿
    owner: 赵六
    deadline: 2024-05-12
    deliverable: 最终版设计稿
    status: done
    completed: 2024-05-11
    evidence: 链接已发群
  - action: 完成活动页面前端开发
    owner: 孙七
    dept: 技术部
    deadline: 2024-05-15
    deliverable: 可测试的活动页面(测试环境地址)
  - action: 备货方案
    owner: 周八
    deadline: 2024-05-16
    deliverable: 备货表
    status: cancelled
  - action: 测试上线
    owner: 孙七
    deadline: 2024-05-18
    deliverable: 测试报告
    status: done
    completed: 2024-05-20
    evidence: 报告
)";

fs::path repo(const TempDir& tmp)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", k_config);
  write(tmp / "meetings/M-2024-007.yaml", k_meeting);
  write(tmp / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 其他\nowner: 赵六\ndeadline: 2024-06-30\n"
                                       "deliverable: x\nstatus: todo\n");
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult collab(const fs::path& dir, std::vector<std::string> args,
                 const std::map<std::string, std::optional<std::string>>& env = {})
{
  args.insert(args.begin(), {"--as-of", "2024-05-17"});
  return run_collab(args, dir, env);
}

std::string commits(const fs::path& dir) { return git("rev-list --count HEAD", dir); }

/// An EDITOR script running `body` (sh) on the file "$1"; it fails from its fourth run on, so
/// that a loop that never ends ends.
std::string editor(const TempDir& scripts, const std::string& name, const std::string& body)
{
  write(scripts / name, "#!/bin/sh\nruns=$(cat \"$0.runs\" 2>/dev/null || echo 0)\n[ \"$runs\" -ge 3 ] && exit 1\n"
                        "echo $((runs+1)) > \"$0.runs\"\n" + body);
  fs::permissions(scripts / name, fs::perms::owner_all);
  return (scripts / name).string();
}

} // namespace

TEST_CASE("follow-up: new meeting --follow-up carries the open actions, in one commit")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  const std::vector<std::string> flags = {"--title", "周会", "--host", "赵六", "--attendees", "赵六,孙七"};
  auto args = std::vector<std::string>{"new", "meeting", "--follow-up", "M-2024-007", "--date", "2024-05-17"};
  args.insert(args.end(), flags.begin(), flags.end());
  auto r = collab(dir, args);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  // Open on 05-17: #2 (no status) and #4 (completed only on 05-20); not #1 (done) nor #3 (cancelled).
  const std::string text = read(tmp / "meetings/M-2024-008.yaml");
  CHECK(text.find("follow_up: M-2024-007\nprevious_actions: [M-2024-007#2, M-2024-007#4]\n") != std::string::npos);
  CHECK(git("show --name-status --format=%s HEAD", dir) == "new M-2024-008: 周会\n\nA\tmeetings/M-2024-008.yaml\n");
  CHECK(git("status --porcelain", dir).empty());

  // The chain: a follow-up of M-2024-008 (no actions of its own) carries what is still open.
  REQUIRE(collab(dir, {"done", "M-2024-007#2", "--evidence", "测试环境地址"}).status == 0);
  args = {"new", "meeting", "--follow-up", "M-2024-008", "--date", "2024-05-24"};
  args.insert(args.end(), flags.begin(), flags.end());
  REQUIRE(run_collab(args, dir, {{"COLLAB_TODAY", "2024-05-24"}}).status == 0);
  CHECK(read(tmp / "meetings/M-2024-009.yaml").find("follow_up: M-2024-008\nprevious_actions: [M-2024-007#4]\n") ==
        std::string::npos); // #4 was done on 05-20: nothing open is left...
  CHECK(read(tmp / "meetings/M-2024-009.yaml").find("previous_actions") == std::string::npos); // ...so no key

  // log of the earlier meeting names its follow-ups after the revisions.
  r = run_collab({"log", "M-2024-007"}, dir);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("followed up by: M-2024-008 (2024-05-17)\n") != std::string::npos);
  CHECK(r.out.find("M-2024-009") == std::string::npos);
  CHECK(run_collab({"log", "M-2024-008"}, dir).out.find("followed up by: M-2024-009 (2024-05-24)\n") !=
        std::string::npos);
  CHECK(run_collab({"log", "T-2024-001"}, dir).out.find("followed up by") == std::string::npos);
  CHECK(run_collab({"lint"}, dir).status == 0);
}

TEST_CASE("follow-up: an id that is no meeting is refused with exit 2 and nothing written")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  const std::string before = commits(dir);
  auto r = collab(dir, {"new", "meeting", "--follow-up", "M-2024-099", "--title", "x", "--host", "赵六",
                        "--attendees", "赵六"});
  CHECK(r.status == 2);
  CHECK(r.err.find("there is no meeting M-2024-099") != std::string::npos);
  r = collab(dir, {"new", "meeting", "--follow-up", "T-2024-001", "--title", "x", "--host", "赵六", "--attendees",
                   "赵六"});
  CHECK(r.status == 2);
  CHECK(r.err.find("T-2024-001 is a task, not a meeting") != std::string::npos);
  r = collab(dir, {"new", "task", "--follow-up", "M-2024-007", "--title", "x"});
  CHECK(r.status == 2);
  CHECK(commits(dir) == before);
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("follow-up: lint reports a follow_up or previous_actions that names no meeting or action (broken-ref)")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  write(tmp / "meetings/M-2024-008.yaml",
        "id: M-2024-008\nkind: meeting\ntitle: 周会\ndate: 2024-05-17\nhost: 赵六\nrecorder: 孙七\n"
        "attendees: [赵六]\nfollow_up: T-2024-001\n"
        "previous_actions: [M-2024-007#2, M-2024-007#9, M-2024-099#1, T-2024-001#1, 第二项]\n");
  write(tmp / "meetings/M-2024-009.yaml",
        "id: M-2024-009\nkind: meeting\ntitle: 周会\ndate: 2024-05-24\nhost: 赵六\nrecorder: 孙七\n"
        "attendees: [赵六]\nfollow_up: M-2024-077\n");
  auto r = run_collab({"lint", "--format", "json"}, dir);
  CHECK(r.status == 0); // warnings
  for (const char* at : {"\"line\": 8, \"column\": 12", "\"line\": 9, \"column\": 34", "\"line\": 9, \"column\": 48",
                         "\"line\": 9, \"column\": 62", "\"line\": 9, \"column\": 76"})
    CHECK_MESSAGE(r.out.find(at) != std::string::npos, at);
  CHECK(r.out.find("\"line\": 9, \"column\": 20") == std::string::npos); // M-2024-007#2 exists
  CHECK(r.out.find("M-2024-007 has 4 actions, there is no #9") != std::string::npos);
  CHECK(r.out.find("`follow_up: T-2024-001` is a task, not a meeting") != std::string::npos);
  CHECK(r.out.find("`follow_up: M-2024-077` names no record") != std::string::npos);
  CHECK(r.out.find("`第二项` is not an action ref") != std::string::npos);
  // A lint of one file still resolves the refs against the whole root.
  r = run_collab({"lint", "meetings/M-2024-009.yaml"}, dir);
  CHECK(r.out.find("[broken-ref]") != std::string::npos);
  r = run_collab({"lint", "meetings/M-2024-008.yaml"}, dir);
  CHECK(r.out.find("entry `M-2024-007#2`") == std::string::npos);
  // Configurable like the other rules.
  write(tmp / ".collab.yaml", std::string(k_config) + "lint:\n  broken-ref: off\n");
  CHECK(run_collab({"lint"}, dir).out.find("broken-ref") == std::string::npos);
}

TEST_CASE("promote: new task --from copies the action, links it back, one commit of both files")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  write(tmp / "scratch.txt", "untracked\n");
  auto r = collab(dir, {"new", "task", "--from", "M-2024-007#2"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(tmp / "tasks/T-2024-002.yaml") ==
        "id: T-2024-002\nkind: task\ntitle: 完成活动页面前端开发\ndept: 技术部\nowner: 孙七\ndeadline: 2024-05-15\n"
        "deliverable: 可测试的活动页面(测试环境地址)\nstatus: todo\nsource: M-2024-007#2\ncreated: 2024-05-17\n");
  // The action links to the task; nothing else in the meeting changed.
  const std::string diff = git("diff HEAD~1 HEAD -- meetings/M-2024-007.yaml", dir);
  CHECK(diff.find("+    links: [T-2024-002]\n") != std::string::npos);
  CHECK(git("diff --numstat HEAD~1 HEAD", dir) == "1\t0\tmeetings/M-2024-007.yaml\n10\t0\ttasks/T-2024-002.yaml\n");
  CHECK(git("log -1 --format=%s", dir) == "new T-2024-002 from M-2024-007#2: 完成活动页面前端开发\n");
  CHECK(git("log -1 --format=%b", dir) == "M-2024-007#2 links to T-2024-002 now.\n\n");
  CHECK(git("status --porcelain", dir) == "?? scratch.txt\n");
  CHECK(run_collab({"lint"}, dir).status == 0);

  // Flags win over the copied values.
  r = collab(dir, {"new", "task", "--from", "M-2024-007#1", "--owner", "周八", "--deadline", "2024-06-01"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(tmp / "tasks/T-2024-003.yaml").find("owner: 周八\ndeadline: 2024-06-01\n") != std::string::npos);

  // Refused (exit 2, nothing written): promoted already, no such action, no action at all.
  const std::string before = commits(dir);
  r = collab(dir, {"new", "task", "--from", "M-2024-007#2"});
  CHECK(r.status == 2);
  CHECK(r.err.find("M-2024-007#2 was promoted to task T-2024-002 already") != std::string::npos);
  CHECK(collab(dir, {"new", "task", "--from", "M-2024-007#9"}).status == 2);
  CHECK(collab(dir, {"new", "task", "--from", "M-2024-007"}).status == 2);
  CHECK(collab(dir, {"new", "task", "--from", "T-2024-001#1"}).status == 2);
  CHECK(collab(dir, {"new", "task", "--from", "M-2024-099#1"}).status == 2);
  CHECK(collab(dir, {"new", "meeting", "--from", "M-2024-007#3"}).status == 2);
  CHECK(commits(dir) == before);

  // The link alone is no new version of the minutes (it follows the action up).
  CHECK(run_collab({"show", "M-2024-007"}, dir).status == 0);
}

TEST_CASE("template: new meeting in the editor offers the whole minutes and saves only what was filled")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  // The recorder fills the required fields only; the script keeps what the editor showed.
  const std::string ed = editor(scripts, "fill.sh", "cp \"$1\" \"$0.seen\"\n"
                                                    "sed -i 's/^title:.*/title: 周会/; s/^host:.*/host: 赵六/; "
                                                    "s/^attendees:.*/attendees: [赵六, 孙七]/' \"$1\"\n");
  // The git identity is 孙七 by an alias of the registry (its email is not the registry's).
  auto r = collab(dir, {"new", "meeting", "--edit"},
                  {{"EDITOR", ed}, {"VISUAL", std::nullopt}, {"GIT_AUTHOR_NAME", "Sun Qi"},
                   {"GIT_AUTHOR_EMAIL", "sunqi@example.com"}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string seen = read(scripts / "fill.sh.seen");
  for (const char* part : {"\ntitle:\n", "\ndate: 2024-05-17\n", "\ntime:\n", "\nmode:\n", "\nlocation:\n",
                           "\nhost:\n", "\nrecorder: 孙七\n", "\nabsent:\n", "\ngoals:\n", "\nagenda:\n",
                           "  # - topic: TOPIC\n", "  #   disagreements:\n", "  #   consensus:\n",
                           "  #   decisions:\n", "\nactions:\n", "# Actions: one owner, a date, a verifiable deliverable",
                           "\nopen_questions:\n", "  #   plan: ", "\nnext_meeting:\n", "\ncc:\n",
                           "\ncreated: 2024-05-17\n"})
    CHECK_MESSAGE(seen.find(part) != std::string::npos, part);
  CHECK(read(tmp / "meetings/M-2024-008.yaml") ==
        "id: M-2024-008\nkind: meeting\ntitle: 周会\ndate: 2024-05-17\nhost: 赵六\nrecorder: 孙七\n"
        "attendees: [赵六, 孙七]\ncreated: 2024-05-17\n");
  r = collab(dir, {"lint", "--strict", "meetings/M-2024-008.yaml"}); // the day of the meeting: no confirmation due yet
  CHECK_MESSAGE(r.status == 0, r.out);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(git("log -1 --format=%s", dir) == "new M-2024-008: 周会\n");

  // What the recorder fills stays, hints and the sections left empty go.
  const std::string ed2 = editor(scripts, "fill2.sh",
                                 "sed -i 's/^title:.*/title: 周会/; s/^host:.*/host: 赵六/; "
                                 "s/^attendees:.*/attendees: [赵六]/; s/^time:.*/time: \"14:00-15:00\"/; "
                                 "s/^goals:.*/goals:\\n  - 确认上线日期/' \"$1\"\n"
                                 "sed -i '/^actions:/,/^# /{ s/^  # - action: .*/  - action: 发布页面/; "
                                 "s/^  #   owner: .*/    owner: 赵六/; s/^  #   deadline: .*/    deadline: 2024-05-20/; "
                                 "s/^  #   deliverable: .*/    deliverable: 线上地址/; }' \"$1\"\n");
  r = collab(dir, {"new", "meeting", "--edit"}, {{"EDITOR", ed2}, {"VISUAL", std::nullopt}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(tmp / "meetings/M-2024-009.yaml") ==
        "id: M-2024-009\nkind: meeting\ntitle: 周会\ndate: 2024-05-17\ntime: \"14:00-15:00\"\nhost: 赵六\n"
        "recorder: 孙七\nattendees: [赵六]\ngoals:\n  - 确认上线日期\nactions:\n  - action: 发布页面\n    owner: 赵六\n"
        "    deadline: 2024-05-20\n    deliverable: 线上地址\ncreated: 2024-05-17\n");
  // ... the open_questions' "owner: one person" hint was no action's: it went with the rest.
}

TEST_CASE("template: findings in the editor loop name the lines the editor shows")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  // First save: a bad date on the line of `date:`; the script notes that line's number as the
  // editor shows the file. Second open: the finding must name that line of the file as shown then.
  const std::string ed =
    editor(scripts, "bad.sh",
           "n=$(cat \"$0.count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$0.count\"\n"
           "if [ $n -eq 1 ]; then\n"
           "  sed -i 's/^title:.*/title: 周会/; s/^host:.*/host: 赵六/; s/^attendees:.*/attendees: [赵六]/; "
           "s/^date:.*/date: 2024\\/5\\/17/' \"$1\"\n"
           "else\n"
           "  grep -n '^date:' \"$1\" | cut -d: -f1 > \"$0.line\"\n"
           "  grep 'bad-date' \"$1\" > \"$0.finding\"\n"
           "  sed -i 's/^date:.*/date: 2024-05-17/' \"$1\"\n"
           "fi\n");
  auto r = collab(dir, {"new", "meeting", "--edit"}, {{"EDITOR", ed}, {"VISUAL", std::nullopt}});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string line = read(scripts / "bad.sh.line");
  REQUIRE(!line.empty());
  const std::string finding = read(scripts / "bad.sh.finding");
  CHECK_MESSAGE(finding.find(fmt::format("line {}:7:", line.substr(0, line.size() - 1))) != std::string::npos,
                finding);
  CHECK(read(tmp / "meetings/M-2024-008.yaml").find("date: 2024-05-17\n") != std::string::npos);
}

TEST_CASE("template: in Chinese with lang: zh")
{
  TempDir tmp, scripts;
  const fs::path dir = repo(tmp);
  write(tmp / ".collab.yaml", std::string(k_config).replace(0, 8, "lang: zh"));
  git("commit -qam zh", dir);
  const std::string ed = editor(scripts, "seen.sh", "cp \"$1\" \"$0.seen\"\n");
  auto r = collab(dir, {"new", "meeting", "--edit"}, {{"EDITOR", ed}, {"VISUAL", std::nullopt}});
  CHECK(r.status == 0); // unchanged: cancelled
  const std::string seen = read(scripts / "seen.sh.seen");
  CHECK(seen.find("# 行动项：每项一个负责人、明确日期、可验证的交付成果") != std::string::npos);
  CHECK(seen.find("Optional") == std::string::npos);
  CHECK(seen.find("Actions") == std::string::npos);

  // The follow-up and the promotion speak Chinese too.
  r = collab(dir, {"new", "meeting", "--follow-up", "M-2024-007", "--title", "周会", "--host", "赵六", "--attendees",
                   "赵六"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(run_collab({"log", "M-2024-007"}, dir).out.find("后续会议：M-2024-008（2024-05-17）\n") != std::string::npos);
  r = collab(dir, {"new", "meeting", "--follow-up", "T-2024-001", "--title", "x", "--host", "赵六", "--attendees", "赵六"});
  CHECK(r.err.find("T-2024-001 是 task，不是会议") != std::string::npos);
  REQUIRE(collab(dir, {"new", "task", "--from", "M-2024-007#2"}).status == 0);
  CHECK(read(tmp / "tasks/T-2024-002.yaml").find("status: 未开始\n") != std::string::npos);
  r = collab(dir, {"new", "task", "--from", "M-2024-007#2"});
  CHECK(r.err.find("M-2024-007#2 已经升级为任务 T-2024-002") != std::string::npos);
}
