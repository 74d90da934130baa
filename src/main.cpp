#include "cli.h"

#include "collab/error.h"

#include <cstdio>
#include <exception>
#include <fmt/format.h>

int main(int argc, char** argv)
{
  try {
    return collab::cli::run(argc, argv);
  } catch (const collab::Error& e) {
    fmt::print(stderr, "collab: error: {}\n", e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    fmt::print(stderr, "collab: error: {}\n", e.what());
    return collab::k_exit_repo;
  }
}
