#include "collab/util/pager.h"
#include "collab/util/terminal.h"

#include "process.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace collab;

namespace {

using test::ScopedEnv;

} // namespace

TEST_CASE("pager: COLLAB_PAGER, else PAGER, else less when installed, and an empty or cat pager is none")
{
  ScopedEnv collab_pager("COLLAB_PAGER", std::nullopt), pager("PAGER", std::nullopt);
  {
    ScopedEnv path("PATH", "/usr/bin:/bin");
    CHECK(util::pager_command() == (access("/usr/bin/less", X_OK) == 0 || access("/bin/less", X_OK) == 0 ? "less" : ""));
  }
  {
    ScopedEnv path("PATH", "/nonexistent");
    CHECK(util::pager_command().empty()); // no less: no pager rather than a shell error
  }
  ScopedEnv p("PAGER", "more");
  CHECK(util::pager_command() == "more");
  ScopedEnv c("COLLAB_PAGER", "most -s");
  CHECK(util::pager_command() == "most -s");
  for (const char* none : {"", "cat", "  "}) {
    ScopedEnv n("COLLAB_PAGER", none);
    CHECK(util::pager_command().empty());
  }
  ScopedEnv empty("COLLAB_PAGER", std::nullopt), cat("PAGER", "cat");
  CHECK(util::pager_command().empty());
}

TEST_CASE("pager: start_pager sends stdout to the pager, finish_pager waits until it has read everything")
{
  test::TempDir tmp;
  const auto out = tmp / "paged";
  const auto env = tmp / "env";
  // In a child: the test's own stdout stays as it is (and holds nothing unwritten to copy).
  std::fflush(stdout);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    unsetenv("LESS");
    const std::string pager = "sleep 0.2; printf %s \"$LESS\" > '" + env.string() + "'; cat > '" + out.string() + "'";
    if (!util::start_pager(pager) || !util::pager_running() || !util::is_terminal(STDOUT_FILENO))
      _exit(10);
    std::printf("hello ");
    std::fflush(stdout);
    std::printf("pager\n");
    util::finish_pager();
    if (util::pager_running())
      _exit(11);
    // finish_pager returned only once the pager had read everything and ended.
    _exit(test::read(out) == "hello pager\n" ? 0 : 12);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(test::read(env) == "FRX");
}
