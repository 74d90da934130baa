// End-to-end: set in unusual repository states (a linked work tree, a submodule, read-only
// files and folders, a rebase, revert or `git am` stopped at a conflict, a bisect, a sparse
// index, a records root inside a project with other changes pending); checked with the git CLI.
#include "fixtures.h"
#include "process.h"

#include <doctest/doctest.h>

#include <unistd.h>

using namespace test;

namespace {

const char* const k_meeting = k_meeting_007;
const std::string& k_record = k_meeting_007_path;

/// A records root at the top of a fresh repo in dir with one meeting committed.
RunResult set_in(const fs::path& dir, const std::string& value = "X")
{
  return run_collab({"--as-of", "2024-06-01", "-q", "set", "M-2024-007#1", "deliverable=" + value}, dir);
}


/// The lines of text that contain part.
std::string lines_with(const std::string& text, const std::string& part)
{
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    const std::string line = text.substr(pos, end - pos);
    if (has(line, part))
      out += line + "\n";
    pos = end + 1;
  }
  return out;
}

} // namespace

TEST_CASE("states: set in a linked git worktree commits on that worktree's branch")
{
  TempDir tmp;
  const fs::path main = repo_with_meeting(tmp / "repo");
  git("worktree add -q ../wt -b side", main);
  const fs::path wt = tmp / "wt";
  const std::string main_head = git("rev-parse main", main);

  const auto r = set_in(wt);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(git("log -1 --format=%s side", main), "M-2024-007"));
  CHECK(git("show --name-only --format= side", main) == k_record + "\n");
  CHECK(has(git("show side:" + k_record, main), "deliverable: X"));
  CHECK(git("rev-parse main", main) == main_head);
  CHECK(git("symbolic-ref HEAD", main) == "refs/heads/main\n");
  CHECK(git("symbolic-ref HEAD", wt) == "refs/heads/side\n");
  CHECK(read(main / k_record) == k_meeting);
  CHECK(git("status --porcelain", main).empty());
  CHECK(git("status --porcelain", wt).empty());
  const auto fsck = sh("git fsck --strict 2>&1", main);
  CHECK_MESSAGE(fsck.status == 0, fsck.out);
}

TEST_CASE("states: set inside a submodule commits in the submodule, not the superproject")
{
  TempDir tmp;
  const fs::path origin = repo_with_meeting(tmp / "origin");
  const fs::path project = git_init(tmp / "project");
  write(project / "README.md", "project\n");
  git("add -A", project);
  git("commit -qm project", project);
  git("-c protocol.file.allow=always submodule add -q " + origin.string() + " records", project);
  git("commit -qm 'add records'", project);
  const fs::path sub = project / "records";
  REQUIRE(fs::is_regular_file(sub / ".git")); // a gitlink file, the repository under .git/modules
  const std::string project_head = git("rev-parse HEAD", project);
  const std::string sub_head = git("rev-parse HEAD", sub);

  const auto r = set_in(sub);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("rev-parse HEAD", project) == project_head);
  CHECK(git("rev-parse HEAD", sub) != sub_head);
  CHECK(git("rev-parse HEAD~1", sub) == sub_head);
  CHECK(git("show --name-only --format= HEAD", sub) == k_record + "\n");
  CHECK(has(git("show HEAD:" + k_record, sub), "deliverable: X"));
  CHECK(git("symbolic-ref HEAD", sub) == "refs/heads/main\n");
  CHECK(git("status --porcelain", sub).empty());
  // The superproject sees only a new submodule commit, nothing staged.
  CHECK(git("status --porcelain", project) == " M records\n");
  CHECK(git("diff --cached --name-only", project).empty());
  // The origin is untouched.
  CHECK(read(origin / k_record) == k_meeting);
}

