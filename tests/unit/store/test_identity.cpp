#include "collab/store/identity.h"
#include "collab/util/error.h"

#include "process.h"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace collab::util;
using namespace collab::store;

TEST_CASE("identity: the environment wins over git config, EMAIL fills in the email, nothing throws")
{
  test::set_test_environment();
  const Identity configured{"Config Name", "config@example.com"};
  CHECK(resolve_author(configured).name == "Test Recorder");
  CHECK(resolve_author(configured).email == "recorder@example.com");

  unsetenv("GIT_AUTHOR_NAME");
  setenv("GIT_AUTHOR_EMAIL", "", 1); // empty counts as unset, as in git
  CHECK(resolve_author(configured).name == "Config Name");
  CHECK(resolve_author(configured).email == "config@example.com");

  setenv("EMAIL", "mail@example.com", 1);
  CHECK(resolve_author({"Config Name", ""}).email == "mail@example.com");
  unsetenv("EMAIL");
  CHECK_THROWS_AS(resolve_author({"Config Name", ""}), Error);
  CHECK_THROWS_AS(resolve_author({"", "config@example.com"}), Error);

  unsetenv("GIT_COMMITTER_NAME");
  CHECK(resolve_committer(configured).name == "Config Name");
  CHECK(resolve_committer(configured).email == "recorder@example.com");
  test::set_test_environment();
}
