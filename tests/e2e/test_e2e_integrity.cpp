// End-to-end: what a write leaves behind when git is busy, the checkout is unusual, or the
// process dies half way; checked with the git CLI.
#include "fixtures.h"
#include "process.h"
#include "strace.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

using namespace test;

namespace {

const char* k_task = R"(id: T-2024-001
kind: task
title: 上线检查
owner: 赵六
deadline: 2024-05-20
deliverable: 检查清单
status: todo
)";

const char* const k_meeting = k_meeting_007;
const std::string& k_record = k_meeting_007_path;

/// A records root at the top of a fresh repo with one meeting and one task committed.
fs::path base_repo(const TempDir& tmp)
{
  return repo_with_meeting(tmp.path(), {{"tasks/T-2024-001.yaml", k_task}});
}

RunResult collab_in(const fs::path& dir, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--as-of", "2024-06-01"});
  return run_collab(args, dir);
}

const std::vector<std::string> k_set = {"--as-of", "2024-06-01", "-q", "set", "M-2024-007#1", "deliverable=K"};

/// Names in dir (recursively, .git included) that are temp files or locks of a writer.
std::vector<std::string> leftovers(const fs::path& dir)
{
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".tmp-") != std::string::npos || name.starts_with("index.collab-") || name == "index.lock" ||
        (name.ends_with(".lock") && name != "collab.lock"))
      out.push_back(e.path().lexically_relative(dir).string());
  }
  return out;
}

/// The number N of the first `syscall` call of `collab ARGS` whose strace line contains
/// `needle` (traced on a throwaway copy of dir), for strace's `when=N`; 0 when none does.
int nth_call(const fs::path& dir, const std::string& syscall, const std::string& needle, std::vector<std::string> args)
{
  TempDir copy;
  sh(fmt::format("cp -a '{}/.' '{}'", dir.string(), copy.path().string()), dir);
  const fs::path log = copy / ".strace.log";
  std::vector<std::string> cmd = {"strace", "-f", "-qq", "-o", log.string(), "-e", "trace=" + syscall, COLLAB_BIN};
  cmd.insert(cmd.end(), args.begin(), args.end());
  run(cmd, copy.path());
  const std::string text = read(log);
  int n = 0;
  for (size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    const std::string line = text.substr(at, text.find('\n', at) - at);
    if (line.find(syscall + "(") == std::string::npos || line.find("resumed>") != std::string::npos)
      continue;
    ++n;
    if (line.find(needle) != std::string::npos)
      return n;
    if (text.find('\n', at) == std::string::npos)
      break;
  }
  return 0;
}

} // namespace

TEST_CASE("integrity: a kill between index and branch never leaves an index that reverts the commit")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  for (int n = 1; n <= 6; ++n) {
    CAPTURE(n);
    TempDir tmp;
    const fs::path dir = base_repo(tmp);
    const auto r = run_collab_injected(fmt::format("rename:signal=KILL:when={}", n), k_set, dir);
    // As the advice says, once no git process runs.
    fs::remove(dir / ".git/index.lock");
    fs::remove(dir / ".git/refs/heads/main.lock");
    const bool committed = git("log --format=%s", dir).find("set M-2024-007#1") != std::string::npos;
    write(dir / "NOTES.md", "notes\n");
    git("add NOTES.md", dir);
    git("commit -qm notes", dir);
    // Killed before the branch moved, the change may be staged and go into the user's commit;
    // once collab's commit exists, the next commit must keep it.
    if (committed)
      CHECK(git("show HEAD:" + k_record, dir).find("deliverable: K") != std::string::npos);
    if (r.status == 0)
      break;
  }
}

