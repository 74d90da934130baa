// End-to-end: collab's commits run the repository's hooks as `git commit` does (pre-commit,
// prepare-commit-msg, commit-msg, post-commit; core.hooksPath; --no-verify).
#include "fixtures.h"
#include "process.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace test;

namespace {

const char* k_config = "people:\n  赵六: {dept: 市场部}\n";

/// A records root with one committed meeting (M-2024-007) and a people registry.
fs::path hooks_repo(const TempDir& tmp) { return repo_with_meeting(tmp.path(), {{".collab.yaml", k_config}}); }

/// An executable hook script.
void hook(const fs::path& p, const std::string& body) { write_script(p, body); }

RunResult set_deliverable(const fs::path& dir, std::vector<std::string> extra = {})
{
  std::vector<std::string> args{"--as-of", "2024-06-01"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"set", "M-2024-007#1", "deliverable=终稿"});
  return run_collab(args, dir);
}

} // namespace

TEST_CASE("hooks: a pre-commit hook that fails refuses the write and leaves the repository as it was")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/pre-commit", "echo 'pre-commit says no'\nexit 1\n");
  const std::string head = git("rev-parse HEAD", dir);

  const auto r = set_deliverable(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "pre-commit says no\n"), r.err); // its output, on stderr
  CHECK(r.out.empty());
  CHECK_MESSAGE(has(r.err, "collab: error: the pre-commit hook refused the commit (exit status 1)"), r.err);
  CHECK(git("rev-parse HEAD", dir) == head);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(read(tmp / "meetings/M-2024-007.yaml") == k_meeting_007);
  CHECK(sh("ls .git | grep -c 'index.collab\\|index.lock'", dir).out == "0\n");

  // --no-verify skips it, before or after the command.
  auto ok = set_deliverable(dir, {"--no-verify"});
  REQUIRE_MESSAGE(ok.status == 0, ok.err);
  CHECK(!has(ok.err, "pre-commit says no"));
  CHECK(git("rev-parse HEAD^", dir) == head);
  ok = run_collab({"--as-of", "2024-06-01", "set", "M-2024-007#1", "deliverable=再稿", "--no-verify"}, dir);
  CHECK_MESSAGE(ok.status == 0, ok.err);
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("hooks: pre-commit sees the change staged, in the work tree's top folder")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/pre-commit", "pwd > seen-pwd\ngit diff --cached --name-only > seen-staged\n"
                                       "git show :meetings/M-2024-007.yaml | grep deliverable > seen-content\n");
  const auto r = run_collab({"--as-of", "2024-06-01", "-C", "meetings", "set", "M-2024-007#1", "deliverable=终稿"}, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(fs::path(read(tmp / "seen-pwd").substr(0, read(tmp / "seen-pwd").size() - 1)) == fs::canonical(dir));
  CHECK(read(tmp / "seen-staged") == "meetings/M-2024-007.yaml\n");
  CHECK(read(tmp / "seen-content") == "    deliverable: 终稿\n");
}

TEST_CASE("hooks: commit-msg can rewrite the message, or refuse it")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/commit-msg", "grep -q '^set M-2024-007#1' \"$1\" || exit 1\n"
                                       "printf '[PRJ-7] %s\\n\\n\\n' \"$(head -1 \"$1\")\" > \"$1\"\n");
  auto r = set_deliverable(dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("log -1 --format=%B", dir) == "[PRJ-7] set M-2024-007#1: 提交最终版设计稿\n\n");
  CHECK(git("log -g -1 --format=%gs", dir) == "commit: [PRJ-7] set M-2024-007#1: 提交最终版设计稿\n");

  hook(tmp / ".git/hooks/commit-msg", "echo 'no ticket' >&2\nexit 3\n");
  const std::string head = git("rev-parse HEAD", dir);
  r = run_collab({"--as-of", "2024-06-01", "set", "M-2024-007#1", "deliverable=再稿"}, dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "no ticket\n"), r.err);
  CHECK_MESSAGE(has(r.err, "the commit-msg hook refused the commit (exit status 3)"), r.err);
  CHECK(git("rev-parse HEAD", dir) == head);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(run_collab({"--as-of", "2024-06-01", "--no-verify", "set", "M-2024-007#1", "deliverable=再稿"}, dir).status ==
        0);
}

TEST_CASE("hooks: post-commit runs after the commit, and its failure changes nothing")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/post-commit", "git rev-parse HEAD > post-marker\nexit 1\n");
  const auto r = set_deliverable(dir, {"--no-verify"}); // post-commit runs even so, as with git
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(read(tmp / "post-marker") == git("rev-parse HEAD", dir));
  CHECK(git("rev-parse HEAD^", dir) != git("rev-parse HEAD", dir));
  CHECK(git("status --porcelain", dir) == "?? post-marker\n");
}

