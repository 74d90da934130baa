// `collab log` against `git log -- path` on a history made with the git CLI: merges of two
// branches, a rename, an amend, a rebase, a reset and a branch switch, with the history index
// kept up to date (incrementally) between them; a torn index; two processes updating it at once.
#include "process.h"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace test;

namespace {

/// A records repository whose commits get increasing dates (an author in +08:00).
struct History {
  TempDir tmp;
  fs::path dir;
  long long t = 1'700'000'000;

  History() : dir(tmp.path())
  {
    set_test_environment();
    git_init(dir);
    write(dir / ".collab.yaml", "");
    write(dir / "README.md", "not a record\n");
    commit("init");
  }

  /// The environment of the next commit's dates (the same for author and committer).
  std::string dates()
  {
    t += 60;
    return "GIT_AUTHOR_DATE='@" + std::to_string(t) + " +0800' GIT_COMMITTER_DATE='@" + std::to_string(t) + " +0800' ";
  }

  void commit(const std::string& message)
  {
    git("add -A", dir);
    const auto r = sh(dates() + "git commit -q -m '" + message + "'", dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }

  /// A record of ten lines; `line` (0-9) says `text` (edits of different lines merge cleanly).
  void edit(const std::string& rel, int line, const std::string& text)
  {
    std::string body;
    const fs::path p = dir / rel;
    std::vector<std::string> lines;
    if (fs::exists(p)) {
      std::string all = read(p);
      for (size_t at = 0; at < all.size();) {
        const size_t nl = all.find('\n', at);
        lines.push_back(all.substr(at, nl - at));
        at = nl + 1;
      }
    } else {
      const std::string id = fs::path(rel).stem().string();
      lines = {"id: " + id, "title: " + id, "l2: x", "l3: x", "l4: x", "l5: x", "l6: x", "l7: x", "l8: x", "l9: x"};
    }
    lines[static_cast<size_t>(line)] = "l" + std::to_string(line) + ": " + text;
    for (const auto& l : lines)
      body += l + "\n";
    write(p, body);
  }

  void merge(const std::string& branch)
  {
    const auto r = sh(dates() + "git merge -q --no-ff --no-edit " + branch, dir);
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
};

/// The commits of `collab log --all --format json`, in order.
std::vector<std::string> collab_log(const fs::path& dir, const std::string& id, std::string* err = nullptr)
{
  const auto r = run_collab({"log", "--all", "--format", "json", id}, dir);
  if (err)
    *err = r.err;
  std::vector<std::string> out;
  static const std::regex commit("\"commit\": \"([0-9a-f]{40})\"");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), commit), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    const size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

/// Every record path HEAD's history ever had.
std::set<std::string> record_paths(const fs::path& dir)
{
  std::set<std::string> out;
  for (const auto& l : lines_of(git("log --format= --name-only --no-renames -- '*.yaml'", dir)))
    if (!l.empty() && l != ".collab.yaml")
      out.insert(l);
  return out;
}

/// `collab log` lists exactly what `git log -- path` lists, for every record of the history;
/// `renamed` maps a record's path to its name before a rename, which collab follows.
void check_all(const fs::path& dir, const std::map<std::string, std::string>& renamed = {})
{
  for (const std::string& path : record_paths(dir)) {
    std::vector<std::string> expected = lines_of(git("log --format=%H -- " + path, dir));
    if (auto it = renamed.find(path); it != renamed.end() && !expected.empty()) {
      // Before the commit that created it under its new name, the old name's history.
      for (const auto& c : lines_of(git("log --format=%H " + expected.back() + "^ -- " + it->second, dir)))
        expected.push_back(c);
    }
    std::string err;
    const auto got = collab_log(dir, fs::path(path).stem().string(), &err);
    CHECK_MESSAGE(got == expected, path << ": collab " << got.size() << " commits, git " << expected.size() << "\n"
                                        << err << git("log --graph --oneline --name-status", dir));
  }
}

} // namespace

TEST_CASE("history: collab log lists what git log -- path lists, through merges, rename, amend, rebase, reset, switch")
{
  History h;
  const fs::path& dir = h.dir;
  h.edit("tasks/T-2024-001.yaml", 2, "a");
  h.edit("tasks/T-2024-002.yaml", 2, "a");
  h.edit("meetings/M-2024-001.yaml", 2, "a");
  h.commit("three records");
  h.edit("tasks/T-2024-001.yaml", 3, "b");
  h.commit("t1 b");
  check_all(dir); // builds the index
  h.edit("meetings/M-2024-001.yaml", 3, "b");
  h.edit("tasks/T-2024-002.yaml", 3, "b");
  h.commit("m1 t2 b");

  // A side branch, merged back: a change that came from it is listed once, the merge is not.
  git("checkout -q -b side", dir);
  h.edit("tasks/T-2024-001.yaml", 4, "side");
  h.commit("t1 on side");
  h.edit("tasks/T-2024-003.yaml", 2, "new");
  h.commit("t3 on side");
  h.edit("tasks/T-2024-002.yaml", 8, "side");
  h.commit("t2 on side");
  git("checkout -q main", dir);
  h.edit("tasks/T-2024-002.yaml", 5, "main");
  h.commit("t2 on main");
  h.edit("meetings/M-2024-001.yaml", 4, "main");
  h.commit("m1 on main");
  check_all(dir);
  h.merge("side"); // T-2 changed on both sides: the merge differs from both parents, and is listed
  check_all(dir);

  // A rename (collab's renumbering): the record's history goes on under the old name.
  git("mv tasks/T-2024-003.yaml tasks/T-2024-004.yaml", dir);
  h.commit("renumber T-2024-003 to T-2024-004");
  const std::map<std::string, std::string> renamed{{"tasks/T-2024-004.yaml", "tasks/T-2024-003.yaml"}};
  check_all(dir, renamed);

  // Amend: the replaced commit goes, its replacement comes.
  h.edit("tasks/T-2024-001.yaml", 6, "before amend");
  h.commit("t1 to amend");
  check_all(dir, renamed);
  h.edit("tasks/T-2024-001.yaml", 6, "amended");
  h.edit("tasks/T-2024-002.yaml", 6, "amended");
  git("add -A", dir);
  REQUIRE(sh(h.dates() + "git commit -q --amend -m 't1 t2 amended'", dir).status == 0);
  check_all(dir, renamed);

  // Reset to an ancestor, then new work on top.
  git("reset -q --hard HEAD~1", dir);
  check_all(dir, renamed);
  h.edit("meetings/M-2024-001.yaml", 7, "after reset");
  h.commit("m1 after reset");
  check_all(dir, renamed);

  // A branch switch to an older line, then a rebase of it onto main (HEAD moves sideways).
  git("checkout -q -b topic HEAD~3", dir);
  h.edit("tasks/T-2024-001.yaml", 9, "topic");
  h.commit("t1 on topic");
  h.edit("tasks/T-2024-005.yaml", 2, "topic");
  h.commit("t5 on topic");
  check_all(dir);
  REQUIRE(sh(h.dates() + "git rebase -q main", dir).status == 0);
  check_all(dir, renamed);
  git("checkout -q main", dir);
  check_all(dir, renamed);
  h.merge("topic");
  check_all(dir, renamed);

  // A removed record keeps its history.
  git("rm -q tasks/T-2024-005.yaml", dir);
  h.commit("remove t5");
  check_all(dir, renamed);
}

TEST_CASE("history: a torn, damaged or foreign index file is rebuilt, never misread")
{
  History h;
  const fs::path& dir = h.dir;
  for (int i = 0; i < 5; ++i) {
    h.edit("tasks/T-2024-001.yaml", 2 + i, "v" + std::to_string(i));
    h.commit("t1 " + std::to_string(i));
  }
  const auto expected = lines_of(git("log --format=%H -- tasks/T-2024-001.yaml", dir));
  REQUIRE(collab_log(dir, "T-2024-001") == expected);
  fs::path index;
  for (const auto& e : fs::directory_iterator(dir / ".git/collab"))
    if (e.path().filename().string().starts_with("history-"))
      index = e.path();
  REQUIRE(!index.empty());
  const std::string whole = read(index);
  // Cut short (a power cut before the cache reached the disk), one byte changed, another version.
  std::string flipped = whole;
  flipped[flipped.size() / 2] ^= 0x40;
  std::string other_version = whole;
  other_version[8] ^= 0x7f;
  for (const std::string& bad : {whole.substr(0, whole.size() / 2), whole.substr(0, 3), flipped, other_version,
                                 std::string()}) {
    write(index, bad);
    CHECK(collab_log(dir, "T-2024-001") == expected);
    CHECK(read(index) == whole); // rebuilt: the same bytes as before
  }
}

TEST_CASE("history: processes updating the index at once never corrupt it")
{
  History h;
  const fs::path& dir = h.dir;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 3; ++i) {
      h.edit("tasks/T-2024-00" + std::to_string(1 + i) + ".yaml", 2 + round, "r" + std::to_string(round));
      h.commit("round " + std::to_string(round) + " " + std::to_string(i));
    }
    if (round == 3)
      fs::remove_all(dir / ".git/collab"); // a cold build, by all of them at once
    const std::string expected = git("log --format=%H -- tasks/T-2024-002.yaml", dir);
    // Four processes at once, each updating (or building) the index and writing it.
    const auto r = sh(std::string("for i in 1 2 3 4; do '") + COLLAB_BIN +
                        "' log --all --format json T-2024-002 > out$i.json 2>&1 & done; wait",
                      dir);
    REQUIRE(r.status == 0);
    for (int i = 1; i <= 4; ++i) {
      const std::string out = read(dir / ("out" + std::to_string(i) + ".json"));
      std::string got;
      static const std::regex commit("\"commit\": \"([0-9a-f]{40})\"");
      for (std::sregex_iterator it(out.begin(), out.end(), commit), end; it != end; ++it)
        got += std::string((*it)[1]) + "\n";
      CHECK_MESSAGE(got == expected, out);
      fs::remove(dir / ("out" + std::to_string(i) + ".json"));
    }
    // What they left is a whole index: read as it is, not rebuilt (the same bytes after a read).
    fs::path index;
    for (const auto& e : fs::directory_iterator(dir / ".git/collab"))
      if (e.path().filename().string().starts_with("history-"))
        index = e.path();
    const std::string before = read(index);
    CHECK(collab_log(dir, "T-2024-003") == lines_of(git("log --format=%H -- tasks/T-2024-003.yaml", dir)));
    CHECK(read(index) == before);
    for (const auto& e : fs::directory_iterator(dir / ".git/collab"))
      CHECK_MESSAGE(!e.path().filename().string().starts_with("."), e.path()); // no temp file left
  }
}

