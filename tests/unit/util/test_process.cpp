#include "collab/util/process.h"

#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace collab::util;

TEST_CASE("process: input, output and error of a child, and its status")
{
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "cat; echo said >&2; exit 4"};
  spec.input = "hello\n";
  const ProcessResult r = run_process(spec);
  CHECK(r.spawn_error == 0);
  CHECK(r.status == 4);
  CHECK(r.out == "hello\n");
  CHECK(r.err == "said\n");
}

TEST_CASE("process: a large input and output pass without a pipe deadlock")
{
  // More than a pipe holds both ways: written and read together.
  const std::string big(1 << 20, 'x');
  ProcessSpec spec;
  spec.argv = {"cat"};
  spec.input = big;
  const ProcessResult r = run_process(spec);
  CHECK(r.status == 0);
  CHECK(r.out == big);
}

TEST_CASE("process: a child that does not read its input does not kill us")
{
  ProcessSpec spec;
  spec.argv = {"true"};
  spec.input = std::string(1 << 20, 'x');
  CHECK(run_process(spec).status == 0);
}

TEST_CASE("process: environment, folder, no input, and a program that does not exist")
{
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo \"$COLLAB_PROCESS_TEST\"; pwd; cat"};
  spec.env = {"COLLAB_PROCESS_TEST=set"};
  spec.cwd = "/";
  const ProcessResult r = run_process(spec);
  CHECK(r.out == "set\n/\n");

  spec.argv = {"collab-no-such-program"};
  CHECK(run_process(spec).spawn_error != 0);
}

TEST_CASE("process: a child killed by a signal is 128 + the signal")
{
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "kill -TERM $$"};
  CHECK(run_process(spec).status == 128 + SIGTERM);
}

TEST_CASE("process: a script without #! runs with sh, as git runs such a hook")
{
  char path[] = "/tmp/collab-noshebang-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  const std::string body = "echo ran \"$1\"\nexit 3\n";
  REQUIRE(::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()));
  ::fchmod(fd, 0700);
  ::close(fd);
  ProcessSpec spec;
  spec.argv = {path, "arg"};
  spec.capture_out = true;
  const ProcessResult r = run_process(spec);
  ::unlink(path);
  CHECK(r.spawn_error == 0);
  CHECK(r.status == 3);
  CHECK(r.out == "ran arg\n");
}

TEST_CASE("process: with SIGCHLD ignored (children reaped unseen) a failure is never read as success")
{
  struct sigaction old {};
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ignore, &old);
  ProcessSpec spec;
  spec.argv = {"false"};
  const ProcessResult r = run_process(spec);
  ::sigaction(SIGCHLD, &old, nullptr);
  CHECK(r.status != 0);
}