namespace {

/// How to run collab as an unprivileged user when the tests run as root (where permission
/// bits do not stop writes); empty when not root or when no tool can switch users.
std::vector<std::string> unprivileged_prefix()
{
  if (geteuid() != 0)
    return {};
  if (sh("command -v setpriv >/dev/null", "/").status == 0 &&
      sh("setpriv --reuid=65534 --regid=65534 --clear-groups true", "/").status == 0)
    return {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  if (sh("runuser -u nobody -- true", "/").status == 0)
    return {"runuser", "-u", "nobody", "--"};
  return {};
}

} // namespace

TEST_CASE("states: a read-only record file or folder")
{
  TempDir tmp;
  const fs::path dir = repo_with_meeting(tmp / "repo");
  const bool root = geteuid() == 0;
  const std::vector<std::string> prefix = unprivileged_prefix();
  if (root && prefix.empty()) {
    MESSAGE("running as root without setpriv or runuser: permission bits do not stop writes; skipped");
    return;
  }
  // As root, the command runs as nobody on a repository nobody owns; git checks run as root
  // again on a repository root owns (git refuses a repository of another owner).
  auto own = [&](const std::string& who) {
    if (root)
      REQUIRE(sh("chown -R " + who + " " + tmp.path().string(), "/").status == 0);
  };
  if (root)
    fs::permissions(tmp.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  auto collab_set = [&](const std::string& value) {
    std::vector<std::string> argv = prefix;
    argv.insert(argv.end(),
                {COLLAB_BIN, "--as-of", "2024-06-01", "-q", "set", "M-2024-007#1", "deliverable=" + value});
    own("65534:65534");
    const auto r = run(argv, dir, {{"HOME", dir.string()}, {"XDG_CONFIG_HOME", (dir / ".config").string()}});
    own("0:0");
    return r;
  };

  SUBCASE("read-only file in a writable folder")
  {
    fs::permissions(dir / k_record, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string head = git("rev-parse HEAD", dir);
    const auto r = collab_set("RO");
    CAPTURE(r.err);
    CHECK((r.status == 0 || r.status == 3));
    if (r.status == 0) {
      CHECK(git("rev-parse HEAD~1", dir) == head);
      CHECK(has(read(dir / k_record), "deliverable: RO"));
    } else {
      CHECK(git("rev-parse HEAD", dir) == head);
      CHECK(read(dir / k_record) == k_meeting);
    }
    CHECK(git("show HEAD:" + k_record, dir) == read(dir / k_record));
    CHECK(git("status --porcelain", dir).empty());
  }
  SUBCASE("read-only folder")
  {
    const std::string before = git("ls-files -s", dir) + sh("ls -a meetings", dir).out;
    fs::permissions(dir / "meetings", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    const std::string head = git("rev-parse HEAD", dir);
    const auto r = collab_set("RO");
    CHECK(r.status == 3);
    CHECK_MESSAGE(has(r.err, "meetings"), r.err);
    CHECK(read(dir / k_record) == k_meeting);
    CHECK(git("rev-parse HEAD", dir) == head);
    CHECK(git("ls-files -s", dir) + sh("ls -a meetings", dir).out == before);
    CHECK(git("status --porcelain", dir).empty());
  }
}

TEST_CASE("states: set during a rebase stopped at a conflict is refused with the rebase named")
{
  TempDir tmp;
  const fs::path dir = repo_with_meeting(tmp / "repo");
  write(dir / "NOTES.md", "line one\n");
  git("add NOTES.md", dir);
  git("commit -qm notes", dir);
  git("checkout -qb side", dir);
  write(dir / "NOTES.md", "line from side\n");
  git("commit -qam side", dir);
  git("checkout -q main", dir);
  write(dir / "NOTES.md", "line from main\n");
  git("commit -qam main", dir);
  git("checkout -q side", dir);
  REQUIRE(sh("git rebase main >/dev/null 2>&1", dir).status != 0);
  REQUIRE((fs::exists(dir / ".git/rebase-merge") || fs::exists(dir / ".git/rebase-apply")));
  const std::string stages = git("ls-files -s", dir);
  REQUIRE(has(stages, " 3\tNOTES.md"));
  const std::string head = git("rev-parse HEAD", dir);

  const auto r = set_in(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "rebase"), r.err);
  CHECK((has(r.err, "git rebase --continue") || has(r.err, "git rebase --abort")));
  CHECK(git("ls-files -s", dir) == stages);
  CHECK(read(dir / k_record) == k_meeting);
  CHECK(git("rev-parse HEAD", dir) == head);
}

namespace {

/// What a refused write must leave as it was: HEAD, the index file byte for byte, the record.
struct Untouched {
  std::string head, index, record;

  explicit Untouched(const fs::path& dir)
      : head(git("rev-parse HEAD", dir)), index(read(dir / ".git/index")), record(read(dir / k_record))
  {
  }
  void check(const fs::path& dir) const
  {
    CHECK(git("rev-parse HEAD", dir) == head);
    CHECK(read(dir / ".git/index") == index);
    CHECK(read(dir / k_record) == record);
    const auto fsck = sh("git fsck --strict 2>&1", dir);
    CHECK_MESSAGE(fsck.status == 0, fsck.out);
  }
};

/// NOTES.md committed three times ("one", "two", "three") on top of the meeting.
fs::path repo_with_notes(const fs::path& dir)
{
  repo_with_meeting(dir);
  for (const char* text : {"one", "two", "three"}) {
    write(dir / "NOTES.md", std::string("line ") + text + "\n");
    git("add NOTES.md", dir);
    git(std::string("commit -qm ") + text, dir);
  }
  return dir;
}

} // namespace

TEST_CASE("states: set during a revert stopped at a conflict is refused with the revert named")
{
  TempDir tmp;
  const fs::path dir = repo_with_notes(tmp / "repo");
  // Reverting "two" conflicts with "three", which changed the same line since.
  REQUIRE(sh("git revert --no-edit HEAD~1 >/dev/null 2>&1", dir).status != 0);
  REQUIRE(fs::exists(dir / ".git/REVERT_HEAD"));
  REQUIRE(has(git("ls-files -s NOTES.md", dir), " 3\tNOTES.md"));
  const Untouched before(dir);

  const auto r = set_in(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "a revert is in progress"), r.err);
  CHECK(has(r.err, "git revert --continue"));
  CHECK(has(r.err, "git revert --abort"));
  before.check(dir);
  CHECK(fs::exists(dir / ".git/REVERT_HEAD"));

  // The advice works: once the revert is undone, the same command commits.
  git("revert --abort", dir);
  const auto again = set_in(dir);
  CHECK_MESSAGE(again.status == 0, again.err);
  CHECK(git("rev-parse HEAD~1", dir) == before.head);
}

TEST_CASE("states: set during a revert is refused before the record with conflict markers is read")
{
  TempDir tmp;
  const fs::path dir = repo_with_meeting(tmp / "repo");
  for (const char* text : {"one", "two"}) {
    write(dir / k_record, std::string(k_meeting) + "notes: " + text + "\n");
    git(std::string("commit -qam ") + text, dir);
  }
  REQUIRE(sh("git revert --no-edit HEAD~1 >/dev/null 2>&1", dir).status != 0);
  REQUIRE(has(read(dir / k_record), "<<<<<<<"));
  const Untouched before(dir);

  const auto r = set_in(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "a revert is in progress"), r.err);
  CHECK_FALSE(has(r.err, "<<<<<<<"));
  before.check(dir);
}

TEST_CASE("states: set during a `git am` whose patch did not apply is refused with am named")
{
  TempDir tmp;
  const fs::path dir = repo_with_notes(tmp / "repo");
  // The patch of "two" does not apply on top of "three".
  git("format-patch -q -1 HEAD~1 -o ../patches", dir);
  REQUIRE(sh("git am ../patches/*.patch >/dev/null 2>&1", dir).status != 0);
  REQUIRE(fs::exists(dir / ".git/rebase-apply/applying"));
  const Untouched before(dir);

  const auto r = set_in(dir);
  CHECK(r.status == 3);
  CHECK_MESSAGE(has(r.err, "`git am` is in progress"), r.err);
  CHECK(has(r.err, "git am --continue"));
  CHECK(has(r.err, "git am --abort"));
  before.check(dir);
  CHECK(fs::exists(dir / ".git/rebase-apply/applying"));

  git("am --abort", dir);
  const auto again = set_in(dir);
  CHECK_MESSAGE(again.status == 0, again.err);
  CHECK(git("rev-parse HEAD~1", dir) == before.head);
}

TEST_CASE("states: during a bisect, set commits while HEAD is on the branch and is refused while it is detached")
{
  TempDir tmp;
  const fs::path dir = repo_with_notes(tmp / "repo");
  const std::string base = git("rev-parse HEAD~3", dir);
  // `git bisect start` alone leaves HEAD on main: the commit is an ordinary one there.
  git("bisect start", dir);
  const std::string head = git("rev-parse HEAD", dir);
  const auto r = set_in(dir);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("rev-parse HEAD~1", dir) == head);
  CHECK(git("symbolic-ref HEAD", dir) == "refs/heads/main\n");
  CHECK(git("status --porcelain", dir).empty());
  const std::string committed = git("rev-parse HEAD", dir);