TEST_CASE("history: the bench's history generator at small scale, every record as git log lists it")
{
  TempDir tmp;
  set_test_environment();
  const fs::path dir = git_init(tmp.path());
  // 300 records, 1,200 commits, a merge of a two-commit side branch every 40 commits.
  const auto gen = sh(std::string("/usr/bin/python3 '") + COLLAB_SOURCE_DIR +
                        "/bench/gen_history.py' --records 300 --commits 1200 --merge-every 40 | git fast-import --quiet "
                        "&& git reset -q --hard",
                      dir);
  REQUIRE_MESSAGE(gen.status == 0, gen.err);
  REQUIRE(git("log --merges --oneline", dir).size() > 0);
  // One shell loop over every record: the commits of collab log, then git log's.
  const auto r = sh(std::string("bad=0; n=0; for f in $(git ls-files '*/*.yaml'); do n=$((n+1)); id=$(basename $f .yaml); "
                                "a=$('") + COLLAB_BIN +
                      "' log --all --format json $id | grep -o '\"commit\": \"[0-9a-f]*\"' | cut -d'\"' -f4); "
                      "b=$(git log --format=%H -- $f); [ \"$a\" = \"$b\" ] || { bad=$((bad+1)); echo \"differs: $f\"; }; "
                      "done; echo \"$n records, $bad differ\"",
                    dir);
  CHECK_MESSAGE(r.out.ends_with(" records, 0 differ\n"), r.out << r.err);
  CHECK(std::stoi(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1)) > 250);
}
