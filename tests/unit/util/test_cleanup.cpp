#include "collab/util/cleanup.h"
#include "collab/util/files.h"

#include "process.h"

#include <doctest/doctest.h>

#include <csignal>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace collab;
using namespace collab::util;

TEST_CASE("cleanup: a watched path goes with its owner, unless dismissed")
{
  test::TempDir tmp;
  {
    CleanupPath c(tmp / "a");
    test::write(tmp / "a", "x");
  }
  CHECK_FALSE(fs::exists(tmp / "a"));
  {
    CleanupPath c(tmp / "b");
    test::write(tmp / "b", "x");
    c.dismiss();
  }
  CHECK(fs::exists(tmp / "b"));
}

TEST_CASE("cleanup: SIGTERM removes the watched files and still kills the process")
{
  test::TempDir tmp;
  const fs::path p = tmp / "index.lock";
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    CleanupPath c(p);
    test::write(p, "x");
    ::raise(SIGTERM);
    ::_exit(0); // not reached
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK_FALSE(fs::exists(p));
}

TEST_CASE("cleanup: temp files of dead writers are found by the pid in their name")
{
  CHECK(temp_file_owner(".M-1.yaml.tmp-123-AbCdEf") == 123);
  CHECK_FALSE(temp_file_owner("M-1.yaml"));
  CHECK_FALSE(temp_file_owner(".M-1.yaml.tmp-AbCdEf"));

  test::TempDir tmp;
  // A pid that cannot be alive: above the kernel's pid_max of 4194304.
  const fs::path dead = tmp / ".a.yaml.tmp-9999999-xxxxxx";
  const fs::path mine = tmp / fmt::format(".a.yaml.tmp-{}-xxxxxx", ::getpid());
  test::write(dead, "");
  test::write(mine, "");
  test::write(tmp / "a.yaml", "");
  CHECK(remove_stale_temp_files(tmp.path()) == 1);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(mine));
  CHECK(fs::exists(tmp / "a.yaml"));
}
