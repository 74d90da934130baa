// End-to-end: the guides' rules hold on the write commands too (SPEC §5.1, issue 10's first
// findings): set refuses unknown keys and moving a deadline; done and delay refuse data that
// contradicts the record.
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

namespace {

const char* k_task = "id: 2024-市场-001\nkind: task\ntitle: 上线检查\nowner: 赵六\ndeadline: 2024-05-20\n"
                     "deliverable: 检查清单\nstatus: todo\n";
const std::string k_path = "tasks/2024-市场-001.yaml";

fs::path repo(const TempDir& tmp)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", "people:\n  赵六: {dept: 市场部}\n  孙七: {dept: 技术部}\n");
  write(tmp / k_path, k_task);
  git("add -A", tmp.path());
  git("commit -qm base", tmp.path());
  return tmp.path();
}

RunResult collab(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-05-10"});
  return run_collab(args, dir);
}


/// Nothing was written or committed.
void unchanged(const TempDir& tmp)
{
  CHECK(read(tmp / k_path) == k_task);
  CHECK(git("rev-list --count HEAD", tmp.path()) == "1\n");
  CHECK(git("status --porcelain", tmp.path()).empty());
}

} // namespace

TEST_CASE("set: an unknown key is refused with the nearest known one")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  auto r = collab(dir, {"set", "2024-市场-001", "deadlne=2024-05-30"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "unknown field `deadlne` for 2024-市场-001; did you mean `deadline`?"), r.err);
  r = collab(dir, {"set", "2024-市场-001", "raci.responsibel=孙七"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "did you mean `responsible`?"), r.err);
  r = collab(dir, {"set", "2024-市场-001", "raci=孙七"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "`raci` is a structure"), r.err);
  r = collab(dir, {"set", "2024-市场-001", "goal="});
  CHECK(r.status == 2);
  unchanged(tmp);
}

TEST_CASE("set: a key of a mapping field is written into it")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  auto r = collab(dir, {"set", "2024-市场-001", "raci.responsible=孙七"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  r = collab(dir, {"set", "2024-市场-001", "raci.accountable=赵六"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string head = git("show HEAD:" + k_path, dir);
  CHECK_MESSAGE(has(head, "raci: {responsible: 孙七, accountable: 赵六}\n"), head);
  CHECK(run_collab({"lint"}, dir).status == 0);
}

TEST_CASE("set: a deadline moves only with delay, and delay's own keys are not set")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  auto r = collab(dir, {"set", "2024-市场-001", "deadline=2024-06-30"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "a deadline moves only with its reason: `collab delay 2024-市场-001 --to DATE --reason TEXT`"),
                r.err);
  for (const char* a : {"original_deadline=2024-05-01", "delay_reason=x", "completed=2024-05-09"}) {
    CAPTURE(a);
    CHECK(collab(dir, {"set", "2024-市场-001", a}).status == 2);
  }
  unchanged(tmp);
  // The same deadline again changes nothing and is no error.
  CHECK(collab(dir, {"set", "2024-市场-001", "deadline=2024-05-20", "goal=上线"}).status == 0);
}

TEST_CASE("done: once, and not in the future, delay: later, not past, not when closed")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  auto r = collab(dir, {"done", "2024-市场-001", "--date", "2024-05-11"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "--date 2024-05-11 is in the future (today is 2024-05-10)"), r.err);
  r = collab(dir, {"delay", "2024-市场-001", "--to", "2024-05-09", "--reason", "x"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "is in the past"), r.err);
  r = collab(dir, {"delay", "2024-市场-001", "--to", "2024-05-18", "--reason", "x"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "is not after the current deadline 2024-05-20"), r.err);
  unchanged(tmp);

  REQUIRE(collab(dir, {"done", "2024-市场-001", "--evidence", "清单链接"}).status == 0);
  const std::string done = read(tmp / k_path);
  r = collab(dir, {"done", "2024-市场-001"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "is already done (completed 2024-05-10)"), r.err);
  r = collab(dir, {"delay", "2024-市场-001", "--to", "2024-06-30", "--reason", "x"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "is done; a closed item is not delayed"), r.err);
  CHECK(read(tmp / k_path) == done);
}

TEST_CASE("dates on the command line: the Chinese forms are written as ISO dates")
{
  TempDir tmp;
  const fs::path dir = repo(tmp); // today is Friday 2024-05-10
  auto r = collab(dir, {"delay", "2024-市场-001", "--to", "5月25日", "--reason", "供应商延迟"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  r = collab(dir, {"set", "2024-市场-001", "start=下周一"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string head = git("show HEAD:" + k_path, dir);
  CHECK_MESSAGE(has(head, "deadline: 2024-05-25\n"), head);
  CHECK(has(head, "start: 2024-05-13\n"));
  r = collab(dir, {"set", "2024-市场-001", "start=2024/5/12"});
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "write `2024-05-12` (YYYY-MM-DD)"), r.err);
}

TEST_CASE("new: an id is never given twice, not even after rm")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  const std::vector<std::string> meeting = {"-q",          "new",         "meeting",           "--set", "title=周会",
                                            "--set",       "host=赵六",   "--set",             "recorder=孙七",
                                            "--set",       "attendees=赵六,孙七", "--date", "2024-05-10"};
  auto r = collab(dir, meeting);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out == "M-2024-001\n");
  REQUIRE(collab(dir, meeting).out == "M-2024-002\n");
  REQUIRE(collab(dir, {"rm", "M-2024-002"}).status == 0);
  r = collab(dir, meeting);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out == "M-2024-003\n"); // not M-2024-002 again: its history stays its own
  CHECK(git("log --format=%s -- meetings/M-2024-003.yaml", dir) == "new M-2024-003: 周会\n");
}

TEST_CASE("writes print only the warnings they bring, and none with -q")
{
  TempDir tmp;
  const fs::path dir = repo(tmp);
  // A warning the file already has (vague wording) is not repeated by every later write.
  auto r = collab(dir, {"set", "2024-市场-001", "deliverable=尽快提交"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(has(r.err, "[vague-wording]"), r.err);
  r = collab(dir, {"set", "2024-市场-001", "status=doing"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(!has(r.err, "[vague-wording]"), r.err);
  // A new one is shown, except with -q.
  r = collab(dir, {"-q", "set", "2024-市场-001", "deliverable=待定"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(r.err.empty(), r.err);
}