  // Testing a commit detaches HEAD: refused, with the bisect named.
  git("bisect bad", dir);
  sh("git bisect good " + base.substr(0, 40) + " >/dev/null 2>&1", dir);
  REQUIRE(git("rev-parse --symbolic-full-name HEAD", dir) == "HEAD\n");
  const Untouched before(dir);
  const auto detached = set_in(dir, "Y");
  CHECK(detached.status == 3);
  CHECK_MESSAGE(has(detached.err, "bisect is in progress"), detached.err);
  CHECK(has(detached.err, "git bisect reset"));
  before.check(dir);

  // `git bisect reset` returns to main, with collab's commit.
  REQUIRE(sh("git bisect reset >/dev/null 2>&1", dir).status == 0);
  CHECK(git("rev-parse HEAD", dir) == committed);
  CHECK(has(read(dir / k_record), "deliverable: X"));
}

TEST_CASE("states: a records root in a project sub-folder commits only the record, other changes stay as they were")
{
  TempDir tmp;
  const fs::path dir = git_init(tmp / "project");
  write(dir / "docs/records/.collab.yaml", "");
  write(dir / "docs/records" / k_record, k_meeting);
  write(dir / "README.md", "readme\n");
  write(dir / "src/main.c", "int main() { return 0; }\n");
  write(dir / "src/util.c", "int util;\n");
  git("add -A", dir);
  git("commit -qm base", dir);
  // Modified and not staged, staged, staged then modified again, staged new, untracked.
  write(dir / "README.md", "readme, edited\n");
  write(dir / "src/main.c", "int main() { return 1; }\n");
  git("add src/main.c", dir);
  write(dir / "src/util.c", "int util = 1;\n");
  git("add src/util.c", dir);
  write(dir / "src/util.c", "int util = 2;\n");
  write(dir / "src/new.c", "int added;\n");
  git("add src/new.c", dir);
  write(dir / "scratch.txt", "scratch\n");
  const std::string status = git("status --porcelain", dir);
  REQUIRE(status == " M README.md\nM  src/main.c\nA  src/new.c\nMM src/util.c\n?? scratch.txt\n");
  const std::string cached = git("diff --cached", dir);
  const std::string unstaged = git("diff", dir);
  const std::string head = git("rev-parse HEAD", dir);

  const auto r = set_in(dir / "docs/records");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(git("rev-parse HEAD~1", dir) == head);
  CHECK(git("show --name-only --format= HEAD", dir) == "docs/records/" + k_record + "\n");
  CHECK(has(git("show HEAD:docs/records/" + k_record, dir), "deliverable: X"));
  CHECK(git("status --porcelain", dir) == status);
  CHECK(git("diff --cached", dir) == cached);
  CHECK(git("diff", dir) == unstaged);
  CHECK(lines_with(git("status --porcelain", dir), "docs/").empty());
}

