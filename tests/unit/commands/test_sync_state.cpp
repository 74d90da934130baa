#include "commands/sync_state.h"

#include "collab/util/files.h"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace collab;
using namespace collab::commands;

namespace {

/// A temp folder standing for a git directory.
struct GitDir {
  fs::path path;
  GitDir()
  {
    std::string tmpl = (fs::temp_directory_path() / "collab-sync-state-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()));
    path = tmpl;
  }
  ~GitDir()
  {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

} // namespace

TEST_CASE("sync_state: a field path names the record's field or an item's")
{
  CHECK(conflict_field("actions", model::Ref{"M-2024-001", 0}, "title") == "title");
  CHECK(conflict_field("actions", model::Ref{"M-2024-001", 2}, "deadline") == "actions#2.deadline");
  CHECK(conflict_field("", model::Ref{"T-2024-001", 0}, "owner") == "owner");
}

TEST_CASE("sync_state: pending conflicts round-trip, values with tabs and line breaks included")
{
  GitDir dir;
  CHECK(read_pending_conflicts(dir.path).empty());
  write_pending_conflicts(dir.path, {{"M-1", "actions#1.owner", "周八\tx", "孙七\n二", false},
                                     {"T-1", "status", "doing", "done", true}});
  const auto back = read_pending_conflicts(dir.path);
  REQUIRE(back.size() == 2);
  CHECK(back[0].ours == "周八\tx");
  CHECK(back[0].theirs == "孙七\n二");
  CHECK_FALSE(back[0].decided);
  CHECK(back[1].decided);
  write_pending_conflicts(dir.path, {});
  CHECK_FALSE(fs::exists(pending_conflicts_path(dir.path)));
}

TEST_CASE("sync_state: a write of a conflicting field settles it, and only that field")
{
  GitDir dir;
  write_pending_conflicts(dir.path, {{"M-1", "actions#1.owner", "a", "b", false},
                                     {"M-1", "actions#1.deadline", "a", "b", false},
                                     {"M-2", "actions#1.owner", "a", "b", false}});
  settle_pending_conflicts(dir.path, "actions", model::Ref{"M-1", 1}, {"owner"});
  const auto back = read_pending_conflicts(dir.path);
  REQUIRE(back.size() == 3);
  CHECK(back[0].decided);
  CHECK_FALSE(back[1].decided);
  CHECK_FALSE(back[2].decided);
}
