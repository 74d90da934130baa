#include "collab/workspace.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab;

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
