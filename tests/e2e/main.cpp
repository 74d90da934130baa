#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "process.h"

int main(int argc, char** argv)
{
  test::set_test_environment();
  doctest::Context context(argc, argv);
  return context.run();
}
