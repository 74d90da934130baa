#include "collab/util/terminal.h"

#include "process.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <pty.h>
#include <string>
#include <unistd.h>

using namespace collab;
using util::ColorMode;
using util::use_color;

namespace {

using test::ScopedEnv;

/// A pseudo-terminal's two ends, closed at the end of the scope.
struct Pty {
  int master = -1, slave = -1;
  Pty() { REQUIRE(openpty(&master, &slave, nullptr, nullptr, nullptr) == 0); }
  ~Pty()
  {
    close(master);
    close(slave);
  }
};

} // namespace

TEST_CASE("terminal: --color=auto follows NO_COLOR, CLICOLOR_FORCE, CLICOLOR=0 and the terminal, in that order")
{
  const Pty tty;
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const int pipe_fd = fds[1];
  ScopedEnv no_color("NO_COLOR", std::nullopt), force("CLICOLOR_FORCE", std::nullopt), cli("CLICOLOR", std::nullopt),
    term("TERM", "xterm");
  CHECK(util::is_terminal(tty.slave));
  CHECK(use_color(ColorMode::Auto, tty.slave));
  CHECK(!use_color(ColorMode::Auto, pipe_fd));
  {
    ScopedEnv off("CLICOLOR", "0");
    CHECK(!use_color(ColorMode::Auto, tty.slave)); // CLICOLOR=0 on a terminal: no colour
    CHECK(use_color(ColorMode::Always, tty.slave)); // --color=always still colours
    ScopedEnv on("CLICOLOR_FORCE", "1");
    CHECK(use_color(ColorMode::Auto, tty.slave)); // CLICOLOR_FORCE before CLICOLOR=0
    CHECK(use_color(ColorMode::Auto, pipe_fd));
    ScopedEnv none("NO_COLOR", "1");
    CHECK(!use_color(ColorMode::Auto, tty.slave)); // NO_COLOR before everything
  }
  {
    ScopedEnv on("CLICOLOR", "1");
    CHECK(use_color(ColorMode::Auto, tty.slave));
    CHECK(!use_color(ColorMode::Auto, pipe_fd)); // CLICOLOR=1 does not force colour into a pipe
  }
  {
    ScopedEnv forced_off("CLICOLOR_FORCE", "0");
    CHECK(!use_color(ColorMode::Auto, pipe_fd));
  }
  close(fds[0]);
  close(fds[1]);
}
