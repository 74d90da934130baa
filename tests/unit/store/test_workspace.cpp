#include "collab/store/workspace.h"

#include "process.h"

#include <doctest/doctest.h>

#include <limits>

using namespace collab;
using namespace collab::util;
using namespace collab::yaml;
using namespace collab::model;
using namespace collab::store;

TEST_CASE("workspace: the root is the nearest folder upwards with .collab.yaml")
{
  test::TempDir tmp;
  test::write(tmp / "outer/.collab.yaml", "");
  test::write(tmp / "outer/meetings/deep/x.yaml", "");
  const auto root = find_root(tmp / "outer/meetings/deep");
  REQUIRE(root);
  CHECK(*root == fs::canonical(tmp / "outer"));
  CHECK_FALSE(find_root(tmp.path()));
}

TEST_CASE("workspace: records are yaml files below the root, minus hidden folders and nested roots")
{
  test::TempDir tmp;
  for (const char* f : {".collab.yaml", "meetings/M-1.yaml", "tasks/T-1.yml", "deep/a/b/R-1.yaml", "notes.txt",
                        ".hidden/x.yaml", "meetings/.draft/y.yaml", "nested/.collab.yaml", "nested/z.yaml",
                        ".dot.yaml"})
    test::write(tmp / f, "");
  std::vector<std::string> rel;
  for (const auto& p : list_record_files(tmp.path()))
    rel.push_back(p.lexically_relative(tmp.path()).string());
  CHECK(rel == std::vector<std::string>{".dot.yaml", "deep/a/b/R-1.yaml", "meetings/M-1.yaml", "tasks/T-1.yml"});
}

TEST_CASE("workspace: a bad config is a list of positioned errors, a missing root an exit-2 error")
{
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "lang: xx\n");
  std::vector<Diagnostic> errors;
  const Workspace ws = open_workspace(tmp.path(), errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].pos == Position{1, 7});
  CHECK(ws.display(ws.root / "meetings/M-1.yaml") == "meetings/M-1.yaml");
  test::TempDir empty;
  CHECK_THROWS(open_workspace(empty.path(), errors));
}

TEST_CASE("workspace: a scan reuses the listing of a folder only while the folder is unchanged")
{
  test::TempDir tmp;
  for (const char* f : {".collab.yaml", "meetings/M-1.yaml", "tasks/T-1.yaml", "tasks/a/T-2.yaml"})
    test::write(tmp / f, "");
  const auto rels = [](const RecordScan& s) {
    std::vector<std::string> out;
    for (const auto& f : s.files)
      out.push_back(f.rel);
    return out;
  };
  constexpr long long k_always = std::numeric_limits<long long>::max();
  RecordScan first = scan_records(tmp.path(), {}, k_always);
  CHECK(first.dirs_read == 4);
  REQUIRE(first.dirs.size() == 4);
  CHECK(first.dirs[0].rel == "");
  CHECK(first.dirs[2].rel == "tasks/");
  CHECK(first.dirs[2].files == "T-1.yaml/");
  CHECK(first.dirs[2].subdirs == "a/");

  RecordScan again = scan_records(tmp.path(), first.dirs, k_always);
  CHECK(again.dirs_read == 0);
  CHECK(rels(again) == rels(first));

  // Too recent to trust (racily clean): read again.
  CHECK(scan_records(tmp.path(), first.dirs, 0).dirs_read == 4);

  // A new file: only its folder is read again, and the new file is there.
  test::write(tmp / "tasks/a/T-3.yaml", "");
  RecordScan added = scan_records(tmp.path(), again.dirs, k_always);
  CHECK(added.dirs_read == 1);
  CHECK(rels(added) == std::vector<std::string>{"meetings/M-1.yaml", "tasks/T-1.yaml", "tasks/a/T-2.yaml",
                                                "tasks/a/T-3.yaml"});

  // A listing whose folder was replaced (another inode) is not used.
  fs::rename(tmp / "tasks/a", tmp / "old");
  fs::create_directories(tmp / "tasks/a");
  test::write(tmp / "tasks/a/T-9.yaml", "");
  RecordScan replaced = scan_records(tmp.path(), added.dirs, k_always);
  CHECK(rels(replaced) == std::vector<std::string>{"meetings/M-1.yaml", "old/T-2.yaml", "old/T-3.yaml",
                                                   "tasks/T-1.yaml", "tasks/a/T-9.yaml"});

  // A file listed earlier that is gone is left out even when its folder's listing is reused.
  std::vector<DirListing> stale = replaced.dirs;
  for (auto& d : stale)
    if (d.rel == "meetings/")
      d.files += "M-2.yaml/";
  CHECK(rels(scan_records(tmp.path(), stale, k_always)) == rels(replaced));
}

TEST_CASE("workspace: links to record files and to folders are listed, never followed")
{
  test::TempDir tmp;
  test::write(tmp / "root/.collab.yaml", "");
  test::write(tmp / "root/tasks/T-1.yaml", "");
  test::write(tmp / "outside/T-9.yaml", "");
  test::write(tmp / "outside/notes.txt", "");
  fs::create_symlink(tmp / "outside/T-9.yaml", tmp / "root/tasks/LEAK.yaml");
  fs::create_symlink(tmp / "outside", tmp / "root/issues");
  fs::create_symlink(tmp / "outside/notes.txt", tmp / "root/tasks/notes"); // neither: not listed
  fs::create_symlink(tmp / "outside", tmp / "root/.hidden");              // hidden: not ours
  std::vector<std::string> rel;
  for (const auto& f : scan_record_files(tmp / "root"))
    rel.push_back(f.rel);
  CHECK(rel == std::vector<std::string>{"issues", "tasks/LEAK.yaml", "tasks/T-1.yaml"});
  CHECK(symlink_below(tmp / "root", tmp / "root/issues/T-9.yaml") == std::optional<std::string>("issues"));
  CHECK(symlink_below(tmp / "root", tmp / "root/tasks/LEAK.yaml") == std::optional<std::string>("tasks/LEAK.yaml"));
  CHECK_FALSE(symlink_below(tmp / "root", tmp / "root/tasks/T-1.yaml"));
  CHECK_FALSE(symlink_below(tmp / "root", tmp / "root/tasks/new/T-2.yaml"));
}