TEST_CASE("states: a sparse index is refused with git's advice, and after that advice set and commit keep the paths outside")
{
  TempDir tmp;
  const std::string task = "id: T-2024-001\nkind: task\ntitle: 上线检查\nowner: 赵六\ndeadline: 2024-05-20\n"
                           "deliverable: 检查清单\nstatus: todo\n";
  const fs::path dir = repo_with_meeting(tmp / "repo", {{"tasks/T-2024-001.yaml", task}});
  git("sparse-checkout set --cone --sparse-index meetings", dir);
  REQUIRE_FALSE(fs::exists(dir / "tasks"));
  // The index holds a folder entry for tasks/ (extension `sdir`), not the file.
  REQUIRE(git("ls-files --sparse", dir) == ".collab.yaml\n" + k_record + "\ntasks/\n");
  const std::string edited = std::string(k_meeting) + "notes: 会后发布\n";

  SUBCASE("set")
  {
    const Untouched before(dir);
    const auto r = set_in(dir);
    CHECK(r.status == 3);
    CHECK_MESSAGE(has(r.err, "sparse index"), r.err);
    CHECK(has(r.err, "git sparse-checkout init --no-sparse-index"));
    before.check(dir);
    CHECK(git("status --porcelain", dir).empty());
  }
  SUBCASE("commit keeps the edit it could not commit")
  {
    write(dir / k_record, edited);
    const Untouched before(dir);
    const auto r = run_collab({"-q", "commit", "-m", "x"}, dir);
    CHECK(r.status == 3);
    CHECK_MESSAGE(has(r.err, "git sparse-checkout init --no-sparse-index"), r.err);
    before.check(dir);
    CHECK(read(dir / k_record) == edited);
    CHECK(git("status --porcelain", dir) == " M " + k_record + "\n");
  }

  // The advice: a full index, the same sparse checkout.
  git("sparse-checkout init --no-sparse-index", dir);
  REQUIRE(git("ls-files --sparse", dir) == ".collab.yaml\n" + k_record + "\ntasks/T-2024-001.yaml\n");
  REQUIRE_FALSE(fs::exists(dir / "tasks"));
  write(dir / k_record, edited);
  const auto c = run_collab({"-q", "commit", "-m", "x"}, dir);
  REQUIRE_MESSAGE(c.status == 0, c.err);
  const auto s = set_in(dir);
  REQUIRE_MESSAGE(s.status == 0, s.err);
  CHECK(git("log --format=%s", dir).find("set M-2024-007#1") == 0);
  CHECK(git("show HEAD:tasks/T-2024-001.yaml", dir) == task);
  CHECK(git("ls-files -v tasks", dir) == "S tasks/T-2024-001.yaml\n");
  CHECK(has(git("show HEAD:" + k_record, dir), "notes: 会后发布"));
  CHECK(git("status --porcelain", dir).empty());
  const auto fsck = sh("git fsck --strict 2>&1", dir);
  CHECK_MESSAGE(fsck.status == 0, fsck.out);
}