TEST_CASE("integrity: a commit in a sparse checkout leaves the paths outside it alone")
{
  TempDir tmp;
  base_repo(tmp);
  git("clone -q --no-checkout . ../" + tmp.path().filename().string() + "-s", tmp.path());
  const fs::path s = tmp.path().parent_path() / (tmp.path().filename().string() + "-s");
  struct Remove {
    fs::path p;
    ~Remove() { fs::remove_all(p); }
  } remove{s};
  git_init(s); // identity only: the clone exists
  git("sparse-checkout set meetings", s);
  git("checkout -q main", s);
  REQUIRE_FALSE(fs::exists(s / "tasks/T-2024-001.yaml"));
  write(s / k_record, std::string(k_meeting) + "notes: 会后发布\n");
  const auto r = collab_in(s, {"commit", "-m", "x"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("show --name-status --format= HEAD", s) == "M\t" + k_record + "\n");
  CHECK(git("ls-tree -r --name-only HEAD", s).find("tasks/T-2024-001.yaml") != std::string::npos);
  CHECK(git("ls-files -v tasks", s) == "S tasks/T-2024-001.yaml\n");
  CHECK(git("status --porcelain", s).empty());
  // set too: it commits only its own path.
  const auto r2 = collab_in(s, {"set", "M-2024-007#1", "deliverable=K"});
  REQUIRE_MESSAGE(r2.status == 0, r2.err);
  CHECK(git("ls-tree -r --name-only HEAD", s).find("tasks/T-2024-001.yaml") != std::string::npos);
  CHECK(git("status --porcelain", s).empty());
}

TEST_CASE("integrity: writes during a merge or cherry-pick are refused with the state named")
{
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  git("checkout -qb other", dir);
  write(dir / k_record, std::string(k_meeting) + "notes: other\n");
  git("commit -qam other", dir);
  git("checkout -q main", dir);
  write(dir / k_record, std::string(k_meeting) + "notes: main\n");
  git("commit -qam main", dir);
  const std::string head = git("rev-parse HEAD", dir);

  SUBCASE("merge")
  {
    sh("git merge other >/dev/null 2>&1", dir);
    const std::string stages = git("ls-files -s", dir);
    REQUIRE(stages.find(" 3\t") != std::string::npos);
    write(dir / k_record, std::string(k_meeting) + "notes: both\n");
    const auto r = collab_in(dir, {"commit", "-m", "x"});
    CHECK(r.status == 3);
    CHECK(r.err.find("merge is in progress") != std::string::npos);
    CHECK(r.err.find("git merge --abort") != std::string::npos);
    CHECK(git("ls-files -s", dir) == stages);
    const auto s = collab_in(dir, {"set", "T-2024-001", "owner=孙七"});
    CHECK(s.status == 3);
    CHECK(s.err.find("merge is in progress") != std::string::npos);
    CHECK(read(dir / "tasks/T-2024-001.yaml") == k_task);
  }
  SUBCASE("cherry-pick")
  {
    sh("git cherry-pick other >/dev/null 2>&1", dir);
    const auto s = collab_in(dir, {"set", "T-2024-001", "owner=孙七"});
    CHECK(s.status == 3);
    CHECK(s.err.find("cherry-pick is in progress") != std::string::npos);
    CHECK(s.err.find("git cherry-pick --abort") != std::string::npos);
    CHECK(read(dir / "tasks/T-2024-001.yaml") == k_task);
  }
  CHECK(git("rev-parse HEAD", dir) == head);
}

TEST_CASE("integrity: a clean filter and core.autocrlf apply as with git add")
{
  TempDir tmp;
  const fs::path dir = tmp.path();
  SUBCASE("filter")
  {
    git_init(dir);
    git("config filter.rot.clean 'tr A-Za-z N-ZA-Mn-za-m'", dir);
    git("config filter.rot.smudge 'tr A-Za-z N-ZA-Mn-za-m'", dir);
    write(dir / ".gitattributes", "*.yaml filter=rot\n");
    write(dir / ".collab.yaml", "");
    write(dir / k_record, k_meeting);
    git("add -A", dir);
    git("commit -qm base", dir);
    const auto r = collab_in(dir, {"set", "M-2024-007#1", "deliverable=K"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string blob = git("cat-file -p HEAD:" + k_record, dir);
    CHECK(blob.find("qryvirenoyr: X") != std::string::npos); // rot13 of "deliverable: K"
    CHECK(blob.find("deliverable") == std::string::npos);
    CHECK(git("status --porcelain", dir).empty());
  }
  SUBCASE("autocrlf")
  {
    base_repo(tmp);
    git("config core.autocrlf true", dir);
    std::string crlf;
    for (char c : std::string(k_meeting) + "notes: 会后发布\n")
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    write(dir / k_record, crlf);
    const auto r = collab_in(dir, {"commit", "-m", "x"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(git("cat-file -p HEAD:" + k_record, dir).find('\r') == std::string::npos);
    CHECK(git("status --porcelain", dir).empty());
  }
}

TEST_CASE("integrity: a full disk leaves everything as it was, or the whole commit")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  // A set makes about 12 writes (undo log, file, objects, refs, reflogs, index): fail each in turn.
  for (int n = 1; n <= 16; ++n) {
    CAPTURE(n);
    TempDir tmp;
    const fs::path dir = base_repo(tmp);
    const std::string head = git("rev-parse HEAD", dir);
    const auto r = run_collab_injected(fmt::format("write:error=ENOSPC:when={}", n), k_set, dir);
    const bool moved = git("rev-parse HEAD", dir) != head;
    CHECK(moved == (r.status == 0));
    CHECK(git("status --porcelain", dir).empty()); // file, index and HEAD agree
    CHECK(leftovers(dir).empty());
    if (r.status != 0) {
      CHECK(r.status == 3);
      CHECK(read(dir / k_record) == k_meeting);
      CHECK(r.err.find("nothing was") != std::string::npos);
    }
  }
}

TEST_CASE("integrity: a detached HEAD or a foreign GIT_DIR is refused, with what to do")
{
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  git("checkout -q --detach", dir);
  auto r = collab_in(dir, {"set", "T-2024-001", "owner=孙七"});
  CHECK(r.status == 3);
  CHECK(r.err.find("HEAD is detached") != std::string::npos);
  CHECK(r.err.find("git switch") != std::string::npos);
  CHECK(read(dir / "tasks/T-2024-001.yaml") == k_task);
  git("checkout -q main", dir);

  TempDir other;
  git_init(other.path());
  r = run_collab({"--as-of", "2024-06-01", "set", "T-2024-001", "owner=孙七"}, dir,
                 {{"GIT_DIR", (other.path() / ".git").string()}});
  CHECK(r.status == 3);
  CHECK(r.err.find("GIT_DIR is set") != std::string::npos);
  CHECK(read(dir / "tasks/T-2024-001.yaml") == k_task);
}

TEST_CASE("integrity: temp files and locks of a killed write are removed, SIGTERM waits for the commit")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  // Killed at the index install: the temp index, its backup and index.lock stay behind.
  auto r = run_collab_injected(fmt::format("rename:signal=KILL:when={}", nth_call(dir, "rename", "/.git/index\")", k_set)),
                               k_set, dir);
  REQUIRE(r.status != 0);
  CHECK_FALSE(leftovers(dir).empty());
  r = collab_in(dir, {"-q", "set", "M-2024-007#1", "deliverable=L"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.err.find("left by collab process") != std::string::npos);
  CHECK(leftovers(dir).empty());
  CHECK(git("status --porcelain", dir).empty());

  // Killed before the record's rename, or the undo log's: the temp file is removed by the next write.
  for (const std::string file : {"/meetings/", "/.git/collab-undo"}) {
    CAPTURE(file);
    r = run_collab_injected(fmt::format("rename:signal=KILL:when={}", nth_call(dir, "rename", file, k_set)), k_set, dir);
    REQUIRE(r.status != 0);
    CHECK_FALSE(leftovers(dir).empty());
    r = collab_in(dir, {"-q", "set", "M-2024-007#1", "deliverable=M" + file});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(leftovers(dir).empty());
  }

  // SIGTERM in the middle: delivered once the commit is complete.
  const std::string head = git("rev-parse HEAD", dir);
  r = run_collab_injected("rename:signal=TERM:when=1", k_set, dir);
  CHECK(r.status == 128 + 15);
  CHECK(git("rev-parse HEAD", dir) != head);
  CHECK(git("status --porcelain", dir).empty());
  CHECK(leftovers(dir).empty());
}

// Found beside `git commit` under load: a file changed in the same clock tick as git's last
// index write ("racily clean", same size and time) must still read as modified after collab
// rewrote the index; a later `git commit -a` would otherwise leave the change out.
TEST_CASE("integrity: a racily clean file stays modified for git after a collab write")
{
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  git("config core.trustctime false", dir); // the clock tick is simulated by setting mtimes
  // The file before the index within one second (git compares seconds, libgit2 nanoseconds).
  write(tmp / "NOTES", "1\n");
  sh("touch -d @1700000000.2 NOTES && git add NOTES && git commit -qm notes && touch -d @1700000000.7 .git/index", dir);
  write(tmp / "NOTES", "2\n"); // same size, same time: only git's racy rule tells it apart
  sh("touch -d @1700000000.2 NOTES", dir);
  // --no-optional-locks: a plain `git status` would itself smudge the entry and hide the defect.
  REQUIRE(git("--no-optional-locks status --porcelain", dir) == " M NOTES\n");
  const auto r = run_collab(k_set, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("--no-optional-locks status --porcelain", dir) == " M NOTES\n");
  git("commit -qam notes2", dir);
  CHECK(git("show HEAD:NOTES", dir) == "2\n");
}

// Speed, and a real cost: Debian's libgit2 parses every system CA certificate when it starts
// (more than half of a write at 1,000 records); collab stands in for the parser (repo.cpp).
TEST_CASE("integrity: a write never reads the system's CA certificates")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  const fs::path log = tmp / "openat.log";
  std::vector<std::string> args = {"strace", "-f", "-qq", "-o", log.string(), "-e", "trace=openat,open", COLLAB_BIN};
  args.insert(args.end(), k_set.begin(), k_set.end());
  const auto r = run(args, dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string calls = read(log);
  CHECK(calls.find("libgit2") != std::string::npos); // libgit2 was loaded
  CHECK_MESSAGE(calls.find("/etc/ssl/") == std::string::npos, calls);
}


// SPEC §5.1: a write either completes or leaves the repository as it was. A kill after the
// record is in place but before the branch moves leaves the file changed (and maybe staged);
// the next write undoes it from the undo log in .git before it reads anything.
TEST_CASE("integrity: a write killed before its commit is undone by the next write")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  // After the record's rename (objects not yet written), and at the index's install (staged).
  for (const auto& [syscall, needle] : {std::pair<std::string, std::string>{"link", "tmp_object"},
                                        std::pair<std::string, std::string>{"rename", "/.git/index\")"}}) {
    CAPTURE(syscall);
    TempDir tmp;
    const fs::path dir = base_repo(tmp);
    const int n = nth_call(dir, syscall, needle, k_set);
    REQUIRE(n > 0);
    const auto killed = run_collab_injected(fmt::format("{}:signal=KILL:when={}", syscall, n), k_set, dir);
    REQUIRE(killed.status != 0);
    REQUIRE(read(tmp / k_record) != k_meeting); // the kill came after the file changed
    CHECK(git("rev-list --count HEAD", dir) == "1\n");
    // The next write, of another record, undoes it first and says so.
    const auto r = collab_in(dir, {"done", "T-2024-001", "--evidence", "清单"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK_MESSAGE(r.err.find("was killed before its commit; undone: meetings/M-2024-007.yaml as it was") !=
                    std::string::npos,
                  r.err);
    CHECK(read(tmp / k_record) == k_meeting);
    CHECK(git("show HEAD:" + k_record, dir) == k_meeting);
    CHECK(git("diff --name-only HEAD~1 HEAD", dir) == "tasks/T-2024-001.yaml\n");
    CHECK(git("status --porcelain", dir).empty());
    CHECK_FALSE(fs::exists(tmp / ".git/collab-undo"));
    CHECK(sh("git fsck --strict", dir).status == 0);
  }
}

TEST_CASE("integrity: a write killed after its commit is kept by the next write")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  const int n = nth_call(dir, "unlink", "collab-undo", k_set);
  REQUIRE(n > 0);
  run_collab_injected(fmt::format("unlink:signal=KILL:when={}", n), k_set, dir);
  REQUIRE(fs::exists(tmp / ".git/collab-undo"));
  const std::string committed = read(tmp / k_record);
  CHECK(git("show HEAD:" + k_record, dir) == committed);
  const auto r = collab_in(dir, {"done", "T-2024-001", "--evidence", "清单"});
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.err.find("killed") == std::string::npos);
  CHECK(read(tmp / k_record) == committed);
  CHECK(git("show HEAD~1:" + k_record, dir) == committed);
  CHECK(git("status --porcelain", dir).empty());
  CHECK_FALSE(fs::exists(tmp / ".git/collab-undo"));
}

namespace {

/// The names of libgit2's temp object files (`tmp_object_git2_*`) in the objects folder, sorted.
std::vector<std::string> object_temps(const fs::path& objects)
{
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(objects))
    if (e.path().filename().string().starts_with("tmp_object_git2_"))
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// Dates a file `age` back, as if nobody had written to it since.
void age_by(const fs::path& p, std::chrono::seconds age)
{
  fs::last_write_time(p, fs::file_time_type::clock::now() - age);
}

} // namespace

TEST_CASE("integrity: libgit2's temp object files are removed by a write once an hour old, fresh ones are kept")
{
  using std::chrono::hours;
  using std::chrono::minutes;
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  const fs::path objects = dir / ".git/objects";

  SUBCASE("planted")
  {
    write(objects / "tmp_object_git2_00000000000000aa", "x");
    age_by(objects / "tmp_object_git2_00000000000000aa", hours(2));
    write(objects / "tmp_object_git2_00000000000000bb", "x"); // another writer's, right now
    write(objects / "tmp_object_git2_00000000000000cc", "x");
    age_by(objects / "tmp_object_git2_00000000000000cc", minutes(50));
    const auto r = collab_in(dir, {"-q", "set", "M-2024-007#1", "deliverable=K"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(object_temps(objects) ==
          std::vector<std::string>{"tmp_object_git2_00000000000000bb", "tmp_object_git2_00000000000000cc"});
  }
  SUBCASE("from a linked work tree, in the objects folder it shares")
  {
    git("worktree add -q ../" + tmp.path().filename().string() + "-wt -b side", dir);
    const fs::path wt = tmp.path().parent_path() / (tmp.path().filename().string() + "-wt");
    struct Remove {
      fs::path p;
      ~Remove() { fs::remove_all(p); }
    } remove{wt};
    write(objects / "tmp_object_git2_00000000000000aa", "x");
    age_by(objects / "tmp_object_git2_00000000000000aa", hours(2));
    const auto r = collab_in(wt, {"-q", "set", "M-2024-007#1", "deliverable=K"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(object_temps(objects).empty());
    CHECK(git("status --porcelain", wt).empty());
  }
  SUBCASE("left by a write killed before libgit2 named its first object")
  {
    if (!strace_usable()) {
      MESSAGE("strace is missing or may not trace here; skipped");
      return;
    }
    // libgit2 links each finished temp file to the object's name, then unlinks it.
    const auto killed = run_collab_injected("link:signal=KILL:when=1", k_set, dir);
    REQUIRE(killed.status != 0);
    const std::vector<std::string> left = object_temps(objects);
    REQUIRE(left.size() == 1);
    // The next write cannot tell it from a live writer's: it stays.
    auto r = collab_in(dir, {"-q", "set", "M-2024-007#1", "deliverable=L"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(object_temps(objects) == left);
    // An hour later it can.
    age_by(objects / left.front(), hours(1) + minutes(1));
    r = collab_in(dir, {"-q", "set", "M-2024-007#1", "deliverable=M"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(object_temps(objects).empty());
  }
  CHECK(git("status --porcelain", dir).empty());
  const auto fsck = sh("git fsck --strict 2>&1", dir);
  CHECK_MESSAGE(fsck.status == 0, fsck.out);
}

TEST_CASE("integrity: the record, objects and index reach the disk before the branch moves")
{
  if (!strace_usable()) {
    MESSAGE("strace is missing or may not trace here; skipped");
    return;
  }
  TempDir tmp;
  const fs::path dir = base_repo(tmp);
  const fs::path log = tmp / ".strace.log";
  std::vector<std::string> cmd = {"strace", "-f", "-qq", "-o", log.string(), "-e", "trace=rename,syncfs", COLLAB_BIN};
  cmd.insert(cmd.end(), k_set.begin(), k_set.end());
  REQUIRE(run(cmd, dir).status == 0);
  // The calls in order, one letter each: R record renamed into place, I index, B branch,
  // S syncfs.
  std::string order;
  const std::string text = read(log);
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    if (line.find("syncfs(") != std::string::npos)
      order += 'S';
    else if (line.find("rename(") != std::string::npos && line.find(k_record + "\"") != std::string::npos)
      order += 'R';
    else if (line.find("rename(") != std::string::npos && line.find("/.git/index\"") != std::string::npos)
      order += 'I';
    else if (line.find("rename(") != std::string::npos && line.find("refs/heads/main\"") != std::string::npos)
      order += 'B';
    if (end == std::string::npos)
      break;
    at = end + 1;
  }
  CHECK(order == "RISBS");
  // With COLLAB_FSYNC=0 (benchmarks only) nothing is flushed.
  const auto r = sh(fmt::format("COLLAB_FSYNC=0 strace -f -qq -e trace=syncfs,fsync '{}' --as-of 2024-06-01 -q set "
                                "M-2024-007#1 deliverable=L 2>&1",
                                COLLAB_BIN),
                    dir);
  CHECK(r.out.find("syncfs(") == std::string::npos);
}
