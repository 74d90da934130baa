// HistoryIndex against real temporary repositories made with the git CLI.
#include "collab/store/history_index.h"

#include "process.h"

#include <doctest/doctest.h>

#include <climits>

using namespace collab;
using namespace collab::store;

namespace fs = std::filesystem;

namespace {

struct Repo1 {
  test::TempDir tmp;
  fs::path dir;
  long long t = 1'700'000'000;

  Repo1() : dir(tmp.path())
  {
    test::set_test_environment();
    test::git_init(dir);
    test::write(dir / "README.md", "x\n");
    commit("init");
  }

  void commit(const std::string& message)
  {
    t += 3600;
    test::git("add -A", dir);
    const std::string date = "'@" + std::to_string(t) + " +0800'";
    const auto r = test::sh("GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date + " git commit -q -m '" + message + "'", dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }

  std::string head() { return test::git("rev-parse HEAD", dir).substr(0, 40); }

  /// The commits `git log ARGS` lists, newest first.
  std::vector<std::string> git_log(const std::string& args)
  {
    std::vector<std::string> out;
    const std::string text = test::git("log --format=%H " + args, dir);
    for (size_t at = 0; at + 40 <= text.size(); at += 41)
      out.push_back(text.substr(at, 40));
    return out;
  }
  /// The commits `git log -- PATHS` lists.
  std::vector<std::string> path_log(const std::string& paths) { return git_log("-- " + paths); }

  HistoryIndex open()
  {
    auto repo = Repo::discover(dir);
    REQUIRE(repo);
    return HistoryIndex::open(*repo, dir / "records");
  }
};

std::vector<std::string> commits(const std::vector<HistoryEntry>& log)
{
  std::vector<std::string> out;
  for (const auto& e : log)
    out.push_back(e.commit.hex());
  return out;
}

} // namespace

TEST_CASE("history index: built once, then updated from the indexed tip, dropping what HEAD lost")
{
  Repo1 r;
  test::write(r.dir / "records/tasks/T-1.yaml", "a\n");
  test::write(r.dir / "records/tasks/notes.txt", "not a record\n");
  test::write(r.dir / "outside/T-9.yaml", "outside the records folder\n");
  r.commit("one");
  auto idx = r.open();
  CHECK(idx.update().rebuilt);
  CHECK(idx.update().walked == 2);
  CHECK(idx.update().written);
  CHECK(idx.log("records/tasks/T-1.yaml").size() == 1);
  CHECK(idx.log("records/tasks/notes.txt").empty());
  CHECK(idx.log("outside/T-9.yaml").empty());

  // Nothing new: read, not walked, not written.
  idx = r.open();
  CHECK(idx.update().loaded);
  CHECK(idx.update().walked == 0);
  CHECK(!idx.update().written);

  test::write(r.dir / "records/tasks/T-1.yaml", "b\n");
  r.commit("two");
  idx = r.open();
  CHECK(!idx.update().rebuilt);
  CHECK(idx.update().walked == 1);
  CHECK(idx.tip().hex() == r.head());
  CHECK(idx.log("records/tasks/T-1.yaml").size() == 2);

  // An amend: one commit walked (the new one), one dropped (the old one).
  test::write(r.dir / "records/tasks/T-1.yaml", "c\n");
  test::git("add -A", r.dir);
  test::git("commit -q --amend -m amended", r.dir);
  idx = r.open();
  CHECK(idx.update().walked == 1);
  CHECK(idx.update().dropped == 1);
  CHECK(idx.commit_count() == 3);
  const auto log = idx.log("records/tasks/T-1.yaml");
  REQUIRE(log.size() == 2);
  CHECK(log[0].subject == "amended");

  // A reset to an ancestor: nothing to walk.
  test::git("reset -q --hard HEAD~1", r.dir);
  idx = r.open();
  CHECK(idx.update().walked == 0);
  CHECK(idx.update().dropped == 1);
  CHECK(idx.log("records/tasks/T-1.yaml").size() == 1);

  // The indexed tip gone from the repository altogether (gc after a reset): what HEAD reaches
  // is still known, the rest dropped.
  test::write(r.dir / "records/tasks/T-1.yaml", "d\n");
  r.commit("three");
  idx = r.open();
  test::git("reset -q --hard HEAD~1", r.dir);
  test::git("reflog expire --expire=now --all", r.dir);
  test::git("gc -q --prune=now", r.dir);
  idx = r.open();
  CHECK(!idx.update().rebuilt);
  CHECK(idx.update().dropped == 1);
  CHECK(idx.log("records/tasks/T-1.yaml").size() == 1);
}

TEST_CASE("history index: a shallow clone's edge is a root, as git log shows it, until the clone is deepened")
{
  Repo1 r;
  for (int i = 0; i < 4; ++i) {
    test::write(r.dir / "records/T-1.yaml", std::to_string(i) + "\n");
    test::write(r.dir / ("records/T-" + std::to_string(i + 2) + ".yaml"), "x\n");
    r.commit("c" + std::to_string(i));
  }
  test::TempDir clone_dir;
  const fs::path clone = clone_dir.path() / "c";
  test::git("clone -q --depth 2 file://" + r.dir.string() + " " + clone.string(), r.dir);
  const auto git_log = [&](const std::string& path) { return test::git("log --format=%H -- " + path, clone); };
  const auto ours = [&](const std::string& path) {
    auto repo = Repo::discover(clone);
    std::string out;
    for (const auto& e : HistoryIndex::open(*repo, clone / "records").log(path))
      out += e.commit.hex() + "\n";
    return out;
  };
  for (const char* p : {"records/T-1.yaml", "records/T-2.yaml", "records/T-5.yaml"})
    CHECK(ours(p) == git_log(p));
  CHECK(ours("records/T-1.yaml").size() == 2 * 41);
  test::git("fetch -q --unshallow", clone);
  for (const char* p : {"records/T-1.yaml", "records/T-2.yaml", "records/T-5.yaml"})
    CHECK(ours(p) == git_log(p));
  CHECK(ours("records/T-1.yaml").size() == 4 * 41);
}

TEST_CASE("history index: the file format detects every cut and damaged byte")
{
  Repo1 r;
  for (int i = 0; i < 3; ++i) {
    test::write(r.dir / "records/T-1.yaml", std::to_string(i) + "\n");
    r.commit("c" + std::to_string(i));
  }
  const auto idx = r.open();
  const std::string bytes = idx.serialize();
  REQUIRE(HistoryIndex::parse(bytes, "records"));
  CHECK(!HistoryIndex::parse(bytes, "other")); // another folder's index
  for (size_t cut = 0; cut < bytes.size(); cut += 7)
    CHECK(!HistoryIndex::parse(bytes.substr(0, cut), "records"));
  for (size_t at = 0; at < bytes.size(); at += 5) {
    std::string damaged = bytes;
    damaged[at] ^= 0x01;
    CHECK(!HistoryIndex::parse(damaged, "records"));
  }
  const auto back = HistoryIndex::parse(bytes, "records");
  CHECK(back->serialize() == bytes);
}

TEST_CASE("history index: merges, first-parent mode and the query API")
{
  Repo1 r;
  test::write(r.dir / "records/A.yaml", "1\n2\n3\n4\n5\n6\n7\n8\n");
  test::write(r.dir / "records/B.yaml", "b\n");
  r.commit("base");
  test::git("checkout -q -b side", r.dir);
  test::write(r.dir / "records/A.yaml", "1 side\n2\n3\n4\n5\n6\n7\n8\n");
  r.commit("a on side");
  test::write(r.dir / "records/B.yaml", "b side\n");
  r.commit("b on side");
  test::git("checkout -q main", r.dir);
  test::write(r.dir / "records/A.yaml", "1\n2\n3\n4\n5\n6\n7\n8 main\n");
  r.commit("a on main");
  r.t += 3600;
  const std::string date = "'@" + std::to_string(r.t) + " +0800'";
  REQUIRE(test::sh("GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date + " git merge -q --no-ff -m merge side", r.dir).status == 0);
  const auto idx = r.open();

  // A: changed on both sides, so the merge differs from both parents and is listed.
  CHECK(commits(idx.log("records/A.yaml")) == r.git_log("-- records/A.yaml"));
  CHECK(idx.log("records/A.yaml").size() == 4);
  // B: the merge took it from the side branch whole: the side commit is listed, the merge not.
  CHECK(commits(idx.log("records/B.yaml")) == r.git_log("-- records/B.yaml"));
  CHECK(idx.log("records/B.yaml").size() == 2);
  // First parent: the side branch is seen as its merge only.
  HistoryQuery fp;
  fp.first_parent = true;
  CHECK(commits(idx.log("records/A.yaml", fp)) == r.git_log("--first-parent -- records/A.yaml"));
  CHECK(commits(idx.log("records/B.yaml", fp)) == r.git_log("--first-parent -- records/B.yaml"));
  // Every path's first-parent history in one walk (the site) is what log gives path by path.
  const auto logs = idx.first_parent_logs();
  CHECK(logs.size() == 2);
  for (const char* path : {"records/A.yaml", "records/B.yaml"}) {
    INFO(path);
    REQUIRE(logs.contains(path));
    CHECK(commits(logs.at(path)) == commits(idx.log(path, fp)));
    CHECK(logs.at(path).front().subject == idx.log(path, fp).front().subject);
  }

  // Revision of a blob: the content of v1 is v1, an unknown content is none.
  const auto log_a = idx.log("records/A.yaml");
  CHECK(idx.revision_of_blob("records/A.yaml", log_a.back().blob) == 1u);
  CHECK(idx.revision_of_blob("records/A.yaml", log_a.front().blob) == log_a.size());
  CHECK(!idx.revision_of_blob("records/A.yaml", ObjectId{}));
  // Last change as of a date: before the merge, the commit before it.
  const auto last = idx.last_change("records/A.yaml", log_a[0].author_time - 1);
  REQUIRE(last);
  CHECK(last->commit == log_a[1].commit);
  CHECK(!idx.last_change("records/A.yaml", 0));
  // Commits touching a set of paths in a date range (commit dates), as git log --since --until.
  const auto all = idx.touching({"records/A.yaml", "records/B.yaml"}, 0, LLONG_MAX);
  CHECK(commits(all) == r.git_log("-- records/A.yaml records/B.yaml"));
  const auto window = idx.touching({"records/A.yaml", "records/B.yaml"}, log_a[2].commit_time, log_a[0].commit_time);
  for (const auto& e : window)
    CHECK((e.commit_time >= log_a[2].commit_time && e.commit_time < log_a[0].commit_time));
  CHECK(window.size() == all.size() - 2); // neither the merge (at the end) nor base (before)
  // The record as of a commit.
  auto repo = Repo::discover(r.dir);
  CHECK(HistoryIndex::read_at(*repo, log_a.back().commit, "records/A.yaml") == "1\n2\n3\n4\n5\n6\n7\n8\n");
  CHECK(!HistoryIndex::read_at(*repo, log_a.back().commit, "records/C.yaml"));
  // Every path's first and last change in one pass: the same commits log() lists last and first.
  const auto spans = idx.path_spans();
  for (const std::string path : {"records/A.yaml", "records/B.yaml"}) {
    CAPTURE(path);
    const auto log = idx.log(path);
    REQUIRE(spans.count(path) == 1);
    CHECK(spans.at(path).last_time == log.front().commit_time); // A: the merge; B: the side commit
    CHECK(spans.at(path).first_time == log.back().commit_time);
    CHECK(spans.at(path).last_offset == log.front().author_offset);
  }
  CHECK(spans.count("records/C.yaml") == 0);
}

TEST_CASE("history index: renames are followed when asked (same blob, or one delete and one add in a folder)")
{
  Repo1 r;
  test::write(r.dir / "records/tasks/T-1.yaml", "id: T-1\n");
  r.commit("t1");
  test::write(r.dir / "records/tasks/T-1.yaml", "id: T-1\ntitle: x\n");
  r.commit("t1 again");
  test::git("mv records/tasks/T-1.yaml records/tasks/T-7.yaml", r.dir);
  r.commit("same content, new name");
  test::git("rm -q records/tasks/T-7.yaml", r.dir);
  test::write(r.dir / "records/tasks/T-8.yaml", "id: T-8\ntitle: x\n");
  r.commit("renumbered: new content");
  const auto idx = r.open();
  CHECK(idx.log("records/tasks/T-8.yaml").size() == 1);
  HistoryQuery follow;
  follow.follow_renames = true;
  const auto log = idx.log("records/tasks/T-8.yaml", follow);
  REQUIRE(log.size() == 4);
  CHECK(log[0].path == "records/tasks/T-8.yaml");
  CHECK(log[1].path == "records/tasks/T-7.yaml");
  CHECK(log[2].path == "records/tasks/T-1.yaml");
  CHECK(log[3].subject == "t1");
}

TEST_CASE("history index: a narrow index holds its folders only, widens when asked, and answers as a full one")
{
  Repo1 r;
  const auto open = [&](const HistoryScope& scope) {
    auto repo = Repo::discover(r.dir);
    REQUIRE(repo);
    return HistoryIndex::open(*repo, r.dir / "records", scope);
  };
  const std::vector<std::string> paths{"records/top.yaml", "records/meetings/M-1.yaml", "records/meetings/M-2.yaml",
                                       "records/tasks/T-1.yaml", "records/tasks/2024/T-2.yaml", "records/problems/P-1.yaml"};
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < paths.size(); ++i)
      if ((i + round) % 2 == 0 || round == 0) {
        test::write(r.dir / paths[i], "round " + std::to_string(round) + "\n");
        r.commit(paths[i] + " " + std::to_string(round)); // one commit per file: each its own history
      }
    test::write(r.dir / "records/meetings/M-1.yaml", "together " + std::to_string(round) + "\n");
    test::write(r.dir / "records/tasks/T-1.yaml", "together " + std::to_string(round) + "\n");
    r.commit("two folders at once");
  }
  // A side branch changing both folders, merged: widening must merge its changes into each
  // commit's (the merge's against both parents) in order, as a build of every folder has them.
  test::git("checkout -q -b side", r.dir);
  test::write(r.dir / "records/meetings/M-2.yaml", "side\n");
  test::write(r.dir / "records/tasks/T-1.yaml", "side\n");
  r.commit("side: both folders");
  test::git("checkout -q main", r.dir);
  test::write(r.dir / "records/tasks/2024/T-2.yaml", "main\n");
  test::write(r.dir / "records/meetings/M-1.yaml", "main\n");
  r.commit("main: both folders");
  r.t += 3600;
  const std::string when = "'@" + std::to_string(r.t) + " +0800'";
  REQUIRE(test::sh("GIT_AUTHOR_DATE=" + when + " GIT_COMMITTER_DATE=" + when + " git merge -q --no-ff -m merge side", r.dir).status == 0);
  // A record moved to another folder with its content, and a rename in meetings while another
  // folder gains a file: renames are followed within a first-level folder only, so an index of
  // one folder answers as an index of all of them.
  test::git("mv records/problems/P-1.yaml records/meetings/P-1.yaml", r.dir);
  r.commit("moved across folders");
  test::git("mv records/meetings/M-2.yaml records/meetings/M-7.yaml", r.dir);
  test::write(r.dir / "records/meetings/M-7.yaml", "renumbered\n");
  test::write(r.dir / "records/tasks/T-9.yaml", "new elsewhere\n");
  r.commit("renumbered, and a task added");
  const HistoryQuery follow{false, true};

  // A meeting's log: the meetings folder and the root's files, nothing else compared.
  auto idx = open(HistoryScope::of(r.dir / "records", r.dir / "records/meetings/M-1.yaml"));
  CHECK(idx.update().rebuilt);
  CHECK(!idx.scope().all_folders);
  CHECK(idx.scope().folders == std::vector<std::string>{"meetings"});
  CHECK(idx.covers("records/meetings/M-2.yaml"));
  CHECK(idx.covers("records/top.yaml"));
  CHECK(!idx.covers("records/tasks/T-1.yaml"));
  CHECK_THROWS_AS(idx.log("records/tasks/T-1.yaml"), std::logic_error);
  CHECK(commits(idx.log("records/meetings/M-1.yaml")) == r.path_log("records/meetings/M-1.yaml"));
  CHECK(commits(idx.log("records/top.yaml")) == r.path_log("records/top.yaml"));
  CHECK_THROWS_AS(idx.path_spans(), std::logic_error); // every record's: not in a narrow index
  const auto narrow_moved = commits(idx.log("records/meetings/P-1.yaml", follow));
  const auto narrow_renamed = commits(idx.log("records/meetings/M-7.yaml", follow));
  CHECK(narrow_moved.size() == 1);   // not followed into problems/
  CHECK(narrow_renamed.size() > 1);  // followed to M-2 in the same folder

  // Read again for the same folder: loaded, nothing walked.
  idx = open(HistoryScope::of(r.dir / "records", r.dir / "records/meetings/M-2.yaml"));
  CHECK(idx.update().loaded);
  CHECK(!idx.update().widened);
  CHECK(idx.update().walked == 0);

  // A task's log after a new commit: updated for meetings, then widened by tasks (nested too).
  test::write(r.dir / "records/meetings/M-2.yaml", "later\n");
  r.commit("later");
  idx = open(HistoryScope::of(r.dir / "records", r.dir / "records/tasks/T-1.yaml"));
  CHECK(idx.update().loaded);
  CHECK(idx.update().widened);
  CHECK(!idx.update().rebuilt);
  CHECK(idx.scope().folders == std::vector<std::string>{"meetings", "tasks"});
  for (const auto& p : {"records/meetings/M-1.yaml", "records/meetings/M-2.yaml", "records/tasks/T-1.yaml",
                        "records/tasks/2024/T-2.yaml", "records/top.yaml"}) {
    CAPTURE(p);
    CHECK(commits(idx.log(p)) == r.path_log(p));
  }
  // The commit that changed both folders holds both changes, in path order (as built whole).
  const auto both = idx.touching({"records/meetings/M-1.yaml", "records/tasks/T-1.yaml"}, 0, LLONG_MAX);
  CHECK(commits(both) == r.path_log("records/meetings/M-1.yaml records/tasks/T-1.yaml"));

  // Everything (stale, report): widened to all; the same file and answers as one built whole.
  idx = open({});
  CHECK(idx.update().widened);
  CHECK(idx.scope().all_folders);
  CHECK(commits(idx.log("records/meetings/P-1.yaml", follow)) == narrow_moved);
  CHECK(commits(idx.log("records/meetings/M-7.yaml", follow)) == narrow_renamed);
  const auto widened = std::move(idx);
  fs::remove(HistoryIndex::file_for(*Repo::discover(r.dir), r.dir / "records"));
  idx = open({});
  CHECK(idx.update().rebuilt);
  CHECK(!idx.update().widened);
  const auto spans = idx.path_spans(), widened_spans = widened.path_spans();
  CHECK(spans.size() == paths.size() + 3); // and meetings/P-1, meetings/M-7, tasks/T-9
  CHECK(widened_spans.size() == spans.size());
  for (const auto& p : paths) {
    CAPTURE(p);
    CHECK(commits(idx.log(p)) == r.path_log(p));
    CHECK(commits(widened.log(p)) == r.path_log(p));
    CHECK(spans.at(p).first_time == widened_spans.at(p).first_time);
    CHECK(spans.at(p).last_time == widened_spans.at(p).last_time);
  }
  // The widened index holds what the one built whole holds, commit by commit.
  for (const auto& p : {"records/meetings/M-7.yaml", "records/meetings/P-1.yaml", "records/tasks/T-9.yaml"}) {
    CAPTURE(p);
    CHECK(commits(widened.log(p, follow)) == commits(idx.log(p, follow)));
    CHECK(commits(widened.log(p)) == r.path_log(p));
  }
  HistoryQuery fp;
  fp.first_parent = true;
  CHECK(widened.first_parent_logs().size() == idx.first_parent_logs().size());
  for (const auto& [p, log] : idx.first_parent_logs()) {
    CAPTURE(p);
    CHECK(commits(widened.first_parent_logs().at(p)) == commits(log));
  }
  // A full index serves a narrow request as it is.
  idx = open(HistoryScope::of(r.dir / "records", r.dir / "records/problems/P-1.yaml"));
  CHECK(idx.update().loaded);
  CHECK(!idx.update().widened);
  CHECK(idx.scope().all_folders);
}

TEST_CASE("history index: new commits go to a tail file, not a rewrite, and a torn, damaged or foreign tail is walked again")
{
  Repo1 r;
  const auto commit_n = [&](int n) {
    for (int i = 0; i < n; ++i) {
      test::write(r.dir / ("records/tasks/T-" + std::to_string(i % 7) + ".yaml"), std::to_string(r.t) + "\n");
      r.commit("c" + std::to_string(r.t));
    }
  };
  const auto all_right = [&](const HistoryIndex& idx) {
    for (int i = 0; i < 7; ++i) {
      const std::string p = "records/tasks/T-" + std::to_string(i) + ".yaml";
      CAPTURE(p);
      CHECK(commits(idx.log(p)) == r.path_log(p));
    }
  };
  commit_n(40);
  auto idx = r.open();
  const fs::path file = HistoryIndex::file_for(*Repo::discover(r.dir), r.dir / "records");
  fs::path tail = file;
  tail.replace_extension(".tail");
  CHECK(!fs::exists(tail));
  const std::string whole = test::read(file);

  // Two commits: the index file stays as it was, the tail holds them.
  commit_n(2);
  idx = r.open();
  CHECK(idx.update().walked == 2);
  CHECK(idx.update().written);
  CHECK(test::read(file) == whole);
  REQUIRE(fs::exists(tail));
  const std::string tail2 = test::read(tail);
  CHECK(tail2.size() * 4 < whole.size());
  all_right(idx);
  // Read back: the index and its tail, nothing walked.
  idx = r.open();
  CHECK(idx.update().loaded);
  CHECK(idx.update().walked == 0);
  CHECK(!idx.update().written);
  all_right(idx);

  // One more: the tail grows (it holds everything since the index file).
  commit_n(1);
  idx = r.open();
  CHECK(idx.update().walked == 1);
  CHECK(test::read(file) == whole);
  const std::string tail3 = test::read(tail);
  CHECK(tail3.size() > tail2.size());

  // An older tail of the same index: HEAD is walked from its tip, one commit.
  test::write(tail, tail2);
  idx = r.open();
  CHECK(idx.update().walked == 1);
  all_right(idx);
  // Torn or damaged tails: ignored, the three commits walked again from the index file's tip.
  for (size_t at : {size_t(0), size_t(20), size_t(140), tail3.size() / 2, tail3.size() - 3}) {
    CAPTURE(at);
    std::string damaged = tail3;
    damaged[at] ^= 0x10;
    test::write(tail, damaged);
    idx = r.open();
    CHECK(idx.update().walked == 3);
    all_right(idx);
    test::write(tail, tail3.substr(0, at));
    idx = r.open();
    CHECK(idx.update().walked == 3);
    all_right(idx);
  }
  // Every byte of the tail damaged, and every cut of it: never applied, never read out of
  // bounds; the index file alone is at the tip it was written with.
  {
    const auto base_only = HistoryIndex::parse(whole, "records");
    REQUIRE(base_only);
    const auto both = HistoryIndex::parse(whole, "records", tail3);
    REQUIRE(both);
    CHECK(both->commit_count() == base_only->commit_count() + 3);
    CHECK(both->tip().hex() == r.head());
    for (size_t at = 0; at < tail3.size(); ++at) {
      std::string damaged = tail3;
      damaged[at] ^= static_cast<char>(1 << (at % 8));
      const auto read = HistoryIndex::parse(whole, "records", damaged);
      REQUIRE(read);
      CHECK(read->commit_count() == base_only->commit_count());
      CHECK(read->tip() == base_only->tip());
      const auto cut = HistoryIndex::parse(whole, "records", std::string_view(tail3).substr(0, at));
      REQUIRE(cut);
      CHECK(cut->commit_count() == base_only->commit_count());
    }
  }
  // A tail of another index file (the index rebuilt meanwhile): not applied; the rebuild
  // writes the index whole and drops the stale tail.
  fs::remove(file);
  test::write(tail, tail3);
  idx = r.open();
  CHECK(idx.update().rebuilt);
  CHECK(!fs::exists(tail));
  const std::string rebuilt = test::read(file);
  test::write(tail, tail3);
  idx = r.open();
  CHECK(idx.update().walked == 0); // the rebuilt index is at HEAD: the stale tail adds nothing
  all_right(idx);

  // A tail grown past a quarter of the index: the index is written whole again, the tail gone.
  commit_n(30);
  idx = r.open();
  CHECK(idx.update().walked == 30);
  CHECK(!fs::exists(tail));
  CHECK(test::read(file) != rebuilt);
  all_right(idx);
  // A rebase drops commits: never a tail (the arrays changed in the middle).
  commit_n(1);
  idx = r.open();
  REQUIRE(fs::exists(tail));
  test::git("reset -q --hard HEAD~3", r.dir);
  commit_n(1);
  idx = r.open();
  CHECK(idx.update().dropped == 3);
  CHECK(!fs::exists(tail));
  all_right(idx);
}
