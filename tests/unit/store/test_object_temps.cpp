// The sweep of libgit2's temp object files: only files nobody has written to for the age limit.
#include "store/object_temps.h"

#include "process.h"

#include <doctest/doctest.h>

using namespace collab::store;

namespace fs = std::filesystem;

namespace {

/// A file whose mtime is `age` in the past (negative: in the future).
fs::path plant(const fs::path& p, std::chrono::seconds age)
{
  test::write(p, "x");
  fs::last_write_time(p, fs::file_time_type::clock::now() - age);
  return p;
}

} // namespace

TEST_CASE("object_temps: libgit2's temp files untouched for an hour go, fresh ones and other files stay")
{
  using std::chrono::hours;
  using std::chrono::minutes;
  test::TempDir tmp;
  const fs::path old = plant(tmp / "tmp_object_git2_0c89dc762ef54011", hours(2));
  const fs::path fresh = plant(tmp / "tmp_object_git2_6b79ea2f530e16dd", minutes(0));
  const fs::path recent = plant(tmp / "tmp_object_git2_37d769b1a7ef54fa", minutes(50));
  const fs::path future = plant(tmp / "tmp_object_git2_634b7f74c4f460f5", -hours(5));
  // git's own temp files and anything else are git's business (`git gc`).
  const fs::path gits = plant(tmp / "tmp_obj_AbCdEf", hours(48));
  const fs::path pack = plant(tmp / "pack/tmp_object_git2_1111111111111111", hours(48));
  fs::create_directory(tmp / "tmp_object_git2_folder");
  fs::last_write_time(tmp / "tmp_object_git2_folder", fs::file_time_type::clock::now() - hours(2));

  CHECK(remove_stale_object_temps(tmp.path()) == 1);
  CHECK_FALSE(fs::exists(old));
  for (const fs::path& kept : {fresh, recent, future, gits, pack, tmp / "tmp_object_git2_folder"}) {
    CAPTURE(kept);
    CHECK(fs::exists(kept));
  }
  // The limit is measured from `now`: two hours later, the 50-minute-old one is stale too.
  CHECK(remove_stale_object_temps(tmp.path(), std::chrono::system_clock::now() + hours(2)) == 2);
  CHECK_FALSE(fs::exists(recent));
  CHECK(fs::exists(future));
  CHECK(remove_stale_object_temps(tmp / "missing") == 0);
}
