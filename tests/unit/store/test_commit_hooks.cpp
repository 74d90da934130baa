#include "store/commit_hooks.h"
#include "store/commit_signing.h"

#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace collab::store;

TEST_CASE("commit hooks: the message is cleaned up as git commit -m does")
{
  CHECK(clean_message("subject\n") == "subject\n");
  CHECK(clean_message("subject") == "subject\n");
  CHECK(clean_message("\n\nsubject  \n\n\n\nbody\t\n\n") == "subject\n\nbody\n");
  CHECK(clean_message("# kept: no comment stripping with -m\n") == "# kept: no comment stripping with -m\n");
  CHECK(clean_message(" \n\t\n").empty());
}

TEST_CASE("commit hooks: a hook is an executable file")
{
  test::TempDir tmp;
  test::write(tmp / "pre-commit", "#!/bin/sh\nexit 0\n");
  test::write(tmp / "commit-msg", "#!/bin/sh\nexit 0\n");
  ::chmod((tmp / "pre-commit").c_str(), 0755);
  ::chmod((tmp / "commit-msg").c_str(), 0644);
  CHECK(find_hook(tmp.path(), "pre-commit") == tmp / "pre-commit");
  CHECK(find_hook(tmp.path(), "commit-msg").empty());
  CHECK(find_hook(tmp.path(), "post-commit").empty());
  CHECK(find_hook("", "pre-commit").empty());
  std::filesystem::create_directories(tmp / "dir/post-commit");
  CHECK(find_hook(tmp / "dir", "post-commit").empty());
}

TEST_CASE("commit hooks: a hook runs in the given folder with the given environment and arguments")
{
  test::TempDir tmp;
  test::write(tmp / "hook", "#!/bin/sh\necho \"$1 $GIT_INDEX_FILE\" > seen\nexit 5\n");
  ::chmod((tmp / "hook").c_str(), 0755);
  const HookRun r = run_hook(tmp / "hook", {"arg"}, tmp.path(), {"GIT_INDEX_FILE=/x/index"});
  CHECK(r.spawn_error == 0);
  CHECK(r.status == 5);
  CHECK(test::read(tmp / "seen") == "arg /x/index\n");
}

TEST_CASE("commit signing: the program of each gpg.format, as git chooses it")
{
  CHECK(signing_program("openpgp", "", "") == "gpg");
  CHECK(signing_program("openpgp", "", "gpg2") == "gpg2");
  CHECK(signing_program("openpgp", "/opt/gpg", "gpg2") == "/opt/gpg");
  CHECK(signing_program("x509", "", "gpg2") == "gpgsm");
  CHECK(signing_program("ssh", "", "gpg2") == "ssh-keygen");
  CHECK(signing_program("ssh", "/usr/bin/ssh-keygen", "") == "/usr/bin/ssh-keygen");
  CHECK_THROWS_AS(signing_program("pgp", "", ""), collab::util::Error);
}
