#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "process.h"

int main(int argc, char** argv)
{
  // Before any test loads libgit2, which reads HOME once: the user's ~/.gitconfig (an identity,
  // signing, hooks) must not reach a test.
  test::set_test_environment();
  doctest::Context context(argc, argv);
  return context.run();
}