TEST_CASE("hooks: core.hooksPath is where the hooks are, and a file that is not executable is no hook")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/pre-commit", "exit 0\n");
  hook(tmp / "my-hooks/pre-commit", "echo 'from my-hooks'\nexit 1\n");
  git("config core.hooksPath my-hooks", dir); // relative: to the work tree's top
  auto r = set_deliverable(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "from my-hooks\n"), r.err);

  ::chmod((tmp / "my-hooks/pre-commit").c_str(), 0644);
  r = set_deliverable(dir);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(!has(r.err, "from my-hooks"));
}

TEST_CASE("hooks: a merge of sync runs pre-merge-commit, commit-msg and post-merge, as git merge does")
{
  TempDir tmp;
  const fs::path remote = tmp / "remote.git", a = tmp / "a", b = tmp / "b";
  run({"git", "init", "-q", "--bare", "-b", "main", remote.string()}, tmp.path());
  git_init(a);
  write(a / ".collab.yaml", k_config);
  write(a / "meetings/M-2024-007.yaml", k_meeting_007);
  git("add -A && git commit -qm base && git remote add origin " + remote.string() + " && git push -qu origin main", a);
  REQUIRE(run({"git", "clone", "-q", remote.string(), b.string()}, tmp.path()).status == 0);
  const auto collab = [](const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"--as-of", "2024-06-01"});
    return run_collab(args, dir);
  };
  REQUIRE(collab(a, {"set", "M-2024-007", "title=钩子测试（改）"}).status == 0);
  REQUIRE(collab(a, {"sync"}).status == 0);
  REQUIRE(collab(b, {"set", "M-2024-007", "location=3楼会议室"}).status == 0);
  hook(b / ".git/hooks/pre-merge-commit", "git diff --cached --name-only > ../seen-staged\necho 'no merges'\nexit 1\n");
  hook(b / ".git/hooks/commit-msg", "echo \"$(head -1 \"$1\") [checked]\" > \"$1\"\n");
  hook(b / ".git/hooks/post-merge", "echo \"$1 $(git rev-parse HEAD)\" > ../post-merge\n");
  const std::string head = git("rev-parse HEAD", b);

  auto r = collab(b, {"sync"});
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "no merges\n"), r.err);
  CHECK_MESSAGE(has(r.err, "the pre-merge-commit hook refused the commit (exit status 1)"), r.err);
  CHECK(read(tmp / "seen-staged") == "meetings/M-2024-007.yaml\n");
  CHECK(git("rev-parse HEAD", b) == head);
  CHECK(git("status --porcelain", b).empty());
  CHECK(!fs::exists(tmp / "post-merge"));

  r = collab(b, {"--no-verify", "sync"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("log -1 --format=%P", b).find(' ') != std::string::npos); // a merge commit
  CHECK(!has(git("log -1 --format=%s", b), "[checked]"));              // commit-msg skipped too
  CHECK(read(tmp / "post-merge") == "0 " + git("rev-parse HEAD", b));

  // A fast-forward runs post-merge only; a merge with the hooks takes commit-msg's message.
  hook(a / ".git/hooks/post-merge", "echo \"$1 $(git rev-parse HEAD)\" > ../ff-post-merge\n");
  hook(a / ".git/hooks/pre-commit", "exit 0\n");
  REQUIRE(collab(a, {"sync"}).status == 0); // a fast-forwards to b's merge
  CHECK(read(tmp / "ff-post-merge") == "0 " + git("rev-parse HEAD", b));
  fs::remove(b / ".git/hooks/pre-merge-commit");
  REQUIRE(collab(a, {"set", "M-2024-007", "title=钩子测试（再改）"}).status == 0);
  REQUIRE(collab(a, {"sync"}).status == 0);
  REQUIRE(collab(b, {"set", "M-2024-007", "location=4楼会议室"}).status == 0);
  r = collab(b, {"sync"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("log -1 --format=%P", b).find(' ') != std::string::npos);
  CHECK_MESSAGE(has(git("log -1 --format=%s", b), " [checked]"), git("log -3 --format=%s", b));
}

TEST_CASE("hooks: a hook written without #! runs with sh, as git runs it")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  write(tmp / ".git/hooks/pre-commit", "echo 'plain script says no'\nexit 1\n");
  ::chmod((tmp / ".git/hooks/pre-commit").c_str(), 0755);
  const std::string head = git("rev-parse HEAD", dir);
  const auto r = set_deliverable(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "plain script says no"), r.err);
  CHECK(git("rev-parse HEAD", dir) == head);
  CHECK(git("status --porcelain", dir).empty());
}

TEST_CASE("hooks: a pre-commit hook that stages a file refuses the write: no staged change is left that no commit holds")
{
  TempDir tmp;
  const fs::path dir = hooks_repo(tmp);
  hook(tmp / ".git/hooks/pre-commit", "echo generated > generated.txt\ngit add generated.txt\n");
  const std::string head = git("rev-parse HEAD", dir);
  const auto r = set_deliverable(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "a hook changed the index"), r.err);
  CHECK(git("rev-parse HEAD", dir) == head);
  CHECK(git("diff --cached --name-only", dir).empty()); // the real index is HEAD's
  CHECK(has(git("status --porcelain", dir), "?? generated.txt"));
  CHECK(read(tmp / "meetings/M-2024-007.yaml") == k_meeting_007);
}
