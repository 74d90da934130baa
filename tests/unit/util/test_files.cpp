#include "collab/util/error.h"
#include "collab/util/files.h"

#include "process.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace collab;
using namespace collab::util;

TEST_CASE("fsutil: atomic writes replace the content, keep the mode and leave no temp file")
{
  test::TempDir tmp;
  const auto p = tmp / "a.yaml";
  write_file_atomic(p, "one\n");
  CHECK(read_file(p) == "one\n");
  ::chmod(p.c_str(), 0600);
  write_file_atomic(p, "two\n");
  CHECK(read_file(p) == "two\n");
  struct stat st {};
  ::stat(p.c_str(), &st);
  CHECK((st.st_mode & 0777) == 0600);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path()))
    ++files;
  CHECK(files == 1);
}

TEST_CASE("fsutil: failures are exit-3 errors that name the file")
{
  test::TempDir tmp;
  try {
    read_file(tmp / "missing.yaml");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit_status() == 3);
    CHECK(std::string(e.what()).find("missing.yaml") != std::string::npos);
  }
  CHECK_THROWS_AS(write_file_atomic(tmp / "no/such/dir/x.yaml", "x"), Error);
  size_t size = 0;
  test::write(tmp / "big", std::string(100, 'x'));
  CHECK(read_file_prefix(tmp / "big", 10, size).size() == 10);
  CHECK(size == 100);
}
