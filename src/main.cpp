#include "cli/app.h"

#include "collab/util/big_alloc.h"
#include "collab/util/error.h"
#include "collab/util/i18n.h"

#include <csignal>
#include <cstdio>
#include <exception>
#include <fmt/format.h>

int main(int argc, char** argv)
{
  collab::util::tune_malloc();
  // A parent that ignores SIGCHLD passes that on through exec, and then the kernel reaps our
  // children (hooks, signers, the pager) before we can read how they ended.
  std::signal(SIGCHLD, SIG_DFL);
  try {
    return collab::cli::run(argc, argv);
  } catch (const collab::util::Error& e) {
    fmt::print(stderr, "{}collab: {}: {}\n", e.details(), collab::util::i18n::tr("error"), e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    fmt::print(stderr, "collab: {}: {}\n", collab::util::i18n::tr("error"), e.what());
    return collab::util::k_exit_repo;
  }
}
